import type { ToolDefinition } from '../../../lib/mcp/tool';
import { cacheDelete } from './cache-delete';
import { cacheGet } from './cache-get';
import { cacheInvalidate } from './cache-invalidate';
import { cacheLock } from './cache-lock';
import { cacheRemember } from './cache-remember';
import { cacheSeen } from './cache-seen';
import { cacheSet } from './cache-set';
import { cacheStats } from './cache-stats';
import { cacheUnlock } from './cache-unlock';
import type { CacheToolContext } from './fields';

export type { CacheToolContext } from './fields';

export const cacheTools: ReadonlyArray<ToolDefinition<CacheToolContext>> = [
	cacheGet,
	cacheSet,
	cacheDelete,
	cacheInvalidate,
	cacheRemember,
	cacheSeen,
	cacheLock,
	cacheUnlock,
	cacheStats,
];
