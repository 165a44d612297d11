/** `call_kw`: binds positional/keyword arguments like Python would, then runs the ORM method. */
import { checkDomain, sqlLike } from '../domain';
import { messagePost } from '../models/business';
import { accessError, attributeError, indexError, OdooError, typeError, valueError } from '../errors';
import { accessRuleError, checkAcl, create, displayName, read, recordRuleAllows, search, unlink, write, type Operation } from './store';
import type { Env, ModelState } from './types';

interface Signature {
	/** Parameters after `self`/ids, in order, with defaults. */
	params: Array<[string, unknown]>;
	/** `@api.model`: no ids in the first positional argument. */
	model: boolean;
}

const SIGNATURES: Record<string, Signature> = {
	search_read: { model: true, params: [['domain', null], ['fields', null], ['offset', 0], ['limit', null], ['order', null]] },
	search: { model: true, params: [['domain', undefined], ['offset', 0], ['limit', null], ['order', null]] },
	search_count: { model: true, params: [['domain', undefined], ['limit', null]] },
	read: { model: false, params: [['fields', null], ['load', '_classic_read']] },
	create: { model: true, params: [['vals_list', undefined]] },
	write: { model: false, params: [['vals', undefined]] },
	unlink: { model: false, params: [] },
	fields_get: { model: true, params: [['allfields', null], ['attributes', null]] },
	name_search: { model: true, params: [['name', ''], ['args', null], ['operator', 'ilike'], ['limit', 100]] },
	name_get: { model: false, params: [] },
	check_access_rights: { model: true, params: [['operation', undefined], ['raise_exception', true]] },
	check_access_rule: { model: false, params: [['operation', undefined]] },
	exists: { model: false, params: [] },
	default_get: { model: true, params: [['fields_list', undefined]] },
};

/** Custom methods that are `@api.model` (called without ids); the others are record methods. */
const MODEL_LEVEL_CUSTOM = new Set(['channel_get', 'name_create', 'get_views', 'load_views', 'context_get']);

/** Whether a public method is `@api.model` (JSON-2 refuses `ids` for it). */
export function isModelMethod(model: ModelState, method: string): boolean {
	if (model.spec.methods?.[method] !== undefined) return MODEL_LEVEL_CUSTOM.has(method);
	return SIGNATURES[method]?.model ?? false;
}

function idsOf(value: unknown): number[] {
	if (typeof value === 'number') return [value];
	if (Array.isArray(value)) return value.filter((v): v is number => typeof v === 'number');
	return [];
}

function bind(method: string, signature: Signature, args: unknown[], kwargs: Record<string, unknown>): Record<string, unknown> {
	if (args.length > signature.params.length) {
		throw typeError(`${method}() takes from 1 to ${signature.params.length + 1} positional arguments but ${args.length + 1} were given`);
	}
	const bound: Record<string, unknown> = {};
	signature.params.forEach(([name], index) => {
		if (index < args.length) bound[name] = args[index];
	});
	for (const [name, value] of Object.entries(kwargs)) {
		if (!signature.params.some(([param]) => param === name)) throw typeError(`${method}() got an unexpected keyword argument '${name}'`);
		if (name in bound) throw typeError(`${method}() got multiple values for argument '${name}'`);
		bound[name] = value;
	}
	for (const [name, fallback] of signature.params) {
		if (!(name in bound)) {
			if (fallback === undefined) throw typeError(`${method}() missing 1 required positional argument: '${name}'`);
			bound[name] = fallback;
		}
	}
	return bound;
}

function fieldsGet(model: ModelState, allfields: unknown, attributes: unknown): Record<string, Record<string, unknown>> {
	const names = Array.isArray(allfields) && allfields.length ? (allfields as string[]) : Object.keys(model.spec.fields);
	const out: Record<string, Record<string, unknown>> = {};
	for (const name of names) {
		const def = model.spec.fields[name];
		if (!def) continue;
		const full: Record<string, unknown> = { ...def };
		const described = typeof def.fieldsGet === 'object' && def.fieldsGet !== null ? (def.fieldsGet as Record<string, unknown>) : undefined;
		delete full.fieldsGet;
		delete full.inverse;
		const source = described ?? full;
		if (Array.isArray(attributes)) {
			const picked: Record<string, unknown> = {};
			for (const attribute of attributes as string[]) if (attribute in source) picked[attribute] = source[attribute];
			out[name] = picked;
		} else {
			out[name] = { ...source };
		}
	}
	return out;
}

