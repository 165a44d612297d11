import { type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

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
			if (!ctx.continueOnFail()) throw error;
			out.push({ json: { ...items[i].json, error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: i } });
		}
	}
	return out;
}
