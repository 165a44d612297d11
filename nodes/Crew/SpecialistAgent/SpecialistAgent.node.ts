import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { connectionProperty } from '../../../lib/n8n/connection';
import { itemParameter } from '../../../lib/n8n/parameters';
import { runToolNode } from '../../../lib/n8n/tool-node';
import { odooCredentialTest } from '../../Odoo/credential-test';
import { redisCredentialTest } from '../../TenantCache/credential-test';
import { mongoCredentialTest } from '../../TenantConfig/credential-test';
import { requireUpstream, upstreamProperty, UPSTREAM_FROM_CREDENTIAL, whenUpstream, withTenantUpstreams, type UpstreamLookup } from '../../TenantConfig/node-upstreams';
import { crewServicesFromNode } from '../node-services';
import { openCrewSession } from '../server';

export class SpecialistAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Specialist Agent',
		name: 'specialistAgent',
		icon: { light: 'file:agent.svg', dark: 'file:agent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["role"] }}',
		description: 'Answers a customer from real Odoo data and the knowledge base, with or without a chat model, or hands off to a person',
		defaults: { name: 'Specialist Agent' },
		// Another agent can hand a customer question to a specialist as a tool.
		usableAsTool: true,
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiLanguageModel, displayName: 'Chat Model', required: false, maxConnections: 1 },
			{ type: NodeConnectionTypes.AiTool, displayName: 'Tool', required: false },
		],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'odooOmniCrewApi', required: false, testedBy: 'odooConnectionTest', displayOptions: whenUpstream(UPSTREAM_FROM_CREDENTIAL) },
			{ name: 'qdrantOmniCrewApi', required: false, displayOptions: { show: { connection: ['embedded'] } } },
			{ name: 'redisOmniCrewApi', required: false, testedBy: 'redisOmniCrewConnectionTest', displayOptions: { show: { connection: ['embedded'] } } },
			{ name: 'mongoDbOmniCrewApi', required: false, testedBy: 'mongoDbOmniCrewConnectionTest', displayOptions: { show: { connection: ['embedded'] } } },
			{ name: 'omniCrewMcpApi', required: true, displayOptions: { show: { connection: ['remote'] } } },
		],
		properties: [
			connectionProperty,
			{
				...upstreamProperty('Odoo'),
				description: 'Each Item\'s Tenant needs the MongoDB (OmniCrew) credential with its Upstream Secrets Key; the tenant\'s knowledge prefix is used too',
			},
			{
				displayName: 'Role',
				name: 'role',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Business Rules', value: 'business_rules', description: 'Policies from the knowledge base: returns, warranty, shipping, payment' },
					{ name: 'Custom', value: 'custom', description: 'A custom agent of the crew, by name' },
					{ name: 'ERP Operator', value: 'erp_operator', description: 'For Odoo users: reads and changes Odoo data; writes need confirmation' },
					{ name: 'Sales', value: 'sales', description: 'Products, prices and stock from Odoo; alternatives when out of stock' },
					{ name: 'Scheduling', value: 'scheduling', description: 'Free slots from the Odoo calendar and bookings' },
					{ name: 'Support', value: 'support', description: 'Troubleshooting procedures and order status' },
				],
				default: 'sales',
			},
			{ displayName: 'Agent Name', name: 'agentName', type: 'string', default: '', description: 'For the Custom role: the name of the custom agent in the crew', displayOptions: { show: { role: ['custom'] } } },
			{ displayName: 'Tenant ID', name: 'tenantId', type: 'string', required: true, default: '={{ $json.tenant_id }}' },
			{ displayName: 'Channel', name: 'channel', type: 'string', required: true, default: '={{ $json.channel }}' },
			{ displayName: 'Message', name: 'text', type: 'string', required: true, default: '={{ $json.text }}' },
			{ displayName: 'Conversation ID', name: 'conversationId', type: 'string', default: '={{ $json.conversation_id }}', description: 'Gives the agent the conversation\'s memory (needs the Redis credential)' },
			{ displayName: 'Customer Name', name: 'contactName', type: 'string', default: '={{ $json.contact?.name ?? "" }}' },
			{ displayName: 'Customer Phone', name: 'contactPhone', type: 'string', default: '={{ $json.contact?.phone ?? "" }}', description: 'Binds order and booking lookups to this customer in Odoo' },
			{ displayName: 'Customer Email', name: 'contactEmail', type: 'string', placeholder: 'name@email.com', default: '={{ $json.contact?.email ?? "" }}' },
		],
	};

	methods = {
		credentialTest: { odooConnectionTest: odooCredentialTest, redisOmniCrewConnectionTest: redisCredentialTest, mongoDbOmniCrewConnectionTest: mongoCredentialTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const role = this.getNodeParameter('role', 0) as string;
		return await withTenantUpstreams(this, async (upstreams) => await runAgent(this, role, upstreams));
	}
}

/** One crew_agent_reply per item, over the crew of the node's credentials or of the item's tenant's upstreams. */
async function runAgent(ctx: IExecuteFunctions, role: string, upstreams: UpstreamLookup | null): Promise<INodeExecutionData[][]> {
	const erp = role === 'erp_operator';
	return await runToolNode(
		ctx,
		async () => {
			const { services, close } = await crewServicesFromNode(ctx, { agents: true, erp });
			return openCrewSession(services, close);
		},
		(i) => {
			const text = (name: string) => String(itemParameter(ctx, name, i, '') ?? '').trim();
			const conversation = text('conversationId');
			const args: IDataObject = {
				tenant_id: text('tenantId'),
				channel: text('channel'),
				role,
				text: String(itemParameter(ctx, 'text', i, '') ?? ''),
				contact: { name: text('contactName') || null, phone: text('contactPhone') || null, email: text('contactEmail') || null },
			};
			if (conversation) args.conversation_id = conversation;
			if (role === 'custom') args.agent_name = text('agentName');
			// Behind a Crew Router, its intent comes with the item: "conversation" (a greeting, thanks,
			// small talk) gets a short reply from whichever agent's output it left on.
			const routed = ctx.getInputData()[i]?.json.route;
			const intent = routed && typeof routed === 'object' && !Array.isArray(routed) ? (routed as IDataObject).intent : undefined;
			if (typeof intent === 'string' && intent) args.intent = intent;
			return { tool: 'crew_agent_reply', args };
		},
		(_i, item, result) => ({ ...item.json, ...result }),
		undefined,
		upstreams
			? async (i, args) => {
					const tenant = String(args.tenant_id ?? '');
					const own = await upstreams.get(tenant);
					requireUpstream(ctx.getNode(), own, tenant, 'odoo', i);
					return {
						key: tenant,
						open: async () => {
							const { services, close } = await crewServicesFromNode(ctx, { agents: true, erp, tenant: own ?? undefined });
							return openCrewSession(services, close);
						},
					};
				}
			: undefined,
	);
}
