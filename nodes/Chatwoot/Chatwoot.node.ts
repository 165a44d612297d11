import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { linkInProcess } from '../../lib/mcp/client';
import { sharedSession } from '../../lib/mcp/shared-session';
import { connectionProperty } from '../../lib/n8n/connection';
import { intoResultField, resultFieldProperty, runToolNode } from '../../lib/n8n/tool-node';
import { fieldProperties, operationProperty, OPERATIONS, passesThrough, planArgs, type ChatwootOperation } from './actions/operations';
import { CHATWOOT_CREDENTIAL, chatwootClientFrom, chatwootCredentialTest, type ChatwootCredential } from './credential-test';
import { createChatwootServer } from './server';

export class Chatwoot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot',
		name: 'chatwoot',
		icon: { light: 'file:chatwoot.svg', dark: 'file:chatwoot.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Reply, hand off to humans and manage conversations and contacts in Chatwoot, as an agent bot',
		defaults: { name: 'Chatwoot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'chatwootOmniCrewApi',
				required: true,
				testedBy: 'chatwootConnectionTest',
				displayOptions: { show: { connection: ['embedded'] } },
			},
			{
				name: 'omniCrewMcpApi',
				required: true,
				displayOptions: { show: { connection: ['remote'] } },
			},
		],
		properties: [connectionProperty, operationProperty, ...fieldProperties, resultFieldProperty],
	};

	methods = { credentialTest: { chatwootConnectionTest: chatwootCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as ChatwootOperation;
		const spec = OPERATIONS[operation];
		if (!spec) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported!`);

		let defaultAccount = '';
		return await runToolNode(
			this,
			async () => {
				const credential = await this.getCredentials<ChatwootCredential>(CHATWOOT_CREDENTIAL);
				defaultAccount = credential.accountId ? String(credential.accountId) : '';
				return await sharedSession(['chatwoot', credential], async () => await linkInProcess(createChatwootServer({ chatwoot: chatwootClientFrom(credential) })));
			},
			(i) => ({ tool: spec.tool, args: planArgs(this, i, operation, defaultAccount) }),
			intoResultField(this),
			(i, item) => passesThrough(this, i, item, operation),
		);
	}
}
