/** Compares the key structure and value types of two JSON values, ignoring the values themselves. */

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';

function kindOf(value: unknown): Kind {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	const type = typeof value;
	if (type === 'object' || type === 'string' || type === 'number' || type === 'boolean') return type;
	return 'other';
}

export interface ShapeOptions {
	/** Accept null where the reference has another type and the reverse (for channels with no example of their own). */
	nullable?: boolean;
	/** Accept arrays of a different length (elements are still compared pairwise). */
	anyLength?: boolean;
}

/** Lists every difference as "path: reason"; an empty list means the same structure. */
export function shapeDiff(actual: unknown, expected: unknown, options: ShapeOptions = {}, path = '$'): string[] {
	const actualKind = kindOf(actual);
	const expectedKind = kindOf(expected);
	if (actualKind !== expectedKind) {
		if (options.nullable && (actualKind === 'null' || expectedKind === 'null')) return [];
		return [`${path}: ${actualKind} instead of ${expectedKind}`];
	}
	if (actualKind === 'array' && Array.isArray(actual) && Array.isArray(expected)) {
		const diffs: string[] = [];
		if (actual.length !== expected.length && !options.anyLength) diffs.push(`${path}: ${actual.length} elements instead of ${expected.length}`);
		const count = Math.min(actual.length, expected.length);
		for (let i = 0; i < count; i++) diffs.push(...shapeDiff(actual[i], expected[i], options, `${path}[${i}]`));
		return diffs;
	}
	if (actualKind === 'object' && typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null) {
		const a = actual as Record<string, unknown>;
		const e = expected as Record<string, unknown>;
		const diffs: string[] = [];
		for (const key of Object.keys(e)) if (!(key in a)) diffs.push(`${path}.${key}: missing`);
		for (const key of Object.keys(a)) if (!(key in e)) diffs.push(`${path}.${key}: unexpected`);
		for (const key of Object.keys(e)) if (key in a) diffs.push(...shapeDiff(a[key], e[key], options, `${path}.${key}`));
		return diffs;
	}
	return [];
}
