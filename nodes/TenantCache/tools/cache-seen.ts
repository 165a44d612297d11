import { z } from 'zod/v4';

import { MAX_KEY_LENGTH } from '../cache/keys';
import { SYSTEM_TTLS } from '../cache/types';
import { WRITE, toolFactory } from '../../../lib/mcp/tool';
import { tenantIdField, ttlField, type CacheToolContext } from './fields';

export const cacheSeen = toolFactory<CacheToolContext>()({
	name: 'cache_seen',
	title: 'Mark an event as seen (idempotency)',
	description:
		'Records an event id for a tenant and says whether it had been seen before: seen=false the first time, true on every later call within the TTL. Use it to process a redelivered webhook (Chatwoot message id, Mercado Livre notification id) only once.',
	input: z.object({
		tenant_id: tenantIdField,
		id: z
			.string({ error: 'id is required' })
			.min(1, { error: 'id must not be empty' })
			.max(MAX_KEY_LENGTH)
			.describe('The event id, e.g. "chatwoot:message:4711".'),
		ttl_seconds: ttlField.describe(`How long to remember the id, in seconds (default ${SYSTEM_TTLS.seen}).`),
	}),
	output: z.object({ seen: z.boolean().describe('Whether the id had been seen before this call.') }),
	annotations: WRITE,
	run: async ({ tenant_id, id, ttl_seconds }, { cache }) => await cache.seen(tenant_id, id, ttl_seconds),
});
