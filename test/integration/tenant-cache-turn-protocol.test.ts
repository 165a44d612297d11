import { Redis } from 'ioredis';

import { KeySpace } from '../../nodes/TenantCache/cache/keys';
import { ScriptRunner } from '../../nodes/TenantCache/cache/script-runner';
import { TurnProtocol } from '../../nodes/TenantCache/cache/turn-protocol';
import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';

/** The turn protocol's Lua scripts against a real redis-server, driven directly (not through the cache). */
describe('turn protocol against a real redis-server', () => {
	let server: RedisServer;
	let redis: Redis;
	let turns: TurnProtocol;
	const acme = new KeySpace('acme');
	const claim = (queue: string, ticket: number, token: string, options: { ttlSeconds?: number; waitMs?: number; takeoverMs?: number } = {}) =>
		turns.claim(acme, queue, ticket, { token, ttlSeconds: options.ttlSeconds ?? 30, waitMs: options.waitMs ?? 0, takeoverMs: options.takeoverMs });

	beforeAll(async () => {
		server = await startRedisServer();
		redis = new Redis(server.url, { lazyConnect: true });
		turns = new TurnProtocol(new ScriptRunner(redis));
	});
	afterAll(async () => {
		redis.disconnect();
		await server.stop();
	});
	beforeEach(async () => {
		await redis.flushall();
	});

	it('numbers tickets per queue and tenant, keeping each message with a stamp and the queue TTL', async () => {
		expect(await turns.issue(acme, 'c1', 60, '{"text":"oi"}')).toBe(1);
		expect(await turns.issue(acme, 'c1', 60, '')).toBe(2);
		expect(await turns.issue(acme, 'c2', 60, '')).toBe(1);
		expect(await turns.issue(new KeySpace('globex'), 'c1', 60, '')).toBe(1);
		const hash = await redis.hgetall('t:acme:_turn:c1');
		expect(hash).toMatchObject({ next: '2', 'm:1': '{"text":"oi"}' });
		expect(hash['m:2']).toBeUndefined();
		expect(Number(hash['i:1'])).toBeGreaterThan(Date.now() - 60_000);
		const pttl = await redis.pttl('t:acme:_turn:c1');
		expect(pttl).toBeGreaterThan(55_000);
		expect(pttl).toBeLessThanOrEqual(60_000);
	});

	it('grants the lock to a ticket only after the earlier one released it', async () => {
		await turns.issue(acme, 'q', 60, '');
		await turns.issue(acme, 'q', 60, '');
		const first = await claim('q', 1, 'one');
		expect(first).toMatchObject({ acquired: true, token: 'one', adopted: [] });
		expect(await claim('q', 2, 'two')).toMatchObject({ acquired: false, token: null });
		// the waiting turn left a heartbeat, so nobody takes it for dead
		expect(await redis.hget('t:acme:_turn:q', 'w:2')).not.toBeNull();
		expect(await turns.release(acme, 'q', 'one', 1)).toBe('released');
		expect(await redis.hget('t:acme:_turn:q', 'done')).toBe('1');
		expect(await claim('q', 2, 'two')).toMatchObject({ acquired: true, token: 'two', adopted: [] });
		expect(await redis.get('t:acme:_lock:q')).toBe('two');
	});

	it('marks a turn done even when its lock expired or was never held, and never moves the queue back', async () => {
		expect(await turns.release(acme, 'q', 'nobody', 3)).toBe('not_held');
		await redis.set('t:acme:_lock:q', 'someone-else');
		expect(await turns.release(acme, 'q', 'me', 2)).toBe('not_owner');
		expect(await redis.get('t:acme:_lock:q')).toBe('someone-else');
		expect(await redis.hget('t:acme:_turn:q', 'done')).toBe('3');
	});

	it('tells a ticket that is already done to skip', async () => {
		await turns.release(acme, 'q', 'x', 2);
		expect(await claim('q', 1, 'late')).toMatchObject({ acquired: false, skipped: true });
		expect(await claim('q', 2, 'late')).toMatchObject({ acquired: false, skipped: true });
	});

	it('adopts, with its message, a turn whose process died before it claimed the lock', async () => {
		await turns.issue(acme, 'q', 60, '{"text":"perdida"}');
		await turns.issue(acme, 'q', 60, '{"text":"minha"}');
		const got = await claim('q', 2, 'two', { waitMs: 3_000, takeoverMs: 200 });
		expect(got).toMatchObject({ acquired: true, adopted: [{ ticket: 1, message: { text: 'perdida' } }] });
		expect(got.waited_ms).toBeGreaterThanOrEqual(150);
		const hash = await redis.hgetall('t:acme:_turn:q');
		expect(hash).toMatchObject({ done: '1', holder: '2' });
		expect(hash['m:1']).toBeUndefined();
		expect(hash['i:1']).toBeUndefined();
	});

	it('adopts a dead turn with nothing to answer once its reply was marked answered', async () => {
		await turns.issue(acme, 'q', 60, '{"text":"qual o preço?"}');
		await turns.issue(acme, 'q', 60, '{"text":"e o frete?"}');
		expect((await claim('q', 1, 'one', { ttlSeconds: 1 })).acquired).toBe(true);
		await turns.markAnswered(acme, 'q', 1);
		expect(await redis.hget('t:acme:_turn:q', 'm:1')).toBeNull();
		const got = await claim('q', 2, 'two', { waitMs: 5_000, takeoverMs: 200 });
		expect(got).toMatchObject({ acquired: true, adopted: [] });
		// the kept message of the live turn is untouched until it is answered too
		expect(await redis.hget('t:acme:_turn:q', 'm:2')).toBe('{"text":"e o frete?"}');
	});

	it('hands back a kept message that is not JSON as null rather than losing the turn', async () => {
		await turns.issue(acme, 'q', 60, '');
		await turns.issue(acme, 'q', 60, '');
		await redis.hset('t:acme:_turn:q', 'm:1', 'not json');
		const got = await claim('q', 2, 'two', { waitMs: 3_000, takeoverMs: 200 });
		expect(got).toMatchObject({ acquired: true, adopted: [{ ticket: 1, message: null }] });
	});

	it('never takes over a turn that holds the lock or is still waiting for it', async () => {
		for (let i = 0; i < 3; i++) await turns.issue(acme, 'v', 60, `{"n":${i + 1}}`);
		const first = await claim('v', 1, 'one');
		const second = claim('v', 2, 'two', { waitMs: 3_000, takeoverMs: 200 });
		const third = await claim('v', 3, 'three', { waitMs: 1_000, takeoverMs: 200 });
		expect(third).toMatchObject({ acquired: false });
		expect(first.acquired).toBe(true);
		await turns.release(acme, 'v', 'one', 1);
		expect(await second).toMatchObject({ acquired: true, adopted: [] });
	});
});