function nameSearch(env: Env, model: ModelState, name: unknown, domain: unknown, operator: unknown, limit: unknown): Array<[number, string]> {
	const base = Array.isArray(domain) ? domain : [];
	const text = typeof name === 'string' ? name : '';
	const op = typeof operator === 'string' ? operator : 'ilike';
	const candidates = search(env, model.spec.name, base, { order: model.spec.order });
	const extra = model.spec.nameSearchFields ?? [];
	const matches = (value: string) => {
		if (op === '=') return value === text;
		if (op === '!=') return value !== text;
		if (op === 'like') return sqlLike(value, `%${text}%`, false);
		if (op === '=like') return sqlLike(value, text, false);
		if (op === '=ilike') return sqlLike(value, text, true);
		if (op === 'not ilike') return !sqlLike(value, `%${text}%`, true);
		if (op === 'not like') return !sqlLike(value, `%${text}%`, false);
		return sqlLike(value, `%${text}%`, true);
	};
	const nameField = 'name' in model.spec.fields ? 'name' : undefined;
	const found = candidates.filter((rec) => {
		if (!text) return true;
		const own = nameField && typeof rec[nameField] === 'string' ? (rec[nameField] as string) : displayName(model, rec, env);
		if (matches(own)) return true;
		return extra.some((field) => {
			const value = rec[field];
			if (typeof value !== 'string') return false;
			return field === 'barcode' ? value === text : matches(value);
		});
	});
	const max = typeof limit === 'number' ? limit : undefined;
	return found.slice(0, max).map((rec) => [rec.id, displayName(model, rec, env)]);
}

const ACL_OF: Record<string, Operation> = { read: 'read', search_read: 'read', search: 'read', search_count: 'read', name_search: 'read', name_get: 'read', create: 'create', write: 'write', unlink: 'unlink' };

/**
 * Models whose method names a parameter otherwise than the generic signature: real Odoo 17 and 18
 * have `calendar.event.write(self, values)` (19, the JSON-2 server here, renamed it `vals`).
 */
function signatureOf(modelName: string, method: string, protocol: 'jsonrpc' | 'json2'): Signature {
	if (modelName === 'calendar.event' && method === 'write' && protocol === 'jsonrpc') return { model: false, params: [['values', undefined]] };
	return SIGNATURES[method];
}

/**
 * `protocol`: over JSON-RPC's execute_kw Odoo's `create` reads its values only positionally
 * (`_call_kw_model_create` takes `args[0]`), so values given as a keyword fail as they do there;
 * JSON-2 (19) calls the method with keywords.
 */
