import type { Server } from 'node:http';

import { QdrantClient } from '@qdrant/js-client-rest';
import { Redis } from 'ioredis';
import { z } from 'zod/v4';

import type { ErrorKind, UpstreamFacts } from '../../lib/errors';
import { connectRemote, type ListedTool, type McpSession, type ToolOutcome } from '../../lib/mcp/client';
import type { ServerInfo } from '../../lib/mcp/dispatch';
import { openInProcess } from '../../lib/mcp/in-process';
import { serveHttp } from '../../lib/mcp/serve';
import { buildMcpServer } from '../../lib/mcp/server';
import type { ToolDefinition } from '../../lib/mcp/tool';
import { ChatwootClient } from '../../nodes/Chatwoot/client/chatwoot-client';
import { CHATWOOT_SERVER_INFO } from '../../nodes/Chatwoot/server';
import { chatwootTools } from '../../nodes/Chatwoot/tools';
import { CREW_SERVER_INFO } from '../../nodes/Crew/server';
import { defaultsOnly, type CrewServices } from '../../nodes/Crew/services';
import { crewTools } from '../../nodes/Crew/tools/crew-tools';
import { KNOWLEDGE_SERVER_INFO, openKnowledgeSession } from '../../nodes/KnowledgeBase/server';
import { KnowledgeStore } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { knowledgeTools } from '../../nodes/KnowledgeBase/tools';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { BINDING_META } from '../../nodes/Odoo/profile';
import { ODOO_SERVER_INFO, openOdooSession } from '../../nodes/Odoo/server';
import { odooTools } from '../../nodes/Odoo/tools';
import { TenantCache } from '../../nodes/TenantCache/cache/tenant-cache';
import { CACHE_SERVER_INFO } from '../../nodes/TenantCache/server';
import { cacheTools } from '../../nodes/TenantCache/tools';
import { CONFIG_SERVER_INFO } from '../../nodes/TenantConfig/server';
import { ConfigStore } from '../../nodes/TenantConfig/store/config-store';
import { DataStore } from '../../nodes/TenantConfig/store/data-store';
import { openMongo, type MongoConnection } from '../../nodes/TenantConfig/store/mongo';
import { configTools } from '../../nodes/TenantConfig/tools';
import { freePort, startFerretDb, startRedisServer, type FerretDbServer, type RedisServer } from '../../scripts/lib/runtime';
import { startChatwootEmulator, type ChatwootEmulator } from '../emulators/chatwoot';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';
import { seedKnowledge } from '../support/crew';

jest.setTimeout(180_000);

/**
 * Every tool of every server, called the embedded way (in process, `openInProcess`) and over MCP
 * (the Streamable HTTP transport `omnicrew-mcp --http` serves, with the SDK's client), must give
 * the same outcome: the same data, or the same kind, message and upstream facts. The two paths run
 * the same calls in the same order on two worlds started alike (their own emulators, Redis
 * database and MongoDB database), so writes leave both in the same state.
 */

type Data = Record<string, unknown>;
type Path = 'embedded' | 'mcp';

/** What one side of the comparison is made of. */
interface World {
	chatwoot: ChatwootEmulator;
	odoo: OdooEmulator;
	qdrant: QdrantEmulator;
	redis: Redis;
	mongo: MongoConnection;
	/** A conversation and its contact, made by a customer message before any call. */
	conversationId: number;
	contactId: number;
}

/** Results of the earlier calls of this side, by label: later calls take ids and tokens from them. */
type Earlier = Map<string, ToolOutcome>;

interface PlannedCall {
	tool: string;
	/** Names this call's outcome for later calls. */
	label?: string;
	args: Data | ((world: World, earlier: Earlier) => Data);
	meta?: (world: World, earlier: Earlier) => Data;
	/** Runs on the side's world just before the call (an injected fault). */
	before?: (world: World) => void;
	/** What the call must give, so a plan that fails everywhere alike cannot pass. */
	expect: 'ok' | ErrorKind;
	/** The upstream's own facts a failure must carry. */
	facts?: UpstreamFacts;
}

interface Suite {
	name: string;
	info: ServerInfo;
	tools: ReadonlyArray<ToolDefinition<never>>;
	/** The tools' context over one world. */
	context(world: World): unknown;
	calls: PlannedCall[];
}

