import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

/** Keeps n8n errors as they are (they already carry context); wraps anything else. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/**
 * The execute loop every node shares: one call per item, `pairedItem` on every output, and with
 * "Continue On Fail" an error item that keeps the input instead of stopping the workflow.
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	handle: (itemIndex: number, item: INodeExecutionData) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			out.push({ json: await handle(i, items[i]), pairedItem: { item: i } });
		} catch (error) {
			if (!ctx.continueOnFail()) throw toNodeError(ctx.getNode(), error, i);
			out.push({ json: { ...items[i].json, error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: i } });
		}
	}
	return out;
}
