import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { InvalidInputError } from '../../../lib/errors';
import { assertJsonValue, type JsonValue } from '../../../lib/json';
import type { RedisClient } from '../../../lib/redis/connection';
import { KeySpace, assertKey, assertTags } from './keys';
import { ScriptRunner } from './script-runner';
import { SCRIPTS, releaseOutcome, type ReleaseOutcome } from './scripts';
import { TurnProtocol, assertTicket, requireTicket, type LockResult } from './turn-protocol';
import {
	CACHE_TYPE_NAMES,
	SYSTEM_TTLS,
	assertCacheType,
	assertTtlSeconds,
	resolveTtl,
	type TtlOverrides,
} from './types';

export interface TenantCacheOptions {
	/** Per-deployment TTLs that replace the table defaults. */
	ttlOverrides?: TtlOverrides;
	/** Wrap the tenant in a hash tag (`t:{acme}:`); required on Redis Cluster. */
	clusterHashTag?: boolean;
	/** Largest value accepted, in bytes of JSON. */
	maxValueBytes?: number;
}

export const DEFAULT_MAX_VALUE_BYTES = 512 * 1024;
export const MAX_WAIT_MS = 60_000;

export interface CacheGetResult {
	hit: boolean;
	value: JsonValue;
	ttl_seconds: number | null;
}

export interface CacheSetOptions {
	ttlSeconds?: number;
	tags?: string[];
}

export type RememberBeginResult =
	| { status: 'hit'; value: JsonValue; ttl_seconds: number | null }
	| { status: 'compute'; lease_token: string; lease_seconds: number }
	| { status: 'timeout'; waited_ms: number };

export interface TypeStats {
	hits: number;
	misses: number;
	hit_ratio: number | null;
}

export { TURN_TAKEOVER_MS, type LockResult } from './turn-protocol';

const ratio = (hits: number, misses: number): number | null =>
	hits + misses === 0 ? null : Math.round((hits / (hits + misses)) * 10_000) / 10_000;

function assertWaitMs(value: number | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	if (!Number.isInteger(value) || value < 0 || value > MAX_WAIT_MS) {
		throw new InvalidInputError(`wait_ms must be a whole number of milliseconds from 0 to ${MAX_WAIT_MS} (got ${value}).`);
	}
	return value;
}

function ttlFromPttl(pttl: number): number | null {
	return pttl > 0 ? Math.ceil(pttl / 1000) : null;
}

/**
 * The tenant cache over Redis: every key under `t:{tenant}:`, JSON values, tag invalidation,
 * single-flight fills, idempotency marks, owner locks and per-type hit statistics, plus the
 * entry points of the turn protocol (turn-protocol.ts) that orders a conversation's messages.
 * Validation happens before any command is sent, so bad input writes nothing.
 */
export class TenantCache {
	private readonly ttlOverrides: TtlOverrides;
	private readonly clusterHashTag: boolean;
	private readonly maxValueBytes: number;
	private readonly scripts: ScriptRunner;
	private readonly turns: TurnProtocol;

	constructor(
		private readonly redis: RedisClient,
		options: TenantCacheOptions = {},
	) {
		this.ttlOverrides = options.ttlOverrides ?? {};
		this.clusterHashTag = options.clusterHashTag ?? false;
		this.maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
		this.scripts = new ScriptRunner(redis);
		this.turns = new TurnProtocol(this.scripts);
	}

	keySpace(tenantId: unknown): KeySpace {
		return new KeySpace(tenantId, { clusterHashTag: this.clusterHashTag });
	}

	async get(tenantId: unknown, type: unknown, key: unknown): Promise<CacheGetResult> {
		const space = this.keySpace(tenantId);
		const cacheType = assertCacheType(type);
		const dataKey = space.data(cacheType, assertKey(key));
		// GET and PTTL leave together and share one round trip; the hit counter follows on the
		// same connection without being awaited. A Lua script doing all three measured ~30 µs
		// slower per read (npm run bench -- cache), and reads are the hot path.
		const [raw, pttl] = await this.guard(() => Promise.all([this.redis.get(dataKey), this.redis.pttl(dataKey)]));
		const hit = typeof raw === 'string';
		this.redis.hincrby(space.stats, `${cacheType}:${hit ? 'hits' : 'misses'}`, 1).catch(() => undefined);
		if (!hit) return { hit: false, value: null, ttl_seconds: null };
		return { hit: true, value: this.decode(raw), ttl_seconds: ttlFromPttl(Number(pttl)) };
	}