const TENANT = 'acme';
const FAST_RETRY = { attempts: 1, baseDelayMs: 10, maxDelayMs: 20 };

const isRecord = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);
const dataOf = (earlier: Earlier, label: string): Data => {
	const outcome = earlier.get(label);
	if (!outcome?.ok) throw new Error(`the call labelled ${label} did not succeed: ${JSON.stringify(outcome)}`);
	return outcome.data;
};

/** A Monday two weeks ahead, so free slots do not depend on the hour the test runs. */
const MONDAY = (() => {
	const d = new Date();
	d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7) + 7);
	return d.toISOString().slice(0, 10);
})();

// --- volatile values -----------------------------------------------------------------------------

/** Keys whose values depend on the clock or on randomness, never on the path a call took. */
const VOLATILE_KEYS = new Set(['token', 'lease_token', 'waited_ms', 'ttl_seconds', 'created_at', 'updated_at', 'last_activity_at', 'timestamp', 'at', 'create_date', 'write_date', 'date', '_id', 'inserted_ids', 'elapsed_ms', 'ms']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function stable(value: unknown, key = ''): unknown {
	if (VOLATILE_KEYS.has(key) && value !== null && value !== undefined) return `<${key}>`;
	if (typeof value === 'string' && ISO_TIME.test(value)) return '<time>';
	if (typeof value === 'string') return value.replace(UUID, '<uuid>');
	if (Array.isArray(value)) return value.map((item) => stable(item));
	if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stable(v, k)]));
	return value;
}

// --- the plans -----------------------------------------------------------------------------------

const chatwootSuite: Suite = {
	name: 'chatwoot',
	info: CHATWOOT_SERVER_INFO,
	tools: chatwootTools as ReadonlyArray<ToolDefinition<never>>,
	context: (world) => ({ chatwoot: new ChatwootClient({ baseUrl: world.chatwoot.url, token: world.chatwoot.tokens.admin, retry: FAST_RETRY }) }),
	calls: [
		{ tool: 'chatwoot_get_conversation', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId }), expect: 'ok' },
		{ tool: 'chatwoot_send_message', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId, content: 'Olá! Como posso ajudar?' }), expect: 'ok' },
		{ tool: 'chatwoot_private_note', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId, content: 'Cliente VIP.' }), expect: 'ok' },
		{ tool: 'chatwoot_toggle_typing', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId, typing: 'on' }), expect: 'ok' },
		{ tool: 'chatwoot_set_labels', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId, add: ['vip', 'vendas'] }), expect: 'ok' },
		{ tool: 'chatwoot_set_custom_attributes', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId, attributes: { pedido: 'S00042' } }), expect: 'ok' },
		{ tool: 'chatwoot_list_messages', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId, limit: 10, include_private: true }), expect: 'ok' },
		{ tool: 'chatwoot_get_contact', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), contact_id: w.contactId }), expect: 'ok' },
		{ tool: 'chatwoot_update_contact', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), contact_id: w.contactId, name: 'Ana Conformidade' }), expect: 'ok' },
		{ tool: 'chatwoot_search_contacts', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), query: 'Conformidade' }), expect: 'ok' },
		{ tool: 'chatwoot_toggle_status', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId, status: 'pending' }), expect: 'ok' },
		{ tool: 'chatwoot_handoff', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId, reason: 'pediu um atendente' }), expect: 'ok' },
		// Chatwoot's own answers: a 404, and a 429 before the app (Rack::Attack)
		{ tool: 'chatwoot_get_conversation', args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: 999_999 }), expect: 'not_found', facts: { httpStatus: 404 } },
		{
			tool: 'chatwoot_get_conversation',
			before: (w) => w.chatwoot.failNext(/\/conversations\//, 429, { retryAfterSeconds: 0 }),
			args: (w) => ({ tenant_id: String(w.chatwoot.accountId), conversation_id: w.conversationId }),
			expect: 'upstream',
			facts: { httpStatus: 429 },
		},
	],
};

const odooClientOf = (world: World, login: 'admin' | 'portal') =>
	new OdooClient({
		url: world.odoo.url,
		db: world.odoo.db,
		username: world.odoo.users[login].login,
		...(login === 'admin' ? { apiKey: world.odoo.users.admin.apiKey } : { password: world.odoo.users.portal.password }),
		retry: FAST_RETRY,
	});

