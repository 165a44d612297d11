import { z } from 'zod/v4';

import { DESTRUCTIVE, toolFactory } from '../../../lib/mcp/tool';
import { keyField, tenantIdField, typeField, type CacheToolContext } from './fields';

export const cacheDelete = toolFactory<CacheToolContext>()({
	name: 'cache_delete',
	title: 'Delete a cached value',
	description: 'Deletes one key of a tenant (and its tag memberships). deleted=false when it was not there.',
	input: z.object({ tenant_id: tenantIdField, type: typeField, key: keyField }),
	output: z.object({ deleted: z.boolean().describe('Whether a value was deleted.') }),
	annotations: DESTRUCTIVE,
	run: async ({ tenant_id, type, key }, { cache }) => await cache.delete(tenant_id, type, key),
});