	async set(
		tenantId: unknown,
		type: unknown,
		key: unknown,
		value: unknown,
		options: CacheSetOptions = {},
	): Promise<{ key: string; ttl_seconds: number; tags: string[] }> {
		const space = this.keySpace(tenantId);
		const cacheType = assertCacheType(type);
		const cacheKey = assertKey(key);
		const ttl = resolveTtl(cacheType, options.ttlSeconds, this.ttlOverrides);
		const tags = assertTags(options.tags);
		const encoded = this.encode(value);
		await this.run(
			'cacheSet',
			[space.data(cacheType, cacheKey), space.keyTags(cacheType, cacheKey)],
			[encoded, String(ttl * 1000), space.tagPrefix, ...tags],
		);
		return { key: space.data(cacheType, cacheKey), ttl_seconds: ttl, tags };
	}

	async delete(tenantId: unknown, type: unknown, key: unknown): Promise<{ deleted: boolean }> {
		const space = this.keySpace(tenantId);
		const cacheType = assertCacheType(type);
		const cacheKey = assertKey(key);
		const removed = await this.run(
			'cacheDelete',
			[space.data(cacheType, cacheKey), space.keyTags(cacheType, cacheKey)],
			[space.tagPrefix],
		);
		return { deleted: Number(removed) > 0 };
	}

	/** Removes exactly the tenant's keys that currently carry the tag. */
	async invalidate(tenantId: unknown, tag: unknown): Promise<{ deleted: number }> {
		const space = this.keySpace(tenantId);
		const [cacheTag] = assertTags([tag]);
		const deleted = await this.run(
			'cacheInvalidate',
			[space.tag(cacheTag)],
			[cacheTag, space.prefix, space.keyTagsPrefix, space.tagPrefix],
		);
		return { deleted: Number(deleted) };
	}

	/**
	 * First half of cache-aside with single flight. On a miss exactly one caller gets
	 * `compute` (with a lease token) while the others wait, up to `waitMs`, for its value.
	 */
	async rememberBegin(
		tenantId: unknown,
		type: unknown,
		key: unknown,
		options: { waitMs?: number; leaseSeconds?: number } = {},
	): Promise<RememberBeginResult> {
		const space = this.keySpace(tenantId);
		const cacheType = assertCacheType(type);
		const cacheKey = assertKey(key);
		const waitMs = assertWaitMs(options.waitMs, 10_000);
		const leaseSeconds = options.leaseSeconds === undefined ? SYSTEM_TTLS.lease : assertTtlSeconds(options.leaseSeconds, 'lease_seconds');
		const token = randomUUID();
		const keys = [space.data(cacheType, cacheKey), space.lease(cacheType, cacheKey), space.stats];
		const started = Date.now();
		for (let delay = 5; ; delay = Math.min(delay * 1.5, 100)) {
			const reply = (await this.run('rememberBegin', keys, [token, String(leaseSeconds * 1000), cacheType])) as unknown[];
			if (reply[0] === 'hit') {
				return { status: 'hit', value: this.decode(reply[1]), ttl_seconds: ttlFromPttl(Number(reply[2])) };
			}
			if (reply[0] === 'compute') return { status: 'compute', lease_token: token, lease_seconds: leaseSeconds };
			const waited = Date.now() - started;
			if (waited >= waitMs) return { status: 'timeout', waited_ms: waited };
			await sleep(Math.min(delay, waitMs - waited));
		}
	}

	/** Second half: stores the computed value and wakes the waiters. */
	async rememberFill(
		tenantId: unknown,
		type: unknown,
		key: unknown,
		leaseToken: unknown,
		value: unknown,
		options: CacheSetOptions = {},
	): Promise<{ key: string; ttl_seconds: number; tags: string[]; lease_held: boolean }> {
		const space = this.keySpace(tenantId);
		const cacheType = assertCacheType(type);
		const cacheKey = assertKey(key);
		const token = assertKey(leaseToken, 'lease_token');
		const ttl = resolveTtl(cacheType, options.ttlSeconds, this.ttlOverrides);
		const tags = assertTags(options.tags);
		const encoded = this.encode(value);
		const held = await this.run(
			'rememberFill',
			[space.data(cacheType, cacheKey), space.keyTags(cacheType, cacheKey), space.lease(cacheType, cacheKey)],
			[encoded, String(ttl * 1000), space.tagPrefix, token, ...tags],
		);
		return { key: space.data(cacheType, cacheKey), ttl_seconds: ttl, tags, lease_held: Number(held) === 1 };
	}

