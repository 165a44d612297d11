/* eslint-disable @n8n/community-nodes/require-node-api-error -- a layer below the nodes, shared with
   omnicrew-mcp: it throws typed errors, and the nodes turn them into NodeOperationError. */
import { OmniCrewError, errorMessageOf, redactSecrets } from '../../lib/errors';
import type { McpSession } from '../../lib/mcp/session';
import { sharedSession } from '../../lib/mcp/shared-session';
import type { RetryPolicy } from '../../lib/resilience';
import { acquireRedis, describeRedisError, type RedisClient, type RedisConnectionConfig } from '../../lib/redis/connection';
import { sharedKnowledgeSession } from '../KnowledgeBase/server';
import { OdooClient } from '../Odoo/client/odoo-client';
import { openOdooSession } from '../Odoo/server';
import { TenantCache } from '../TenantCache/cache/tenant-cache';
import type { TtlOverrides } from '../TenantCache/cache/types';
import { ConfigStore } from '../TenantConfig/store/config-store';
import { acquireMongo } from '../TenantConfig/store/mongo';
import type { ChatModelPort } from './llm/port';
import { defaultsOnly, storeSource, type CrewServices, type ExtraTool } from './services';

/**
 * Where a setting came from, for messages: "The Redis (OmniCrew) credential" or "REDIS_URL", and
 * how to fix it or do without it ("Fix the credential or remove it from the node").
 */
export interface SettingSource {
	name: string;
	remedy: string;
}

/** What the crew does without each optional service: the end of every message about one. */
export const WITHOUT = {
	redis: 'run without memory (no conversation memory, stickiness, deduplication of answers or token budget)',
	mongo: 'run with the built-in default crews',
	odoo: 'run without Odoo (agents hand off what needs prices, stock, orders or the calendar)',
	knowledge: 'run without the knowledge base',
} as const;

export interface CrewRedisSettings {
	config: RedisConnectionConfig;
	ttlOverrides?: TtlOverrides;
	source: SettingSource;
}

/**
 * The crew's Redis settings, with the defaults written out (TLS off, certificates checked,
 * database 0) so that the same Redis read from a credential or from REDIS_* shares one pooled
 * connection.
 */
export function crewRedisSettings(config: RedisConnectionConfig, ttlOverrides: TtlOverrides | undefined, source: SettingSource): CrewRedisSettings {
	const canonical: RedisConnectionConfig = {
		...config,
		tls: config.tls === true,
		tlsRejectUnauthorized: config.tlsRejectUnauthorized !== false,
		// a cluster has no database number
		database: config.mode === 'cluster' ? undefined : (config.database ?? 0),
	};
	return { config: canonical, ttlOverrides, source };
}

export interface CrewMongoSettings {
	uri: string;
	database: string;
	source: SettingSource;
}

export interface CrewOdooSettings {
	url: string;
	db: string;
	username: string;
	apiKey?: string;
	password?: string;
	source: SettingSource;
}

export interface CrewKnowledgeSettings {
	url: string;
	apiKey?: string;
	prefix?: string;
	source: SettingSource;
}

/**
 * Everything the crew may use, whatever it was read from (n8n credentials and sub-nodes, or the
 * environment of `omnicrew-mcp crew`). Each service is optional; one that is given must work.
 */
export interface CrewSettings {
	redis?: CrewRedisSettings;
	mongo?: CrewMongoSettings;
	odoo?: CrewOdooSettings;
	knowledge?: CrewKnowledgeSettings;
	llm?: ChatModelPort;
	extraTools?: ExtraTool[];
	/** Serve the ERP agent too (erp_operator). */
	erp: boolean;
}

export interface OpenedCrewServices {
	services: CrewServices;
	close(): Promise<void>;
}

/** A customer is waiting: one quick retry, not the Odoo client's patient default. */
export const CREW_ODOO_RETRY: RetryPolicy = { attempts: 2, baseDelayMs: 200, maxDelayMs: 1_000 };

/** "<setting> is set but <problem>. <remedy> to <run without it>." — never a secret. */
export function settingProblem(source: SettingSource, problem: string, without: string): string {
	const sentence = /[.?!]$/.test(problem.trim()) ? problem.trim() : `${problem.trim()}.`;
	return redactSecrets(`${source.name} is set but ${sentence} ${source.remedy} to ${without}.`);
}

/** A setting that is given but cannot be used; says which one, what failed and how to go on. */
export class CrewSettingError extends OmniCrewError {
	constructor(source: SettingSource, problem: string, without: string) {
		super('upstream', settingProblem(source, problem, without));
		this.name = 'CrewSettingError';
	}
}

