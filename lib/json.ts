import { InvalidInputError } from './errors';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Checks that a value survives a JSON round trip unchanged, so what is read back is what was
 * written. JSON.stringify alone would silently turn NaN into null and drop functions.
 */
export function assertJsonValue(value: unknown, field = 'value', depth = 0): JsonValue {
	if (depth > 64) throw new InvalidInputError(`${field} is nested too deeply (more than 64 levels).`);
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new InvalidInputError(`${field} is not JSON: ${String(value)} has no JSON form.`);
		return value;
	}
	if (Array.isArray(value)) {
		value.forEach((item, i) => assertJsonValue(item, `${field}[${i}]`, depth + 1));
		return value as JsonValue[];
	}
	if (typeof value === 'object') {
		const proto: unknown = Object.getPrototypeOf(value);
		if (proto !== Object.prototype && proto !== null) {
			throw new InvalidInputError(`${field} is not JSON: a ${(value as object).constructor?.name ?? 'class instance'} is not a plain object.`);
		}
		for (const [key, item] of Object.entries(value)) assertJsonValue(item, `${field}.${key}`, depth + 1);
		return value as { [key: string]: JsonValue };
	}
	if (value === undefined) throw new InvalidInputError(`${field} is required (any JSON value, null included).`);
	throw new InvalidInputError(`${field} is not JSON: a ${typeof value} cannot be stored.`);
}
