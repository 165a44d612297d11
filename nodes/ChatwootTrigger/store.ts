import type { JsonValue } from '../../lib/json';
import type { RedisClient } from '../../lib/redis/connection';
import type { NormalizedMessage } from '../Chatwoot/events';
import { TenantCache } from '../TenantCache/cache/tenant-cache';
import { BurstGrouper } from './burst';

/**
 * Everything the trigger's intake writes, each call scoped to one tenant (Chatwoot account).
 * Over Redis in n8n; an in-memory double in the unit tests.
 */
export interface IntakeStore {
	/** True the first time `id` is marked for the tenant, false while the mark lives (its TTL). */
	firstSeen(tenantId: string, id: string, ttlSeconds?: number): Promise<boolean>;
	/** Drops the message kept with a ticket: that turn was answered. */
	answered(tenantId: string, queue: string, ticket: number): Promise<void>;
	/** The queue's next ticket, keeping the message with it. */
	ticket(tenantId: string, queue: string, message: JsonValue): Promise<number>;
	burstAdd(item: NormalizedMessage, windowMs: number): Promise<void>;
	/** The grouped item if this message closes its burst, otherwise null. */
	burstCollect(item: NormalizedMessage): Promise<NormalizedMessage | null>;
}

/** The intake store over the Tenant Cache and the burst lists in Redis (keys under `t:<account>:`). */
export function redisIntakeStore(redis: RedisClient, options: { clusterHashTag?: boolean } = {}): IntakeStore {
	const cache = new TenantCache(redis, options);
	const burst = new BurstGrouper(redis, options);
	return {
		firstSeen: async (tenantId, id, ttlSeconds) => !(await cache.seen(tenantId, id, ttlSeconds)).seen,
		answered: (tenantId, queue, ticket) => cache.answered(tenantId, queue, ticket),
		ticket: (tenantId, queue, message) => cache.ticket(tenantId, queue, { message }),
		burstAdd: (item, windowMs) => burst.add(item, windowMs),
		burstCollect: (item) => burst.collect(item),
	};
}
