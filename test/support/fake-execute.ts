import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

export interface FakeRun {
	/** Parameters per item; node-level parameters go in every item. */
	items: IDataObject[];
	params: Array<Record<string, unknown>>;
	credentials?: Record<string, IDataObject>;
	continueOnFail?: boolean;
}

export const FAKE_NODE: INode = {
	id: 'node-1',
	name: 'Tenant Cache',
	type: 'n8n-nodes-omnicrew.tenantCache',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * The slice of IExecuteFunctions our nodes use, over plain objects: enough to run execute()
 * for real (real MCP server, real Redis) without an n8n process.
 */
export function fakeExecuteFunctions(run: FakeRun): IExecuteFunctions {
	const inputData: INodeExecutionData[] = run.items.map((json) => ({ json }));
	const ctx = {
		getInputData: () => inputData,
		getNode: () => FAKE_NODE,
		continueOnFail: () => run.continueOnFail ?? false,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const params = run.params[itemIndex] ?? run.params[0];
			if (name in params) return params[name];
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		getCredentials: async (type: string) => {
			const credential = run.credentials?.[type];
			if (!credential) throw new Error(`Node does not have credentials of type ${type}`);
			return credential;
		},
	};
	return ctx as unknown as IExecuteFunctions;
}
