/**
 * Everything a channel crew runs against, on loopback: the Chatwoot, Odoo (Brazilian demo shop),
 * Qdrant and OpenAI-compatible emulators, a real Redis and a real FerretDB, with the shop's
 * products, policies and procedures in the knowledge base. Shared by the demo, the end-to-end
 * tests and the crew benchmark, so all three run the templates against the same world. The demo
 * can swap the Odoo emulator for the user's own Odoo; the rest of the world stays as it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { QdrantClient } from '@qdrant/js-client-rest';

import { KnowledgeStore, type KnowledgeDocument } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { syncProducts, type SyncResult } from '../../nodes/KnowledgeBase/sync';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import type { OdooConfig } from '../../nodes/Odoo/client/types';
import { startChatwootEmulator, type ChatwootEmulator } from '../../test/emulators/chatwoot';
import { startOdooEmulator, type OdooEmulator } from '../../test/emulators/odoo';
import { startOpenAiEmulator, type OpenAiEmulator } from '../../test/emulators/openai';
import { startQdrantEmulator, type QdrantEmulator } from '../../test/emulators/qdrant';
import { repoRoot, type N8nApi, type WorkflowJson } from './n8n-instance';
import { startFerretDb, startRedisServer, type FerretDbServer, type RedisServer } from './runtime';

export const QDRANT_KEY = 'omnicrew-qdrant-key';
export const KNOWLEDGE_PREFIX = 'omnicrew_';
export const ODOO_WEBHOOK_SECRET = 'omnicrew-odoo-webhook-secret';

/** An Odoo and a login to it: the emulator's admin, or the user's own Odoo (API key or password). */
export interface OdooLogin {
	url: string;
	db: string;
	login: string;
	secret: { apiKey: string } | { password: string };
}

/** A client for `login`; `config` tunes timeouts and retries (e.g. a quick first contact). */
export function odooClientFor(login: OdooLogin, config: Pick<OdooConfig, 'timeoutMs' | 'retry'> = {}): OdooClient {
	return new OdooClient({ url: login.url, db: login.db, username: login.login, ...login.secret, ...config });
}

export interface CrewServices {
	chatwoot: ChatwootEmulator;
	/** The Odoo emulator, when the stack runs one (not with an Odoo of one's own). */
	odoo?: OdooEmulator;
	/** The Odoo the crews use: the emulator's admin or the Odoo given in the options. */
	odooLogin: OdooLogin;
	qdrant: QdrantEmulator;
	openai: OpenAiEmulator;
	redis: RedisServer;
	ferret: FerretDbServer;
	/** The Chatwoot account: the tenant every message belongs to. */
	tenantId: string;
	/** The catalog sync into the knowledge base at start. */
	catalog: SyncResult;
	close(): Promise<void>;
}

/** The stack with the Odoo emulator, whose records tests read and whose faults they inject. */
export interface CrewStack extends CrewServices {
	odoo: OdooEmulator;
}

export interface CrewStackOptions {
	/** Ports for the emulators (random when absent), e.g. fixed ones for the demo. */
	ports?: Partial<Record<'chatwoot' | 'odoo' | 'qdrant' | 'openai' | 'redis' | 'ferret', number>>;
	botRetryDelayMs?: number;
	/** An Odoo of one's own instead of the emulator: its catalog is synced, the shop's policies stay. */
	odoo?: OdooLogin;
}

function knowledgeFile(name: string): KnowledgeDocument[] {
	return JSON.parse(readFileSync(join(repoRoot(), 'bench', 'data', 'knowledge', name), 'utf8')) as KnowledgeDocument[];
}

function emulatorLogin(odoo: OdooEmulator): OdooLogin {
	const admin = odoo.users.admin;
	return { url: odoo.url, db: odoo.db, login: admin.login, secret: admin.apiKey ? { apiKey: admin.apiKey } : { password: admin.password } };
}

/** The demo shop's policies and procedures, and the catalog synced from Odoo as the knowledge-sync template does. */
export async function seedShopKnowledge(qdrant: QdrantEmulator, odoo: OdooLogin, tenantId: string): Promise<SyncResult> {
	const store = new KnowledgeStore(new QdrantClient({ url: qdrant.url, apiKey: QDRANT_KEY, checkCompatibility: false }), { prefix: KNOWLEDGE_PREFIX });
	await store.upsert(tenantId, 'support_procedures', knowledgeFile('procedures.json'));
	await store.upsert(tenantId, 'business_rules', knowledgeFile('rules.json'));
	return await syncProducts(store, odooClientFor(odoo), tenantId, { full: true });
}