const bound = (earlier: Earlier) => ({ [BINDING_META]: { partner_id: dataOf(earlier, 'me').partner_id } });

const odooCustomerSuite: Suite = {
	name: 'odoo (customer profile)',
	info: ODOO_SERVER_INFO,
	tools: odooTools as ReadonlyArray<ToolDefinition<never>>,
	context: (world) => ({ odoo: odooClientOf(world, 'admin'), profile: 'customer' }),
	calls: [
		{ tool: 'odoo_product_search', label: 'chairs', args: { tenant_id: TENANT, query: 'cadeira ergonomica', limit: 3 }, expect: 'ok' },
		{ tool: 'odoo_stock_availability', args: { tenant_id: TENANT, query: 'cadeira' }, expect: 'ok' },
		{ tool: 'odoo_stock_availability', args: { tenant_id: TENANT, query: 'cadeira', warehouse: 'Manaus' }, expect: 'invalid_input' },
		{ tool: 'odoo_partner_find_or_create', label: 'me', args: { tenant_id: TENANT }, meta: () => ({ [BINDING_META]: { phone: '(31) 99111-2233', name: 'Nova Cliente' } }), expect: 'ok' },
		// what the caller's code puts in _meta reaches the tool: without a binding the customer profile refuses
		{ tool: 'odoo_partner_find_or_create', args: { tenant_id: TENANT, phone: '+55 11 90000-0000' }, expect: 'refused' },
		{ tool: 'odoo_search_read', args: { tenant_id: TENANT, model: 'res.partner', domain: [] }, expect: 'refused' },
		{ tool: 'odoo_calendar_free_slots', label: 'slots', args: { tenant_id: TENANT, date_from: MONDAY, date_to: MONDAY, duration_minutes: 60, max_slots: 5 }, expect: 'ok' },
		{
			tool: 'odoo_calendar_book',
			label: 'booked',
			args: (_w, earlier) => ({ tenant_id: TENANT, start: (dataOf(earlier, 'slots').slots as Data[])[0].start, duration_minutes: 60, title: 'Visita técnica' }),
			meta: (_w, earlier) => bound(earlier),
			expect: 'ok',
		},
		{
			tool: 'odoo_calendar_reschedule',
			args: (_w, earlier) => ({ tenant_id: TENANT, event_id: dataOf(earlier, 'booked').event_id, start: (dataOf(earlier, 'slots').slots as Data[])[2].start }),
			meta: (_w, earlier) => bound(earlier),
			expect: 'ok',
		},
		{ tool: 'odoo_calendar_cancel', args: (_w, earlier) => ({ tenant_id: TENANT, event_id: dataOf(earlier, 'booked').event_id }), meta: (_w, earlier) => bound(earlier), expect: 'ok' },
		{ tool: 'odoo_calendar_cancel', args: (_w, earlier) => ({ tenant_id: TENANT, event_id: dataOf(earlier, 'booked').event_id, confirm: true }), meta: (_w, earlier) => bound(earlier), expect: 'ok' },
		{
			tool: 'odoo_sale_order_create',
			args: (_w, earlier) => ({ tenant_id: TENANT, lines: [{ product_id: (dataOf(earlier, 'chairs').products as Data[])[0].id, quantity: 2 }] }),
			meta: (_w, earlier) => bound(earlier),
			expect: 'ok',
		},
		{ tool: 'odoo_order_status', args: { tenant_id: TENANT }, meta: (_w, earlier) => bound(earlier), expect: 'ok' },
	],
};

