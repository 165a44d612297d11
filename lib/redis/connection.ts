import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

import { InvalidInputError, UpstreamError, redactSecrets } from '../errors';
import { SharedConnections } from '../connection-pool';

export type RedisMode = 'standalone' | 'sentinel' | 'cluster';

export interface HostPort {
	host: string;
	port: number;
}

/** Everything needed to reach Redis, whichever way it is deployed. */
export interface RedisConnectionConfig {
	mode: RedisMode;
	/** Standalone: `redis://[user@]host:port[/db]`, or `rediss://` for TLS. */
	url?: string;
	username?: string;
	password?: string;
	database?: number;
	tls?: boolean;
	/** Set false only for self-signed certificates you trust. */
	tlsRejectUnauthorized?: boolean;
	/** PEM bundle of a private certificate authority. */
	tlsCa?: string;
	/** Sentinel mode: the sentinels and the name of the monitored master. */
	sentinels?: HostPort[];
	sentinelName?: string;
	sentinelPassword?: string;
	/** Cluster mode: some or all of the cluster's nodes. */
	clusterNodes?: HostPort[];
	connectTimeoutMs?: number;
	commandTimeoutMs?: number;
}

export const DEFAULT_REDIS_CONFIG = {
	connectTimeoutMs: 5_000,
	commandTimeoutMs: 5_000,
} as const;

export type RedisClient = Redis | Cluster;

export function parseHostList(text: string, what: string): HostPort[] {
	const hosts = text
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part.length > 0)
		.map((part) => {
			const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(part);
			const port = match ? Number(match[2]) : NaN;
			if (!match || port < 1 || port > 65535) {
				throw new InvalidInputError(`${what}: "${part}" is not host:port (for example 10.0.0.5:26379).`);
			}
			return { host: match[1], port };
		});
	if (hosts.length === 0) throw new InvalidInputError(`${what} is empty: give at least one host:port.`);
	return hosts;
}

/**
 * Reads the standard variables of the `omnicrew-mcp` servers:
 * REDIS_URL, REDIS_PASSWORD, REDIS_SENTINELS + REDIS_SENTINEL_NAME (+ REDIS_SENTINEL_PASSWORD),
 * REDIS_CLUSTER_NODES, REDIS_TLS_REJECT_UNAUTHORIZED.
 */
export function redisConfigFromEnv(env: Readonly<Record<string, string | undefined>>): RedisConnectionConfig {
	const base: RedisConnectionConfig = {
		mode: 'standalone',
		password: env.REDIS_PASSWORD || undefined,
		tlsRejectUnauthorized: env.REDIS_TLS_REJECT_UNAUTHORIZED !== 'false',
	};
	if (env.REDIS_CLUSTER_NODES) {
		return { ...base, mode: 'cluster', clusterNodes: parseHostList(env.REDIS_CLUSTER_NODES, 'REDIS_CLUSTER_NODES'), tls: env.REDIS_TLS === 'true' };
	}
	if (env.REDIS_SENTINELS) {
		if (!env.REDIS_SENTINEL_NAME) {
			throw new InvalidInputError('REDIS_SENTINEL_NAME is required with REDIS_SENTINELS: the name of the master the sentinels monitor (often "mymaster").');
		}
		return {
			...base,
			mode: 'sentinel',
			sentinels: parseHostList(env.REDIS_SENTINELS, 'REDIS_SENTINELS'),
			sentinelName: env.REDIS_SENTINEL_NAME,
			sentinelPassword: env.REDIS_SENTINEL_PASSWORD || undefined,
			tls: env.REDIS_TLS === 'true',
		};
	}
	if (!env.REDIS_URL) {
		throw new InvalidInputError('REDIS_URL is not set: point it at your Redis, e.g. redis://127.0.0.1:6379 (or set REDIS_SENTINELS / REDIS_CLUSTER_NODES).');
	}
	return { ...base, url: env.REDIS_URL };
}

function tlsOptions(config: RedisConnectionConfig): RedisOptions['tls'] {
	const wantsTls = config.tls === true || (config.url?.startsWith('rediss://') ?? false);
	if (!wantsTls) return undefined;
	return {
		rejectUnauthorized: config.tlsRejectUnauthorized !== false,
		...(config.tlsCa ? { ca: config.tlsCa } : {}),
	};
}

function commonOptions(config: RedisConnectionConfig): RedisOptions {
	return {
		username: config.username || undefined,
		password: config.password || undefined,
		db: config.database,
		tls: tlsOptions(config),
		connectTimeout: config.connectTimeoutMs ?? DEFAULT_REDIS_CONFIG.connectTimeoutMs,
		commandTimeout: config.commandTimeoutMs ?? DEFAULT_REDIS_CONFIG.commandTimeoutMs,
		// A cache must fail fast and let the caller degrade, not queue commands for ever.
		maxRetriesPerRequest: 1,
		enableOfflineQueue: true,
		lazyConnect: true,
	};
}

function validateUrl(url: string): URL {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new InvalidInputError(`Redis URL "${redactSecrets(url)}" is not a URL: use redis://host:6379 or rediss://host:6380.`);
	}
	if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
		throw new InvalidInputError(`Redis URL must start with redis:// or rediss:// (got "${parsed.protocol}//").`);
	}
	return parsed;
}