	/** Gives a lease back after a failed computation, so a waiter can take over at once. */
	async rememberAbandon(tenantId: unknown, type: unknown, key: unknown, leaseToken: unknown): Promise<{ released: boolean }> {
		const space = this.keySpace(tenantId);
		const cacheType = assertCacheType(type);
		const outcome = await this.releaseOwned(space.lease(cacheType, assertKey(key)), assertKey(leaseToken, 'lease_token'));
		return { released: outcome === 'released' };
	}

	/** Cache-aside in one call for in-process callers: computes once across all concurrent misses. */
	async remember<T extends JsonValue>(
		tenantId: unknown,
		type: unknown,
		key: unknown,
		compute: () => Promise<T>,
		options: CacheSetOptions & { waitMs?: number; leaseSeconds?: number } = {},
	): Promise<{ value: JsonValue; hit: boolean }> {
		for (;;) {
			const begun = await this.rememberBegin(tenantId, type, key, options);
			if (begun.status === 'hit') return { value: begun.value, hit: true };
			if (begun.status === 'timeout') {
				// The holder is slow or gone: compute without the lease rather than fail the caller.
				const value = await compute();
				await this.set(tenantId, type, key, value, options);
				return { value, hit: false };
			}
			let value: T;
			try {
				value = await compute();
			} catch (error) {
				await this.rememberAbandon(tenantId, type, key, begun.lease_token);
				throw error;
			}
			await this.rememberFill(tenantId, type, key, begun.lease_token, value, options);
			return { value, hit: false };
		}
	}

	/**
	 * Adds to a per-tenant counter (e.g. LLM tokens spent today) and returns the new total; the
	 * counter expires ttlSeconds after it was created. INCRBY keeps concurrent workers exact.
	 */
	async count(tenantId: unknown, name: unknown, by: number, ttlSeconds: number): Promise<number> {
		const space = this.keySpace(tenantId);
		const key = space.data('custom', `counter:${assertKey(name, 'name')}`);
		if (!Number.isInteger(by)) throw new InvalidInputError(`by must be a whole number (got ${by}).`);
		const ttl = assertTtlSeconds(ttlSeconds);
		// SET NX starts the counter with its TTL (Redis 6.2 has no EXPIRE NX); INCRBY then adds.
		const replies = (await this.guard(() => this.redis.multi().set(key, '0', 'EX', ttl, 'NX').incrby(key, by).exec())) as Array<[unknown, unknown]>;
		const total = replies[1][1];
		return Number(total);
	}

	/** Webhook idempotency: false the first time an id is seen, true afterwards (until the TTL). */
	async seen(tenantId: unknown, id: unknown, ttlSeconds?: number): Promise<{ seen: boolean }> {
		const space = this.keySpace(tenantId);
		const seenKey = space.seen(assertKey(id, 'id'));
		const ttl = ttlSeconds === undefined ? SYSTEM_TTLS.seen : assertTtlSeconds(ttlSeconds);
		const reply = await this.guard(() => this.redis.set(seenKey, String(Date.now()), 'EX', ttl, 'NX'));
		return { seen: reply === null };
	}

	/**
	 * An owner lock. With a ticket (from `ticket()` on the same name) it is the turn protocol's
	 * claim: granted only once every earlier ticket is done, so messages of one conversation are
	 * handled in the order they arrived, across processes and queue-mode workers.
	 */
	async lock(
		tenantId: unknown,
		name: unknown,
		options: { ttlSeconds?: number; waitMs?: number; token?: string; ticket?: number; takeoverMs?: number } = {},
	): Promise<LockResult> {
		const space = this.keySpace(tenantId);
		const lockName = assertKey(name, 'name');
		const ttl = options.ttlSeconds === undefined ? SYSTEM_TTLS.lock : assertTtlSeconds(options.ttlSeconds);
		const waitMs = assertWaitMs(options.waitMs, 0);
		const token = options.token === undefined ? randomUUID() : assertKey(options.token, 'token');
		const ticket = assertTicket(options.ticket);
		if (ticket) return await this.turns.claim(space, lockName, ticket, { token, ttlSeconds: ttl, waitMs, takeoverMs: options.takeoverMs });
		const lockKey = space.lock(lockName);
		const started = Date.now();
		for (let delay = 5; ; delay = Math.min(delay * 1.5, 100)) {
			const acquired = await this.run('lockAcquire', [lockKey], [token, String(ttl * 1000)]);
			const waited = Date.now() - started;
			if (Number(acquired) === 1) return { acquired: true, token, ttl_seconds: ttl, waited_ms: waited };
			if (waited >= waitMs) return { acquired: false, token: null, ttl_seconds: ttl, waited_ms: waited };
			await sleep(Math.min(delay, waitMs - waited));
		}
	}