const odooErpSuite: Suite = {
	name: 'odoo (erp_operator profile)',
	info: ODOO_SERVER_INFO,
	tools: odooTools as ReadonlyArray<ToolDefinition<never>>,
	context: (world) => ({ odoo: odooClientOf(world, 'admin'), profile: 'erp_operator' }),
	calls: [
		{ tool: 'odoo_search_read', args: { tenant_id: TENANT, model: 'res.partner', domain: [['is_company', '=', true]], fields: ['name', 'email'], limit: 3, order: 'id' }, expect: 'ok' },
		{ tool: 'odoo_read', args: { tenant_id: TENANT, model: 'res.partner', ids: [1], fields: ['name'] }, expect: 'ok' },
		{ tool: 'odoo_count', args: { tenant_id: TENANT, model: 'product.product', domain: [['sale_ok', '=', true]] }, expect: 'ok' },
		{ tool: 'odoo_fields', args: { tenant_id: TENANT, model: 'res.partner', attributes: ['string', 'type'] }, expect: 'ok' },
		{ tool: 'odoo_create', label: 'partner', args: { tenant_id: TENANT, model: 'res.partner', values: { name: 'Conformidade Ltda' } }, expect: 'ok' },
		{ tool: 'odoo_write', args: (_w, earlier) => ({ tenant_id: TENANT, model: 'res.partner', ids: [dataOf(earlier, 'partner').id], values: { name: 'Conformidade SA' } }), expect: 'ok' },
		{ tool: 'odoo_post_message', args: (_w, earlier) => ({ tenant_id: TENANT, model: 'res.partner', res_id: dataOf(earlier, 'partner').id, body: 'Cliente pediu retorno.', kind: 'note' }), expect: 'ok' },
		{ tool: 'odoo_delete', args: (_w, earlier) => ({ tenant_id: TENANT, model: 'res.partner', ids: [dataOf(earlier, 'partner').id] }), expect: 'ok' },
		{ tool: 'odoo_delete', args: (_w, earlier) => ({ tenant_id: TENANT, model: 'res.partner', ids: [dataOf(earlier, 'partner').id], confirm: true }), expect: 'ok' },
		{ tool: 'odoo_call', args: { tenant_id: TENANT, model: 'product.product', method: 'search_count', kwargs: { domain: [] } }, expect: 'ok' },
		// Odoo's own errors, with their exception names
		{ tool: 'odoo_write', args: { tenant_id: TENANT, model: 'res.partner', ids: [999_999], values: { name: 'x' } }, expect: 'not_found', facts: { upstreamCode: 'odoo.exceptions.MissingError' } },
		{ tool: 'odoo_search_read', args: { tenant_id: TENANT, model: 'no.such.model', domain: [] }, expect: 'invalid_input' },
	],
};

const odooPortalSuite: Suite = {
	name: 'odoo (a portal login)',
	info: ODOO_SERVER_INFO,
	tools: odooTools as ReadonlyArray<ToolDefinition<never>>,
	context: (world) => ({ odoo: odooClientOf(world, 'portal'), profile: 'erp_operator' }),
	calls: [{ tool: 'odoo_create', args: { tenant_id: TENANT, model: 'res.partner', values: { name: 'x' } }, expect: 'refused', facts: { upstreamCode: 'odoo.exceptions.AccessError' } }],
};

const knowledgeSuite: Suite = {
	name: 'knowledge',
	info: KNOWLEDGE_SERVER_INFO,
	tools: knowledgeTools as ReadonlyArray<ToolDefinition<never>>,
	context: (world) => ({
		store: new KnowledgeStore(new QdrantClient({ url: world.qdrant.url, checkCompatibility: false }), { prefix: 'conformance_' }),
		odoo: odooClientOf(world, 'admin'),
	}),
	calls: [
		{
			tool: 'knowledge_upsert',
			args: {
				tenant_id: TENANT,
				collection: 'business_rules',
				documents: [{ id: 'frete-gratis', title: 'Frete grátis', text: 'Frete grátis acima de R$ 199 para todo o Brasil.', metadata: { topic: 'frete' } }],
			},
			expect: 'ok',
		},
		{ tool: 'knowledge_search', args: { tenant_id: TENANT, query: 'tem frete gratis?', top_k: 3 }, expect: 'ok' },
		{ tool: 'knowledge_search', args: { tenant_id: TENANT, query: 'frete', filter: { 'bad key!': 1 } }, expect: 'invalid_input' },
		{
			tool: 'knowledge_log_interaction',
			args: { tenant_id: TENANT, conversation_id: 318, channel: 'whatsapp', agent: 'sales', intent: 'sales', outcome: 'answered', question: 'Quanto custa a cadeira?', answer: 'R$ 1.899,90' },
			expect: 'ok',
		},
		{ tool: 'knowledge_sync_products', args: { tenant_id: TENANT }, expect: 'ok' },
		{ tool: 'knowledge_delete', args: { tenant_id: TENANT, collection: 'business_rules', ids: ['frete-gratis'] }, expect: 'ok' },
	],
};

