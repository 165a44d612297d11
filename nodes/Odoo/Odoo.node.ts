import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { linkInProcess } from '../../lib/mcp/client';
import { connectionProperty } from '../../lib/n8n/connection';
import { intoResultField, resultFieldProperty, runToolNode } from '../../lib/n8n/tool-node';
import { bindingFor, fieldProperties, operationProperty, OPERATIONS, planArgs, profileProperty, type OdooOperation } from './actions/operations';
import { ODOO_CREDENTIAL, odooClientFrom, odooCredentialTest, type OdooCredential } from './credential-test';
import { BINDING_META, parseProfile } from './profile';
import { createOdooServer } from './server';

export class Odoo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo (OmniCrew)',
		name: 'odoo',
		icon: { light: 'file:odoo.svg', dark: 'file:odoo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + " · " + $parameter["profile"] }}',
		description: 'Products, prices, stock, customers, quotations, orders and calendar in Odoo, with customer and ERP-operator access profiles',
		defaults: { name: 'Odoo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'odooOmniCrewApi', required: true, testedBy: 'odooConnectionTest', displayOptions: { show: { connection: ['embedded'] } } },
			{ name: 'omniCrewMcpApi', required: true, displayOptions: { show: { connection: ['remote'] } } },
		],
		properties: [connectionProperty, profileProperty, operationProperty, ...fieldProperties, resultFieldProperty],
	};

	methods = { credentialTest: { odooConnectionTest: odooCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as OdooOperation;
		const spec = OPERATIONS[operation];
		if (!spec) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported!`);
		const profile = parseProfile(this.getNodeParameter('profile', 0, 'customer') as string, 'Access Profile');
		return await runToolNode(
			this,
			async () => {
				const credential = await this.getCredentials<OdooCredential>(ODOO_CREDENTIAL);
				return await linkInProcess(createOdooServer({ odoo: odooClientFrom(credential), profile }));
			},
			(i) => ({
				tool: spec.tool,
				args: planArgs(this, i, operation) as never,
				meta: profile === 'customer' ? { [BINDING_META]: bindingFor(this, i) } : undefined,
			}),
			intoResultField(this),
		);
	}
}
