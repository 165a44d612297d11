import type { z } from 'zod/v4';

import { InvalidInputError } from '../../../lib/errors';
import { CrewSchema, type Crew } from './crew';
import { TenantSchema, type Tenant } from './tenant';

type Path = ReadonlyArray<PropertyKey>;

/** `crew.agents[0].role`, the way a person reads a JSON path. */
export function fieldPath(root: string, path: Path): string {
	return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : `${out}.${String(part)}`), root);
}

function describeIssue(root: string, issue: z.core.$ZodIssue): string {
	if (issue.code === 'unrecognized_keys') {
		return issue.keys.map((key) => `${fieldPath(root, [...issue.path, key])}: is not a known field`).join('; ');
	}
	return `${fieldPath(root, issue.path)}: ${issue.message}`;
}

/** Parses with a schema; on failure the error lists every wrong field by its path. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const lines = result.error.issues.slice(0, 12).map((issue) => describeIssue(root, issue));
	const more = result.error.issues.length > 12 ? ` (and ${result.error.issues.length - 12} more)` : '';
	throw new InvalidInputError(`${root} is not valid: ${lines.join('; ')}${more}.`);
}

export const parseTenant = (value: unknown): Tenant => parseWith(TenantSchema, value, 'tenant');
export const parseCrew = (value: unknown): Crew => parseWith(CrewSchema, value, 'crew');

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A put names only what changes: objects merge field by field into the current configuration,
 * anything else (lists included) replaces. The result is validated as a whole afterwards.
 */
export function mergeConfig(base: unknown, patch: unknown): unknown {
	if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
	const out: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		// Assigning "__proto__" would swap the prototype instead of adding a field.
		if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new InvalidInputError(`"${key}" is not a configuration field.`);
		out[key] = mergeConfig(base[key], value);
	}
	return out;
}
