import { parseHostList, type RedisConnectionConfig, type RedisMode } from './connection';

export const REDIS_CREDENTIAL = 'redisOmniCrewApi';

/** The fields of the `Redis (OmniCrew)` credential, as n8n hands them to nodes. */
export interface RedisOmniCrewCredential {
	mode?: RedisMode;
	url?: string;
	user?: string;
	password?: string;
	database?: number;
	tls?: boolean;
	tlsRejectUnauthorized?: boolean;
	tlsCa?: string;
	sentinels?: string;
	sentinelName?: string;
	sentinelPassword?: string;
	clusterNodes?: string;
	ttlOverrides?: string;
}

export function redisConfigFromCredential(credential: RedisOmniCrewCredential): RedisConnectionConfig {
	const mode = credential.mode ?? 'standalone';
	const common: RedisConnectionConfig = {
		mode,
		username: credential.user || undefined,
		password: credential.password || undefined,
		tls: credential.tls === true,
		tlsRejectUnauthorized: credential.tlsRejectUnauthorized !== false,
		tlsCa: credential.tlsCa || undefined,
	};
	if (mode === 'cluster') return { ...common, clusterNodes: parseHostList(credential.clusterNodes ?? '', 'Cluster Nodes') };
	if (mode === 'sentinel') {
		return {
			...common,
			sentinels: parseHostList(credential.sentinels ?? '', 'Sentinels'),
			sentinelName: credential.sentinelName,
			sentinelPassword: credential.sentinelPassword || undefined,
			database: credential.database,
		};
	}
	return { ...common, url: credential.url || 'redis://127.0.0.1:6379', database: credential.database };
}
