import { InvalidInputError, RefusedError } from '../../../lib/errors';

/**
 * Keeps structured-data calls inside one tenant. Filters are ANDed with the tenant condition,
 * documents get the tenant stamped in, updates may not touch it, and pipelines start with the
 * tenant `$match`. Operators that run code or reach outside the collection are refused.
 */

export const TENANT_FIELD = 'tenant_id';

/** Server-side JavaScript, anywhere in a filter, update or pipeline. */
const CODE_OPERATORS = new Set(['$where', '$function', '$accumulator']);

/** Stages that write elsewhere, read server internals or other collections without a tenant. */
const REFUSED_STAGES: Record<string, string> = {
	$out: 'writes into another collection',
	$merge: 'writes into another collection',
	$graphLookup: 'walks another collection without the tenant condition',
	$currentOp: 'reads server internals',
	$listSessions: 'reads server internals',
	$listLocalSessions: 'reads server internals',
	$collStats: 'reads server internals',
	$indexStats: 'reads server internals',
	$planCacheStats: 'reads server internals',
	$changeStream: 'opens a change stream',
	$documents: 'injects documents that did not come from the tenant',
};

const ALLOWED_STAGES = new Set([
	'$match',
	'$project',
	'$addFields',
	'$set',
	'$unset',
	'$group',
	'$sort',
	'$limit',
	'$skip',
	'$count',
	'$unwind',
	'$bucket',
	'$bucketAuto',
	'$sortByCount',
	'$facet',
	'$replaceRoot',
	'$replaceWith',
	'$sample',
	'$lookup',
	'$unionWith',
	'$densify',
	'$fill',
	'$setWindowFields',
	'$redact',
]);

const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$push', '$pull', '$pullAll', '$addToSet', '$pop', '$currentDate', '$rename', '$setOnInsert']);

const MAX_DEPTH = 24;

/** Plain JSON objects only: dates and object ids decoded from Extended JSON are values. */
const isObject = (value: unknown): value is Record<string, unknown> => {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const proto: unknown = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
};

/**
 * Refuses code operators at any depth and, in conditions (tenantId given), a tenant_id that
 * names another tenant.
 */
function inspect(value: unknown, where: string, tenantId: string | undefined, depth = 0): void {
	if (depth > MAX_DEPTH) throw new InvalidInputError(`${where} is nested too deeply (more than ${MAX_DEPTH} levels).`);
	if (Array.isArray(value)) {
		value.forEach((item, i) => inspect(item, `${where}[${i}]`, tenantId, depth + 1));
		return;
	}
	if (!isObject(value)) return;
	for (const [key, item] of Object.entries(value)) {
		if (CODE_OPERATORS.has(key)) throw new RefusedError(`${where}: ${key} is refused: it runs code on the database server.`);
		if (key === '__proto__') throw new InvalidInputError(`${where}: "__proto__" is not a field name.`);
		if (tenantId !== undefined && key === TENANT_FIELD && !(typeof item === 'string' && item === tenantId)) {
			throw new RefusedError(`${where}: ${TENANT_FIELD} is set by the tool to "${tenantId}"; a condition on another tenant is refused.`);
		}
		inspect(item, `${where}.${key}`, tenantId, depth + 1);
	}
}

export function scopeFilter(tenantId: string, filter: unknown, where = 'filter'): Record<string, unknown> {
	if (filter === undefined || filter === null) return { [TENANT_FIELD]: tenantId };
	if (!isObject(filter)) throw new InvalidInputError(`${where} must be an object of conditions, e.g. {"status": "open"}.`);
	inspect(filter, where, tenantId);
	// Top-level keys are ANDed, and inspect() has refused any tenant_id but this one, so the
	// caller's $or/$nor stay inside the tenant. A flat filter (not $and) also lets an upsert seed
	// tenant_id from the equality, on MongoDB and FerretDB alike.
	return { ...filter, [TENANT_FIELD]: tenantId };
}

function assertFieldNames(value: unknown, where: string, depth = 0): void {
	if (depth > MAX_DEPTH) throw new InvalidInputError(`${where} is nested too deeply (more than ${MAX_DEPTH} levels).`);
	if (Array.isArray(value)) value.forEach((item, i) => assertFieldNames(item, `${where}[${i}]`, depth + 1));
	if (!isObject(value)) return;
	for (const [key, item] of Object.entries(value)) {
		if (key.startsWith('$')) throw new InvalidInputError(`${where}: field "${key}" may not start with "$" (operators are not data).`);
		if (key.includes('.')) throw new InvalidInputError(`${where}: field "${key}" may not contain "." (it would read as a path).`);
		if (key === '__proto__' || key.length === 0) throw new InvalidInputError(`${where}: "${key}" is not a field name.`);
		assertFieldNames(item, `${where}.${key}`, depth + 1);
	}
}

