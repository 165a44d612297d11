#!/usr/bin/env node
/**
 * Builds `../data/contract-17.json` / `-18.json` / `-19.json`, the `seed: 'contract'` data, from the recorded
 * corpus in `test/contracts/odoo` (v18 from `v18/`, v19 from `v19/`; scripts/record-odoo.ts runs it after recording):
 *
 *   node test/emulators/odoo/tools/harvest-contract-seed.mjs
 *
 * It replays the corpus in the README's order and keeps, per model, the first value seen for each field of
 * each demo record (records created during the recording, and records after the corpus wrote to them, are
 * skipped), the field metadata that `fields_get` answered, the labels of many2one values, the session
 * info blobs and the stock figures per context. The emulator's ORM then computes everything else.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../../contracts/odoo');
export const ORDER = [
	'version', 'authenticate', 'search_read', 'search_count', 'read', 'fields_get', 'name_search', 'partner_crud', 'read_deleted',
	'access_error', 'bad_domain', 'bad_method', 'stock', 'sale_order', 'session_flow', 'protocol', 'errors', 'calendar', 'discuss',
	'pricing', 'product_search', 'partner_phone', 'partner_phone_lib',
];
/** Files only some versions have, after the common ones. */
const VERSION_FILES = { 17: [], 18: [], 19: ['json2'] };

/** Field name -> related model, for many2one/x2many values whose model never answered `fields_get`. */
const RELATIONS = {
	partner_id: 'res.partner', parent_id: 'res.partner', commercial_partner_id: 'res.partner', author_id: 'res.partner', partner_ids: 'res.partner',
	child_ids: 'res.partner', partner_invoice_id: 'res.partner', partner_shipping_id: 'res.partner', res_partner_id: 'res.partner',
	company_id: 'res.company', company_ids: 'res.company', currency_id: 'res.currency', country_id: 'res.country', state_id: 'res.country.state',
	user_id: 'res.users', create_uid: 'res.users', write_uid: 'res.users', user_ids: 'res.users', categ_id: 'product.category',
	uom_id: 'uom.uom', uom_po_id: 'uom.uom', product_uom: 'uom.uom', product_id: 'product.product', product_tmpl_id: 'product.template',
	product_variant_ids: 'product.product', product_variant_id: 'product.product', location_id: 'stock.location', lot_stock_id: 'stock.location',
	warehouse_id: 'stock.warehouse', taxes_id: 'account.tax', tax_id: 'account.tax', order_id: 'sale.order', order_line: 'sale.order.line',
	pricelist_id: 'product.pricelist', property_product_pricelist: 'product.pricelist', item_ids: 'product.pricelist.item',
	event_id: 'calendar.event', attendee_ids: 'calendar.attendee', channel_id: 'discuss.channel', channel_member_ids: 'discuss.channel.member',
	subtype_id: 'mail.message.subtype', category_id: 'res.partner.category', picking_ids: 'stock.picking', attribute_id: 'product.attribute',
	attribute_line_ids: 'product.template.attribute.line', product_template_attribute_value_ids: 'product.template.attribute.value',
	group_public_id: 'res.groups', product_attribute_value_id: 'product.attribute.value', lot_id: 'stock.lot', location_dest_id: 'stock.location', tax_group_id: 'account.tax.group',
};
/** Overrides by model (the generic table above is wrong for these). */
const MODEL_RELATIONS = { 'uom.uom': { category_id: 'uom.category' }, 'product.template.attribute.line': { value_ids: 'product.attribute.value' } };
/**
 * Models whose records are (also) created as side effects; ids from this one on were created while recording.
 * A recording's `recording.json` (`firstNewIds`, read from the server before the first request) takes precedence.
 */
const CREATED_FROM = {
	17: { 'mail.message': 279, 'calendar.attendee': 15, 'sale.order.line': 51, 'stock.picking': 25, 'discuss.channel.member': 3, 'product.pricelist.item': 1, 'stock.move': 1e9 },
	18: { 'mail.message': 354, 'calendar.attendee': 15, 'sale.order.line': 51, 'stock.picking': 17, 'discuss.channel.member': 9, 'product.pricelist.item': 1, 'stock.move': 1e9 },
};
const MUTATORS = new Set(['write', 'unlink', 'action_confirm']);

function callOf(exchange) {
	const body = exchange.request.body;
	if (!body || typeof body !== 'object') return undefined;
	const params = body.params ?? {};
	if (exchange.request.path === '/jsonrpc') {
		if (params.service !== 'object' || !Array.isArray(params.args)) return undefined;
		const [, uid, , model, method, args = [], kwargs = {}] = params.args;
		return { uid, model, method, args, kwargs };
	}
	if (exchange.request.path.startsWith('/web/dataset/call_kw')) return { uid: 0, model: params.model, method: params.method, args: params.args ?? [], kwargs: params.kwargs ?? {} };
	const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(exchange.request.path);
	if (json2) {
		const { ids, ...kwargs } = body;
		return { uid: 0, model: json2[1], method: json2[2], args: ids === undefined ? [] : [ids], kwargs };
	}
	return undefined;
}

