import { z } from 'zod/v4';

import { READ_ONLY, toolFactory } from '../../../lib/mcp/tool';
import { tenantIdField, type CacheToolContext } from './fields';

const counts = z.object({
	hits: z.number().int(),
	misses: z.number().int(),
	hit_ratio: z.number().nullable().describe('hits / (hits + misses); null before any read.'),
});

export const cacheStats = toolFactory<CacheToolContext>()({
	name: 'cache_stats',
	title: 'Cache hit statistics',
	description: 'Hits and misses per type for one tenant (cache_get and cache_remember reads), with the hit ratio.',
	input: z.object({ tenant_id: tenantIdField }),
	output: z.object({
		tenant_id: z.string(),
		types: z.record(z.string(), counts).describe('Per type; types never read are absent.'),
		total: counts,
	}),
	annotations: READ_ONLY,
	run: async ({ tenant_id }, { cache }) => await cache.stats(tenant_id),
});
