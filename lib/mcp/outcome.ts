import { errorKindOf, errorMessageOf, isErrorKind, upstreamFactsOf, type ErrorKind, type UpstreamFacts } from '../errors';
import type { CallToolResult } from './sdk';

/** A failed call: its kind, a message for people and models, and what the upstream said, when it said something. */
export interface ToolFailure extends UpstreamFacts {
	ok: false;
	kind: ErrorKind;
	message: string;
}

export type ToolOutcome = { ok: true; data: Record<string, unknown> } | ToolFailure;

/** Where a failed call's facts travel in the result's `_meta` (structuredContent must match the output schema). */
export const ERROR_KIND_META = 'omnicrew/error_kind';
export const HTTP_STATUS_META = 'omnicrew/http_status';
export const UPSTREAM_CODE_META = 'omnicrew/upstream_code';

const NO_MESSAGE = 'The tool failed without a message.';

/** A failure with only the facts that are known: an absent fact is no member at all, on every path. */
export function toolFailure(kind: ErrorKind, message: string, facts: UpstreamFacts = {}): ToolFailure {
	const failure: ToolFailure = { ok: false, kind, message: message || NO_MESSAGE };
	if (facts.httpStatus !== undefined) failure.httpStatus = facts.httpStatus;
	if (facts.upstreamCode !== undefined) failure.upstreamCode = facts.upstreamCode;
	return failure;
}

/** What a thrown error becomes: its kind, its message with secrets masked, and its upstream facts. */
export function failureOf(error: unknown): ToolFailure {
	return toolFailure(errorKindOf(error), errorMessageOf(error), upstreamFactsOf(error));
}

/** An outcome as an MCP tool result: the data as structuredContent and as JSON text, or the failure's text and facts in `_meta`. */
export function resultOf(outcome: ToolOutcome): CallToolResult {
	if (outcome.ok) return { structuredContent: outcome.data, content: [{ type: 'text', text: JSON.stringify(outcome.data) }] };
	const meta: Record<string, unknown> = { [ERROR_KIND_META]: outcome.kind };
	if (outcome.httpStatus !== undefined) meta[HTTP_STATUS_META] = outcome.httpStatus;
	if (outcome.upstreamCode !== undefined) meta[UPSTREAM_CODE_META] = outcome.upstreamCode;
	return { isError: true, content: [{ type: 'text', text: outcome.message }], _meta: meta };
}

/**
 * The kind of a failed result that carries none, from its wording. Only for MCP servers that are
 * not ours: ours put the kind in `_meta` on every failure, third-party servers send no `_meta`.
 * The texts are the MCP SDK's own for bad arguments and unknown tools.
 */
function foreignKindFromText(text: string): ErrorKind {
	if (/^(MCP error -32602: )?Input validation error/i.test(text)) return 'invalid_input';
	if (/not found/i.test(text)) return 'invalid_input';
	return 'internal';
}

/**
 * A tool result as an outcome. The kind and the upstream facts of a failure are read from
 * `_meta`; `foreign` (a server that is not ours) allows the wording fallback when `_meta` has none.
 */
export function outcomeOf(result: CallToolResult, options: { foreign: boolean }): ToolOutcome {
	const text = result.content
		.filter((part): part is { type: 'text'; text: string } => part.type === 'text')
		.map((part) => part.text)
		.join('\n');
	if (result.isError) {
		const meta = result._meta ?? {};
		const given = meta[ERROR_KIND_META];
		const kind = isErrorKind(given) ? given : options.foreign ? foreignKindFromText(text) : 'internal';
		return toolFailure(kind, text, upstreamFactsOf({ httpStatus: meta[HTTP_STATUS_META], upstreamCode: meta[UPSTREAM_CODE_META] }));
	}
	if (result.structuredContent) return { ok: true, data: result.structuredContent };
	try {
		const parsed: unknown = JSON.parse(text);
		if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { ok: true, data: parsed as Record<string, unknown> };
	} catch {
		// Not JSON: hand the text back as is.
	}
	return { ok: true, data: { text } };
}
