/** The record store and the generic ORM: search/read/create/write/unlink and friends. */
import { compileDomain, type DomainHost } from '../domain';
import { missingError, OdooError, pyRepr, userError, validationError, valueError } from '../errors';
import type { Env, FieldDef, ModelSpec, ModelState, Rec, StoreApi } from './types';

const X2MANY = new Set(['one2many', 'many2many']);
const MAGIC = ['id', 'display_name'];

export class Store implements StoreApi {
	readonly models = new Map<string, ModelState>();
	phoneLibrary = true;
	clock: () => Date = () => new Date();

	define(spec: ModelSpec): ModelState {
		const existing = this.models.get(spec.name);
		if (existing) {
			existing.spec = { ...existing.spec, ...spec, fields: { ...existing.spec.fields, ...spec.fields } };
			return existing;
		}
		const state: ModelState = { spec, records: new Map(), nextId: 1, labels: {} };
		this.models.set(spec.name, state);
		return state;
	}

	has(name: string): boolean {
		return this.models.has(name);
	}

	model(name: string): ModelState {
		const state = this.models.get(name);
		if (!state) throw userError(`Object ${name} doesn't exist`);
		return state;
	}

	now(): Date {
		return this.clock();
	}

	/** Puts a seed record in place, as stored (many2one as id, x2many as ids). */
	insert(modelName: string, rec: Rec): Rec {
		const state = this.model(modelName);
		state.records.set(rec.id, rec);
		state.nextId = Math.max(state.nextId, rec.id + 1);
		return rec;
	}
}

export function fieldOf(model: ModelState, name: string): FieldDef | undefined {
	return model.spec.fields[name];
}

export const host: DomainHost = {
	valueOf: (model, rec, field, env) => storedValue(model, rec, field, env),
	fieldExists: (model, field) => MAGIC.includes(field) || field in model.spec.fields,
	relationOf: (model, field) => model.spec.fields[field]?.relation,
	displayName: (model, rec, env) => displayName(model, rec, env),
};

export function displayName(model: ModelState, rec: Rec, env: Env): string {
	if (model.spec.displayName) return model.spec.displayName(rec, env);
	if (typeof rec.display_name === 'string') return rec.display_name;
	if (typeof rec.name === 'string') return rec.name;
	return `${model.spec.name},${rec.id}`;
}

export function labelOf(env: Env, relation: string, id: number, source?: ModelState, field?: string): string {
	const target = env.store.models.get(relation);
	const rec = target?.records.get(id);
	if (target && rec) return displayName(target, rec, env);
	const fallback = source && field ? source.labels[`${field}:${id}`] : undefined;
	return fallback ?? `${relation},${id}`;
}

function defaultFor(def: FieldDef | undefined): unknown {
	if (!def) return false;
	if (X2MANY.has(def.type)) return [];
	if (def.type === 'integer' || def.type === 'float' || def.type === 'monetary') return 0;
	return false;
}

/** The value as stored (many2one id, x2many ids), computing non-stored fields. */
export function storedValue(model: ModelState, rec: Rec, field: string, env: Env): unknown {
	if (field === 'id') return rec.id;
	const compute = model.spec.computes?.[field];
	if (compute) return compute(rec, env);
	if (field === 'display_name') return displayName(model, rec, env);
	if (field in rec) return rec[field];
	if (field === 'active') return true;
	return defaultFor(model.spec.fields[field]);
}

/** The value as `read` answers it. */
export function readValue(model: ModelState, rec: Rec, field: string, env: Env, load: boolean): unknown {
	const value = storedValue(model, rec, field, env);
	const def = model.spec.fields[field];
	if (def?.type === 'many2one' && load && typeof value === 'number' && def.relation) return [value, labelOf(env, def.relation, value, model, field)];
	if (def && X2MANY.has(def.type) && def.relation === 'res.partner' && Array.isArray(value)) return partnerOrder(env, value as number[]);
	return value;
}

/** Partners in their model order (`complete_name`, then id descending), as x2many reads return them. */
export function partnerOrder(env: Env, ids: number[]): number[] {
	const partners = env.store.models.get('res.partner');
	if (!partners) return ids;
	const label = (id: number) => {
		const rec = partners.records.get(id);
		return rec ? displayName(partners, rec, env) : '';
	};
	return [...ids].sort((a, b) => label(a).localeCompare(label(b)) || b - a);
}