function idsOf(value) {
	if (typeof value === 'number') return [value];
	return Array.isArray(value) ? value.filter((v) => typeof v === 'number') : [];
}

/** The answer's result: JSON-RPC's `result`, or a JSON-2 body when it succeeded. */
function resultOf(exchange) {
	const body = exchange.response.body;
	if (exchange.request.path.startsWith('/json/2/')) return exchange.response.status === 200 ? body : undefined;
	return body?.result;
}

function harvest(version) {
	const dir = version === 17 ? root : join(root, `v${version}`);
	const meta = existsSync(join(dir, 'recording.json')) ? JSON.parse(readFileSync(join(dir, 'recording.json'), 'utf8')) : undefined;
	const createdFrom = meta?.firstNewIds ?? CREATED_FROM[version];
	const files = [...ORDER, ...VERSION_FILES[version]].map((file) => JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')));
	const firstCreated = {};
	for (const exchange of files.flat()) {
		const call = callOf(exchange);
		const createdModel = call?.method === 'create' ? call.model : call?.method === 'message_post' ? 'mail.message' : undefined;
		const ids = typeof createdModel === 'string' ? idsOf(resultOf(exchange)) : [];
		if (ids.length) firstCreated[createdModel] = Math.min(firstCreated[createdModel] ?? Infinity, ...ids);
	}
	const models = {};
	const created = {};
	const tainted = new Set();
	const sessions = {};
	const logins = {};
	const stock = {};
	const model = (name) => (models[name] ??= { fields: {}, fieldOrder: [], records: {} });
	const relationOf = (modelName, field) => models[modelName]?.fields[field]?.relation ?? MODEL_RELATIONS[modelName]?.[field] ?? RELATIONS[field];
	const isSeed = (modelName, id) => {
		// with a recording's ids, the first explicit create decides: records the server made on the side before it
		// (tracking messages of new orders) are seeded as if they were demo data, since the emulator makes none
		const from = meta && firstCreated[modelName] !== undefined ? firstCreated[modelName] : Math.min(created[modelName] ?? Infinity, createdFrom[modelName] ?? Infinity);
		return id < from && !tainted.has(`${modelName}:${id}`);
	};
	const label = (modelName, id, text) => {
		if (!modelName || !isSeed(modelName, id)) return;
		const rec = (model(modelName).records[id] ??= {});
		if (!('display_name' in rec)) rec.display_name = text;
	};
	const keep = (modelName, row, ctx) => {
		const id = row.id;
		if (typeof id !== 'number') return;
		if (!isSeed(modelName, id)) {
			// a record created while recording still shows the labels of the demo records it points to
			for (const [field, value] of Object.entries(row)) {
				if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string' && !field.endsWith('_ids')) label(relationOf(modelName, field), value[0], value[1]);
			}
			return;
		}
		const m = model(modelName);
		const rec = (m.records[id] ??= {});
		for (const [field, value] of Object.entries(row)) {
			if (field === 'id') continue;
			if (['qty_available', 'virtual_available', 'incoming_qty', 'outgoing_qty', 'free_qty'].includes(field)) {
				const key = ctx.warehouse ?? ctx.warehouse_id ? `warehouse:${ctx.warehouse ?? ctx.warehouse_id}` : ctx.location ? `location:${ctx.location}` : 'all';
				((stock[id] ??= {})[key] ??= {})[field] ??= value;
				if (key !== 'all') continue;
			}
			if (!m.fieldOrder.includes(field)) m.fieldOrder.push(field);
			const rel = relationOf(modelName, field);
			if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string' && !field.endsWith('_ids')) {
				m.fields[field] ??= {};
				m.fields[field].type ??= 'many2one';
				if (rel) m.fields[field].relation ??= rel;
				if (!(field in rec)) rec[field] = value[0];
				label(rel, value[0], value[1]);
				if (!rel) (m.labels ??= {})[`${field}:${value[0]}`] = value[1];
				continue;
			}
			if (!(field in rec)) rec[field] = value;
			const f = (m.fields[field] ??= {});
			if (!f.type) {
				if (Array.isArray(value)) f.type = 'many2many';
				else if (typeof value === 'boolean' && value === true) f.type = 'boolean';
				else if (typeof value === 'number') f.type = Number.isInteger(value) ? 'integer' : 'float';
				else if (typeof value === 'string') f.type = 'char';
			}
			if (Array.isArray(value) && rel) f.relation ??= rel;
		}
	};

	for (const exchanges of files) {
		for (const exchange of exchanges) {
			const result = resultOf(exchange);
			if (exchange.request.path === '/web/session/authenticate' && result && typeof result === 'object') sessions[result.uid] ??= result;
			// each demo login's uid (19's demo data gives the demo and portal users other ids than 17 and 18)
			const params = exchange.request.body?.params;
			if (exchange.request.path === '/jsonrpc' && params?.service === 'common' && params.method === 'authenticate' && typeof result === 'number' && result > 0) {
				logins[params.args[1]] ??= result;
			}
			const call = callOf(exchange);
			if (!call || result === undefined) continue;
			const { model: modelName, method, args, kwargs } = call;
			const ctx = kwargs.context ?? {};
			// the first record each model got from an explicit create (message_post creates a mail.message)
			const createdModel = method === 'create' ? modelName : method === 'message_post' ? 'mail.message' : undefined;
			if (typeof createdModel === 'string') {
				const ids = idsOf(result);
				if (ids.length) created[createdModel] = Math.min(created[createdModel] ?? Infinity, ...ids);
			}
			if (method === 'channel_get' && result && typeof result === 'object') {
				// the chat payload shows its members' partners (17: channelMembers personas, 18: a res.partner list)
				const personas = Array.isArray(result['res.partner']) ? result['res.partner'] : (result.channelMembers?.[0]?.[1] ?? []).map((member) => member.persona);
				for (const persona of personas) {
					if (persona && typeof persona.id === 'number') keep('res.partner', { id: persona.id, name: persona.name, email: persona.email, is_company: persona.is_company }, {});
				}
			}
			if ((method === 'search_read' || method === 'read') && Array.isArray(result)) {
				for (const row of result) keep(modelName, row, ctx);
			}
			// the records a search returns satisfy its domain: an all-AND domain's `=` leaves give field values
			const domain = method === 'name_search' ? (kwargs.args ?? args[1]) : ['search', 'search_read'].includes(method) ? (kwargs.domain ?? args[0]) : undefined;
			if (Array.isArray(domain) && Array.isArray(result) && domain.every((leaf) => leaf === '&' || Array.isArray(leaf))) {
				const ids = result.map((row) => (typeof row === 'number' ? row : Array.isArray(row) ? row[0] : row?.id)).filter((id) => typeof id === 'number');
				for (const [field, op, value] of domain.filter((leaf) => Array.isArray(leaf))) {
					if (op !== '=' || typeof field !== 'string' || field.includes('.') || relationOf(modelName, field)) continue;
					if (!['string', 'boolean', 'number'].includes(typeof value)) continue;
					for (const id of ids) if (!tainted.has(`${modelName}:${id}`)) keep(modelName, { id, [field]: value }, {});
				}
			}
			if ((method === 'name_search' || method === 'name_get') && Array.isArray(result)) {
				for (const [id, text] of result) label(modelName, id, text);
			}
			if (method === 'fields_get' && result && typeof result === 'object') {
				const m = model(modelName);
				for (const [field, attrs] of Object.entries(result)) {
					m.fields[field] = { ...(m.fields[field] ?? {}), ...attrs };
					(m.fieldsGet ??= {})[field] = { ...(m.fieldsGet?.[field] ?? {}), ...attrs };
				}
			}
			if (MUTATORS.has(method)) for (const id of idsOf(args[0])) tainted.add(`${modelName}:${id}`);
		}
	}
	// the emulator's next ids: what the recording's first explicit create got (records the server makes on the
	// side before it, such as tracking messages, are not emulated), else the first id the server had free
	const nextIds = { ...created };
	for (const [name, id] of Object.entries(createdFrom)) if (id < 1e9 && (meta ? nextIds[name] === undefined : true)) nextIds[name] = Math.min(nextIds[name] ?? Infinity, id);
	return { version, ...(meta ? { serverVersion: meta.serverVersion, recordedAt: meta.startedAt } : {}), models, created: nextIds, sessions, logins, stock };
}

mkdirSync(join(here, '../data'), { recursive: true });
for (const version of [17, 18, 19].filter((v) => existsSync(join(v === 17 ? root : join(root, `v${v}`), 'version.json')))) {
	const data = harvest(version);
	writeFileSync(join(here, `../data/contract-${version}.json`), `${JSON.stringify(data, null, '\t')}\n`);
	const counts = Object.entries(data.models).map(([name, m]) => `${name}:${Object.keys(m.records).length}`);
	console.log(`v${version}: ${counts.join(' ')}`);
	console.log(`  created from: ${JSON.stringify(data.created)}`);
}
