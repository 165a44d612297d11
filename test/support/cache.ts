import { Redis } from 'ioredis';

import type { McpSession } from '../../lib/mcp/client';
import { TenantCache, type TenantCacheOptions } from '../../nodes/TenantCache/cache/tenant-cache';
import { openCacheSession } from '../../nodes/TenantCache/server';

export interface CacheHarness {
	redis: Redis;
	cache: TenantCache;
	session: McpSession;
	/** Calls a tool and returns its data, failing the test on a tool error. */
	call(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
	/** Calls a tool that must fail and returns its message and kind. */
	refuse(tool: string, args: Record<string, unknown>): Promise<{ kind: string; message: string }>;
	close(): Promise<void>;
}

export async function openCacheHarness(url: string, options: TenantCacheOptions = {}): Promise<CacheHarness> {
	const redis = new Redis(url, { lazyConnect: true });
	const cache = new TenantCache(redis, options);
	const session = openCacheSession({ cache });
	return {
		redis,
		cache,
		session,
		async call(tool, args) {
			const outcome = await session.callTool(tool, args);
			if (!outcome.ok) throw new Error(`${tool} failed (${outcome.kind}): ${outcome.message}`);
			return outcome.data;
		},
		async refuse(tool, args) {
			const outcome = await session.callTool(tool, args);
			if (outcome.ok) throw new Error(`${tool} should have failed but returned ${JSON.stringify(outcome.data)}`);
			return { kind: outcome.kind, message: outcome.message };
		},
		async close() {
			await session.close();
			redis.disconnect();
		},
	};
}
