import { z } from 'zod/v4';

import { MAX_KEY_LENGTH, MAX_TAGS, MAX_TAG_LENGTH } from '../cache/keys';
import { MAX_WAIT_MS } from '../cache/tenant-cache';
import { CACHE_TYPES, CACHE_TYPE_NAMES, MAX_TTL_SECONDS } from '../cache/types';
import type { TenantCache } from '../cache/tenant-cache';

export { tenantIdField } from '../../../lib/tenant';

/** What every cache tool runs against. */
export interface CacheToolContext {
	cache: TenantCache;
}

const typeTable = CACHE_TYPE_NAMES.map((type) => `${type} (${CACHE_TYPES[type].ttlSeconds}s)`).join(', ');

export const typeField = z
	.enum(CACHE_TYPE_NAMES as [string, ...string[]], { error: `type must be one of ${CACHE_TYPE_NAMES.join(', ')}` })
	.describe(`Kind of data, which sets the default time to live: ${typeTable}.`);

export const keyField = z
	.string({ error: 'key is required' })
	.min(1, { error: 'key must not be empty' })
	.max(MAX_KEY_LENGTH, { error: `key is too long: at most ${MAX_KEY_LENGTH} characters` })
	.describe('Key within the tenant and type, e.g. a SKU "CAD-ERG-01" or a normalised question.');

export const valueField = z.unknown().describe('The value to store: any JSON value (object, array, string, number, boolean or null). Required.');

export const ttlField = z
	.number({ error: `ttl_seconds must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}` })
	.int({ error: 'ttl_seconds must be a whole number of seconds' })
	.min(1, { error: 'ttl_seconds must be at least 1 (a negative or zero TTL is not allowed)' })
	.max(MAX_TTL_SECONDS, { error: `ttl_seconds must be at most ${MAX_TTL_SECONDS} (30 days)` })
	.optional()
	.describe('Time to live in seconds; defaults to the type\'s TTL (or the deployment\'s override).');

export const tagsField = z
	.array(z.string().min(1).max(MAX_TAG_LENGTH), { error: 'tags must be a list of strings' })
	.max(MAX_TAGS, { error: `at most ${MAX_TAGS} tags per entry` })
	.optional()
	.describe('Tags for selective invalidation, e.g. ["product:42", "catalog"]. cache_invalidate removes every key set with a tag.');

export const waitField = z
	.number()
	.int()
	.min(0)
	.max(MAX_WAIT_MS, { error: `wait_ms must be from 0 to ${MAX_WAIT_MS}` })
	.optional();
