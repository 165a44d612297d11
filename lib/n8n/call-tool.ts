import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import type { McpSession, ToolFailure } from '../mcp/client';

const kindWords = (failure: ToolFailure): string => failure.kind.replace('_', ' ');

/** "Chatwoot answered HTTP 429", "Odoo raised odoo.exceptions.AccessError (HTTP 403)": the upstream's own facts, for the description. */
function upstreamSaid(failure: ToolFailure): string {
	const status = failure.httpStatus === undefined ? '' : `HTTP ${failure.httpStatus}`;
	if (failure.upstreamCode === undefined) return `the system behind it answered ${status}`;
	return `the system behind it answered with error code ${failure.upstreamCode}${status ? ` (${status})` : ''}`;
}

/**
 * Calls one tool for one item. A failure the system behind the tool answered (it carries an
 * HTTP status or an error code of its own) and upstream or internal failures become a
 * NodeApiError, with the status as its `httpCode` and the code in its description, so n8n shows
 * them; our own refusals and bad input become a NodeOperationError (fix the parameters). Both
 * carry the tool's own message and the item index.
 */
export async function callToolForItem(
	node: INode,
	session: McpSession,
	tool: string,
	args: IDataObject,
	itemIndex: number,
	meta?: Record<string, unknown>,
): Promise<IDataObject> {
	const outcome = await session.callTool(tool, args, meta);
	if (outcome.ok) return outcome.data as IDataObject;
	const answered = outcome.httpStatus !== undefined || outcome.upstreamCode !== undefined;
	if (answered || outcome.kind === 'upstream' || outcome.kind === 'internal') {
		const description = answered
			? `The ${tool} tool failed (${kindWords(outcome)}): ${upstreamSaid(outcome)}.`
			: `The ${tool} tool could not reach the system behind it.`;
		throw new NodeApiError(node, { message: outcome.message } as JsonObject, {
			itemIndex,
			message: outcome.message,
			description,
			...(outcome.httpStatus === undefined ? {} : { httpCode: String(outcome.httpStatus) }),
		});
	}
	throw new NodeOperationError(node, outcome.message, {
		itemIndex,
		description: `The ${tool} tool refused the call (${kindWords(outcome)}).`,
	});
}
