import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { sharedSession } from '../../lib/mcp/shared-session';
import { connectionProperty } from '../../lib/n8n/connection';
import { intoResultField, resultFieldProperty, runToolNode } from '../../lib/n8n/tool-node';
import { fieldProperties, operationProperty, OPERATIONS, passesThrough, planArgs, type ChatwootOperation } from './actions/operations';
import { CHATWOOT_CREDENTIAL, chatwootClientFrom, chatwootCredentialTest, type ChatwootCredential } from './credential-test';
import { openChatwootSession } from './server';
import { ChatwootClient } from './client/chatwoot-client';
import { mongoCredentialTest } from '../TenantConfig/credential-test';
import { requireUpstream, upstreamProperty, UPSTREAM_FROM_CREDENTIAL, UPSTREAM_FROM_TENANT, whenUpstream, withTenantUpstreams } from '../TenantConfig/node-upstreams';

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
				displayOptions: whenUpstream(UPSTREAM_FROM_CREDENTIAL),
			},
			{ name: 'mongoDbOmniCrewApi', required: true, testedBy: 'mongoDbOmniCrewConnectionTest', displayOptions: whenUpstream(UPSTREAM_FROM_TENANT) },
			{
				name: 'omniCrewMcpApi',
				required: true,
				displayOptions: { show: { connection: ['remote'] } },
			},
		],
		properties: [connectionProperty, upstreamProperty('Chatwoot'), operationProperty, ...fieldProperties, resultFieldProperty],
	};

	methods = { credentialTest: { chatwootConnectionTest: chatwootCredentialTest, mongoDbOmniCrewConnectionTest: mongoCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as ChatwootOperation;
		const spec = OPERATIONS[operation];
		if (!spec) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported!`);

		let defaultAccount = '';
		return await withTenantUpstreams(
			this,
			async (upstreams) =>
				await runToolNode(
					this,
					async () => {
						const credential = await this.getCredentials<ChatwootCredential>(CHATWOOT_CREDENTIAL);
						defaultAccount = credential.accountId ? String(credential.accountId) : '';
						return await sharedSession(['chatwoot', credential], () => openChatwootSession({ chatwoot: chatwootClientFrom(credential) }));
					},
					(i) => ({ tool: spec.tool, args: planArgs(this, i, operation, defaultAccount) }),
					intoResultField(this),
					(i, item) => passesThrough(this, i, item, operation),
					upstreams
						? async (i, args) => {
								// each tenant's own bot token, limited to its own account
								const tenant = String(args.tenant_id ?? '');
								const chatwoot = requireUpstream(this.getNode(), await upstreams.get(tenant), tenant, 'chatwoot', i);
								if (!chatwoot.bot_token) throw new NodeOperationError(this.getNode(), `Tenant ${tenant} has no Chatwoot bot token in its upstreams.`, { itemIndex: i });
								const settings = { baseUrl: chatwoot.base_url, token: chatwoot.bot_token };
								return {
									key: tenant,
									open: async () => await sharedSession(['chatwoot', settings, tenant], () => openChatwootSession({ chatwoot: new ChatwootClient(settings) }, { accountId: tenant })),
								};
							}
						: undefined,
				),
		);
	}
}
