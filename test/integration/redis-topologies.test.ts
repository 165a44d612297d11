import { Redis } from 'ioredis';

import { createRedisClient, closeRedis, redisConfigFromEnv, type RedisClient } from '../../lib/redis/connection';
import { TenantCache } from '../../nodes/TenantCache/cache/tenant-cache';
import { startRedisCluster, startRedisSentinel, type Topology } from '../support/redis-topologies';

/** The same cache operations on Redis Cluster and behind Sentinel, the deployments docs promise. */
async function exercise(cache: TenantCache, redis: RedisClient, prefix: string): Promise<void> {
	await cache.set('acme', 'product', 'p1', { name: 'Cadeira' }, { tags: ['catalog', 'product:1'] });
	await cache.set('acme', 'price', 'p1', 10, { tags: ['product:1'] });
	await cache.set('globex', 'product', 'p1', 'other tenant', { tags: ['catalog'] });
	expect(await cache.get('acme', 'product', 'p1')).toMatchObject({ hit: true, value: { name: 'Cadeira' } });
	expect(await redis.get(`${prefix}product:p1`)).toBe('{"name":"Cadeira"}');

	expect(await cache.invalidate('acme', 'product:1')).toEqual({ deleted: 2 });
	expect(await cache.get('globex', 'product', 'p1')).toMatchObject({ hit: true });
	expect(await cache.invalidate('acme', 'catalog')).toEqual({ deleted: 0 });

	let computed = 0;
	const results = await Promise.all(
		Array.from({ length: 10 }, () =>
			cache.remember('acme', 'retrieval', 'q', async () => {
				computed++;
				await new Promise((resolve) => setTimeout(resolve, 50));
				return ['hit'];
			}),
		),
	);
	expect(computed).toBe(1);
	expect(results.every((r) => JSON.stringify(r.value) === '["hit"]')).toBe(true);

	const lock = await cache.lock('acme', 'conversation:1');
	expect((await cache.lock('acme', 'conversation:1')).acquired).toBe(false);
	expect(await cache.unlock('acme', 'conversation:1', lock.token)).toEqual({ released: true, reason: 'released' });
	expect(await cache.seen('acme', 'm1')).toEqual({ seen: false });
	expect(await cache.seen('acme', 'm1')).toEqual({ seen: true });
	expect((await cache.stats('acme')).total.hits).toBeGreaterThan(0);
}

describe('Redis Cluster (three masters)', () => {
	let cluster: Topology;
	let redis: RedisClient;

	beforeAll(async () => {
		cluster = await startRedisCluster();
		redis = createRedisClient(redisConfigFromEnv({ REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',') }));
	});
	afterAll(async () => {
		await closeRedis(redis);
		await cluster.stop();
	});

	it('keeps each tenant in one slot (t:{tenant}:) so every operation works', async () => {
		await exercise(new TenantCache(redis, { clusterHashTag: true }), redis, 't:{acme}:');
	});

	it('fails with CROSSSLOT without the hash tag — why cluster mode turns it on', async () => {
		const cache = new TenantCache(redis, { clusterHashTag: false });
		await expect(cache.set('acme', 'product', 'x', 1, { tags: ['t'] })).rejects.toThrow(/CROSSSLOT|slot/i);
	});
});

describe('Redis Sentinel', () => {
	let sentinel: Topology & { masterPort: number };
	let redis: RedisClient;

	beforeAll(async () => {
		sentinel = await startRedisSentinel();
		redis = createRedisClient(
			redisConfigFromEnv({ REDIS_SENTINELS: sentinel.nodes.map((n) => `${n.host}:${n.port}`).join(','), REDIS_SENTINEL_NAME: 'mymaster' }),
		);
	});
	afterAll(async () => {
		await closeRedis(redis);
		await sentinel.stop();
	});

	it('finds the master through the sentinel and runs every operation there', async () => {
		await exercise(new TenantCache(redis), redis, 't:acme:');
		const master = new Redis(sentinel.masterPort, '127.0.0.1');
		expect(await master.exists('t:acme:_seen:m1')).toBe(1);
		master.disconnect();
	});
});