const configSuite: Suite = {
	name: 'config',
	info: CONFIG_SERVER_INFO,
	tools: configTools as ReadonlyArray<ToolDefinition<never>>,
	context: (world) => ({ config: new ConfigStore(world.mongo.db), data: new DataStore(world.mongo.db, ['leads']) }),
	calls: [
		{ tool: 'config_get_tenant', args: { tenant_id: TENANT }, expect: 'ok' },
		{ tool: 'config_put_tenant', args: { tenant_id: TENANT, tenant: { name: 'Acme Ltda' }, author: 'conformance' }, expect: 'ok' },
		{ tool: 'config_get_crew', args: { tenant_id: TENANT, channel: 'whatsapp' }, expect: 'ok' },
		{ tool: 'config_put_crew', args: { tenant_id: TENANT, channel: 'whatsapp', crew: { router: { confidence_threshold: 0.7 } }, author: 'conformance' }, expect: 'ok' },
		{ tool: 'config_put_crew', args: { tenant_id: TENANT, channel: 'whatsapp', crew: { router: { confidence_threshold: 0.8 } }, expected_version: 1 }, expect: 'conflict' },
		{ tool: 'config_list_crews', args: { tenant_id: TENANT }, expect: 'ok' },
		{ tool: 'config_history', args: { tenant_id: TENANT, kind: 'crew', id: 'whatsapp' }, expect: 'ok' },
		{ tool: 'config_rollback', args: { tenant_id: TENANT, kind: 'crew', id: 'whatsapp', version: 1, author: 'conformance' }, expect: 'ok' },
		// this context keeps no upstreams: both paths refuse alike
		{ tool: 'config_get_upstreams', args: { tenant_id: TENANT }, expect: 'refused' },
		{ tool: 'config_put_upstreams', args: { tenant_id: TENANT, upstreams: {} }, expect: 'refused' },
		{ tool: 'data_insert', args: { tenant_id: TENANT, collection: 'leads', documents: [{ name: 'Ana', stage: 'new' }] }, expect: 'ok' },
		{ tool: 'data_update', args: { tenant_id: TENANT, collection: 'leads', filter: { name: 'Ana' }, update: { $set: { stage: 'won' } } }, expect: 'ok' },
		{ tool: 'data_find', args: { tenant_id: TENANT, collection: 'leads', filter: { stage: 'won' }, projection: { name: 1, stage: 1, _id: 0 } }, expect: 'ok' },
		{ tool: 'data_find', args: { tenant_id: TENANT, collection: 'leads', filter: { $where: 'sleep(1000) || true' } }, expect: 'refused' },
		{ tool: 'data_aggregate', args: { tenant_id: TENANT, collection: 'leads', pipeline: [{ $match: { stage: 'won' } }, { $project: { _id: 0, name: 1 } }] }, expect: 'ok' },
	],
};

