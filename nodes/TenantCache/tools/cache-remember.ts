import { z } from 'zod/v4';

import { InvalidInputError } from '../../../lib/errors';
import { toolFactory } from '../../../lib/mcp/tool';
import { keyField, tagsField, tenantIdField, ttlField, typeField, valueField, waitField, type CacheToolContext } from './fields';

export const cacheRemember = toolFactory<CacheToolContext>()({
	name: 'cache_remember',
	title: 'Cache-aside with single flight',
	description: [
		'Cache-aside for values that are expensive to compute, with single flight: of many concurrent callers missing the same key, one computes and the others wait for its value.',
		'Step 1: call without lease_token. status "hit" gives the value. status "compute" means you hold the lease: compute the value, then',
		'step 2: call again with lease_token and value to store it (waiters then receive it), or with abandon=true if you could not compute it.',
		'status "timeout" means another caller held the lease for longer than wait_ms.',
	].join(' '),
	input: z.object({
		tenant_id: tenantIdField,
		type: typeField,
		key: keyField,
		lease_token: z.string().min(1).optional().describe('Step 2 only: the lease_token received with status "compute".'),
		value: valueField.optional().describe('Step 2 only: the computed JSON value to store.'),
		abandon: z.boolean().optional().describe('Step 2 only: whether to give the lease back without a value, after a failed computation.'),
		ttl_seconds: ttlField,
		tags: tagsField,
		wait_ms: waitField.describe('Step 1: how long to wait for another caller\'s computation, in milliseconds (default 10000).'),
		lease_seconds: z
			.number()
			.int()
			.min(1)
			.max(600)
			.optional()
			.describe('Step 1: how long the computing caller may take before others may compute instead (default 30).'),
	}),
	output: z.object({
		status: z.enum(['hit', 'compute', 'stored', 'abandoned', 'timeout']).describe('What happened; see the tool description.'),
		hit: z.boolean().describe('Whether the value came from the cache.'),
		value: z.unknown().optional().describe('The value, with status "hit" or "stored".'),
		ttl_seconds: z.number().nullable().optional().describe('Seconds left (hit) or applied (stored).'),
		lease_token: z.string().optional().describe('With status "compute": pass it back with the value.'),
		lease_seconds: z.number().optional().describe('With status "compute": how long the lease lasts.'),
		lease_held: z.boolean().optional().describe('With status "stored": false if the lease had expired (the value is stored anyway).'),
		waited_ms: z.number().optional().describe('With status "timeout": how long the call waited.'),
	}),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
	run: async (args, { cache }) => {
		const { tenant_id, type, key } = args;
		if (args.lease_token === undefined) {
			if (args.value !== undefined || args.abandon) {
				throw new InvalidInputError('value and abandon belong to step 2: pass them together with the lease_token received in step 1.');
			}
			const begun = await cache.rememberBegin(tenant_id, type, key, { waitMs: args.wait_ms, leaseSeconds: args.lease_seconds });
			if (begun.status === 'hit') return { status: 'hit' as const, hit: true, value: begun.value, ttl_seconds: begun.ttl_seconds };
			if (begun.status === 'compute') return { status: 'compute' as const, hit: false, lease_token: begun.lease_token, lease_seconds: begun.lease_seconds };
			return { status: 'timeout' as const, hit: false, waited_ms: begun.waited_ms };
		}
		if (args.abandon) {
			await cache.rememberAbandon(tenant_id, type, key, args.lease_token);
			return { status: 'abandoned' as const, hit: false };
		}
		if (args.value === undefined) {
			throw new InvalidInputError('value is required with lease_token: pass the computed JSON value, or abandon=true to give the lease back.');
		}
		const stored = await cache.rememberFill(tenant_id, type, key, args.lease_token, args.value, { ttlSeconds: args.ttl_seconds, tags: args.tags });
		return { status: 'stored' as const, hit: false, value: args.value, ttl_seconds: stored.ttl_seconds, lease_held: stored.lease_held };
	},
});
