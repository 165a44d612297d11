import { closeAllSharedConnections } from '../../lib/connection-pool';
import { InvalidInputError } from '../../lib/errors';
import { openInProcess } from '../../lib/mcp/in-process';
import type { ServerEntry } from '../../lib/mcp/registry';
import { buildMcpServer, type ServerInfo } from '../../lib/mcp/server';
import type { McpServer } from '../../lib/mcp/sdk';
import type { McpSession } from '../../lib/mcp/session';
import type { ToolDefinition } from '../../lib/mcp/tool';
import { redisConfigFromEnv } from '../../lib/redis/connection';
import { VERSION } from '../../lib/version';
import { redisConfigured } from '../TenantCache/cache/from-env';
import { parseTtlOverrides } from '../TenantCache/cache/types';
import { assertMongoSettings } from '../TenantConfig/store/mongo';
import { crewRedisSettings, openCrewServices, type CrewSettings, type OpenedCrewServices, type SettingSource } from './assemble';
import { openAiPort } from './llm/openai';
import type { CrewServices } from './services';
import { crewTools } from './tools/crew-tools';

export const CREW_SERVER_INFO: ServerInfo = {
	name: 'omnicrew-crew',
	version: VERSION,
	instructions:
		'The OmniCrew brain. crew_route says which specialist (sales, scheduling, business_rules, support) or a human should answer a customer message; crew_handle_message routes it and returns the agent\'s grounded reply without sending it; crew_list shows each channel\'s crew. Every call is scoped to tenant_id.',
};

const crewToolList = crewTools as unknown as ReadonlyArray<ToolDefinition<CrewServices>>;

export function createCrewServer(services: CrewServices): McpServer {
	return buildMcpServer(CREW_SERVER_INFO, crewToolList, services);
}

/** The same tools as an embedded session, run in this process without MCP. */
export function openCrewSession(services: CrewServices, cleanup?: () => Promise<void>): McpSession {
	return openInProcess(CREW_SERVER_INFO, crewToolList, services, cleanup);
}

type Env = Readonly<Record<string, string | undefined>>;

const envSource = (name: string): SettingSource => ({ name, remedy: `Fix ${name} or unset it` });

/** OMNICREW_CREW_ERP: the server answers as erp_operator only when it is started for Odoo users. */
export function crewErpFromEnv(env: Env): boolean {
	const value = (env.OMNICREW_CREW_ERP ?? '').trim().toLowerCase();
	if (value === '' || value === 'false') return false;
	if (value === 'true') return true;
	throw new InvalidInputError(`OMNICREW_CREW_ERP must be true or false (got "${env.OMNICREW_CREW_ERP ?? ''}").`);
}

/** The crew's settings from the environment of `omnicrew-mcp crew`; each service is optional. */
export function crewSettingsFromEnv(env: Env): CrewSettings {
	const settings: CrewSettings = { erp: crewErpFromEnv(env) };
	if (redisConfigured(env)) {
		const name = env.REDIS_CLUSTER_NODES ? 'REDIS_CLUSTER_NODES' : env.REDIS_SENTINELS ? 'REDIS_SENTINELS' : 'REDIS_URL';
		settings.redis = crewRedisSettings(redisConfigFromEnv(env), parseTtlOverrides(env.CACHE_TTL_OVERRIDES, 'CACHE_TTL_OVERRIDES'), envSource(name));
	}
	if (env.MONGODB_URI) settings.mongo = { ...assertMongoSettings({ uri: env.MONGODB_URI, database: env.MONGODB_DB }, 'MONGODB_URI/MONGODB_DB'), source: envSource('MONGODB_URI') };
	if (env.ODOO_URL && env.ODOO_DB && env.ODOO_USERNAME && (env.ODOO_API_KEY || env.ODOO_PASSWORD)) {
		const secret = env.ODOO_API_KEY ? { apiKey: env.ODOO_API_KEY } : { password: env.ODOO_PASSWORD };
		settings.odoo = { url: env.ODOO_URL, db: env.ODOO_DB, username: env.ODOO_USERNAME, ...secret, source: envSource('ODOO_URL') };
	}
	if (env.QDRANT_URL) settings.knowledge = { url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY || undefined, prefix: env.KNOWLEDGE_COLLECTION_PREFIX || undefined, source: envSource('QDRANT_URL') };
	if (env.OPENAI_BASE_URL || env.OPENAI_API_KEY) {
		settings.llm = openAiPort({ baseUrl: env.OPENAI_BASE_URL || 'https://api.openai.com/v1', apiKey: env.OPENAI_API_KEY, model: env.OPENAI_MODEL || 'gpt-4o-mini' });
	}
	return settings;
}

/** Opens, from the environment, every service the crew can use (see `openCrewServices`). */
export async function crewServicesFromEnv(env: Env): Promise<OpenedCrewServices> {
	return await openCrewServices(crewSettingsFromEnv(env));
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
		{
			name: 'OMNICREW_CREW_ERP',
			required: false,
			description: 'true lets crew_agent_reply answer as erp_operator (every Odoo tool, for Odoo users); only for a server customers cannot reach. Default false',
		},
	],
	tools: crewTools,
	async open(env) {
		const { services, close } = await crewServicesFromEnv(env);
		return {
			build: () => createCrewServer(services),
			close: async () => {
				await close();
				// The server is stopping: its pooled connections go now, not after their idle time.
				await closeAllSharedConnections();
			},
		};
	},
};
