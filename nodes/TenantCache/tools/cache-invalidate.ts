import { z } from 'zod/v4';

import { MAX_TAG_LENGTH } from '../cache/keys';
import { DESTRUCTIVE, toolFactory } from '../../../lib/mcp/tool';
import { tenantIdField, type CacheToolContext } from './fields';

export const cacheInvalidate = toolFactory<CacheToolContext>()({
	name: 'cache_invalidate',
	title: 'Invalidate every key with a tag',
	description:
		'Removes exactly the tenant\'s keys that were set with this tag (and not re-set without it since), e.g. tag "product:42" after product 42 changed in Odoo. Other tags and other tenants are untouched.',
	input: z.object({
		tenant_id: tenantIdField,
		tag: z
			.string({ error: 'tag is required' })
			.min(1, { error: 'tag must not be empty' })
			.max(MAX_TAG_LENGTH)
			.describe('The tag given to cache_set, e.g. "product:42".'),
	}),
	output: z.object({ deleted: z.number().int().describe('How many keys were removed.') }),
	annotations: DESTRUCTIVE,
	run: async ({ tenant_id, tag }, { cache }) => await cache.invalidate(tenant_id, tag),
});