export function allFields(model: ModelState): string[] {
	const names = Object.keys(model.spec.fields).filter((name) => name !== 'id');
	return names.includes('display_name') ? names : [...names, 'display_name'];
}

function orderTerms(model: ModelState, order: string | undefined): Array<{ field: string; desc: boolean }> {
	const spec = order && order.trim() ? order : (model.spec.order ?? 'id');
	return spec.split(',').map((term) => {
		const [field, direction = 'asc'] = term.trim().split(/\s+/);
		if (!(field in model.spec.fields) && !MAGIC.includes(field)) throw valueError(`Invalid field '${field}' on model '${model.spec.name}'`);
		if (!['asc', 'desc'].includes(direction.toLowerCase())) throw valueError(`Invalid order ${pyRepr(order)} for model ${model.spec.name}`);
		return { field, desc: direction.toLowerCase() === 'desc' };
	});
}

function sortKey(model: ModelState, rec: Rec, field: string, env: Env): unknown {
	const value = storedValue(model, rec, field, env);
	const def = model.spec.fields[field];
	if (def?.type === 'many2one' && typeof value === 'number' && def.relation) return labelOf(env, def.relation, value);
	return value;
}

function compareValues(a: unknown, b: unknown): number {
	const empty = (v: unknown) => v === false || v === null || v === undefined;
	if (empty(a) && empty(b)) return 0;
	if (empty(a)) return 1; // NULLS LAST for asc, like PostgreSQL
	if (empty(b)) return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
	return String(a).localeCompare(String(b));
}

export interface SearchOptions {
	offset?: number;
	limit?: number | false | null;
	order?: string | null;
}

export function search(env: Env, modelName: string, domain: unknown, options: SearchOptions = {}, applyRules = true): Rec[] {
	const model = env.store.model(modelName);
	const predicate = compileDomain(host, model, domain, env);
	const terms = orderTerms(model, options.order ?? undefined);
	const activeTest = env.context.active_test !== false && 'active' in model.spec.fields && !mentionsActive(domain);
	let rows = [...model.records.values()].filter((rec) => (!activeTest || storedValue(model, rec, 'active', env) !== false) && predicate(rec));
	if (applyRules) rows = rows.filter((rec) => env.store.models.get(modelName) && recordRuleAllows(env, modelName, rec));
	const keyed = rows.map((rec) => ({ rec, keys: terms.map((term) => sortKey(model, rec, term.field, env)) }));
	keyed.sort((x, y) => {
		for (let i = 0; i < terms.length; i++) {
			let diff = compareValues(x.keys[i], y.keys[i]);
			if (terms[i].desc) diff = -diff;
			if (diff !== 0) return diff;
		}
		return x.rec.id - y.rec.id;
	});
	const offset = options.offset ?? 0;
	const limit = typeof options.limit === 'number' ? options.limit : undefined;
	return keyed.map((entry) => entry.rec).slice(offset, limit === undefined ? undefined : offset + limit);
}

function mentionsActive(domain: unknown): boolean {
	return Array.isArray(domain) && domain.some((leaf) => Array.isArray(leaf) && leaf[0] === 'active');
}

export function checkFields(model: ModelState, fields: string[]): void {
	for (const field of fields) {
		if (!MAGIC.includes(field) && !(field in model.spec.fields)) throw valueError(`Invalid field '${field}' on model '${model.spec.name}'`);
	}
}

export function read(env: Env, modelName: string, ids: number[], fields: string[] | undefined, load = true): Array<Record<string, unknown>> {
	const model = env.store.model(modelName);
	const names = fields && fields.length ? fields.filter((field) => field !== 'id') : allFields(model);
	checkFields(model, names);
	const out: Array<Record<string, unknown>> = [];
	for (const id of ids) {
		const rec = model.records.get(id);
		if (!rec) continue;
		if (!recordRuleAllows(env, modelName, rec)) throw accessRuleError(env, model, [id], 'read');
		const row: Record<string, unknown> = { id };
		for (const field of names) row[field] = readValue(model, rec, field, env, load);
		out.push(row);
	}
	return out;
}

