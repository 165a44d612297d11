import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { callToolForItem } from '../../lib/n8n/call-tool';
import { connectionProperty, openNodeSession } from '../../lib/n8n/connection';
import { toNodeError } from '../../lib/n8n/execute';
import { itemParameter } from '../../lib/n8n/parameters';
import { redisCredentialTest } from '../TenantCache/credential-test';
import { mongoCredentialTest } from '../TenantConfig/credential-test';
import { crewServicesFromNode } from './node-services';
import { humanTurn } from './agent/human';
import { ROUTE_OUTPUTS, type RouteResult } from './router/route';
import { openCrewSession } from './server';

const OUTPUT_NAMES = ['Sales', 'Scheduling', 'Business Rules', 'Support', 'Human'];

// Not a tool: its answer is which output an item leaves on, which a tool call cannot express;
// agents and MCP clients route with the crew server's crew_route instead.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class CrewRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Crew Router',
		name: 'crewRouter',
		icon: { light: 'file:crew.svg', dark: 'file:crew.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["channel"] }}',
		description: 'Sends each customer message to the right specialist (sales, scheduling, business rules, support) or to a human',
		defaults: { name: 'Crew Router' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiLanguageModel, displayName: 'Chat Model', required: false, maxConnections: 1 }],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: OUTPUT_NAMES,
		credentials: [
			{ name: 'mongoDbOmniCrewApi', required: false, testedBy: 'mongoDbOmniCrewConnectionTest', displayOptions: { show: { connection: ['embedded'] } } },
			{ name: 'redisOmniCrewApi', required: false, testedBy: 'redisOmniCrewConnectionTest', displayOptions: { show: { connection: ['embedded'] } } },
			{ name: 'omniCrewMcpApi', required: true, displayOptions: { show: { connection: ['remote'] } } },
		],
		properties: [
			connectionProperty,
			{ displayName: 'Tenant ID', name: 'tenantId', type: 'string', required: true, default: '={{ $json.tenant_id }}' },
			{ displayName: 'Channel', name: 'channel', type: 'string', required: true, default: '={{ $json.channel }}', description: 'Whatsapp, facebook, instagram, email, webchat or mercadolivre' },
			{ displayName: 'Message', name: 'text', type: 'string', required: true, default: '={{ $json.text }}' },
			{ displayName: 'Conversation ID', name: 'conversationId', type: 'string', default: '={{ $json.conversation_id }}', description: 'Keeps an ongoing conversation with its agent (needs the Redis credential)' },
		],
	};

	methods = { credentialTest: { mongoDbOmniCrewConnectionTest: mongoCredentialTest, redisOmniCrewConnectionTest: redisCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const outputs: INodeExecutionData[][] = ROUTE_OUTPUTS.map(() => []);
		let closeServices: () => Promise<void> = async () => undefined;
		const session = await openNodeSession(this, async () => {
			const { services, close } = await crewServicesFromNode(this, { agents: false });
			closeServices = close;
			return openCrewSession(services);
		});
		try {
			for (let i = 0; i < items.length; i++) {
				try {
					const text = String(itemParameter(this, 'text', i, '') ?? '');
					const conversation = itemParameter(this, 'conversationId', i, '');
					const route = await callToolForItem(
						this.getNode(),
						session,
						'crew_route',
						{
							tenant_id: String(itemParameter(this, 'tenantId', i) ?? ''),
							channel: String(itemParameter(this, 'channel', i) ?? ''),
							text,
							...(conversation === '' || conversation === null || conversation === undefined ? {} : { conversation_id: String(conversation) }),
						},
						i,
					);
					// A custom fallback agent has no output of its own: it leaves on its intent's.
					const byAgent = ROUTE_OUTPUTS.indexOf(route.agent as (typeof ROUTE_OUTPUTS)[number]);
					const target = byAgent >= 0 ? byAgent : Math.max(0, ROUTE_OUTPUTS.indexOf(route.intent as (typeof ROUTE_OUTPUTS)[number]));
					// Items for a person carry the reply and hand-off fields an agent's output has, so one
					// "reply and hand off" path serves all five outputs.
					const human = target === ROUTE_OUTPUTS.length - 1 ? humanTurn(route as unknown as RouteResult) : {};
					outputs[target].push({ json: { ...items[i].json, route: route as IDataObject, ...human }, pairedItem: { item: i } });
				} catch (error) {
					if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, i);
					outputs[ROUTE_OUTPUTS.length - 1].push({ json: { ...items[i].json, error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: i } });
				}
			}
		} finally {
			await session.close();
			await closeServices();
		}
		return outputs;
	}
}