const cacheSuite: Suite = {
	name: 'cache',
	info: CACHE_SERVER_INFO,
	tools: cacheTools as ReadonlyArray<ToolDefinition<never>>,
	context: (world) => ({ cache: new TenantCache(world.redis) }),
	calls: [
		{ tool: 'cache_set', args: { tenant_id: TENANT, type: 'product', key: 'CAD-ERG-01', value: { price: 1299.9 }, tags: ['catalog'] }, expect: 'ok' },
		{ tool: 'cache_get', args: { tenant_id: TENANT, type: 'product', key: 'CAD-ERG-01' }, expect: 'ok' },
		{ tool: 'cache_set', args: { tenant_id: TENANT, type: 'custom', key: 'big', value: 'x'.repeat(600 * 1024) }, expect: 'invalid_input' },
		{ tool: 'cache_remember', label: 'lease', args: { tenant_id: TENANT, type: 'retrieval', key: 'q1' }, expect: 'ok' },
		{ tool: 'cache_remember', args: (_w, earlier) => ({ tenant_id: TENANT, type: 'retrieval', key: 'q1', lease_token: dataOf(earlier, 'lease').lease_token, value: { hits: ['CAD-ERG-01'] } }), expect: 'ok' },
		{ tool: 'cache_seen', args: { tenant_id: TENANT, id: 'chatwoot:message:4711' }, expect: 'ok' },
		{ tool: 'cache_seen', args: { tenant_id: TENANT, id: 'chatwoot:message:4711' }, expect: 'ok' },
		{ tool: 'cache_lock', label: 'lock', args: { tenant_id: TENANT, name: 'conversation:7', ttl_seconds: 30 }, expect: 'ok' },
		{ tool: 'cache_lock', args: { tenant_id: TENANT, name: 'conversation:7', ttl_seconds: 30 }, expect: 'ok' },
		{ tool: 'cache_unlock', args: (_w, earlier) => ({ tenant_id: TENANT, name: 'conversation:7', token: dataOf(earlier, 'lock').token }), expect: 'ok' },
		{ tool: 'cache_delete', args: { tenant_id: TENANT, type: 'product', key: 'CAD-ERG-01' }, expect: 'ok' },
		{ tool: 'cache_invalidate', args: { tenant_id: TENANT, tag: 'catalog' }, expect: 'ok' },
		{ tool: 'cache_stats', args: { tenant_id: TENANT }, expect: 'ok' },
	],
};

const CONTACT = { name: 'Ana Souza', phone: '+5531991112233', email: null };

const crewSuite: Suite = {
	name: 'crew',
	info: CREW_SERVER_INFO,
	tools: crewTools as unknown as ReadonlyArray<ToolDefinition<never>>,
	context: (world): CrewServices => ({
		config: defaultsOnly,
		cache: new TenantCache(world.redis),
		odoo: openOdooSession({ odoo: odooClientOf(world, 'admin'), profile: 'customer' }),
		knowledge: openKnowledgeSession({ store: new KnowledgeStore(new QdrantClient({ url: world.qdrant.url, checkCompatibility: false }), { prefix: 'crew_' }) }),
		erp: false,
	}),
	calls: [
		{ tool: 'crew_list', args: { tenant_id: TENANT }, expect: 'ok' },
		{ tool: 'crew_route', args: { tenant_id: TENANT, channel: 'whatsapp', text: 'quanto custa a cadeira ergonomica?', conversation_id: 'c1' }, expect: 'ok' },
		{ tool: 'crew_handle_message', args: { tenant_id: TENANT, channel: 'whatsapp', text: 'quanto custa a cadeira ergonomica?', conversation_id: 'c2', contact: CONTACT }, expect: 'ok' },
		{ tool: 'crew_handle_message', args: { tenant_id: TENANT, channel: 'whatsapp', text: 'qual o prazo de troca?', conversation_id: 'c2', contact: CONTACT }, expect: 'ok' },
		{ tool: 'crew_agent_reply', args: { tenant_id: TENANT, channel: 'whatsapp', role: 'support', text: 'onde está meu pedido?', conversation_id: 'c3', contact: CONTACT }, expect: 'ok' },
		// a crew that does not serve Odoo users
		{ tool: 'crew_agent_reply', args: { tenant_id: TENANT, channel: 'whatsapp', role: 'erp_operator', text: 'qual o preço da cadeira?' }, expect: 'refused' },
	],
};

const SUITES: Suite[] = [chatwootSuite, odooCustomerSuite, odooErpSuite, odooPortalSuite, knowledgeSuite, configSuite, cacheSuite, crewSuite];

// --- calls with bad arguments, derived from each tool's schema -------------------------------------

interface JsonProperty {
	type?: string;
}

/** A value no schema of this JSON type accepts. */
function wrongValueFor(type: string | undefined): unknown {
	if (type === 'object') return 'not an object';
	if (type === 'array') return 'not a list';
	if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') return { not: type };
	return undefined;
}

/**
 * For a tool and a valid call of it: every argument missing, and the first required field (after
 * tenant_id, or tenant_id itself) of a wrong type; each must fail as invalid_input naming that field.
 */
