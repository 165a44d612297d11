import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** What a parameter is read as here; collections and everything else go through n8n. */
export type ScalarParameter = string | number | boolean | null;

type Resolved = { ok: true; value: ScalarParameter } | { ok: false };

const NOT_SIMPLE: Resolved = { ok: false };

const PATH = String.raw`\$json((?:\??\.[A-Za-z_$][\w$]*)+)`;
const LITERAL = String.raw`("[^"\\]*"|'[^'\\]*'|-?\d+(?:\.\d+)?|null|true|false)`;

/**
 * `{{ $json.a.b }}`, `{{ $json.a?.b ?? "" }}`: a field of the item, optionally with a literal
 * fallback (a quoted string without quotes or backslashes inside, a number, null, true, false).
 */
const SIMPLE_EXPRESSION = new RegExp(String.raw`^\{\{\s*${PATH}\s*(?:\?\?\s*${LITERAL}\s*)?\}\}$`);

/** `{{ $json.handoff ? 'handoff' : 'answered' }}`: one of two literals by a field's truthiness. */
const CHOICE_EXPRESSION = new RegExp(String.raw`^\{\{\s*${PATH}\s*\?\s*${LITERAL}\s*:\s*${LITERAL}\s*\}\}$`);

/** Templates with one `{{ … }}` and text around it, for instance `=conversation:{{ $json.conversation_id }}`. */
const TEMPLATE = /^=([^{}]*)(\{\{[^{}]*\}\})([^{}]*)$/;

function literal(text: string): ScalarParameter {
	if (text === 'null') return null;
	if (text === 'true') return true;
	if (text === 'false') return false;
	if (text.startsWith('"') || text.startsWith("'")) return text.slice(1, -1);
	return Number(text);
}

/** The value at `.a?.b` in the item, or not simple when n8n would fail or do more than read JSON. */
function lookup(path: string, json: IDataObject): { ok: true; value: unknown } | { ok: false } {
	let value: unknown = json;
	for (const step of path.match(/\??\.[A-Za-z_$][\w$]*/g) ?? []) {
		const optional = step.startsWith('?');
		const key = step.slice(optional ? 2 : 1);
		if (value === null || value === undefined) {
			// `a.b` on nothing is an error n8n words for the user; `a?.b` is undefined
			if (!optional) return { ok: false };
			break;
		}
		// a string's length, a number's methods...: n8n's business
		if (typeof value !== 'object' || Array.isArray(value)) return { ok: false };
		value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
	}
	return { ok: true, value };
}

/** One `{{ … }}` of the forms above on the item's JSON, or not simple (n8n must evaluate it). */
function resolveField(expression: string, json: IDataObject | undefined): Resolved {
	if (!json) return NOT_SIMPLE;
	const choice = CHOICE_EXPRESSION.exec(expression);
	if (choice) {
		const found = lookup(choice[1], json);
		return found.ok ? { ok: true, value: literal(found.value ? choice[2] : choice[3]) } : NOT_SIMPLE;
	}
	const match = SIMPLE_EXPRESSION.exec(expression);
	if (!match) return NOT_SIMPLE;
	const [, path, fallback] = match;
	const found = lookup(path, json);
	if (!found.ok) return NOT_SIMPLE;
	const value = found.value;
	if ((value === null || value === undefined) && fallback !== undefined) return { ok: true, value: literal(fallback) };
	if (value === undefined) return NOT_SIMPLE;
	if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { ok: true, value };
	return NOT_SIMPLE;
}

/**
 * Resolves the simple expressions message fields are read with (`={{ $json.tenant_id }}`,
 * `=conversation:{{ $json.conversation_id }}`, `={{ $json.contact?.name ?? "" }}`) from the item
 * itself; anything else is left to n8n. Exported for its tests.
 */
export function resolveSimpleParameter(raw: string, json: IDataObject | undefined): Resolved {
	const template = TEMPLATE.exec(raw);
	if (!template) return NOT_SIMPLE;
	const [, before, expression, after] = template;
	const resolved = resolveField(expression, json);
	if (!resolved.ok || (before === '' && after === '')) return resolved;
	// inside text n8n writes a value as text; only plain values are written here
	if (resolved.value === null || typeof resolved.value === 'boolean') return NOT_SIMPLE;
	return { ok: true, value: `${before}${resolved.value}${after}` };
}

/**
 * A node parameter for item `i`, like `getNodeParameter`. n8n 2.x evaluates every
 * expression in an isolated VM (~1.5 ms each, with a data proxy built per call); a crew turn
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
