import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** What a parameter is read as here; collections and everything else go through n8n. */
export type ScalarParameter = string | number | boolean | null;

type Resolved = { ok: true; value: ScalarParameter } | { ok: false };

const NOT_SIMPLE: Resolved = { ok: false };

/**
 * `{{ $json.a.b }}`, `{{ $json.a?.b ?? "" }}`: a field of the item, optionally with a literal
 * fallback (a quoted string without quotes or backslashes inside, a number, null, true, false).
 */
const SIMPLE_EXPRESSION = /^\{\{\s*\$json((?:\??\.[A-Za-z_$][\w$]*)+)\s*(?:\?\?\s*("[^"\\]*"|'[^'\\]*'|-?\d+(?:\.\d+)?|null|true|false)\s*)?\}\}$/;

/** A parameter value: an expression (`=` + text with at most one `{{ … }}`), for instance `=conversation:{{ $json.conversation_id }}`. */
const TEMPLATE = /^=([^{}]*)(\{\{[^{}]*\}\})([^{}]*)$/;

function literal(text: string): ScalarParameter {
	if (text === 'null') return null;
	if (text === 'true') return true;
	if (text === 'false') return false;
	if (text.startsWith('"') || text.startsWith("'")) return text.slice(1, -1);
	return Number(text);
}

/** `{{ $json.path ?? fallback }}` on the item's JSON, or not simple (n8n must evaluate it). */
function resolveField(expression: string, json: IDataObject | undefined): Resolved {
	const match = SIMPLE_EXPRESSION.exec(expression);
	if (!match || !json) return NOT_SIMPLE;
	const [, path, fallback] = match;
	let value: unknown = json;
	for (const step of path.match(/\??\.[A-Za-z_$][\w$]*/g) ?? []) {
		const optional = step.startsWith('?');
		const key = step.slice(optional ? 2 : 1);
		if (value === null || value === undefined) {
			// `a.b` on nothing is an error n8n words for the user; `a?.b` is undefined
			if (!optional) return NOT_SIMPLE;
			break;
		}
		// a string's length, a number's methods...: n8n's business
		if (typeof value !== 'object' || Array.isArray(value)) return NOT_SIMPLE;
		value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
	}
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