function badCalls(tool: ToolDefinition<never>, valid: Data): Array<{ args: Data; field: string }> {
	const schema = z.toJSONSchema(tool.input, { io: 'input' }) as { properties?: Record<string, JsonProperty>; required?: string[] };
	const required = schema.required ?? [];
	const candidates = [...required.filter((field) => field !== 'tenant_id'), 'tenant_id'];
	const field = candidates.find((name) => name === 'tenant_id' || wrongValueFor(schema.properties?.[name]?.type) !== undefined) ?? 'tenant_id';
	const wrong = field === 'tenant_id' ? { not: 'a tenant' } : wrongValueFor(schema.properties?.[field]?.type);
	return [
		{ args: {}, field: 'tenant_id' },
		{ args: { ...valid, [field]: wrong }, field },
	];
}

// --- the two paths -------------------------------------------------------------------------------

async function openWorld(redisUrl: string, ferretUri: string, database: string): Promise<World> {
	const [chatwoot, odoo, qdrant] = await Promise.all([startChatwootEmulator({ botRetryDelayMs: 50 }), startOdooEmulator({ seed: 'brazil' }), startQdrantEmulator()]);
	const redis = new Redis(redisUrl, { lazyConnect: true });
	const mongo = await openMongo({ uri: ferretUri, database });
	await seedKnowledge(qdrant, TENANT, 'crew_');
	const { conversationId, contactId } = await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'Oi, tudo bem?', contact: { name: 'Cliente Conformidade', phone: '+5511988887777' } });
	return { chatwoot, odoo, qdrant, redis, mongo, conversationId, contactId };
}

async function closeWorld(world: World | undefined): Promise<void> {
	if (!world) return;
	world.redis.disconnect();
	await Promise.allSettled([world.chatwoot.close(), world.odoo.close(), world.qdrant.close(), world.mongo.close()]);
}

/** The suite's tools over MCP as `omnicrew-mcp --http` serves them, and the SDK client of a node in Remote mode. */
async function overHttp(suite: Suite, ctx: unknown): Promise<{ session: McpSession; close(): Promise<void> }> {
	const port = await freePort();
	const http: Server = await serveHttp({ build: () => buildMcpServer(suite.info, suite.tools, ctx as never), close: async () => undefined }, { port, host: '127.0.0.1' });
	const session = await connectRemote(`http://127.0.0.1:${port}/mcp`);
	return {
		session,
		close: async () => {
			await session.close();
			await new Promise<void>((resolve) => http.close(() => resolve()));
		},
	};
}

