import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import type { McpSession } from '../mcp/client';

/**
 * Calls one tool for one item. Refusals and bad input become a NodeOperationError (fix the
 * parameters), upstream failures a NodeApiError (the system behind the tool failed); both carry
 * the tool's own message and the item index.
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
	if (outcome.kind === 'upstream' || outcome.kind === 'internal') {
		throw new NodeApiError(node, { message: outcome.message } as JsonObject, {
			itemIndex,
			message: outcome.message,
			description: `The ${tool} tool could not reach the system behind it.`,
		});
	}
	throw new NodeOperationError(node, outcome.message, {
		itemIndex,
		description: `The ${tool} tool refused the call (${outcome.kind.replace('_', ' ')}).`,
	});
}
