import type { ServerEntry } from '../../lib/mcp/registry';
import { buildMcpServer, type ServerInfo } from '../../lib/mcp/server';
import type { McpServer } from '../../lib/mcp/sdk';
import { VERSION } from '../../lib/version';
import { openCacheFromEnv, redisConfigured } from '../TenantCache/cache/from-env';
import { ConfigStore } from './store/config-store';
import { DataStore, parseDataCollections } from './store/data-store';
import { assertMongoSettings, openMongo } from './store/mongo';
import { configTools, type ConfigToolContext } from './tools';
import { UpstreamStore } from './store/upstream-store';
import { SecretBox } from '../../lib/secret-box';

export const CONFIG_SERVER_INFO: ServerInfo = {
	name: 'omnicrew-config',
	version: VERSION,
	instructions:
		'Each tenant\'s configuration in MongoDB: the tenant (hours, channels, hand-off rules, language, token budget) and one crew per channel (agents, instructions, tools, router). ' +
		'Reads return the tenant\'s override or the built-in defaults; every change is a new version that can be rolled back. ' +
		'data_* tools read and write the tenant\'s structured data on an allowlist of collections. Every call is scoped to tenant_id.',
};

export function createConfigServer(ctx: ConfigToolContext): McpServer {
	return buildMcpServer(CONFIG_SERVER_INFO, configTools, ctx);
}

export const configServerEntry: ServerEntry = {
	name: 'config',
	toolPrefixes: ['config', 'data'],
	summary: 'Tenant and crew configuration in MongoDB (defaults in code, versioned overrides, rollback) and tenant-scoped structured data.',
	variables: [
		{ name: 'MONGODB_URI', required: true, description: 'mongodb:// or mongodb+srv:// connection string of a MongoDB-compatible server (MongoDB, FerretDB)' },
		{ name: 'MONGODB_DB', required: false, description: 'database name (default omnicrew)' },
		{ name: 'MONGODB_DATA_COLLECTIONS', required: false, description: 'comma-separated collections the data_* tools may use (default contacts,leads,tickets,notes,events,records)' },
		{ name: 'OMNICREW_SECRETS_KEY', required: false, description: 'the key (32+ characters) that seals tenants\' upstream tokens and secrets at rest (config_put_upstreams); the same on every process, or they cannot be read' },
		{ name: 'REDIS_URL', required: false, description: 'a Redis to cache configuration reads (type config); without it every read goes to MongoDB. REDIS_SENTINELS / REDIS_CLUSTER_NODES work as for the cache server' },
	],
	tools: configTools,
	async open(env) {
		if (!env.MONGODB_URI) throw new Error('MONGODB_URI is not set: point it at your MongoDB, e.g. mongodb://127.0.0.1:27017.');
		const settings = assertMongoSettings({ uri: env.MONGODB_URI, database: env.MONGODB_DB }, 'MONGODB_URI/MONGODB_DB');
		const collections = parseDataCollections(env.MONGODB_DATA_COLLECTIONS, 'MONGODB_DATA_COLLECTIONS');
		const mongo = await openMongo(settings);
		let cache: Awaited<ReturnType<typeof openCacheFromEnv>> | undefined;
		try {
			cache = redisConfigured(env) ? await openCacheFromEnv(env) : undefined;
		} catch (error) {
			await mongo.close();
			throw error;
		}
		const ctx: ConfigToolContext = {
			config: new ConfigStore(mongo.db, cache?.cache),
			data: new DataStore(mongo.db, collections),
			upstreams: new UpstreamStore(mongo.db, env.OMNICREW_SECRETS_KEY ? new SecretBox(env.OMNICREW_SECRETS_KEY) : null),
		};
		return {
			build: () => createConfigServer(ctx),
			close: async () => {
				await cache?.close();
				await mongo.close();
			},
		};
	},
};
