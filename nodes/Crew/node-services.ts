import { NodeApiError, NodeConnectionTypes, type IExecuteFunctions } from 'n8n-workflow';

import { linkInProcess, type McpSession } from '../../lib/mcp/client';
import { sharedSession } from '../../lib/mcp/shared-session';
import { acquireRedis } from '../../lib/redis/connection';
import { REDIS_CREDENTIAL, redisConfigFromCredential, type RedisOmniCrewCredential } from '../../lib/redis/credential';
import { sharedKnowledgeSession, type QdrantCredential } from '../KnowledgeBase/server';
import { ODOO_CREDENTIAL, odooClientFrom, type OdooCredential } from '../Odoo/credential-test';
import { createOdooServer } from '../Odoo/server';
import { TenantCache } from '../TenantCache/cache/tenant-cache';
import { parseTtlOverrides } from '../TenantCache/cache/types';
import { MONGODB_CREDENTIAL, mongoSettingsFrom, type MongoDbCredential } from '../TenantConfig/credential-test';
import { ConfigStore } from '../TenantConfig/store/config-store';
import { acquireMongo } from '../TenantConfig/store/mongo';
import { isLangChainChatModel, langChainPort } from './llm/langchain';
import { defaultsOnly, storeSource, type CrewServices, type ExtraTool } from './services';

async function optionalCredential<T>(ctx: IExecuteFunctions, name: string): Promise<T | undefined> {
	try {
		return await ctx.getCredentials<T & object>(name);
	} catch {
		return undefined;
	}
}

interface LangChainTool {
	name: string;
	description: string;
	invoke(input: unknown): Promise<unknown>;
}

const isTool = (value: unknown): value is LangChainTool =>
	typeof value === 'object' && value !== null && typeof (value as LangChainTool).name === 'string' && typeof (value as LangChainTool).invoke === 'function';

/** n8n tool sub-nodes (ai_tool) as extra tools; their input schema is passed as a single text. */
function extraToolsOf(connected: unknown): ExtraTool[] {
	const list = (Array.isArray(connected) ? connected : [connected]).flat().filter(isTool);
	return list.map((tool) => ({
		name: tool.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64),
		description: tool.description || tool.name,
		parameters: { type: 'object', properties: { input: { type: 'string', description: 'What to ask the tool.' } }, required: ['input'] },
		invoke: async (args) => {
			const output = await tool.invoke(typeof args.input === 'string' ? args.input : JSON.stringify(args));
			return typeof output === 'string' ? output : JSON.stringify(output);
		},
	}));
}

/**
 * The crew's services from a node's optional credentials and sub-nodes: MongoDB (tenant crews),
 * Redis (memory, stickiness, caches), Odoo and Qdrant (agents), a chat model and tools.
 */
export async function crewServicesFromNode(ctx: IExecuteFunctions, options: { agents: boolean; erp?: boolean }): Promise<{ services: CrewServices; close(): Promise<void> }> {
	const closers: Array<() => Promise<void>> = [];
	const close = async () => {
		for (const closer of closers.reverse()) await closer().catch(() => undefined);
	};
	try {
		const services: CrewServices = { config: defaultsOnly };
		const redisCredential = await optionalCredential<RedisOmniCrewCredential>(ctx, REDIS_CREDENTIAL);
		if (redisCredential) {
			const config = redisConfigFromCredential(redisCredential);
			const shared = await acquireRedis(config);
			const redis = shared.value;
			closers.push(async () => shared.release());
			services.cache = new TenantCache(redis, { ttlOverrides: parseTtlOverrides(redisCredential.ttlOverrides, 'TTL Overrides'), clusterHashTag: config.mode === 'cluster' });
		}
		const mongoCredential = await optionalCredential<MongoDbCredential>(ctx, MONGODB_CREDENTIAL);
		if (mongoCredential) {
			const shared = await acquireMongo(mongoSettingsFrom(mongoCredential));
			const mongo = shared.value;
			closers.push(async () => shared.release());
			services.config = storeSource(new ConfigStore(mongo.db, services.cache));
		}
		const model = await ctx.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0).catch(() => undefined);
		if (isLangChainChatModel(model)) services.llm = langChainPort(model);
		if (options.agents) {
			const link = async (settings: unknown, server: () => Parameters<typeof linkInProcess>[0]): Promise<McpSession> => {
				const session = await sharedSession(settings, async () => await linkInProcess(server()));
				closers.push(session.close);
				return session;
			};
			const odooCredential = await optionalCredential<OdooCredential>(ctx, ODOO_CREDENTIAL);
			if (odooCredential) {
				// A customer-facing agent never holds an erp_operator session, whatever it is asked.
				const profile = options.erp ? 'erp_operator' : 'customer';
				const session = await link(['odoo', profile, odooCredential], () => createOdooServer({ odoo: odooClientFrom(odooCredential), profile }));
				if (options.erp) services.odooErp = session;
				else services.odoo = session;
			}
			const qdrant = await optionalCredential<QdrantCredential>(ctx, 'qdrantOmniCrewApi');
			if (qdrant) {
				const session = await sharedKnowledgeSession(qdrant);
				closers.push(session.close);
				services.knowledge = session;
			}
			const tools = await ctx.getInputConnectionData(NodeConnectionTypes.AiTool, 0).catch(() => undefined);
			if (tools) services.extraTools = extraToolsOf(tools);
		}
		return { services, close };
	} catch (error) {
		await close();
		// A credential that cannot be opened (MongoDB down, bad Redis URL) fails the whole execution.
		throw new NodeApiError(ctx.getNode(), { message: error instanceof Error ? error.message : String(error) }, { message: error instanceof Error ? error.message : String(error) });
	}
}
