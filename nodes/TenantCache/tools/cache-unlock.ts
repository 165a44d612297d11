import { z } from 'zod/v4';

import { WRITE_IDEMPOTENT, toolFactory } from '../../../lib/mcp/tool';
import { lockNameField, ticketField } from './cache-lock';
import { tenantIdField, type CacheToolContext } from './fields';

export const cacheUnlock = toolFactory<CacheToolContext>()({
	name: 'cache_unlock',
	title: 'Release a lock',
	description:
		'Releases a lock taken with cache_lock, only if the token still owns it. reason says "not_owner" when someone else holds it (yours expired) and "not_held" when nobody does.',
	input: z.object({
		tenant_id: tenantIdField,
		name: lockNameField,
		token: z.string({ error: 'token is required: the owner token cache_lock returned' }).min(1).describe('The owner token returned by cache_lock.'),
		ticket: ticketField.describe('The ticket the lock was taken with: marked done (even when the lock had expired) so the next ticket may go.'),
	}),
	output: z.object({
		released: z.boolean().describe('Whether the lock was released by this call.'),
		reason: z.enum(['released', 'not_owner', 'not_held']).describe('Why (not) released.'),
	}),
	annotations: WRITE_IDEMPOTENT,
	run: async ({ tenant_id, name, token, ticket }, { cache }) => await cache.unlock(tenant_id, name, token, ticket),
});