export async function startCrewStack(options?: CrewStackOptions & { odoo?: undefined }): Promise<CrewStack>;
export async function startCrewStack(options: CrewStackOptions): Promise<CrewServices>;
export async function startCrewStack(options: CrewStackOptions = {}): Promise<CrewServices> {
	const ports = options.ports ?? {};
	const started: Array<{ close(): Promise<void> }> = [];
	const keep = <T extends object>(service: T, close: () => Promise<void>): T => {
		started.push({ close });
		return service;
	};
	try {
		const [chatwoot, odoo, qdrant, openai, redis, ferret] = await Promise.all([
			startChatwootEmulator({ port: ports.chatwoot, botRetryDelayMs: options.botRetryDelayMs ?? 500 }).then((s) => keep(s, () => s.close())),
			options.odoo ? Promise.resolve(undefined) : startOdooEmulator({ port: ports.odoo, seed: 'brazil', version: '17.0' }).then((s) => keep(s, () => s.close())),
			startQdrantEmulator({ port: ports.qdrant, apiKey: QDRANT_KEY }).then((s) => keep(s, () => s.close())),
			startOpenAiEmulator({ port: ports.openai }).then((s) => keep(s, () => s.close())),
			startRedisServer({ port: ports.redis }).then((s) => keep(s, () => s.stop())),
			startFerretDb({ port: ports.ferret }).then((s) => keep(s, () => s.stop())),
		]);
		const odooLogin = options.odoo ?? emulatorLogin(odoo as OdooEmulator);
		const tenantId = String(chatwoot.accountId);
		const catalog = await seedShopKnowledge(qdrant, odooLogin, tenantId);
		return {
			chatwoot,
			odoo,
			odooLogin,
			qdrant,
			openai,
			redis,
			ferret,
			tenantId,
			catalog,
			async close() {
				await Promise.allSettled(started.map((service) => service.close()));
			},
		};
	} catch (error) {
		await Promise.allSettled(started.map((service) => service.close()));
		throw error;
	}
}

export type CredentialRefs = Record<string, { id: string; name: string }>;

/** Creates, in a running n8n, every credential the templates reference (by type), pointing at the stack. */
export async function createStackCredentials(api: N8nApi, stack: CrewServices): Promise<CredentialRefs> {
	const make = async (name: string, type: string, data: Record<string, unknown>) => ({ id: await api.createCredential(name, type, data), name });
	const odoo = stack.odooLogin;
	return {
		chatwootOmniCrewApi: await make('Chatwoot API', 'chatwootOmniCrewApi', {
			baseUrl: stack.chatwoot.url,
			accessToken: stack.chatwoot.tokens.bot,
			accountId: stack.chatwoot.accountId,
			webhookSecret: stack.chatwoot.bot.secret,
		}),
		redisOmniCrewApi: await make('Redis (OmniCrew)', 'redisOmniCrewApi', { mode: 'standalone', url: stack.redis.url }),
		odooOmniCrewApi: await make('Odoo API', 'odooOmniCrewApi', {
			url: odoo.url,
			db: odoo.db,
			username: odoo.login,
			// the credential keeps either secret in its apiKey field; authType says which it is
			apiKey: 'apiKey' in odoo.secret ? odoo.secret.apiKey : odoo.secret.password,
			authType: 'apiKey' in odoo.secret ? 'apiKey' : 'password',
			webhookSecret: ODOO_WEBHOOK_SECRET,
		}),
		qdrantOmniCrewApi: await make('Qdrant API', 'qdrantOmniCrewApi', { url: stack.qdrant.url, apiKey: QDRANT_KEY, prefix: KNOWLEDGE_PREFIX }),
		mongoDbOmniCrewApi: await make('MongoDB (OmniCrew)', 'mongoDbOmniCrewApi', { connectionStringSecret: stack.ferret.uri, database: 'omnicrew' }),
		openAiApi: await make('OpenAI (scripted)', 'openAiApi', { apiKey: stack.openai.apiKey, url: stack.openai.url }),
	};
}

/** The trigger's production path: `<webhookId>/<path>` of the workflow's first webhook node. */
export function triggerPath(workflow: WorkflowJson): string {
	const trigger = workflow.nodes.find((node) => typeof node.webhookId === 'string');
	if (!trigger) throw new Error(`${workflow.name} has no webhook trigger`);
	const path = String(trigger.type).endsWith('odooTrigger') ? 'odoo' : 'chatwoot';
	return `${String(trigger.webhookId)}/${path}`;
}

const CHAT_MODEL = 'OpenAI Chat Model';

/**
 * The same template with n8n's own OpenAI chat-model node connected to every node that takes a
 * chat model (Crew Router, Specialist Agents) — what a user does to add an LLM — and its own
 * webhook id, so both variants can be active at once.
 */
export function withChatModel(workflow: WorkflowJson, model: string): WorkflowJson {
	const consumers = workflow.nodes.filter((node) => /\.(crewRouter|specialistAgent)$/.test(String(node.type))).map((node) => String(node.name));
	const connections = structuredClone(workflow.connections) as Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;
	connections[CHAT_MODEL] = { ai_languageModel: [consumers.map((node) => ({ node, type: 'ai_languageModel', index: 0 }))] };
	return {
		...workflow,
		name: `${workflow.name} (chat model)`,
		nodes: [
			...workflow.nodes.map((node) => (typeof node.webhookId === 'string' ? { ...node, webhookId: `${node.webhookId.slice(0, -4)}11ab` } : node)),
			{
				parameters: { model: { __rl: true, mode: 'id', value: model }, responsesApiEnabled: false, options: {} },
				id: 'c7a1b2c3-d4e5-4f60-8a9b-0c1d2e3f4a5b',
				name: CHAT_MODEL,
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.3,
				position: [900, 300],
				credentials: { openAiApi: { id: 'openAiCredential', name: 'OpenAI (scripted)' } },
			},
		],
		connections,
	};
}

/** A copy of a channel template in which every message is its own turn (no burst window): for load runs. */
export function withoutBurstGrouping(workflow: WorkflowJson): WorkflowJson {
	const nodes = workflow.nodes.map((node) => {
		if (!String(node.type).endsWith('.chatwootTrigger')) return node;
		const parameters = (node.parameters ?? {}) as { options?: Record<string, unknown> };
		return { ...node, parameters: { ...parameters, options: { ...parameters.options, groupingWindowSeconds: 0 } } };
	});
	return { ...workflow, nodes };
}
