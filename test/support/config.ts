import { Redis } from 'ioredis';

import type { McpSession } from '../../lib/mcp/client';
import { openInProcess } from '../../lib/mcp/in-process';
import { TenantCache } from '../../nodes/TenantCache/cache/tenant-cache';
import { CONFIG_SERVER_INFO } from '../../nodes/TenantConfig/server';
import { ConfigStore } from '../../nodes/TenantConfig/store/config-store';
import { DataStore } from '../../nodes/TenantConfig/store/data-store';
import { openMongo, type MongoConnection } from '../../nodes/TenantConfig/store/mongo';
import { configTools } from '../../nodes/TenantConfig/tools';
import { UpstreamStore } from '../../nodes/TenantConfig/store/upstream-store';
import { SecretBox } from '../../lib/secret-box';

export interface ConfigHarness {
	mongo: MongoConnection;
	redis?: Redis;
	session: McpSession;
	call(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
	refuse(tool: string, args: Record<string, unknown>): Promise<{ kind: string; message: string }>;
	close(): Promise<void>;
}

/** The config server over a real MongoDB wire protocol (FerretDB) and, optionally, a real Redis cache. */
export async function openConfigHarness(uri: string, options: { database: string; redisUrl?: string; collections?: string[]; secretsKey?: string }): Promise<ConfigHarness> {
	const mongo = await openMongo({ uri, database: options.database });
	const redis = options.redisUrl ? new Redis(options.redisUrl, { lazyConnect: true }) : undefined;
	const cache = redis ? new TenantCache(redis) : undefined;
	const upstreams = new UpstreamStore(mongo.db, options.secretsKey ? new SecretBox(options.secretsKey) : null);
	const session = openInProcess(CONFIG_SERVER_INFO, configTools, { config: new ConfigStore(mongo.db, cache), data: new DataStore(mongo.db, options.collections), upstreams });
	return {
		mongo,
		redis,
		session,
		async call(tool, args) {
			const outcome = await session.callTool(tool, args);
			if (!outcome.ok) throw new Error(`${tool} failed (${outcome.kind}): ${outcome.message}`);
			return outcome.data;
		},
		async refuse(tool, args) {
			const outcome = await session.callTool(tool, args);
			if (outcome.ok) throw new Error(`${tool} should have failed but returned ${JSON.stringify(outcome.data)}`);
			return { kind: outcome.kind, message: outcome.message };
		},
		async close() {
			await session.close();
			redis?.disconnect();
			await mongo.close();
		},
	};
}