/** Where a Redis is, for messages: hosts and ports only, never a user or a password. */
export function describeRedisTarget(config: RedisConnectionConfig): string {
	const hosts = (list: Array<{ host: string; port: number }> | undefined) => (list ?? []).map((h) => `${h.host}:${h.port}`).join(', ');
	if (config.mode === 'cluster') return `cluster nodes ${hosts(config.clusterNodes)}`;
	if (config.mode === 'sentinel') return `sentinels ${hosts(config.sentinels)} (master "${config.sentinelName ?? ''}")`;
	try {
		const url = new URL(config.url ?? '');
		return `${url.hostname || '127.0.0.1'}:${url.port || '6379'}`;
	} catch {
		return 'the configured address';
	}
}

/** Clients of the shared Redis connections that answered once; the others are checked on use. */
const redisChecks = new WeakMap<RedisClient, Promise<void>>();

/**
 * A pooled Redis connection is checked the first time it is used: a Redis that was never
 * reachable fails the execution with a message saying so. One that answered once and goes down
 * later degrades like any outage (the cache's commands fail and the crew answers without memory).
 */
async function checkRedis(client: RedisClient): Promise<void> {
	let check = redisChecks.get(client);
	if (!check) {
		check = (async () => {
			// The socket's own error (refused, unknown host) arrives as an event; the rejected command
			// only says that the connection closed.
			let socketError: unknown;
			const onError = (error: unknown) => {
				socketError ??= error;
			};
			client.on('error', onError);
			try {
				await client.ping();
			} catch (error) {
				throw new Error(describeRedisError(socketError ?? error));
			} finally {
				client.off('error', onError);
			}
		})();
		const current = check;
		redisChecks.set(client, current);
		current.catch(() => {
			if (redisChecks.get(client) === current) redisChecks.delete(client);
		});
	}
	await check;
}

/**
 * The one place the crew's services are built, for the n8n nodes and `omnicrew-mcp crew` alike:
 * Redis and MongoDB connections and embedded Odoo and knowledge sessions come from the shared
 * per-process pools, Odoo clients retry with `CREW_ODOO_RETRY`. Redis and MongoDB are reached
 * here, so a wrong one fails now instead of leaving the crew silently without it.
 */
export async function openCrewServices(settings: CrewSettings): Promise<OpenedCrewServices> {
	const closers: Array<() => Promise<void>> = [];
	const close = async () => {
		for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
	};
	try {
		const services: CrewServices = { config: defaultsOnly, erp: settings.erp };
		if (settings.redis) {
			const { config, ttlOverrides, source } = settings.redis;
			let redis: RedisClient;
			try {
				const shared = await acquireRedis(config);
				closers.push(async () => shared.release());
				redis = shared.value;
				await checkRedis(redis);
			} catch (error) {
				throw new CrewSettingError(source, `Redis at ${describeRedisTarget(config)} could not be used: ${errorMessageOf(error)}`, WITHOUT.redis);
			}
			services.cache = new TenantCache(redis, { ttlOverrides, clusterHashTag: config.mode === 'cluster' });
		}
		if (settings.mongo) {
			const { uri, database, source } = settings.mongo;
			try {
				const shared = await acquireMongo({ uri, database });
				closers.push(async () => shared.release());
				services.config = storeSource(new ConfigStore(shared.value.db, services.cache));
			} catch (error) {
				throw new CrewSettingError(source, errorMessageOf(error), WITHOUT.mongo);
			}
		}
		const share = async (key: unknown, open: () => McpSession): Promise<McpSession> => {
			const session = await sharedSession(key, open);
			closers.push(session.close);
			return session;
		};
		if (settings.odoo) {
			const { source, ...connection } = settings.odoo;
			const config = { ...connection, retry: CREW_ODOO_RETRY };
			const odooSession = async (profile: 'customer' | 'erp_operator') => {
				try {
					return await share(['crew-odoo', profile, config], () => openOdooSession({ odoo: new OdooClient(config), profile }));
				} catch (error) {
					throw new CrewSettingError(source, `is not valid: ${errorMessageOf(error)}`, WITHOUT.odoo);
				}
			};
			services.odoo = await odooSession('customer');
			// Only a crew that serves the ERP agent holds a session under the erp_operator profile.
			if (settings.erp) services.odooErp = await odooSession('erp_operator');
		}
		if (settings.knowledge) {
			const { source, ...qdrant } = settings.knowledge;
			try {
				new URL(qdrant.url);
			} catch {
				throw new CrewSettingError(source, `its URL "${redactSecrets(qdrant.url)}" is not a URL (e.g. http://127.0.0.1:6333).`, WITHOUT.knowledge);
			}
			const session = await sharedKnowledgeSession(qdrant);
			closers.push(session.close);
			services.knowledge = session;
		}
		if (settings.llm) services.llm = settings.llm;
		if (settings.extraTools?.length) services.extraTools = settings.extraTools;
		return { services, close };
	} catch (error) {
		await close();
		throw error;
	}
}