describe('embedded sessions and MCP give the same outcomes', () => {
	let redisServer: RedisServer;
	let ferret: FerretDbServer;
	const worlds: Partial<Record<Path, World>> = {};

	beforeAll(async () => {
		[redisServer, ferret] = await Promise.all([startRedisServer(), startFerretDb()]);
		// one Redis database and one MongoDB database per path: the same keys, apart
		worlds.embedded = await openWorld(`${redisServer.url}/1`, ferret.uri, 'conformance_embedded');
		worlds.mcp = await openWorld(`${redisServer.url}/2`, ferret.uri, 'conformance_mcp');
	});
	afterAll(async () => {
		await Promise.all([closeWorld(worlds.embedded), closeWorld(worlds.mcp)]);
		await Promise.allSettled([redisServer?.stop(), ferret?.stop()]);
	});

	it('plans calls for every tool of every server', () => {
		const servers = new Map<string, { tools: ReadonlyArray<ToolDefinition<never>>; called: Set<string> }>();
		for (const suite of SUITES) {
			const entry = servers.get(suite.info.name) ?? { tools: suite.tools, called: new Set<string>() };
			for (const call of suite.calls) entry.called.add(call.tool);
			servers.set(suite.info.name, entry);
		}
		expect([...servers.keys()].sort()).toEqual(['omnicrew-cache', 'omnicrew-chatwoot', 'omnicrew-config', 'omnicrew-crew', 'omnicrew-knowledge', 'omnicrew-odoo']);
		const uncovered = [...servers.values()].flatMap(({ tools, called }) => tools.map((tool) => tool.name).filter((name) => !called.has(name)));
		expect(uncovered).toEqual([]);
	});

	describe.each(SUITES.map((suite) => [suite.name, suite] as const))('%s', (_name, suite) => {
		const sessions: Partial<Record<Path, McpSession>> = {};
		let closeHttp: () => Promise<void> = async () => undefined;

		beforeAll(async () => {
			const embedded = worlds.embedded as World;
			const mcp = worlds.mcp as World;
			sessions.embedded = openInProcess(suite.info, suite.tools, suite.context(embedded) as never);
			const remote = await overHttp(suite, suite.context(mcp));
			sessions.mcp = remote.session;
			closeHttp = remote.close;
		});
		afterAll(async () => {
			await sessions.embedded?.close();
			await closeHttp();
		});

		it('lists the same names, descriptions, input schemas and annotations', async () => {
			const byName = (tools: ListedTool[]) => [...tools].sort((a, b) => a.name.localeCompare(b.name));
			const embedded = byName(await (sessions.embedded as McpSession).listTools());
			expect(embedded.map((tool) => tool.name)).toEqual(suite.tools.map((tool) => tool.name).sort());
			expect(embedded).toEqual(byName(await (sessions.mcp as McpSession).listTools()));
			expect(await (sessions.embedded as McpSession).listToolNames()).toEqual(await (sessions.mcp as McpSession).listToolNames());
		});

		it('gives the same outcome for each call, in order, bad arguments and unknown tools included', async () => {
			const earlier: Record<Path, Earlier> = { embedded: new Map(), mcp: new Map() };
			const mismatches: string[] = [];
			const run = async (title: string, call: (path: Path) => Promise<ToolOutcome>, check: (outcome: ToolOutcome) => string | undefined) => {
				const embedded = await call('embedded');
				const mcp = await call('mcp');
				const problem = check(embedded);
				if (problem) mismatches.push(`${title}: ${problem}; got ${JSON.stringify(embedded).slice(0, 400)}`);
				try {
					expect(stable(mcp)).toEqual(stable(embedded));
				} catch (error) {
					mismatches.push(`${title}: the paths differ\n${error instanceof Error ? error.message : String(error)}`);
				}
				return { embedded, mcp };
			};

			for (const [i, planned] of suite.calls.entries()) {
				const argsOf = (path: Path) => (typeof planned.args === 'function' ? planned.args(worlds[path] as World, earlier[path]) : planned.args);
				const { embedded, mcp } = await run(
					`#${i} ${planned.tool}`,
					async (path) => {
						planned.before?.(worlds[path] as World);
						return await (sessions[path] as McpSession).callTool(planned.tool, argsOf(path), planned.meta?.(worlds[path] as World, earlier[path]));
					},
					(outcome) => {
						const got = outcome.ok ? 'ok' : outcome.kind;
						if (got !== planned.expect) return `expected ${planned.expect}`;
						const facts = outcome.ok ? {} : { httpStatus: outcome.httpStatus, upstreamCode: outcome.upstreamCode };
						const missing = Object.entries(planned.facts ?? {}).filter(([name, value]) => facts[name as keyof UpstreamFacts] !== value);
						return missing.length ? `expected the upstream facts ${JSON.stringify(planned.facts)}` : undefined;
					},
				);
				if (planned.label) {
					earlier.embedded.set(planned.label, embedded);
					earlier.mcp.set(planned.label, mcp);
				}
			}

			// every tool: its arguments all missing, and one field of a wrong type
			for (const tool of suite.tools) {
				const valid = suite.calls.find((call) => call.tool === tool.name && typeof call.args !== 'function')?.args as Data | undefined;
				for (const bad of badCalls(tool, valid ?? { tenant_id: TENANT })) {
					await run(
						`${tool.name} with ${JSON.stringify(bad.args).slice(0, 120)}`,
						async (path) => await (sessions[path] as McpSession).callTool(tool.name, bad.args),
						(outcome) => (outcome.ok || outcome.kind !== 'invalid_input' ? 'expected invalid_input' : outcome.message.includes(bad.field) ? undefined : `the message does not name ${bad.field}`),
					);
				}
			}

			const prefix = suite.tools[0].name.split('_')[0];
			await run(
				'an unknown tool',
				async (path) => await (sessions[path] as McpSession).callTool(`${prefix}_no_such_tool`, { tenant_id: TENANT }),
				(outcome) => (!outcome.ok && outcome.kind === 'invalid_input' && outcome.message.includes(`${prefix}_no_such_tool`) ? undefined : 'expected invalid_input naming the tool'),
			);

			expect(mismatches).toEqual([]);
		});
	});
});