export function scopeDocument(tenantId: string, document: unknown, where: string): Record<string, unknown> {
	if (!isObject(document)) throw new InvalidInputError(`${where} must be an object.`);
	if (document[TENANT_FIELD] !== undefined && document[TENANT_FIELD] !== tenantId) {
		throw new RefusedError(`${where}.${TENANT_FIELD} is "${String(document[TENANT_FIELD])}": documents are written for tenant "${tenantId}" only.`);
	}
	assertFieldNames(document, where);
	return { ...document, [TENANT_FIELD]: tenantId };
}

/**
 * A field path as find projections and sorts name it: plain names joined by ".", none starting
 * with "$" (that would be an operator, the positional projection or an aggregation variable).
 */
function assertFieldPath(path: string, where: string, purpose: 'projection' | 'sort'): void {
	const segments = path.split('.');
	const operator = segments.find((segment) => segment.startsWith('$'));
	if (operator !== undefined) {
		throw new RefusedError(`${where}: ${purpose} may not use ${operator} ("${path}"): name fields only, e.g. {"name": 1}.`);
	}
	if (segments.some((segment) => segment.length === 0 || segment === '__proto__')) {
		throw new InvalidInputError(`${where}: "${path}" is not a field name (empty parts, or "__proto__").`);
	}
}

/** Why one projection value is refused: names the operator or the field path it carries. */
function projectionValueRefusal(value: unknown): string {
	if (typeof value === 'string' && value.startsWith('$')) return `"${value}" (a field path expression)`;
	if (isObject(value)) {
		const operator = Object.keys(value).find((key) => key.startsWith('$'));
		if (operator !== undefined) return operator;
	}
	return `the value ${JSON.stringify(value) ?? String(value)}`;
}

/**
 * A find projection may only include (1/true) or exclude (0/false) fields, nested or dotted.
 * Anything else is an expression evaluated by the server ($function runs JavaScript there, a
 * "$field" copies one field into another), so it is refused here, before any database call;
 * computed fields belong in data_aggregate's $project, which is inspected stage by stage.
 */
export function scopeProjection(projection: unknown, where = 'projection', depth = 0): Record<string, unknown> {
	if (depth > MAX_DEPTH) throw new InvalidInputError(`${where} is nested too deeply (more than ${MAX_DEPTH} levels).`);
	if (!isObject(projection)) throw new InvalidInputError(`${where} must be an object of fields, e.g. {"name": 1, "email": 1}.`);
	if (depth > 0 && Object.keys(projection).length === 0) throw new InvalidInputError(`${where} must name at least one field.`);
	for (const [path, value] of Object.entries(projection)) {
		const at = `${where}.${path}`;
		assertFieldPath(path, where, 'projection');
		if (value === 0 || value === 1 || value === true || value === false) continue;
		if (isObject(value) && !Object.keys(value).some((key) => key.startsWith('$'))) {
			scopeProjection(value, at, depth + 1);
			continue;
		}
		throw new RefusedError(
			`${at}: projection may not use ${projectionValueRefusal(value)}: a find projection takes only 1 or true (include) and 0 or false (exclude); compute fields with data_aggregate's $project.`,
		);
	}
	return projection;
}

const MAX_SORT_FIELDS = 32;

/** A sort names plain fields, each 1 (ascending) or -1 (descending); "$natural" and "$meta" are refused. */
export function scopeSort(sort: unknown, where = 'sort'): Record<string, 1 | -1> {
	if (!isObject(sort)) throw new InvalidInputError(`${where} must be an object of fields, e.g. {"created_at": -1}.`);
	const entries = Object.entries(sort);
	if (entries.length > MAX_SORT_FIELDS) throw new InvalidInputError(`${where} names ${entries.length} fields; at most ${MAX_SORT_FIELDS}.`);
	for (const [path, direction] of entries) {
		assertFieldPath(path, where, 'sort');
		if (direction !== 1 && direction !== -1) {
			const what = isObject(direction) ? (Object.keys(direction).find((key) => key.startsWith('$')) ?? JSON.stringify(direction)) : JSON.stringify(direction);
			throw new RefusedError(`${where}.${path}: sort may not use ${what}: use 1 (ascending) or -1 (descending).`);
		}
	}
	return sort as Record<string, 1 | -1>;
}

const touchesTenant = (path: string): boolean => path === TENANT_FIELD || path.startsWith(`${TENANT_FIELD}.`);

