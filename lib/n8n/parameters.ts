import { isSafeObjectProperty, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

/** What a parameter is read as here; collections and everything else go through n8n. */
export type ScalarParameter = string | number | boolean | null;

type Resolved = { ok: true; value: ScalarParameter } | { ok: false };
type Found = { ok: true; value: unknown } | { ok: false };

const NOT_SIMPLE: Resolved = { ok: false };
const NOT_FOUND: Found = { ok: false };

/*
 * The grammar below is deliberately narrow: whatever it does not match goes to n8n, so every
 * form it accepts has to give exactly n8n's value. test/integration/expression-fast-path-n8n.test.ts
 * checks that against n8n 2.41's isolated engine on a generated corpus.
 */

/** ASCII whitespace only: what parameters are written with; other Unicode spaces are left to n8n. */
const WS = '[ \\t\\n\\r]*';
const NAME = String.raw`[A-Za-z_$][\w$]*`;
const STEP = new RegExp(String.raw`\??\.(${NAME})`, 'g');
const PATH = String.raw`\$json((?:\??\.${NAME})+)`;
/** Strings without quotes, backslashes or line breaks inside; numbers without leading zeros (`010` is octal to n8n) or exponents. */
const LITERAL = String.raw`("[^"\\\n\r\u2028\u2029]*"|'[^'\\\n\r\u2028\u2029]*'|-?(?:0|[1-9]\d*)(?:\.\d+)?|null|true|false)`;

/** `{{ $json.a.b }}`, `{{ $json.a?.b ?? "" }}`: a field of the item, optionally with a literal fallback. */
const SIMPLE_EXPRESSION = new RegExp(`^\\{\\{${WS}${PATH}${WS}(?:\\?\\?${WS}${LITERAL}${WS})?\\}\\}$`);

/** `{{ $json.handoff ? 'handoff' : 'answered' }}`: one of two literals by a field's truthiness. */
const CHOICE_EXPRESSION = new RegExp(`^\\{\\{${WS}${PATH}${WS}\\?${WS}${LITERAL}${WS}:${WS}${LITERAL}${WS}\\}\\}$`);

/**
 * Templates with one `{{ … }}` and text around it, for instance `=conversation:{{ $json.conversation_id }}`.
 * No backslash in the text: n8n reads `\\` there as one backslash and `\{{` as a literal `{{`.
 */
const TEMPLATE = /^=([^{}\\]*)(\{\{[^{}]*\}\})([^{}\\]*)$/;

/** n8n refuses a whole parameter with `.constructor` anywhere in it, quoted text included. */
const CONSTRUCTOR = /\.\s*constructor/;

/**
 * Property names n8n does not read from the item: its sanitizer refuses `__proto__`,
 * `constructor`, `prototype`, `getPrototypeOf`… (`isSafeObjectProperty`), and its isolated
 * engine answers Object.prototype's names (`toString`, `valueOf`, `hasOwnProperty`…) from the
 * prototype even when the item has such a key. A lone `$` is refused by its `$` validator.
 */
function readByN8n(name: string): boolean {
	return name !== '$' && !(name in Object.prototype) && isSafeObjectProperty(name);
}

/** Object.prototype, of this realm or another one (items copied by structuredClone under a test runner, a vm context). */
function isObjectPrototype(proto: unknown): boolean {
	if (proto === Object.prototype) return true;
	if (typeof proto !== 'object' || proto === null || Object.getPrototypeOf(proto) !== null) return false;
	const constructor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
	return typeof constructor === 'function' && constructor.name === 'Object' && (constructor as { prototype?: unknown }).prototype === proto;
}

/** JSON's kind of object: n8n reads its own keys and nothing else (no Date, class instance, null prototype). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && isObjectPrototype(Object.getPrototypeOf(value));
}

function literal(text: string): ScalarParameter {
	if (text === 'null') return null;
	if (text === 'true') return true;
	if (text === 'false') return false;
	if (text.startsWith('"') || text.startsWith("'")) return text.slice(1, -1);
	return Number(text);
}

/**
 * The value at `.a?.b` in the item, or not found when n8n would refuse the expression, fail
 * (a field of null without `?.`) or do more than read plain JSON (a string's length, an array).
 */
function lookup(path: string, json: IDataObject): Found {
	const steps = [...path.matchAll(STEP)].map((match) => ({ optional: match[0].startsWith('?'), key: match[1] }));
	// n8n checks every name before it runs anything, including names after a `?.` that short-circuits
	if (!steps.every((step) => readByN8n(step.key))) return NOT_FOUND;
	let value: unknown = json;
	for (const { optional, key } of steps) {
		if (value === null || value === undefined) {
			// `a?.b.c` on a null `a` is undefined as a whole; `a.b` on nothing throws inside n8n, whose handling decides
			return optional ? { ok: true, value: undefined } : NOT_FOUND;
		}
		if (!isPlainObject(value)) return NOT_FOUND;
		const own = Object.getOwnPropertyDescriptor(value, key);
		if (own && !('value' in own)) return NOT_FOUND;
		value = own?.value;
	}
	return { ok: true, value };
}

/** A value n8n gives back unchanged from a single `{{ … }}`. */
function isScalar(value: unknown): value is ScalarParameter {
	return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** A value whose truthiness is the same in n8n's sandbox (where objects and arrays arrive as proxies). */
function hasPlainTruthiness(value: unknown): boolean {
	return value === undefined || isScalar(value) || Array.isArray(value) || isPlainObject(value);
}

/** One `{{ … }}` of the forms above on the item's JSON, or not simple (n8n must evaluate it). */
function resolveField(expression: string, json: IDataObject): Resolved {
	const choice = CHOICE_EXPRESSION.exec(expression);
	if (choice) {
		const found = lookup(choice[1], json);
		if (!found.ok || !hasPlainTruthiness(found.value)) return NOT_SIMPLE;
		return { ok: true, value: literal(found.value ? choice[2] : choice[3]) };
	}
	const match = SIMPLE_EXPRESSION.exec(expression);
	if (!match) return NOT_SIMPLE;
	const [, path, fallback] = match;
	const found = lookup(path, json);
	if (!found.ok) return NOT_SIMPLE;
	const value = found.value;
	if ((value === null || value === undefined) && fallback !== undefined) return { ok: true, value: literal(fallback) };
	return isScalar(value) ? { ok: true, value } : NOT_SIMPLE;
}

/**
 * Resolves the simple expressions message fields are read with (`={{ $json.tenant_id }}`,
 * `=conversation:{{ $json.conversation_id }}`, `={{ $json.contact?.name ?? "" }}`) from the item
 * itself; anything else is left to n8n. Exported for its tests.
 */
export function resolveSimpleParameter(raw: string, json: IDataObject | undefined): Resolved {
	const template = TEMPLATE.exec(raw);
	if (!template || !json || CONSTRUCTOR.test(raw)) return NOT_SIMPLE;
	const [, before, expression, after] = template;
	const resolved = resolveField(expression, json);
	if (!resolved.ok || (before === '' && after === '')) return resolved;
	// inside text n8n writes a value as text; only strings and numbers are written here
	if (typeof resolved.value !== 'string' && typeof resolved.value !== 'number') return NOT_SIMPLE;
	return { ok: true, value: `${before}${resolved.value}${after}` };
}

/**
 * A node parameter for item `i`, like `getNodeParameter`. n8n 2.x evaluates every
 * expression in an isolated VM (about 1 ms each, a few µs here: docs/benchmarks.md); a crew turn
 * reads some thirty fields of the message that way. Reading `{{ $json.field }}` straight from
 * the item gives the same value without it; any other expression, and every value n8n would
 * refuse, still goes through n8n, so its results and its errors stay n8n's.
 */
export function itemParameter(ctx: IExecuteFunctions, name: string, i: number, fallback?: ScalarParameter): unknown {
	const raw = ctx.getNodeParameter(name, i, fallback, { rawExpressions: true }) as unknown;
	if (typeof raw === 'string' && raw.startsWith('=')) {
		const resolved = resolveSimpleParameter(raw, ctx.getInputData()[i]?.json);
		if (resolved.ok) return resolved.value;
	} else if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
		return raw;
	}
	return ctx.getNodeParameter(name, i, fallback);
}