	/**
	 * Releases a lock only for its owner; says why when it did not. With a ticket, that turn is
	 * marked done even when the lock was lost, so the conversation's next message never waits for
	 * a turn that already ended.
	 */
	async unlock(tenantId: unknown, name: unknown, token: unknown, ticket?: number): Promise<{ released: boolean; reason: ReleaseOutcome }> {
		const space = this.keySpace(tenantId);
		const lockName = assertKey(name, 'name');
		const owner = assertKey(token, 'token');
		const turn = assertTicket(ticket);
		const outcome = turn ? await this.turns.release(space, lockName, owner, turn) : await this.releaseOwned(space.lock(lockName), owner);
		return { released: outcome === 'released', reason: outcome };
	}

	/**
	 * The next ticket of a named queue (1, 2, 3...), for `lock(..., { ticket })`. Handed out where
	 * the order is known — e.g. by a trigger as messages arrive — and kept for ttlSeconds.
	 */
	async ticket(tenantId: unknown, name: unknown, options: { ttlSeconds?: number; message?: JsonValue } = {}): Promise<number> {
		const space = this.keySpace(tenantId);
		const ttl = assertTtlSeconds(options.ttlSeconds ?? SYSTEM_TTLS.turn);
		const message = options.message === undefined ? '' : this.encode(options.message);
		return await this.turns.issue(space, assertKey(name, 'name'), ttl, message);
	}

	/**
	 * Records that a ticket's message was answered, by dropping the message kept with it: should
	 * the turn's process die before it unlocks, the successor taking the turn over then has
	 * nothing to answer again. The Chatwoot Trigger calls this when a reply comes back tagged
	 * with its turn (Chatwoot's echo of the bot's own message), whatever became of the sender.
	 */
	async answered(tenantId: unknown, name: unknown, ticket: number): Promise<void> {
		const space = this.keySpace(tenantId);
		const turn = requireTicket(ticket);
		await this.turns.markAnswered(space, assertKey(name, 'name'), turn);
	}

	async stats(tenantId: unknown): Promise<{ tenant_id: string; types: Record<string, TypeStats>; total: TypeStats }> {
		const space = this.keySpace(tenantId);
		const raw = await this.guard(() => this.redis.hgetall(space.stats));
		const types: Record<string, TypeStats> = {};
		let hits = 0;
		let misses = 0;
		for (const type of CACHE_TYPE_NAMES) {
			const typeHits = Number(raw[`${type}:hits`] ?? 0);
			const typeMisses = Number(raw[`${type}:misses`] ?? 0);
			if (typeHits + typeMisses === 0) continue;
			types[type] = { hits: typeHits, misses: typeMisses, hit_ratio: ratio(typeHits, typeMisses) };
			hits += typeHits;
			misses += typeMisses;
		}
		return { tenant_id: space.tenant, types, total: { hits, misses, hit_ratio: ratio(hits, misses) } };
	}

	private async releaseOwned(key: string, token: string): Promise<ReleaseOutcome> {
		return releaseOutcome(await this.run('releaseOwned', [key], [token]));
	}

	private encode(value: unknown): string {
		const encoded = JSON.stringify(assertJsonValue(value));
		const bytes = Buffer.byteLength(encoded);
		if (bytes > this.maxValueBytes) {
			throw new InvalidInputError(`value is too large: ${bytes} bytes of JSON, at most ${this.maxValueBytes}.`);
		}
		return encoded;
	}

	private decode(raw: unknown): JsonValue {
		return JSON.parse(String(raw)) as JsonValue;
	}

	private async run(name: keyof typeof SCRIPTS, keys: string[], args: string[]): Promise<unknown> {
		return await this.scripts.run(SCRIPTS[name], keys, args);
	}

	private async guard<T>(operation: () => Promise<T>): Promise<T> {
		return await this.scripts.guard(operation);
	}
}
