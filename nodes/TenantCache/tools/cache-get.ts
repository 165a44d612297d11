import { z } from 'zod/v4';

import { READ_ONLY, toolFactory } from '../../../lib/mcp/tool';
import { keyField, tenantIdField, typeField, type CacheToolContext } from './fields';

export const cacheGet = toolFactory<CacheToolContext>()({
	name: 'cache_get',
	title: 'Read a cached value',
	description:
		'Reads one value from the tenant cache. Returns hit=false and value=null on a miss. Use before an expensive lookup (Odoo, knowledge search, LLM) and cache_set the result after.',
	input: z.object({ tenant_id: tenantIdField, type: typeField, key: keyField }),
	output: z.object({
		hit: z.boolean().describe('Whether the key was in the cache.'),
		value: z.unknown().describe('The stored JSON value, or null on a miss.'),
		ttl_seconds: z.number().nullable().describe('Seconds left before the value expires; null on a miss.'),
	}),
	annotations: READ_ONLY,
	run: async ({ tenant_id, type, key }, { cache }) => await cache.get(tenant_id, type, key),
});
