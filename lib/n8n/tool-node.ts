import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { McpSession } from '../mcp/client';
import { callToolForItem } from './call-tool';
import { openNodeSession } from './connection';
import { runPerItem } from './execute';

export interface ToolCallPlan {
	tool: string;
	args: IDataObject;
	/** Trusted request `_meta` (e.g. the conversation's partner binding), set by the node. */
	meta?: Record<string, unknown>;
}

/**
 * The embedded session an item is served by, when items may differ (each tenant's own upstream):
 * items with the same `key` share one session for the execution.
 */
export interface ItemSession {
	key: string;
	open(): Promise<McpSession>;
}

/**
 * The execute() of every action node: one MCP session per execution (embedded or remote) — or,
 * with `perItem`, one per distinct upstream the items need — one tool call per item, every
 * session closed on every path. Items `passThrough` picks leave as they came, without a call;
 * when all do, no session is opened.
 */
export async function runToolNode(
	ctx: IExecuteFunctions,
	embedded: () => Promise<McpSession>,
	plan: (itemIndex: number) => ToolCallPlan,
	shape: (itemIndex: number, item: INodeExecutionData, result: IDataObject) => IDataObject = (_i, _item, result) => result,
	passThrough: (itemIndex: number, item: INodeExecutionData) => boolean = () => false,
	perItem?: (itemIndex: number, args: IDataObject) => Promise<ItemSession>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const passing = items.map((item, i) => passThrough(i, item));
	if (passing.every(Boolean)) return [items.map((item, i) => ({ json: item.json, pairedItem: { item: i } }))];
	const remote = ctx.getNodeParameter('connection', 0, 'embedded') === 'remote';
	const opened = new Map<string, Promise<McpSession>>();
	const sessionFor = async (i: number, args: IDataObject): Promise<McpSession> => {
		const choice: ItemSession = perItem && !remote ? await perItem(i, args) : { key: '', open: async () => await openNodeSession(ctx, embedded) };
		let session = opened.get(choice.key);
		if (!session) {
			session = choice.open();
			opened.set(choice.key, session);
		}
		return await session;
	};
	try {
		return [
			await runPerItem(ctx, async (i, item) => {
				if (passing[i]) return item.json;
				const { tool, args, meta } = plan(i);
				return shape(i, item, await callToolForItem(ctx.getNode(), await sessionFor(i, args), tool, args, i, meta));
			}),
		];
	} finally {
		const sessions = await Promise.allSettled(opened.values());
		for (const result of sessions) if (result.status === 'fulfilled') await result.value.close();
	}
}

/** Lets a step keep the item flowing through a workflow (the message, the route) and add its result to it. */
export const resultFieldProperty: INodeProperties = {
	displayName: 'Put Result in Field',
	name: 'resultField',
	type: 'string',
	default: '',
	placeholder: 'result',
	description: 'Keep the input item and add the result under this field; leave empty to output the result alone',
};

/** The shape for nodes that offer `resultFieldProperty`. */
export function intoResultField(ctx: IExecuteFunctions): (itemIndex: number, item: INodeExecutionData, result: IDataObject) => IDataObject {
	return (i, item, result) => {
		const field = String(ctx.getNodeParameter('resultField', i, '') ?? '').trim();
		return field ? { ...item.json, [field]: result } : result;
	};
}
