/** Odoo domains (prefix notation with `&`, `|`, `!`) compiled to predicates over stored records. */
import { OdooError, pyRepr, valueError } from './errors';
import type { Env, ModelState, Rec } from './orm/types';

export const OPERATORS = ['=', '!=', '<>', 'in', 'not in', 'like', 'not like', 'ilike', 'not ilike', '=like', '=ilike', '<', '>', '<=', '>=', 'child_of', 'parent_of'] as const;

export type Predicate = (rec: Rec) => boolean;

export interface DomainHost {
	/** The value a domain leaf compares: many2one as id, x2many as ids, computed fields computed. */
	valueOf(model: ModelState, rec: Rec, field: string, env: Env): unknown;
	fieldExists(model: ModelState, field: string): boolean;
	relationOf(model: ModelState, field: string): string | undefined;
	displayName(model: ModelState, rec: Rec, env: Env): string;
}

/**
 * A SQL `LIKE` pattern as a RegExp: `%` and `_` are wildcards (Odoo does not escape them in `like`/`ilike`
 * values), a backslash escapes the next character. `insensitive`: ILIKE, i.e. lowercase on both sides (accents still
 * count, like PostgreSQL without `unaccent`).
 */
function likeToRegex(pattern: string): RegExp {
	let source = '';
	let escaped = false;
	for (const char of pattern) {
		if (escaped) {
			source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			escaped = false;
		} else if (char === '\\') escaped = true;
		else if (char === '%') source += '[\\s\\S]*';
		else if (char === '_') source += '[\\s\\S]';
		else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${source}$`, 'u');
}

/** SQL `LIKE`/`ILIKE` of a value against a pattern (no implicit `%`: `ilike` callers wrap the pattern). */
export function sqlLike(value: string, pattern: string, insensitive: boolean): boolean {
	return insensitive ? likeToRegex(pattern.toLowerCase()).test(value.toLowerCase()) : likeToRegex(pattern).test(value);
}

function scalar(value: unknown): unknown {
	return value;
}

function compare(left: unknown, operator: string, right: unknown): boolean {
	if (Array.isArray(left)) {
		// x2many: any of the related ids
		if (operator === '=' && (right === false || right === null)) return left.length === 0;
		if (operator === '!=' && (right === false || right === null)) return left.length > 0;
		if (operator === 'not in' || operator === '!=' || operator === '<>') return !left.some((item) => compare(item, operator === 'not in' ? 'in' : '=', right));
		return left.some((item) => compare(item, operator, right));
	}
	switch (operator) {
		case '=':
			if (Array.isArray(right)) return right.some((item) => compare(left, '=', item));
			if (right === false || right === null) return left === false || left === null || left === undefined || left === '';
			return left === right;
		case '!=':
		case '<>':
			return !compare(left, '=', right);
		case 'in':
			return (Array.isArray(right) ? right : [right]).some((item) => compare(left, '=', item));
		case 'not in':
			return !(Array.isArray(right) ? right : [right]).some((item) => compare(left, '=', item));
		case '<':
		case '>':
		case '<=':
		case '>=': {
			if (left === false || left === null || left === undefined || right === false || right === null) return false;
			const a = scalar(left) as number | string;
			const b = scalar(right) as number | string;
			if (operator === '<') return a < b;
			if (operator === '>') return a > b;
			if (operator === '<=') return a <= b;
			return a >= b;
		}
		case 'like':
		case 'ilike':
		case 'not like':
		case 'not ilike': {
			const negate = operator.startsWith('not');
			if (right === false || right === null) return negate ? !(left === false || left === null) : left === false || left === null;
			const haystack = typeof left === 'string' ? left : typeof left === 'number' ? String(left) : '';
			const found = sqlLike(haystack, `%${String(right)}%`, operator.includes('ilike'));
			if (left === false || left === null || left === undefined) return negate;
			return negate ? !found : found;
		}
		case '=like':
		case '=ilike':
			if (typeof left !== 'string') return false;
			return sqlLike(left, String(right), operator === '=ilike');
		default:
			return false;
	}
}

function isLeaf(token: unknown): token is [string, string, unknown] {
	return Array.isArray(token);
}

export function checkDomain(domain: unknown): unknown[] {
	if (!Array.isArray(domain)) throw new OdooError('builtins.AssertionError', 'Domains to normalize must have a \'domain\' form: a list or tuple of domain components');
	return domain;
}

export function compileDomain(host: DomainHost, model: ModelState, domain: unknown, env: Env): Predicate {
	const tokens = checkDomain(domain);
	const stack: Predicate[] = [];
	// Normalize: implicit & between consecutive terms.
	const normalized: unknown[] = [];
	let expected = 1;
	for (const token of tokens) {
		if (expected === 0) {
			normalized.unshift('&');
			expected = 1;
		}
		if (token === '&' || token === '|') expected += 1;
		else if (token !== '!') expected -= 1;
		normalized.push(token);
	}
	for (const token of [...normalized].reverse()) {
		if (token === '&' || token === '|') {
			const a = stack.pop();
			const b = stack.pop();
			if (!a || !b) throw valueError(`Invalid domain ${pyRepr(domain)}`);
			stack.push(token === '&' ? (rec) => a(rec) && b(rec) : (rec) => a(rec) || b(rec));
		} else if (token === '!') {
			const a = stack.pop();
			if (!a) throw valueError(`Invalid domain ${pyRepr(domain)}`);
			stack.push((rec) => !a(rec));
		} else if (isLeaf(token)) {
			stack.push(compileLeaf(host, model, token, env));
		} else if (token === true || token === 1) {
			stack.push(() => true);
		} else {
			throw valueError(`Invalid leaf ${pyRepr(token)}`);
		}
	}
	return stack.reduce<Predicate>((acc, predicate) => (rec) => acc(rec) && predicate(rec), () => true);
}

function compileLeaf(host: DomainHost, model: ModelState, leaf: unknown[], env: Env): Predicate {
	if (leaf.length !== 3) throw valueError(`Invalid leaf ${pyRepr(leaf)}`);
	const [path, rawOperator, value] = leaf;
	if (typeof path !== 'string') throw valueError(`Invalid leaf ${pyRepr(leaf)}`);
	const operator = String(rawOperator).toLowerCase();
	if (!(OPERATORS as readonly string[]).includes(operator)) throw valueError(`Invalid leaf ${pyRepr(leaf).replace(/^\[/, '(').replace(/\]$/, ')')}`);
	const [field, ...rest] = path.split('.');
	if (!host.fieldExists(model, field)) throw valueError(`Invalid field ${model.spec.name}.${field} in leaf ${pyRepr(leaf).replace(/^\[/, '(').replace(/\]$/, ')')}`);
	const searcher = model.spec.searchers?.[field];
	if (searcher && rest.length === 0) return searcher(operator, value, env);
	const relation = host.relationOf(model, field);
	if (rest.length > 0) {
		if (!relation) throw valueError(`Invalid field ${model.spec.name}.${path} in leaf ${pyRepr(leaf)}`);
		const target = env.store.model(relation);
		const inner = compileLeaf(host, target, [rest.join('.'), operator, value], env);
		return (rec) => {
			const ref = host.valueOf(model, rec, field, env);
			const ids = Array.isArray(ref) ? ref : typeof ref === 'number' ? [ref] : [];
			return ids.some((id) => {
				const other = target.records.get(id as number);
				return other ? inner(other) : false;
			});
		};
	}
	if (field === 'id' && typeof value === 'string' && value !== '' && !/^\d+$/.test(value) && !['like', 'ilike', '=like', '=ilike', 'child_of', 'parent_of'].includes(operator)) {
		throw new OdooError('psycopg2.errors.InvalidTextRepresentation', `invalid input syntax for type integer: "${value}"`);
	}
	if (operator === 'child_of' || operator === 'parent_of') {
		const parentField = model.spec.parentField ?? 'parent_id';
		const roots = new Set((Array.isArray(value) ? value : [value]).filter((v): v is number => typeof v === 'number'));
		if (typeof value === 'string') {
			for (const rec of model.records.values()) if (sqlLike(host.displayName(model, rec, env), `%${value}%`, true)) roots.add(rec.id);
		}
		const matches = (rec: Rec): boolean => {
			if (operator === 'child_of') {
				let current: Rec | undefined = rec;
				const seen = new Set<number>();
				while (current && !seen.has(current.id)) {
					if (roots.has(current.id)) return true;
					seen.add(current.id);
					const parent: unknown = current[parentField];
					current = typeof parent === 'number' ? model.records.get(parent) : undefined;
				}
				return false;
			}
			for (const root of roots) {
				let current = model.records.get(root);
				const seen = new Set<number>();
				while (current && !seen.has(current.id)) {
					if (current.id === rec.id) return true;
					seen.add(current.id);
					const parent: unknown = current[parentField];
					current = typeof parent === 'number' ? model.records.get(parent) : undefined;
				}
			}
			return false;
		};
		return (rec) => {
			if (field === 'id') return matches(rec);
			const ref = host.valueOf(model, rec, field, env);
			const target = relation ? env.store.model(relation) : model;
			const ids = Array.isArray(ref) ? ref : typeof ref === 'number' ? [ref] : [];
			return ids.some((id) => {
				const other = target.records.get(id as number);
				return other ? compileLeaf(host, target, ['id', operator, value], env)(other) : false;
			});
		};
	}
	// many2one/x2many compared with a string: match the related record's display name
	if (relation && typeof value === 'string' && operator !== '=like' && operator !== '=ilike') {
		const target = env.store.model(relation);
		return (rec) => {
			const ref = host.valueOf(model, rec, field, env);
			const ids = Array.isArray(ref) ? ref : typeof ref === 'number' ? [ref] : [];
			const names = ids.map((id) => {
				const other = target.records.get(id as number);
				return other ? host.displayName(target, other, env) : false;
			});
			if (names.length === 0) return compare(false, operator, value);
			return operator.startsWith('not') || operator === '!=' ? names.every((name) => compare(name, operator, value)) : names.some((name) => compare(name, operator, value));
		};
	}
	return (rec) => compare(host.valueOf(model, rec, field, env), operator, value);
}