export function scopeUpdate(update: unknown): Record<string, unknown> {
	if (!isObject(update) || Object.keys(update).length === 0) {
		throw new InvalidInputError('update must be an object of update operators, e.g. {"$set": {"status": "closed"}}.');
	}
	for (const [operator, fields] of Object.entries(update)) {
		if (!operator.startsWith('$')) {
			throw new InvalidInputError(`update: "${operator}" is not an operator; replacing whole documents is not allowed, use {"$set": {...}}.`);
		}
		if (!UPDATE_OPERATORS.has(operator)) throw new RefusedError(`update: ${operator} is not allowed; use ${[...UPDATE_OPERATORS].join(', ')}.`);
		if (!isObject(fields)) throw new InvalidInputError(`update.${operator} must be an object of fields.`);
		for (const [path, value] of Object.entries(fields)) {
			if (touchesTenant(path) || (operator === '$rename' && typeof value === 'string' && touchesTenant(value))) {
				throw new RefusedError(`update.${operator}.${path}: ${TENANT_FIELD} cannot be changed; a document stays with its tenant.`);
			}
			if (path === '_id') throw new RefusedError(`update.${operator}._id: a document's _id cannot be changed.`);
			inspect(value, `update.${operator}.${path}`, undefined);
		}
	}
	return update;
}

export interface PipelineScope {
	tenantId: string;
	/** Collections a $lookup/$unionWith may read (each gets the tenant condition too). */
	isAllowedCollection(name: string): boolean;
	/** The physical name of an allowlisted collection. */
	physical(name: string): string;
}

function scopeStages(scope: PipelineScope, pipeline: unknown, where: string, depth: number): Array<Record<string, unknown>> {
	if (!Array.isArray(pipeline)) throw new InvalidInputError(`${where} must be a list of stages, e.g. [{"$group": {"_id": "$status", "n": {"$sum": 1}}}].`);
	if (depth > 4) throw new InvalidInputError(`${where} nests sub-pipelines too deeply.`);
	return pipeline.map((stage, i) => {
		const at = `${where}[${i}]`;
		if (!isObject(stage) || Object.keys(stage).length !== 1) throw new InvalidInputError(`${at} must be an object with exactly one stage, e.g. {"$match": {...}}.`);
		const [name, body] = Object.entries(stage)[0];
		if (REFUSED_STAGES[name]) throw new RefusedError(`${at}: ${name} is refused: it ${REFUSED_STAGES[name]}.`);
		if (!ALLOWED_STAGES.has(name)) throw new RefusedError(`${at}: ${name} is not an allowed stage; use ${[...ALLOWED_STAGES].join(', ')}.`);
		if (name === '$facet') {
			if (!isObject(body)) throw new InvalidInputError(`${at}.$facet must be an object of sub-pipelines.`);
			return { $facet: Object.fromEntries(Object.entries(body).map(([key, sub]) => [key, scopeStages(scope, sub, `${at}.$facet.${key}`, depth + 1)])) };
		}
		if (name === '$lookup' || name === '$unionWith') return { [name]: scopeForeign(scope, name, body, at, depth) };
		if (name === '$sort') return { $sort: scopeSort(body, `${at}.$sort`) };
		inspect(body, `${at}.${name}`, name === '$match' ? scope.tenantId : undefined);
		return { [name]: body };
	});
}

/** A join reads another allowlisted collection, always through the tenant condition. */
function scopeForeign(scope: PipelineScope, name: '$lookup' | '$unionWith', body: unknown, at: string, depth: number): Record<string, unknown> {
	const spec: Record<string, unknown> = typeof body === 'string' && name === '$unionWith' ? { coll: body } : isObject(body) ? { ...body } : {};
	const field = name === '$lookup' ? 'from' : 'coll';
	const target = spec[field];
	if (typeof target !== 'string' || !scope.isAllowedCollection(target)) {
		throw new RefusedError(`${at}.${name}.${field}: ${JSON.stringify(target ?? null)} is not one of the data collections this tool may read.`);
	}
	for (const [key, value] of Object.entries(spec)) {
		if (key !== 'pipeline') inspect(value, `${at}.${name}.${key}`, undefined);
	}
	const inner = scopeStages(scope, spec.pipeline ?? [], `${at}.${name}.pipeline`, depth + 1);
	return { ...spec, [field]: scope.physical(target), pipeline: [{ $match: { [TENANT_FIELD]: scope.tenantId } }, ...inner] };
}

export function scopePipeline(scope: PipelineScope, pipeline: unknown): Array<Record<string, unknown>> {
	const stages = scopeStages(scope, pipeline, 'pipeline', 0);
	return [{ $match: { [TENANT_FIELD]: scope.tenantId } }, ...stages];
}
