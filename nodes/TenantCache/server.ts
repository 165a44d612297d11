import { openInProcess } from '../../lib/mcp/in-process';
import { buildMcpServer, type ServerInfo } from '../../lib/mcp/server';
import type { ServerEntry } from '../../lib/mcp/registry';
import type { McpServer } from '../../lib/mcp/sdk';
import type { McpSession } from '../../lib/mcp/session';
import { VERSION } from '../../lib/version';
import { openCacheFromEnv } from './cache/from-env';
import { cacheTools, type CacheToolContext } from './tools';

export const CACHE_SERVER_INFO: ServerInfo = {
	name: 'omnicrew-cache',
	version: VERSION,
	instructions:
		'Tenant-scoped cache over Redis. Every call needs tenant_id (the Chatwoot account id); keys live under t:{tenant_id}:{type}:{key}. ' +
		'Use cache_get/cache_set around expensive lookups, cache_remember for single-flight computation, cache_seen for webhook idempotency, ' +
		'cache_lock/cache_unlock to serialise work per conversation, cache_invalidate to drop everything tagged after a change.',
};

export function createCacheServer(ctx: CacheToolContext): McpServer {
	return buildMcpServer(CACHE_SERVER_INFO, cacheTools, ctx);
}

/** The same tools as an embedded session, run in this process without MCP. */
export function openCacheSession(ctx: CacheToolContext, cleanup?: () => Promise<void>): McpSession {
	return openInProcess(CACHE_SERVER_INFO, cacheTools, ctx, cleanup);
}

export const cacheServerEntry: ServerEntry = {
	name: 'cache',
	summary: 'Tenant Cache over Redis: get/set with TTL per type, tag invalidation, single flight, idempotency marks, locks, stats.',
	variables: [
		{ name: 'REDIS_URL', required: true, description: 'redis://[user@]host:port[/db], or rediss:// for TLS (not needed with REDIS_SENTINELS or REDIS_CLUSTER_NODES)' },
		{ name: 'REDIS_PASSWORD', required: false, description: 'password, if not in the URL' },
		{ name: 'REDIS_SENTINELS', required: false, description: 'Sentinel mode: host:port,host:port of the sentinels' },
		{ name: 'REDIS_SENTINEL_NAME', required: false, description: 'Sentinel mode: name of the monitored master' },
		{ name: 'REDIS_SENTINEL_PASSWORD', required: false, description: 'Sentinel mode: password of the sentinels' },
		{ name: 'REDIS_CLUSTER_NODES', required: false, description: 'Cluster mode: host:port,host:port of some cluster nodes (keys become t:{tenant}:...)' },
		{ name: 'REDIS_TLS', required: false, description: 'true to use TLS with sentinels or cluster nodes' },
		{ name: 'REDIS_TLS_REJECT_UNAUTHORIZED', required: false, description: 'false to accept a self-signed certificate' },
		{ name: 'CACHE_TTL_OVERRIDES', required: false, description: 'JSON of type → seconds replacing default TTLs, e.g. {"stock":30}' },
	],
	tools: cacheTools,
	async open(env) {
		const { cache, close } = await openCacheFromEnv(env);
		return { build: () => createCacheServer({ cache }), close };
	},
};
