import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { openCacheHarness, type CacheHarness } from '../support/cache';

describe('cache tools against a real redis-server', () => {
	let server: RedisServer;
	let h: CacheHarness;

	beforeAll(async () => {
		server = await startRedisServer();
		h = await openCacheHarness(server.url, { ttlOverrides: { stock: 45 } });
	});
	afterAll(async () => {
		await h.close();
		await server.stop();
	});
	beforeEach(async () => {
		await h.redis.flushall();
	});

	describe('get and set', () => {
		it('stores under t:{tenant}:{type}:{key} and reads back a hit with the TTL left', async () => {
			const stored = await h.call('cache_set', { tenant_id: 'acme', type: 'price', key: 'CAD-ERG-01', value: { price: 1299.9 } });
			expect(stored).toEqual({ key: 't:acme:price:CAD-ERG-01', ttl_seconds: 300, tags: [] });

			const read = await h.call('cache_get', { tenant_id: 'acme', type: 'price', key: 'CAD-ERG-01' });
			expect(read).toEqual({ hit: true, value: { price: 1299.9 }, ttl_seconds: 300 });
			expect(await h.redis.pttl('t:acme:price:CAD-ERG-01')).toBeGreaterThan(299_000);
		});

		it('answers a miss with hit=false, value=null', async () => {
			expect(await h.call('cache_get', { tenant_id: 'acme', type: 'price', key: 'nope' })).toEqual({ hit: false, value: null, ttl_seconds: null });
		});

		it('round-trips every kind of JSON value, null included', async () => {
			const values = [null, 0, -1.5, 'texto com acentuação ✓', true, [1, 'a', null], { nested: { deep: [{ x: 1 }] } }];
			for (const [i, value] of values.entries()) {
				await h.call('cache_set', { tenant_id: 'acme', type: 'custom', key: `v${i}`, value });
				expect(await h.call('cache_get', { tenant_id: 'acme', type: 'custom', key: `v${i}` })).toMatchObject({ hit: true, value });
			}
		});

		it('applies the TTL of the call, then the deployment override, then the type default', async () => {
			expect((await h.call('cache_set', { tenant_id: 'acme', type: 'stock', key: 'a', value: 1, ttl_seconds: 7 })).ttl_seconds).toBe(7);
			expect((await h.call('cache_set', { tenant_id: 'acme', type: 'stock', key: 'b', value: 1 })).ttl_seconds).toBe(45);
			expect((await h.call('cache_set', { tenant_id: 'acme', type: 'business_rule', key: 'c', value: 1 })).ttl_seconds).toBe(86_400);
			const pttl = await h.redis.pttl('t:acme:stock:a');
			expect(pttl).toBeGreaterThan(6_000);
			expect(pttl).toBeLessThanOrEqual(7_000);
		});

		it('accepts a numeric Chatwoot account id as tenant', async () => {
			const stored = await h.call('cache_set', { tenant_id: 12, type: 'config', key: 'crew', value: { ok: true } });
			expect(stored.key).toBe('t:12:config:crew');
			expect(await h.call('cache_get', { tenant_id: '12', type: 'config', key: 'crew' })).toMatchObject({ hit: true });
		});

		it('deletes one key and says whether it existed', async () => {
			await h.call('cache_set', { tenant_id: 'acme', type: 'product', key: 'p1', value: 1, tags: ['t1'] });
			expect(await h.call('cache_delete', { tenant_id: 'acme', type: 'product', key: 'p1' })).toEqual({ deleted: true });
			expect(await h.call('cache_delete', { tenant_id: 'acme', type: 'product', key: 'p1' })).toEqual({ deleted: false });
			expect(await h.redis.smembers('t:acme:_tag:t1')).toEqual([]);
		});
	});

	describe('bad input is refused with a clear message and writes nothing', () => {
		const cases: Array<[string, string, Record<string, unknown>, RegExp]> = [
			['no tenant', 'cache_set', { type: 'price', key: 'k', value: 1 }, /tenant_id is required/],
			['empty tenant', 'cache_set', { tenant_id: '', type: 'price', key: 'k', value: 1 }, /tenant_id must be/],
			['tenant with the key separator', 'cache_set', { tenant_id: 'acme:price', type: 'price', key: 'k', value: 1 }, /tenant_id must be/],
			['unknown type', 'cache_set', { tenant_id: 'acme', type: 'prices', key: 'k', value: 1 }, /type must be one of product, stock, price/],
			['negative TTL', 'cache_set', { tenant_id: 'acme', type: 'price', key: 'k', value: 1, ttl_seconds: -5 }, /negative or zero TTL/],
			['fractional TTL', 'cache_set', { tenant_id: 'acme', type: 'price', key: 'k', value: 1, ttl_seconds: 1.5 }, /whole number/],
			['TTL beyond 30 days', 'cache_set', { tenant_id: 'acme', type: 'price', key: 'k', value: 1, ttl_seconds: 9_999_999 }, /at most 2592000/],
			['missing value', 'cache_set', { tenant_id: 'acme', type: 'price', key: 'k' }, /value is required/],
			['key too long', 'cache_set', { tenant_id: 'acme', type: 'price', key: 'k'.repeat(513), value: 1 }, /key is too long/],
			['key with a newline', 'cache_set', { tenant_id: 'acme', type: 'price', key: 'a\nb', value: 1 }, /control characters/],
			['too many tags', 'cache_set', { tenant_id: 'acme', type: 'price', key: 'k', value: 1, tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }, /at most 32 tags/],
			['get without tenant', 'cache_get', { type: 'price', key: 'k' }, /tenant_id is required/],
			['invalidate without tag', 'cache_invalidate', { tenant_id: 'acme' }, /tag is required/],
			['unlock without token', 'cache_unlock', { tenant_id: 'acme', name: 'x' }, /token is required/],
		];

		it.each(cases)('%s', async (_name, tool, args, message) => {
			const refusal = await h.refuse(tool, args);
			expect(refusal.message).toMatch(message);
			expect(['invalid_input', 'refused']).toContain(refusal.kind);
			expect(await h.redis.dbsize()).toBe(0);
		});

		it('refuses a value larger than the limit', async () => {
			const refusal = await h.refuse('cache_set', { tenant_id: 'acme', type: 'custom', key: 'big', value: 'x'.repeat(600 * 1024) });
			expect(refusal.message).toMatch(/value is too large: \d+ bytes of JSON, at most 524288/);
			expect(await h.redis.dbsize()).toBe(0);
		});

		it('refuses values that are not JSON when called in-process', async () => {
			await expect(h.cache.set('acme', 'custom', 'k', { price: Number.NaN })).rejects.toThrow(/value.price is not JSON/);
			await expect(h.cache.set('acme', 'custom', 'k', new Map())).rejects.toThrow(/not a plain object/);
			await expect(h.cache.set('acme', 'custom', 'k', { f: () => 1 })).rejects.toThrow(/a function cannot be stored/);
			expect(await h.redis.dbsize()).toBe(0);
		});
	});

	describe('tag invalidation', () => {
		it('removes exactly the keys set with the tag, and counts them', async () => {
			await h.call('cache_set', { tenant_id: 'acme', type: 'product', key: 'p42', value: 1, tags: ['product:42', 'catalog'] });
			await h.call('cache_set', { tenant_id: 'acme', type: 'price', key: 'p42', value: 2, tags: ['product:42'] });
			await h.call('cache_set', { tenant_id: 'acme', type: 'product', key: 'p43', value: 3, tags: ['product:43', 'catalog'] });
			await h.call('cache_set', { tenant_id: 'acme', type: 'stock', key: 'p42', value: 4 });

			expect(await h.call('cache_invalidate', { tenant_id: 'acme', tag: 'product:42' })).toEqual({ deleted: 2 });

			expect((await h.call('cache_get', { tenant_id: 'acme', type: 'product', key: 'p42' })).hit).toBe(false);
			expect((await h.call('cache_get', { tenant_id: 'acme', type: 'price', key: 'p42' })).hit).toBe(false);
			expect((await h.call('cache_get', { tenant_id: 'acme', type: 'product', key: 'p43' })).hit).toBe(true);
			expect((await h.call('cache_get', { tenant_id: 'acme', type: 'stock', key: 'p42' })).hit).toBe(true);
			// the deleted key left the other tag too: invalidating "catalog" now finds only p43
			expect(await h.call('cache_invalidate', { tenant_id: 'acme', tag: 'catalog' })).toEqual({ deleted: 1 });
		});

		it('does not remove a key that was re-set without the tag', async () => {
			await h.call('cache_set', { tenant_id: 'acme', type: 'product', key: 'p1', value: 1, tags: ['old'] });
			await h.call('cache_set', { tenant_id: 'acme', type: 'product', key: 'p1', value: 2, tags: ['new'] });

			expect(await h.call('cache_invalidate', { tenant_id: 'acme', tag: 'old' })).toEqual({ deleted: 0 });
			expect(await h.call('cache_get', { tenant_id: 'acme', type: 'product', key: 'p1' })).toMatchObject({ hit: true, value: 2 });
			expect(await h.call('cache_invalidate', { tenant_id: 'acme', tag: 'new' })).toEqual({ deleted: 1 });
		});

		it('does not remove a key re-set without the tag after the tagged one expired', async () => {
			await h.call('cache_set', { tenant_id: 'acme', type: 'product', key: 'p1', value: 1, tags: ['old'], ttl_seconds: 1 });
			await new Promise((resolve) => setTimeout(resolve, 1_100));
			await h.call('cache_set', { tenant_id: 'acme', type: 'product', key: 'p1', value: 2, ttl_seconds: 60 });

			expect(await h.call('cache_invalidate', { tenant_id: 'acme', tag: 'old' })).toEqual({ deleted: 0 });
			expect(await h.call('cache_get', { tenant_id: 'acme', type: 'product', key: 'p1' })).toMatchObject({ hit: true, value: 2 });
		});

		it('lets tag sets expire with the longest-lived tagged key', async () => {
			await h.call('cache_set', { tenant_id: 'acme', type: 'stock', key: 's1', value: 1, tags: ['t'], ttl_seconds: 10 });
			await h.call('cache_set', { tenant_id: 'acme', type: 'product', key: 'p1', value: 1, tags: ['t'], ttl_seconds: 100 });
			const ttl = await h.redis.ttl('t:acme:_tag:t');
			expect(ttl).toBeGreaterThan(90);
			expect(ttl).toBeLessThanOrEqual(100);
		});
	});

	describe('single flight', () => {
		it('lets one of 50 concurrent MCP callers compute; the others get its value', async () => {
			const args = { tenant_id: 'acme', type: 'retrieval', key: 'q:cadeira ergonomica', wait_ms: 5_000 };
			let computations = 0;
			const caller = async () => {
				const first = await h.call('cache_remember', args);
				if (first.status !== 'compute') return first;
				computations++;
				await new Promise((resolve) => setTimeout(resolve, 150));
				return await h.call('cache_remember', { ...args, lease_token: first.lease_token, value: { hits: ['CAD-ERG-01'] } });
			};
			const results = await Promise.all(Array.from({ length: 50 }, caller));

			expect(computations).toBe(1);
			expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
			expect(results.filter((r) => r.status === 'hit')).toHaveLength(49);
			for (const result of results) expect(result.value).toEqual({ hits: ['CAD-ERG-01'] });
			expect(await h.redis.exists('t:acme:_lease:retrieval:q:cadeira ergonomica')).toBe(0);
		});

		it('computes once for 50 concurrent in-process remember() calls', async () => {
			let computations = 0;
			const compute = async () => {
				computations++;
				await new Promise((resolve) => setTimeout(resolve, 100));
				return { price: 10 };
			};
			const results = await Promise.all(Array.from({ length: 50 }, () => h.cache.remember('acme', 'price', 'p1', compute)));

			expect(computations).toBe(1);
			expect(results.filter((r) => !r.hit)).toHaveLength(1);
			expect(results.every((r) => JSON.stringify(r.value) === '{"price":10}')).toBe(true);
		});

		it('hands the lease to a waiter when the computing caller abandons it', async () => {
			const args = { tenant_id: 'acme', type: 'llm_answer', key: 'q1', wait_ms: 5_000 };
			const holder = await h.call('cache_remember', args);
			expect(holder.status).toBe('compute');
			const waiter = h.call('cache_remember', args);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(await h.call('cache_remember', { ...args, lease_token: holder.lease_token, abandon: true })).toMatchObject({ status: 'abandoned' });
			expect((await waiter).status).toBe('compute');
		});

		it('releases the lease when an in-process computation fails, so the next caller computes', async () => {
			await expect(
				h.cache.remember('acme', 'price', 'p2', async () => {
					throw new Error('Odoo is down');
				}),
			).rejects.toThrow('Odoo is down');
			const next = await h.cache.remember('acme', 'price', 'p2', async () => 5);
			expect(next).toEqual({ value: 5, hit: false });
		});

		it('reports a timeout when the holder takes longer than wait_ms', async () => {
			const args = { tenant_id: 'acme', type: 'custom', key: 'slow' };
			expect((await h.call('cache_remember', args)).status).toBe('compute');
			const waited = await h.call('cache_remember', { ...args, wait_ms: 100 });
			expect(waited.status).toBe('timeout');
			expect(waited.waited_ms).toBeGreaterThanOrEqual(100);
		});

		it('refuses step-2 arguments without a lease token', async () => {
			const refusal = await h.refuse('cache_remember', { tenant_id: 'acme', type: 'custom', key: 'k', value: 1 });
			expect(refusal.message).toMatch(/step 2/);
			expect(await h.redis.dbsize()).toBe(0);
		});
	});

	describe('seen (idempotency)', () => {
		it('is false the first time and true afterwards', async () => {
			expect(await h.call('cache_seen', { tenant_id: 'acme', id: 'chatwoot:message:4711' })).toEqual({ seen: false });
			expect(await h.call('cache_seen', { tenant_id: 'acme', id: 'chatwoot:message:4711' })).toEqual({ seen: true });
			expect(await h.redis.ttl('t:acme:_seen:chatwoot:message:4711')).toBeGreaterThan(172_000);
		});

		it('forgets the id after its TTL', async () => {
			await h.call('cache_seen', { tenant_id: 'acme', id: 'e1', ttl_seconds: 1 });
			await new Promise((resolve) => setTimeout(resolve, 1_100));
			expect(await h.call('cache_seen', { tenant_id: 'acme', id: 'e1' })).toEqual({ seen: false });
		});

		it('marks 20 concurrent deliveries of one id as new exactly once', async () => {
			const results = await Promise.all(Array.from({ length: 20 }, () => h.call('cache_seen', { tenant_id: 'acme', id: 'dup' })));
			expect(results.filter((r) => r.seen === false)).toHaveLength(1);
		});
	});

	describe('locks', () => {
		it('gives the lock to one owner; only that owner can release it', async () => {
			const first = await h.call('cache_lock', { tenant_id: 'acme', name: 'conversation:1' });
			expect(first).toMatchObject({ acquired: true, ttl_seconds: 30 });
			expect(await h.call('cache_lock', { tenant_id: 'acme', name: 'conversation:1' })).toMatchObject({ acquired: false, token: null });

			expect(await h.call('cache_unlock', { tenant_id: 'acme', name: 'conversation:1', token: 'not-the-owner' })).toEqual({
				released: false,
				reason: 'not_owner',
			});
			expect(await h.call('cache_unlock', { tenant_id: 'acme', name: 'conversation:1', token: first.token })).toEqual({
				released: true,
				reason: 'released',
			});
			expect(await h.call('cache_unlock', { tenant_id: 'acme', name: 'conversation:1', token: first.token })).toEqual({
				released: false,
				reason: 'not_held',
			});
		});

		it('expires a lock whose owner never released it', async () => {
			const first = await h.call('cache_lock', { tenant_id: 'acme', name: 'l', ttl_seconds: 1 });
			await new Promise((resolve) => setTimeout(resolve, 1_100));
			const second = await h.call('cache_lock', { tenant_id: 'acme', name: 'l' });
			expect(second.acquired).toBe(true);
			// the late first owner cannot release the second owner's lock
			expect((await h.call('cache_unlock', { tenant_id: 'acme', name: 'l', token: first.token })).reason).toBe('not_owner');
		});

		it('waits for a release when wait_ms allows it', async () => {
			const first = await h.call('cache_lock', { tenant_id: 'acme', name: 'w' });
			const waiting = h.call('cache_lock', { tenant_id: 'acme', name: 'w', wait_ms: 3_000 });
			await new Promise((resolve) => setTimeout(resolve, 150));
			await h.call('cache_unlock', { tenant_id: 'acme', name: 'w', token: first.token });
			const second = await waiting;
			expect(second.acquired).toBe(true);
			expect(second.waited_ms).toBeGreaterThanOrEqual(100);
		});

		it('renews a lock for its owner token', async () => {
			const first = await h.call('cache_lock', { tenant_id: 'acme', name: 'r', ttl_seconds: 5 });
			const renewed = await h.call('cache_lock', { tenant_id: 'acme', name: 'r', ttl_seconds: 60, token: first.token });
			expect(renewed.acquired).toBe(true);
			expect(await h.redis.ttl('t:acme:_lock:r')).toBeGreaterThan(50);
		});
	});

	describe('locks taken in ticket order', () => {
		const hold = async (ticket: number, order: number[]) => {
			const got = await h.call('cache_lock', { tenant_id: 'acme', name: 'conversation:9', ticket, wait_ms: 10_000 });
			expect(got.acquired).toBe(true);
			order.push(ticket);
			await new Promise((resolve) => setTimeout(resolve, 20));
			await h.call('cache_unlock', { tenant_id: 'acme', name: 'conversation:9', token: got.token, ticket });
		};

		it('grants the lock in ticket order whatever order the callers come in', async () => {
			const tickets: number[] = [];
			for (let i = 0; i < 6; i++) tickets.push(await h.cache.ticket('acme', 'conversation:9'));
			expect(tickets).toEqual([1, 2, 3, 4, 5, 6]);
			const order: number[] = [];
			await Promise.all([...tickets].reverse().map((ticket) => hold(ticket, order)));
			expect(order).toEqual([1, 2, 3, 4, 5, 6]);
			expect(await h.redis.hget('t:acme:_turn:conversation:9', 'done')).toBe('6');
		});

		it('keeps queues apart per name and per tenant', async () => {
			expect(await h.cache.ticket('acme', 'conversation:1')).toBe(1);
			expect(await h.cache.ticket('acme', 'conversation:2')).toBe(1);
			expect(await h.cache.ticket('globex', 'conversation:1')).toBe(1);
			expect(await h.cache.ticket('acme', 'conversation:1')).toBe(2);
		});

		it('lets the next ticket go when a turn ended without its lock, and waits no longer than wait_ms for a lost one', async () => {
			await h.cache.ticket('acme', 'q');
			await h.cache.ticket('acme', 'q');
			await h.cache.ticket('acme', 'q');
			// ticket 1 is lost (its worker died before locking): ticket 2 gives up after wait_ms
			const second = await h.call('cache_lock', { tenant_id: 'acme', name: 'q', ticket: 2, wait_ms: 300 });
			expect(second).toMatchObject({ acquired: false, token: null });
			expect(second.waited_ms).toBeGreaterThanOrEqual(300);
			// ...and, having answered anyway, marks its turn done without owning the lock
			expect(await h.call('cache_unlock', { tenant_id: 'acme', name: 'q', token: 'none', ticket: 2 })).toMatchObject({ released: false, reason: 'not_held' });
			expect(await h.call('cache_lock', { tenant_id: 'acme', name: 'q', ticket: 3 })).toMatchObject({ acquired: true });
		});

		it('never moves a queue back', async () => {
			const third = await h.call('cache_lock', { tenant_id: 'acme', name: 'b', ticket: 1 });
			await h.call('cache_unlock', { tenant_id: 'acme', name: 'b', token: third.token, ticket: 5 });
			await h.call('cache_unlock', { tenant_id: 'acme', name: 'b', token: 'x', ticket: 2 });
			expect(await h.redis.hget('t:acme:_turn:b', 'done')).toBe('5');
		});

		it('takes over, with its message, the turn of a process that died holding the lock', async () => {
			await h.cache.ticket('acme', 't', { message: { text: 'primeira', message_id: 1 } });
			await h.cache.ticket('acme', 't', { message: { text: 'segunda', message_id: 2 } });
			const dying = await h.cache.lock('acme', 't', { ticket: 1, ttlSeconds: 1 });
			expect(dying.acquired).toBe(true);
			const next = await h.cache.lock('acme', 't', { ticket: 2, waitMs: 5_000, takeoverMs: 300 });
			expect(next).toMatchObject({ acquired: true, adopted: [{ ticket: 1, message: { text: 'primeira', message_id: 1 } }] });
			expect(next.waited_ms).toBeGreaterThanOrEqual(900);
			// should the dead turn ever run again, it is told its message was answered
			expect(await h.cache.lock('acme', 't', { ticket: 1 })).toMatchObject({ acquired: false, skipped: true });
		});

		it('takes over, with nothing to answer, a dead turn whose reply had gone out', async () => {
			await h.cache.ticket('acme', 'r', { message: { text: 'qual o preço?', message_id: 1 } });
			await h.cache.ticket('acme', 'r', { message: { text: 'e o frete?', message_id: 2 } });
			expect((await h.cache.lock('acme', 'r', { ticket: 1, ttlSeconds: 1 })).acquired).toBe(true);
			// the reply of turn 1 came back to the trigger, then its process died before unlocking
			await h.cache.answered('acme', 'r', 1);
			const next = await h.cache.lock('acme', 'r', { ticket: 2, waitMs: 5_000, takeoverMs: 300 });
			expect(next).toMatchObject({ acquired: true, adopted: [] });
			expect(await h.cache.lock('acme', 'r', { ticket: 1 })).toMatchObject({ acquired: false, skipped: true });
			await expect(h.cache.answered('acme', 'r', 0)).rejects.toThrow(/ticket must be a whole number from 1/);
		});

		it('takes over a turn whose process died before it reached the lock', async () => {
			await h.cache.ticket('acme', 'u', { message: { text: 'lost' } });
			await h.cache.ticket('acme', 'u', { message: { text: 'mine' } });
			const next = await h.cache.lock('acme', 'u', { ticket: 2, waitMs: 5_000, takeoverMs: 300 });
			expect(next).toMatchObject({ acquired: true, adopted: [{ ticket: 1, message: { text: 'lost' } }] });
		});

		it('never takes over a turn that is alive: holding the lock, or waiting for its own turn', async () => {
			for (let i = 0; i < 3; i++) await h.cache.ticket('acme', 'v', { message: { n: i + 1 } });
			const first = await h.cache.lock('acme', 'v', { ticket: 1, ttlSeconds: 30 });
			const second = h.cache.lock('acme', 'v', { ticket: 2, waitMs: 3_000, takeoverMs: 300 });
			const third = h.cache.lock('acme', 'v', { ticket: 3, waitMs: 1_500, takeoverMs: 300 });
			expect(await third).toMatchObject({ acquired: false });
			await h.cache.unlock('acme', 'v', first.token, 1);
			expect(await second).toMatchObject({ acquired: true, adopted: [] });
		});

		it('refuses a ticket that is not a whole number', async () => {
			const refused = await h.session.callTool('cache_lock', { tenant_id: 'acme', name: 'b', ticket: 1.5 });
			expect(refused.ok).toBe(false);
		});
	});

	describe('stats', () => {
		it('counts hits and misses per type', async () => {
			await h.call('cache_set', { tenant_id: 'acme', type: 'price', key: 'a', value: 1 });
			await h.call('cache_get', { tenant_id: 'acme', type: 'price', key: 'a' });
			await h.call('cache_get', { tenant_id: 'acme', type: 'price', key: 'a' });
			await h.call('cache_get', { tenant_id: 'acme', type: 'price', key: 'b' });
			await h.call('cache_get', { tenant_id: 'acme', type: 'stock', key: 'b' });

			expect(await h.call('cache_stats', { tenant_id: 'acme' })).toEqual({
				tenant_id: 'acme',
				types: {
					price: { hits: 2, misses: 1, hit_ratio: 0.6667 },
					stock: { hits: 0, misses: 1, hit_ratio: 0 },
				},
				total: { hits: 2, misses: 2, hit_ratio: 0.5 },
			});
			expect(await h.call('cache_stats', { tenant_id: 'fresh' })).toEqual({
				tenant_id: 'fresh',
				types: {},
				total: { hits: 0, misses: 0, hit_ratio: null },
			});
		});
	});
});
