import { z } from 'zod/v4';

import { WRITE_IDEMPOTENT, toolFactory } from '../../../lib/mcp/tool';
import { keyField, tagsField, tenantIdField, ttlField, typeField, valueField, type CacheToolContext } from './fields';

export const cacheSet = toolFactory<CacheToolContext>()({
	name: 'cache_set',
	title: 'Store a value in the cache',
	description:
		'Stores a JSON value for a tenant under a type and key, replacing any previous value and its tags. The TTL defaults to the type\'s; tags allow removing related keys later with cache_invalidate.',
	input: z.object({
		tenant_id: tenantIdField,
		type: typeField,
		key: keyField,
		value: valueField,
		ttl_seconds: ttlField,
		tags: tagsField,
	}),
	output: z.object({
		key: z.string().describe('The Redis key written, always starting with t:{tenant_id}:.'),
		ttl_seconds: z.number().describe('Time to live applied.'),
		tags: z.array(z.string()).describe('Tags recorded for the key.'),
	}),
	annotations: WRITE_IDEMPOTENT,
	run: async ({ tenant_id, type, key, value, ttl_seconds, tags }, { cache }) =>
		await cache.set(tenant_id, type, key, value, { ttlSeconds: ttl_seconds, tags }),
});
