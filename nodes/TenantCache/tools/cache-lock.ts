import { z } from 'zod/v4';

import { MAX_KEY_LENGTH } from '../cache/keys';
import { MAX_WAIT_MS } from '../cache/tenant-cache';
import { SYSTEM_TTLS } from '../cache/types';
import { WRITE, toolFactory } from '../../../lib/mcp/tool';
import { tenantIdField, ttlField, waitField, type CacheToolContext } from './fields';

export const lockNameField = z
	.string({ error: 'name is required' })
	.min(1, { error: 'name must not be empty' })
	.max(MAX_KEY_LENGTH)
	.describe('Lock name, e.g. "conversation:123" to handle one conversation\'s messages in order.');

export const ticketField = z
	.number()
	.int()
	.min(0)
	.optional()
	.describe('Turn in the queue of the same name (e.g. the Chatwoot Trigger\'s `sequence`): the lock is granted only after every earlier ticket was unlocked, so messages are handled in arrival order. 0 or absent: no queue.');

export const cacheLock = toolFactory<CacheToolContext>()({
	name: 'cache_lock',
	title: 'Acquire a lock',
	description:
		'Acquires a named lock of a tenant for ttl_seconds, waiting up to wait_ms for it. Returns the owner token that cache_unlock needs: only the owner can release it, and it expires by itself if the owner dies. Calling again with the same token renews it. With a ticket, it is also granted in ticket order.',
	input: z.object({
		tenant_id: tenantIdField,
		name: lockNameField,
		ttl_seconds: ttlField.describe(`How long the lock is held unless released, in seconds (default ${SYSTEM_TTLS.lock}).`),
		wait_ms: waitField.describe(
			`How long to wait for the lock, in milliseconds (default 0: try once; at most ${MAX_WAIT_MS}). Over HTTP, the calls of one request share one wait budget.`,
		),
		token: z.string().min(1).max(MAX_KEY_LENGTH).optional().describe('Owner token to use (to renew a lock you hold); a new one is made when absent.'),
		ticket: ticketField,
	}),
	output: z.object({
		acquired: z.boolean().describe('Whether the caller now holds the lock.'),
		token: z.string().nullable().describe('Owner token for cache_unlock; null when not acquired.'),
		ttl_seconds: z.number().describe('Expiry of the lock.'),
		waited_ms: z.number().describe('Time spent waiting.'),
		skipped: z.boolean().optional().describe('With a ticket: this turn was already taken over and answered by a later one; do nothing.'),
		adopted: z
			.array(z.object({ ticket: z.number(), message: z.unknown() }))
			.optional()
			.describe('With a ticket: earlier turns whose process died, taken over with the lock (oldest first) — answer them before your own.'),
	}),
	annotations: WRITE,
	run: async ({ tenant_id, name, ttl_seconds, wait_ms, token, ticket }, { cache }) =>
		await cache.lock(tenant_id, name, { ttlSeconds: ttl_seconds, waitMs: wait_ms, token, ticket }),
});
