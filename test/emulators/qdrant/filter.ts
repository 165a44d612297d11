/**
 * Qdrant filters: must / should / must_not / min_should, nested filters, and the conditions
 * match (value, any, except, text, phrase), range, has_id, is_empty, is_null, nested.
 * Keys are dotted paths (`a.b`, `a[].b`); arrays along the path are flattened, and a condition on an
 * array payload holds when any element satisfies it.
 */
import { formatError } from './errors';
import type { Json, JsonObject, PointId, StoredPoint } from './types';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A point id as Qdrant stores it (uint, or UUID normalised to lower-case hyphenated), or undefined when invalid. */
export function normalizeId(id: unknown): PointId | undefined {
	if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0 ? id : undefined;
	if (typeof id !== 'string' || !UUID.test(id)) return undefined;
	const hex = id.replace(/-/g, '').toLowerCase();
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const idKey = (id: PointId) => (typeof id === 'number' ? `n:${id}` : `u:${id}`);

/** Qdrant orders numeric ids before UUIDs. */
export function compareIds(a: PointId, b: PointId): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'number') return -1;
	if (typeof b === 'number') return 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Every value a dotted key reaches, arrays flattened (the last level too). */
export function valuesAt(payload: JsonObject, key: string): Json[] {
	let current: Json[] = [payload];
	for (const rawSegment of key.split('.')) {
		const segment = rawSegment.endsWith('[]') ? rawSegment.slice(0, -2) : rawSegment;
		const next: Json[] = [];
		for (const value of current) {
			const objects = Array.isArray(value) ? value : [value];
			for (const item of objects) if (isObject(item) && segment in item) next.push(item[segment]);
		}
		current = next;
	}
	return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

/** Whether a key holds nothing: missing, null, or an empty array. */
function isEmptyAt(payload: JsonObject, key: string): boolean {
	return valuesAt(payload, key).filter((value) => value !== null).length === 0;
}

export interface FilterContext {
	/** Fields with a full-text index: `match.text` tokenises instead of matching substrings. */
	textIndexed(key: string): boolean;
}

const tokens = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function checkMatch(match: JsonObject, key: string, values: Json[], context: FilterContext): boolean {
	if ('value' in match) {
		const expected = match.value;
		if (!isScalar(expected)) throw formatError(`match.value of \`${key}\` must be a string, integer or boolean`);
		return values.some((value) => value === expected);
	}
	if ('any' in match) {
		if (!Array.isArray(match.any)) throw formatError(`match.any of \`${key}\` must be an array`);
		const any = match.any;
		return values.some((value) => any.includes(value));
	}
	if ('except' in match) {
		if (!Array.isArray(match.except)) throw formatError(`match.except of \`${key}\` must be an array`);
		const except = match.except;
		// A missing field matches `except` in Qdrant (there is no value among the excluded ones).
		if (values.length === 0) return true;
		return values.some((value) => !except.includes(value));
	}
	if ('text' in match || 'phrase' in match) {
		const text = match.text ?? match.phrase;
		if (typeof text !== 'string') throw formatError(`match.text of \`${key}\` must be a string`);
		const strings = values.filter((value): value is string => typeof value === 'string');
		if (!context.textIndexed(key)) return strings.some((value) => value.includes(text));
		const wanted = tokens(text);
		if ('phrase' in match) return strings.some((value) => ` ${tokens(value).join(' ')} `.includes(` ${wanted.join(' ')} `));
		return strings.some((value) => {
			const have = new Set(tokens(value));
			return wanted.every((token) => have.has(token));
		});
	}
	throw formatError(`unknown match variant in the condition on \`${key}\``);
}

function checkRange(range: JsonObject, key: string, values: Json[]): boolean {
	const bounds: Array<[string, (value: number, bound: number) => boolean]> = [
		['gt', (value, bound) => value > bound],
		['gte', (value, bound) => value >= bound],
		['lt', (value, bound) => value < bound],
		['lte', (value, bound) => value <= bound],
	];
	for (const [name] of bounds) {
		const bound = range[name];
		if (bound !== undefined && bound !== null && typeof bound !== 'number') throw formatError(`range.${name} of \`${key}\` must be a number`);
	}
	return values.some(
		(value) =>
			typeof value === 'number' &&
			bounds.every(([name, test]) => {
				const bound = range[name];
				return typeof bound !== 'number' || test(value, bound);
			}),
	);
}

function checkCondition(condition: Json, point: StoredPoint, payload: JsonObject, context: FilterContext): boolean {
	if (!isObject(condition)) throw formatError('a filter condition must be an object');
	if ('must' in condition || 'should' in condition || 'must_not' in condition || 'min_should' in condition) {
		return checkFilter(condition, point, context, payload);
	}
	if ('has_id' in condition) {
		if (!Array.isArray(condition.has_id)) throw formatError('has_id must be an array of point ids');
		return condition.has_id.some((id) => {
			const normalized = normalizeId(id);
			return normalized !== undefined && normalized === point.id;
		});
	}
	if ('is_empty' in condition || 'is_null' in condition) {
		const inner = condition.is_empty ?? condition.is_null;
		if (!isObject(inner) || typeof inner.key !== 'string') throw formatError('is_empty / is_null need {key}');
		if ('is_empty' in condition) return isEmptyAt(payload, inner.key);
		const key = inner.key;
		const raw = key.split('.').reduce<Json | undefined>((value, segment) => (isObject(value) ? value[segment] : undefined), payload);
		return raw === null || (Array.isArray(raw) && raw.includes(null));
	}
	if ('nested' in condition) {
		const nested = condition.nested;
		if (!isObject(nested) || typeof nested.key !== 'string' || !isObject(nested.filter)) throw formatError('nested needs {key, filter}');
		const nestedFilter = nested.filter;
		return valuesAt(payload, nested.key).some((item) => isObject(item) && checkFilter(nestedFilter, point, context, item));
	}
	if (typeof condition.key !== 'string') throw formatError('unknown filter condition (expected key, has_id, is_empty, is_null, nested or a nested filter)');
	const key = condition.key;
	const values = valuesAt(payload, key);
	if (isObject(condition.match)) return checkMatch(condition.match, key, values, context);
	if (isObject(condition.range)) return checkRange(condition.range, key, values);
	if (isObject(condition.values_count)) {
		const count = values.length;
		return checkRange(condition.values_count, key, [count]);
	}
	throw formatError(`the condition on \`${key}\` needs match, range or values_count`);
}

const asList = (value: Json | undefined): Json[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

/** Whether a point passes a filter; `payload` is the object keys resolve against (the point's, or a nested item). */
export function checkFilter(filter: Json | undefined, point: StoredPoint, context: FilterContext, payload: JsonObject = point.payload): boolean {
	if (filter === undefined || filter === null) return true;
	if (!isObject(filter)) throw formatError('filter must be an object');
	const test = (condition: Json) => checkCondition(condition, point, payload, context);
	if (!asList(filter.must).every(test)) return false;
	const should = asList(filter.should);
	if (should.length && !should.some(test)) return false;
	if (asList(filter.must_not).some(test)) return false;
	if (isObject(filter.min_should)) {
		const conditions = asList(filter.min_should.conditions);
		const minCount = typeof filter.min_should.min_count === 'number' ? filter.min_should.min_count : 1;
		if (conditions.filter(test).length < minCount) return false;
	}
	return true;
}
