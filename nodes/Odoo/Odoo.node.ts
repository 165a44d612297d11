import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { connectionProperty } from '../../lib/n8n/connection';
import { intoResultField, resultFieldProperty, runToolNode } from '../../lib/n8n/tool-node';
import { bindingFor, fieldProperties, operationProperty, OPERATIONS, planArgs, profileProperty, type OdooOperation } from './actions/operations';
import { ODOO_CREDENTIAL, odooClientFrom, odooCredentialTest, type OdooCredential } from './credential-test';
import { BINDING_META, parseProfile } from './profile';
import { openOdooSession } from './server';
import { mongoCredentialTest } from '../TenantConfig/credential-test';
import { odooCredentialOf, requireUpstream, upstreamProperty, UPSTREAM_FROM_CREDENTIAL, UPSTREAM_FROM_TENANT, whenUpstream, withTenantUpstreams } from '../TenantConfig/node-upstreams';

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
			{ name: 'odooOmniCrewApi', required: true, testedBy: 'odooConnectionTest', displayOptions: whenUpstream(UPSTREAM_FROM_CREDENTIAL) },
			{ name: 'mongoDbOmniCrewApi', required: true, testedBy: 'mongoDbOmniCrewConnectionTest', displayOptions: whenUpstream(UPSTREAM_FROM_TENANT) },
			{ name: 'omniCrewMcpApi', required: true, displayOptions: { show: { connection: ['remote'] } } },
		],
		properties: [connectionProperty, upstreamProperty('Odoo'), profileProperty, operationProperty, ...fieldProperties, resultFieldProperty],
	};

	methods = { credentialTest: { odooConnectionTest: odooCredentialTest, mongoDbOmniCrewConnectionTest: mongoCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as OdooOperation;
		const spec = OPERATIONS[operation];
		if (!spec) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported!`);
		const profile = parseProfile(this.getNodeParameter('profile', 0, 'customer') as string, 'Access Profile');
		return await withTenantUpstreams(this, async (upstreams) =>
			await runToolNode(
				this,
				async () => {
					const credential = await this.getCredentials<OdooCredential>(ODOO_CREDENTIAL);
					return openOdooSession({ odoo: odooClientFrom(credential), profile });
				},
				(i) => ({
					tool: spec.tool,
					args: planArgs(this, i, operation) as never,
					meta: profile === 'customer' ? { [BINDING_META]: bindingFor(this, i) } : undefined,
				}),
				intoResultField(this),
				undefined,
				upstreams
					? async (i, args) => {
							const tenant = String(args.tenant_id ?? '');
							const odoo = requireUpstream(this.getNode(), await upstreams.get(tenant), tenant, 'odoo', i);
							const credential = odooCredentialOf(odoo);
							return { key: tenant, open: async () => openOdooSession({ odoo: odooClientFrom(credential), profile }) };
						}
					: undefined,
			),
		);
	}
}