/** Builds a client that connects lazily; callers `quit()` it when done. */
export function createRedisClient(config: RedisConnectionConfig): RedisClient {
	const options = commonOptions(config);
	switch (config.mode) {
		case 'cluster': {
			if (!config.clusterNodes?.length) throw new InvalidInputError('Cluster mode needs at least one cluster node (host:port).');
			const clusterOptions: ClusterOptions = {
				redisOptions: { ...options, db: undefined, lazyConnect: undefined },
				lazyConnect: true,
				enableOfflineQueue: true,
				dnsLookup: (address, callback) => callback(null, address),
			};
			return new Cluster(config.clusterNodes, clusterOptions);
		}
		case 'sentinel': {
			if (!config.sentinels?.length || !config.sentinelName) {
				throw new InvalidInputError('Sentinel mode needs the sentinels (host:port list) and the master name.');
			}
			return new Redis({
				...options,
				sentinels: config.sentinels,
				name: config.sentinelName,
				sentinelPassword: config.sentinelPassword || undefined,
				sentinelTLS: options.tls,
				enableTLSForSentinelMode: options.tls !== undefined,
			});
		}
		case 'standalone': {
			if (!config.url) throw new InvalidInputError('Standalone mode needs a Redis URL such as redis://127.0.0.1:6379.');
			const url = validateUrl(config.url);
			const urlDb = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined;
			if (urlDb !== undefined && (!Number.isInteger(urlDb) || urlDb < 0)) {
				throw new InvalidInputError(`Redis URL database "${url.pathname.slice(1)}" is not a number: use redis://host:6379/0.`);
			}
			// A password given on its own (credential field, REDIS_PASSWORD) wins over one in the URL;
			// a /db in the URL wins over the Database Number field, whose default is 0.
			return new Redis({
				...options,
				host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
				port: url.port ? Number(url.port) : 6379,
				username: config.username || decodeURIComponent(url.username) || undefined,
				password: config.password || decodeURIComponent(url.password) || undefined,
				db: urlDb ?? config.database ?? 0,
			});
		}
	}
}

/** Turns a socket or Redis error into a sentence that says what to check. */
export function describeRedisError(error: unknown): string {
	const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
	const message = error instanceof Error ? error.message : String(error);
	if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message)) {
		return 'Connection refused: is Redis running at that host and port?';
	}
	if (code === 'ENOTFOUND' || /ENOTFOUND|EAI_AGAIN/.test(message)) return 'Host not found: check the Redis host name.';
	if (code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) return 'Connection timed out: check the host, port and firewall.';
	if (code === 'ECONNRESET' || /ECONNRESET/.test(message)) {
		return 'Connection reset: this often happens when connecting without TLS to a TLS-only server (use rediss://).';
	}
	if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(message)) {
		return 'Authentication failed: check the Redis user name and password.';
	}
	if (/max.*retries|Stream isn't writeable|Connection is closed/i.test(message)) {
		return 'Redis is not reachable: the connection could not be established or was closed.';
	}
	return redactSecrets(message);
}

export function toUpstreamError(error: unknown): UpstreamError {
	return new UpstreamError(`Redis: ${describeRedisError(error)}`, { cause: error });
}

/** Connects, pings and disconnects; used by credential tests and `omnicrew-mcp` start-up. */
export async function pingRedis(config: RedisConnectionConfig): Promise<{ ok: true } | { ok: false; message: string }> {
	let client: RedisClient | undefined;
	// The socket error (ECONNREFUSED, ENOTFOUND...) arrives as an event; the rejected command
	// only says the connection closed, so the event is what tells the user what to fix.
	let socketError: unknown;
	try {
		client = createRedisClient({ ...config, connectTimeoutMs: config.connectTimeoutMs ?? 5_000 });
		client.on('error', (error: unknown) => {
			socketError ??= error;
		});
		await client.connect();
		await client.ping();
		return { ok: true };
	} catch (error) {
		return { ok: false, message: describeRedisError(socketError ?? error) };
	} finally {
		client?.disconnect();
	}
}

/** Quits politely when connected; otherwise stops reconnecting at once (quit would queue). */
export async function closeRedis(client: RedisClient): Promise<void> {
	if (client.status === 'ready') {
		await client.quit().catch(() => client.disconnect());
		return;
	}
	client.disconnect();
}

const sharedRedis = new SharedConnections<RedisClient>(closeRedis);

/**
 * A Redis connection for one execution, shared with the other executions of this process that
 * use the same settings; call `release()` when done instead of closing it.
 */
export async function acquireRedis(config: RedisConnectionConfig): Promise<{ value: RedisClient; release(): void }> {
	return await sharedRedis.acquire(config, () => {
		const client = createRedisClient(config);
		client.on('error', () => undefined); // failures surface on the command that hit them
		return client;
	});
}

/** Closes the shared connections now, e.g. when a test that ran node executions ends. */
export const closeSharedRedis = async (): Promise<void> => await sharedRedis.closeAll();
