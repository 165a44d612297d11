import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { errorMessageOf } from '../../lib/errors';
import { isCredentialSelected } from '../../lib/n8n/optional-credential';
import { REDIS_CREDENTIAL, redisConfigFromCredential, type RedisOmniCrewCredential } from '../../lib/redis/credential';
import type { QdrantCredential } from '../KnowledgeBase/server';
import { ODOO_CREDENTIAL, type OdooCredential } from '../Odoo/credential-test';
import { parseTtlOverrides } from '../TenantCache/cache/types';
import { MONGODB_CREDENTIAL, type MongoDbCredential } from '../TenantConfig/credential-test';
import { assertMongoSettings } from '../TenantConfig/store/mongo';
import { CrewSettingError, WITHOUT, crewRedisSettings, openCrewServices, settingProblem, type CrewSettings, type OpenedCrewServices, type SettingSource } from './assemble';
import { isLangChainChatModel, langChainPort } from './llm/langchain';
import type { ExtraTool } from './services';
import type { TenantUpstreams } from '../TenantConfig/schema/upstreams';

const QDRANT_CREDENTIAL = 'qdrantOmniCrewApi';

/** The crew's credentials, by type: the name users see, and what the crew does without it. */
const CREDENTIALS = {
	[REDIS_CREDENTIAL]: { label: 'Redis (OmniCrew)', without: WITHOUT.redis },
	[MONGODB_CREDENTIAL]: { label: 'MongoDB (OmniCrew)', without: WITHOUT.mongo },
	[ODOO_CREDENTIAL]: { label: 'Odoo API', without: WITHOUT.odoo },
	[QDRANT_CREDENTIAL]: { label: 'Qdrant API', without: WITHOUT.knowledge },
} as const;

type CrewCredential = keyof typeof CREDENTIALS;

const sourceOf = (type: CrewCredential): SettingSource => ({
	name: `The ${CREDENTIALS[type].label} credential`,
	remedy: 'Fix the credential or remove it from the node',
});

const CREDENTIAL_HELP = 'A credential selected on this node cannot be used. The crew runs without a service only when its credential is not selected at all.';

/**
 * n8n replaces a whole error message that mentions a socket error code (ECONNREFUSED...) with a
 * generic sentence ("The service refused the connection"), which would hide which credential and
 * which address failed; the codes are spelled out in words instead.
 */
const SOCKET_CODES: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ECONNABORTED: 'connection aborted',
	ENOTFOUND: 'host not found',
	ETIMEDOUT: 'timed out',
	EHOSTUNREACH: 'host unreachable',
	EADDRNOTAVAIL: 'address not available',
	EAI_AGAIN: 'name lookup failed',
	GETADDRINFO: 'name lookup',
};
const SOCKET_CODE = new RegExp(Object.keys(SOCKET_CODES).join('|'), 'gi');

export const withoutSocketCodes = (text: string): string => text.replace(SOCKET_CODE, (code) => SOCKET_CODES[code.toUpperCase()] ?? code);

function nodeError(ctx: IExecuteFunctions, message: string, description?: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), withoutSocketCodes(message), { description });
}

/** A selected credential the crew cannot use, as the node's error. */
function credentialError(ctx: IExecuteFunctions, type: CrewCredential, problem: string): NodeOperationError {
	return nodeError(ctx, settingProblem(sourceOf(type), problem, CREDENTIALS[type].without), CREDENTIAL_HELP);
}

/** An optional credential of the node, or undefined when none is selected; a selected one that cannot be read fails the node with its name. */
export async function selectedCredential<T extends object>(ctx: IExecuteFunctions, type: CrewCredential): Promise<T | undefined> {
	if (!isCredentialSelected(ctx.getNode(), type)) return undefined;
	try {
		return await ctx.getCredentials<T>(type);
	} catch (error) {
		throw credentialError(ctx, type, `could not be read: ${errorMessageOf(error)}`);
	}
}

