import { closeRedis, createRedisClient, pingRedis, redisConfigFromEnv } from '../../../lib/redis/connection';
import { TenantCache } from './tenant-cache';
import { parseTtlOverrides } from './types';

type Env = Readonly<Record<string, string | undefined>>;

export interface OpenedCache {
	cache: TenantCache;
	close(): Promise<void>;
}

/** Whether the environment names a Redis at all (URL, sentinels or cluster nodes). */
export const redisConfigured = (env: Env): boolean => Boolean(env.REDIS_URL || env.REDIS_SENTINELS || env.REDIS_CLUSTER_NODES);

/** The tenant cache from the REDIS_* variables; checked with a ping so a typo fails at start. */
export async function openCacheFromEnv(env: Env): Promise<OpenedCache> {
	const config = redisConfigFromEnv(env);
	const ttlOverrides = parseTtlOverrides(env.CACHE_TTL_OVERRIDES, 'CACHE_TTL_OVERRIDES');
	const ping = await pingRedis(config);
	if (!ping.ok) throw new Error(`Redis: ${ping.message}`);
	const redis = createRedisClient(config);
	redis.on('error', () => undefined); // reconnection errors surface on the commands that fail
	const cache = new TenantCache(redis, { ttlOverrides, clusterHashTag: config.mode === 'cluster' });
	return { cache, close: async () => await closeRedis(redis) };
}