export function callKw(env: Env, modelName: string, method: string, rawArgs: unknown, rawKwargs: unknown, protocol: 'jsonrpc' | 'json2' = 'jsonrpc'): unknown {
	if (!env.store.has(modelName)) throw new OdooError('odoo.exceptions.UserError', `Object ${modelName} doesn't exist`);
	const model = env.store.model(modelName);
	const args = Array.isArray(rawArgs) ? [...rawArgs] : [];
	const kwargs: Record<string, unknown> = rawKwargs && typeof rawKwargs === 'object' && !Array.isArray(rawKwargs) ? { ...(rawKwargs as Record<string, unknown>) } : {};
	if (kwargs.context && typeof kwargs.context === 'object') env.context = { ...env.context, ...(kwargs.context as Record<string, unknown>) };
	delete kwargs.context;

	if (method.startsWith('_')) {
		throw accessError(env.version === '18.0' ? `Private methods (such as '${modelName}.${method}') cannot be called remotely.` : `Private methods (such as ${method}) cannot be called remotely.`);
	}
	const custom = model.spec.methods?.[method] ?? (method === 'message_post' ? messagePost(modelName) : undefined);
	const signature = signatureOf(modelName, method, protocol);
	if (!custom && (!signature || (method === 'name_get' && env.version === '18.0'))) {
		throw attributeError(env.version === '18.0' ? `The method '${modelName}.${method}' does not exist` : `The method '${method}' does not exist on the model '${modelName}'`);
	}
	const acl = ACL_OF[method];
	if (acl && acl !== 'write' && acl !== 'unlink') checkAcl(env, modelName, acl);
	if (custom) {
		const first = args[0];
		const ids = typeof first === 'number' || (Array.isArray(first) && first.every((v) => typeof v === 'number')) ? idsOf(args.shift()) : [];
		return custom(env, ids, args, kwargs);
	}
	let ids: number[] = [];
	if (!signature.model) {
		if (args.length === 0 && !('ids' in kwargs)) throw typeError(`${method}() missing 1 required positional argument: 'self'`);
		ids = idsOf(args.length ? args.shift() : kwargs.ids);
		delete kwargs.ids;
	}
	if (method === 'create' && protocol === 'jsonrpc' && args.length === 0) throw indexError('tuple index out of range');
	const p = bind(method, signature, args, kwargs);
	switch (method) {
		case 'search_read': {
			const domain = p.domain ?? [];
			checkDomain(domain);
			const rows = search(env, modelName, domain, { offset: p.offset as number, limit: p.limit as number | null, order: p.order as string | null });
			return read(env, modelName, rows.map((rec) => rec.id), (p.fields as string[] | null) ?? undefined);
		}
		case 'search': {
			checkDomain(p.domain);
			return search(env, modelName, p.domain, { offset: p.offset as number, limit: p.limit as number | null, order: p.order as string | null }).map((rec) => rec.id);
		}
		case 'search_count': {
			checkDomain(p.domain);
			const count = search(env, modelName, p.domain, {}).length;
			return typeof p.limit === 'number' ? Math.min(count, p.limit) : count;
		}
		case 'read':
			return read(env, modelName, ids, (p.fields as string[] | null) ?? undefined, p.load !== null && p.load !== false);
		case 'create': {
			const list = Array.isArray(p.vals_list);
			const values = (list ? p.vals_list : [p.vals_list]) as Array<Record<string, unknown>>;
			const created = values.map((vals) => {
				if (!vals || typeof vals !== 'object') throw valueError('create() expects a dict of values');
				return create(env, modelName, vals).id;
			});
			return list ? created : created[0];
		}
		case 'write':
			ruleCheck(env, model, ids, 'write');
			checkAcl(env, modelName, 'write');
			return write(env, modelName, ids, ((p.vals ?? p.values) as Record<string, unknown>) ?? {});
		case 'unlink':
			ruleCheck(env, model, ids, 'unlink');
			checkAcl(env, modelName, 'unlink');
			return unlink(env, modelName, ids);
		case 'fields_get':
			return fieldsGet(model, p.allfields, p.attributes);
		case 'name_search':
			return nameSearch(env, model, p.name, p.args, p.operator, p.limit);
		case 'name_get':
			return ids.filter((id) => model.records.has(id)).map((id) => [id, displayName(model, model.records.get(id) as never, env)]);
		case 'check_access_rights': {
			try {
				checkAcl(env, modelName, p.operation as Operation);
				return true;
			} catch (error) {
				if (p.raise_exception === false) return false;
				throw error;
			}
		}
		case 'check_access_rule':
			ruleCheck(env, model, ids, p.operation as Operation);
			return undefined;
		case 'exists':
			return ids.filter((id) => model.records.has(id));
		case 'default_get':
			return {};
		default:
			throw attributeError(`The method '${method}' does not exist on the model '${modelName}'`);
	}
}

function ruleCheck(env: Env, model: ModelState, ids: number[], operation: Operation): void {
	const hidden = ids.filter((id) => {
		const rec = model.records.get(id);
		return rec !== undefined && !recordRuleAllows(env, model.spec.name, rec);
	});
	if (hidden.length) throw accessRuleError(env, model, hidden, 'read');
	void operation;
}
