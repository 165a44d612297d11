import { QdrantClient } from '@qdrant/js-client-rest';

import { linkInProcess, type McpSession } from '../../lib/mcp/client';
import type { ServerEntry } from '../../lib/mcp/registry';
import { buildMcpServer, type ServerInfo } from '../../lib/mcp/server';
import type { McpServer } from '../../lib/mcp/sdk';
import type { ToolDefinition } from '../../lib/mcp/tool';
import { VERSION } from '../../lib/version';
import { createKnowledgeServer } from '../KnowledgeBase/server';
import { KnowledgeStore } from '../KnowledgeBase/store/knowledge-store';
import { OdooClient } from '../Odoo/client/odoo-client';
import { createOdooServer } from '../Odoo/server';
import { openCacheFromEnv, redisConfigured } from '../TenantCache/cache/from-env';
import { ConfigStore } from '../TenantConfig/store/config-store';
import { assertMongoSettings, openMongo } from '../TenantConfig/store/mongo';
import { openAiPort } from './llm/openai';
import { defaultsOnly, storeSource, type CrewServices } from './services';
import { crewTools } from './tools/crew-tools';

export const CREW_SERVER_INFO: ServerInfo = {
	name: 'omnicrew-crew',
	version: VERSION,
	instructions:
		'The OmniCrew brain. crew_route says which specialist (sales, scheduling, business_rules, support) or a human should answer a customer message; crew_handle_message routes it and returns the agent\'s grounded reply without sending it; crew_list shows each channel\'s crew. Every call is scoped to tenant_id.',
};

export function createCrewServer(services: CrewServices): McpServer {
	return buildMcpServer(CREW_SERVER_INFO, crewTools as unknown as ReadonlyArray<ToolDefinition<CrewServices>>, services);
}

/** Opens, from the environment, every service the crew can use; each one is optional. */
export async function crewServicesFromEnv(env: Readonly<Record<string, string | undefined>>): Promise<{ services: CrewServices; close(): Promise<void> }> {
	const closers: Array<() => Promise<void>> = [];
	const close = async () => {
		for (const closer of closers.reverse()) await closer().catch(() => undefined);
	};
	try {
		const services: CrewServices = { config: defaultsOnly };
		if (redisConfigured(env)) {
			const opened = await openCacheFromEnv(env);
			closers.push(opened.close);
			services.cache = opened.cache;
		}
		if (env.MONGODB_URI) {
			const mongo = await openMongo(assertMongoSettings({ uri: env.MONGODB_URI, database: env.MONGODB_DB }, 'MONGODB_URI/MONGODB_DB'));
			closers.push(mongo.close);
			services.config = storeSource(new ConfigStore(mongo.db, services.cache));
		}
		const link = async (server: McpServer): Promise<McpSession> => {
			const session = await linkInProcess(server);
			closers.push(session.close);
			return session;
		};
		if (env.ODOO_URL && env.ODOO_DB && env.ODOO_USERNAME && (env.ODOO_API_KEY || env.ODOO_PASSWORD)) {
			const odoo = new OdooClient({ url: env.ODOO_URL, db: env.ODOO_DB, username: env.ODOO_USERNAME, apiKey: env.ODOO_API_KEY, password: env.ODOO_PASSWORD });
			services.odoo = await link(createOdooServer({ odoo, profile: 'customer' }));
			services.odooErp = await link(createOdooServer({ odoo, profile: 'erp_operator' }));
		}
		if (env.QDRANT_URL) {
			const client = new QdrantClient({ url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY || undefined, checkCompatibility: false });
			services.knowledge = await link(createKnowledgeServer({ store: new KnowledgeStore(client, { prefix: env.KNOWLEDGE_COLLECTION_PREFIX || undefined }) }));
		}
		if (env.OPENAI_BASE_URL || env.OPENAI_API_KEY) {
			services.llm = openAiPort({ baseUrl: env.OPENAI_BASE_URL || 'https://api.openai.com/v1', apiKey: env.OPENAI_API_KEY, model: env.OPENAI_MODEL || 'gpt-4o-mini' });
		}
		return { services, close };
	} catch (error) {
		await close();
		throw error;
	}
}

export const crewServerEntry: ServerEntry = {
	name: 'crew',
	summary: 'The crew brain: routes customer messages to a specialist or a human and answers them from Odoo and the knowledge base; runs with no other service (default crews, embedded answers).',
	variables: [
		{ name: 'REDIS_URL', required: false, description: 'conversation memory, stickiness, answer cache and token budgets (REDIS_SENTINELS / REDIS_CLUSTER_NODES as for the cache server)' },
		{ name: 'MONGODB_URI, MONGODB_DB', required: false, description: 'tenant crews and settings (built-in defaults without it)' },
		{ name: 'ODOO_URL, ODOO_DB, ODOO_USERNAME, ODOO_API_KEY', required: false, description: 'prices, stock, orders and calendar (or ODOO_PASSWORD instead of the key)' },
		{ name: 'QDRANT_URL, QDRANT_API_KEY, KNOWLEDGE_COLLECTION_PREFIX', required: false, description: 'the knowledge base (policies, procedures, products)' },
		{ name: 'OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL', required: false, description: 'an optional OpenAI-compatible chat model (embedded router and answers without it)' },
	],
	tools: crewTools,
	async open(env) {
		const { services, close } = await crewServicesFromEnv(env);
		return { build: () => createCrewServer(services), close };
	},
};