/** Applies x2many commands ([0,0,vals], [1,id,vals], [2,id], [3,id], [4,id], [5], [6,0,ids]) to a list of ids. */
export function applyX2many(env: Env, def: FieldDef, current: number[], commands: unknown, inverse?: { field: string; id: number }): number[] {
	let ids = [...current];
	if (!Array.isArray(commands)) return ids;
	for (const command of commands) {
		if (typeof command === 'number') {
			if (!ids.includes(command)) ids.push(command);
			continue;
		}
		if (!Array.isArray(command)) continue;
		const [op, id, vals] = command as [number, number, unknown];
		switch (op) {
			case 0: {
				if (!def.relation) break;
				const values = { ...((vals as Record<string, unknown>) ?? {}) };
				if (inverse) values[inverse.field] = inverse.id;
				ids.push(create(env, def.relation, values).id);
				break;
			}
			case 1:
				if (def.relation) write(env, def.relation, [id], (vals as Record<string, unknown>) ?? {});
				break;
			case 2:
				if (def.relation) unlink(env, def.relation, [id]);
				ids = ids.filter((x) => x !== id);
				break;
			case 3:
				ids = ids.filter((x) => x !== id);
				break;
			case 4:
				if (!ids.includes(id)) ids.push(id);
				break;
			case 5:
				ids = [];
				break;
			case 6:
				ids = Array.isArray(vals) ? (vals as number[]).slice() : [];
				break;
			default:
				throw valueError(`Invalid command ${pyRepr(command)}`);
		}
	}
	return ids;
}

function assign(env: Env, model: ModelState, rec: Rec, vals: Record<string, unknown>): void {
	for (const [field, value] of Object.entries(vals)) {
		const def = model.spec.fields[field];
		if (!def) throw valueError(`Invalid field '${field}' on model '${model.spec.name}'`);
		if (def.type === 'one2many') {
			const inverse = typeof def.inverse === 'string' ? { field: def.inverse, id: rec.id } : undefined;
			rec[field] = applyX2many(env, def, Array.isArray(rec[field]) ? (rec[field] as number[]) : [], value, inverse);
		} else if (def.type === 'many2many') {
			rec[field] = applyX2many(env, def, Array.isArray(rec[field]) ? (rec[field] as number[]) : [], value);
		} else if (def.type === 'many2one') {
			rec[field] = Array.isArray(value) ? value[0] : value === null ? false : value;
		} else if (def.type === 'datetime' && typeof value === 'string' && value !== '' && !/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(value)) {
			throw valueError(`time data '${value}' does not match format '%Y-%m-%d %H:%M:%S'`);
		} else {
			if (field === 'name' && rec.name !== value) delete rec.display_name;
			rec[field] = value === null ? false : value;
		}
	}
}

function requiredCheck(env: Env, model: ModelState, rec: Rec): void {
	for (const [field, def] of Object.entries(model.spec.fields)) {
		// a required x2many has no column: Odoo checks it in its forms only (product_variant_ids is filled after the INSERT)
		if (!def.required || def.store === false || model.spec.computes?.[field] || X2MANY.has(def.type)) continue;
		const value = rec[field];
		if (value === undefined || value === false || value === null || value === '') {
			throw validationError(
				`The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: ${model.spec.description} (${model.spec.name})\nField: ${def.string ?? field} (${field})\n`,
			);
		}
	}
	void env;
}

function odooNow(env: Env): string {
	return env.store.now().toISOString().slice(0, 19).replace('T', ' ');
}

