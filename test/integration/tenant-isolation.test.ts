import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { openCacheHarness, type CacheHarness } from '../support/cache';

/**
 * Tenant A fills the cache through every tool; tenant B then tries every tool with the same
 * types, keys, tags, ids and lock names. Nothing of A may be visible to B or changed by B.
 */
describe('tenant isolation', () => {
	let server: RedisServer;
	let h: CacheHarness;
	const A = 'acme';
	const B = 'globex';

	beforeAll(async () => {
		server = await startRedisServer();
		h = await openCacheHarness(server.url);
	});
	afterAll(async () => {
		await h.close();
		await server.stop();
	});

	async function snapshotOf(tenant: string): Promise<Record<string, string>> {
		const keys = (await h.redis.keys(`t:${tenant}:*`)).filter((key) => !key.endsWith(':_stats')).sort();
		const snapshot: Record<string, string> = {};
		for (const key of keys) {
			const type = await h.redis.type(key);
			snapshot[key] = type === 'string' ? ((await h.redis.get(key)) ?? '') : JSON.stringify((await h.redis.smembers(key)).sort());
		}
		return snapshot;
	}

	it('keeps every key of every tenant under its own prefix', async () => {
		await h.call('cache_set', { tenant_id: A, type: 'product', key: 'p1', value: { name: 'Cadeira' }, tags: ['catalog'] });
		await h.call('cache_remember', { tenant_id: A, type: 'price', key: 'p1' }).then((begun) =>
			h.call('cache_remember', { tenant_id: A, type: 'price', key: 'p1', lease_token: begun.lease_token, value: 99 }),
		);
		await h.call('cache_seen', { tenant_id: A, id: 'evt-1' });
		const lock = await h.call('cache_lock', { tenant_id: A, name: 'conversation:7' });
		await h.call('cache_get', { tenant_id: A, type: 'product', key: 'p1' });
		const before = await snapshotOf(A);
		const statsBefore = await h.call('cache_stats', { tenant_id: A });

		// B does everything it can with the same names
		expect(await h.call('cache_get', { tenant_id: B, type: 'product', key: 'p1' })).toMatchObject({ hit: false });
		expect(await h.call('cache_get', { tenant_id: B, type: 'price', key: 'p1' })).toMatchObject({ hit: false });
		expect(await h.call('cache_delete', { tenant_id: B, type: 'product', key: 'p1' })).toEqual({ deleted: false });
		expect(await h.call('cache_invalidate', { tenant_id: B, tag: 'catalog' })).toEqual({ deleted: 0 });
		expect(await h.call('cache_seen', { tenant_id: B, id: 'evt-1' })).toEqual({ seen: false });
		expect(await h.call('cache_unlock', { tenant_id: B, name: 'conversation:7', token: lock.token })).toMatchObject({ released: false, reason: 'not_held' });
		expect(await h.call('cache_lock', { tenant_id: B, name: 'conversation:7' })).toMatchObject({ acquired: true });
		expect((await h.call('cache_remember', { tenant_id: B, type: 'price', key: 'p1', wait_ms: 0 })).status).toBe('compute');
		await h.call('cache_set', { tenant_id: B, type: 'product', key: 'p1', value: 'B', tags: ['catalog'] });
		expect(await h.call('cache_invalidate', { tenant_id: B, tag: 'catalog' })).toEqual({ deleted: 1 });

		expect(await snapshotOf(A)).toEqual(before);
		expect(await h.call('cache_stats', { tenant_id: A })).toEqual(statsBefore);
		expect(await h.call('cache_get', { tenant_id: A, type: 'product', key: 'p1' })).toMatchObject({ hit: true, value: { name: 'Cadeira' } });
		expect(await h.call('cache_unlock', { tenant_id: A, name: 'conversation:7', token: lock.token })).toMatchObject({ released: true });
		for (const key of await h.redis.keys('*')) expect(key).toMatch(/^t:(acme|globex):/);
	});

	it('cannot reach another tenant through crafted tenant ids, keys or tags', async () => {
		await h.call('cache_set', { tenant_id: A, type: 'custom', key: 'secret', value: 's3cr3t', tags: ['x'] });
		const before = await snapshotOf(A);

		for (const tenant_id of ['acme:custom', 'acme*', '*', 't:acme', '../acme', 'acme\n', ' acme']) {
			const refusal = await h.refuse('cache_get', { tenant_id, type: 'custom', key: 'secret' });
			expect(refusal.message).toMatch(/tenant_id must be/);
		}
		// a key that looks like a path into another tenant stays inside B's prefix
		expect(await h.call('cache_get', { tenant_id: B, type: 'custom', key: '../../t:acme:custom:secret' })).toMatchObject({ hit: false });
		expect((await h.call('cache_set', { tenant_id: B, type: 'custom', key: 'x:t:acme:custom:secret', value: 1 })).key).toBe(
			't:globex:custom:x:t:acme:custom:secret',
		);
		// a crafted tag set in B's space naming A's key is ignored by invalidation
		await h.redis.sadd('t:globex:_tag:evil', 't:acme:custom:secret');
		expect(await h.call('cache_invalidate', { tenant_id: B, tag: 'evil' })).toEqual({ deleted: 0 });
		expect(await snapshotOf(A)).toEqual(before);
	});
});