/** Reads a credential's values into settings; a value the settings reject names the credential. */
function translate<T>(ctx: IExecuteFunctions, type: CrewCredential, read: () => T): T {
	try {
		return read();
	} catch (error) {
		throw credentialError(ctx, type, `is not valid: ${errorMessageOf(error)}`);
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
 * The crew's settings from a node's credentials and sub-nodes: MongoDB (tenant crews), Redis
 * (memory, stickiness, caches), and for agents Odoo, Qdrant and connected tools; a chat model.
 */
export interface CrewNodeOptions {
	agents: boolean;
	erp?: boolean;
	/** A tenant's own upstreams (tenant upstreams) instead of the node's Odoo and Qdrant credentials. */
	tenant?: TenantUpstreams;
}

/** What the tenant's upstreams say about the crew's Odoo and knowledge, as settings. */
function tenantCrewSettings(settings: CrewSettings, tenant: TenantUpstreams): void {
	const source: SettingSource = { name: `The tenant upstreams of tenant ${tenant.tenant_id}`, remedy: 'Fix them with the Tenant Config node\'s Set Upstreams' };
	if (tenant.odoo) {
		const secret = tenant.odoo.api_key ? { apiKey: tenant.odoo.api_key } : { password: tenant.odoo.password ?? '' };
		settings.odoo = { url: tenant.odoo.url, db: tenant.odoo.db, username: tenant.odoo.login, ...secret, source };
	}
	if (tenant.qdrant && settings.knowledge) settings.knowledge = { ...settings.knowledge, prefix: tenant.qdrant.collection_prefix };
}

export async function crewSettingsFromNode(ctx: IExecuteFunctions, options: CrewNodeOptions): Promise<CrewSettings> {
	const settings: CrewSettings = { erp: options.erp === true };
	const redis = await selectedCredential<RedisOmniCrewCredential>(ctx, REDIS_CREDENTIAL);
	if (redis) {
		settings.redis = translate(ctx, REDIS_CREDENTIAL, () =>
			crewRedisSettings(redisConfigFromCredential(redis), parseTtlOverrides(redis.ttlOverrides, 'TTL Overrides'), sourceOf(REDIS_CREDENTIAL)),
		);
	}
	const mongo = await selectedCredential<MongoDbCredential>(ctx, MONGODB_CREDENTIAL);
	if (mongo) {
		settings.mongo = translate(ctx, MONGODB_CREDENTIAL, () => ({
			...assertMongoSettings({ uri: mongo.connectionStringSecret, database: mongo.database }, 'Connection String'),
			source: sourceOf(MONGODB_CREDENTIAL),
		}));
	}
	const model = await ctx.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0).catch(() => undefined);
	if (isLangChainChatModel(model)) settings.llm = langChainPort(model);
	if (!options.agents) return settings;
	const odoo = options.tenant ? undefined : await selectedCredential<OdooCredential>(ctx, ODOO_CREDENTIAL);
	if (odoo) {
		const secret = odoo.authType === 'password' ? { password: odoo.apiKey } : { apiKey: odoo.apiKey };
		settings.odoo = { url: odoo.url, db: odoo.db, username: odoo.username, ...secret, source: sourceOf(ODOO_CREDENTIAL) };
	}
	const qdrant = await selectedCredential<QdrantCredential>(ctx, QDRANT_CREDENTIAL);
	if (qdrant) settings.knowledge = { url: qdrant.url, apiKey: qdrant.apiKey || undefined, prefix: qdrant.prefix || undefined, source: sourceOf(QDRANT_CREDENTIAL) };
	if (options.tenant) tenantCrewSettings(settings, options.tenant);
	const tools = await ctx.getInputConnectionData(NodeConnectionTypes.AiTool, 0).catch(() => undefined);
	if (tools) settings.extraTools = extraToolsOf(tools);
	return settings;
}

/**
 * The crew's services for one node execution. Only a credential the node does not have means
 * "without it"; one that is selected but cannot be read or reached fails the node, naming it.
 */
export async function crewServicesFromNode(ctx: IExecuteFunctions, options: CrewNodeOptions): Promise<OpenedCrewServices> {
	const settings = await crewSettingsFromNode(ctx, options);
	try {
		return await openCrewServices(settings);
	} catch (error) {
		throw nodeError(ctx, errorMessageOf(error), error instanceof CrewSettingError ? CREDENTIAL_HELP : undefined);
	}
}