export function create(env: Env, modelName: string, vals: Record<string, unknown>): Rec {
	const model = env.store.model(modelName);
	for (const field of Object.keys(vals)) {
		if (!(field in model.spec.fields)) throw valueError(`Invalid field '${field}' on model '${modelName}'`);
	}
	// the id comes from the sequence before the INSERT: a failed create still uses it up
	const rec: Rec = { id: model.nextId };
	model.nextId += 1;
	const withDefaults: Record<string, unknown> = {};
	// a default for a field this version's model lacks (17's detailed_type on 18) is not one
	for (const [field, make] of Object.entries(model.spec.defaults ?? {})) if (!(field in vals) && field in model.spec.fields) withDefaults[field] = make(env, vals);
	if ('active' in model.spec.fields && !('active' in vals) && !('active' in withDefaults)) withDefaults.active = true;
	// Odoo stamps every record; models of the brazil seed declare these fields
	for (const stamp of ['create_date', 'write_date']) if (stamp in model.spec.fields && !(stamp in vals)) withDefaults[stamp] = odooNow(env);
	const plain: Record<string, unknown> = {};
	const relational: Record<string, unknown> = {};
	for (const [field, value] of Object.entries({ ...withDefaults, ...vals })) {
		if (X2MANY.has(model.spec.fields[field]?.type ?? '')) relational[field] = value;
		else plain[field] = value;
	}
	assign(env, model, rec, plain);
	requiredCheck(env, model, rec);
	model.records.set(rec.id, rec);
	try {
		assign(env, model, rec, relational);
		model.spec.afterCreate?.(rec, vals, env);
		model.spec.constraints?.(rec, env);
	} catch (error) {
		model.records.delete(rec.id);
		throw error;
	}
	return rec;
}

export function write(env: Env, modelName: string, ids: number[], vals: Record<string, unknown>): true {
	const model = env.store.model(modelName);
	for (const field of Object.keys(vals)) {
		if (!(field in model.spec.fields)) throw valueError(`Invalid field '${field}' on model '${modelName}'`);
	}
	const missing = ids.filter((id) => !model.records.has(id));
	if (missing.length) throw missingError(modelName, missing, env.uid);
	const snapshots = ids.map((id) => {
		const rec = model.records.get(id) as Rec;
		return { rec, before: structuredClone(rec) };
	});
	try {
		for (const { rec } of snapshots) {
			const effective = model.spec.beforeWrite ? model.spec.beforeWrite(rec, vals, env) : vals;
			assign(env, model, rec, effective);
			if ('write_date' in model.spec.fields && !('write_date' in vals) && model.spec.fields.write_date.type === 'datetime') rec.write_date = odooNow(env);
			model.spec.afterWrite?.(rec, effective, env);
			requiredCheck(env, model, rec);
			model.spec.constraints?.(rec, env);
		}
	} catch (error) {
		for (const { rec, before } of snapshots) {
			for (const key of Object.keys(rec)) delete rec[key];
			Object.assign(rec, before);
		}
		throw error;
	}
	return true;
}

export function unlink(env: Env, modelName: string, ids: number[]): true {
	const model = env.store.model(modelName);
	const missing = ids.filter((id) => !model.records.has(id));
	if (missing.length) throw missingError(modelName, missing, env.uid);
	for (const id of ids) model.spec.beforeUnlink?.(model.records.get(id) as Rec, env);
	for (const id of ids) model.records.delete(id);
	return true;
}

// ---- access rights ---------------------------------------------------------------------------

export type Operation = 'read' | 'write' | 'create' | 'unlink';

export interface AccessPolicy {
	/** false when the ACL refuses the operation on the model. */
	acl(env: Env, model: string, operation: Operation): boolean;
	/** false when a record rule hides the record. */
	rule(env: Env, model: string, rec: Rec): boolean;
	aclMessage(env: Env, model: ModelState, operation: Operation): string;
}

let policy: AccessPolicy | undefined;
export function setAccessPolicy(value: AccessPolicy): void {
	policy = value;
}

export function recordRuleAllows(env: Env, model: string, rec: Rec): boolean {
	return policy ? policy.rule(env, model, rec) : true;
}

export function checkAcl(env: Env, model: string, operation: Operation): void {
	if (policy && !policy.acl(env, model, operation)) throw new OdooError('odoo.exceptions.AccessError', policy.aclMessage(env, env.store.model(model), operation));
}

export function accessRuleError(env: Env, model: ModelState, ids: number[], operation: Operation): OdooError {
	const user = env.store.models.get('res.users')?.records.get(env.uid);
	const name = typeof user?.name === 'string' ? user.name : `uid ${env.uid}`;
	return new OdooError(
		'odoo.exceptions.AccessError',
		`Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, ${name} (id=${env.uid}) doesn't have '${operation}' access to:\n- ${model.spec.description}, ${ids.map((id) => `(${model.spec.name}: ${id})`).join(', ')}\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.`,
	);
}
