import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { headerValue, rawBodyOf, withOptionalRedis } from '../../lib/n8n/webhook';
import { webhookCredential } from '../../lib/n8n/webhook-credentials';
import { redisCredentialTest } from '../TenantCache/credential-test';
import { verifySignature } from '../../lib/webhook-signature';
import { ODOO_CREDENTIAL, odooCredentialTest, type OdooCredential } from '../Odoo/credential-test';
import { TenantCache } from '../TenantCache/cache/tenant-cache';
import { ODOO_EVENTS, parseOdooEvent } from './event';

const REPLAY_WINDOW_SECONDS = 300;

export class OdooTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo Trigger',
		name: 'odooTrigger',
		icon: { light: 'file:odoo.svg', dark: 'file:odoo.dark.svg' },
		group: ['trigger'],
		// 2 works as 1; n8n evaluates a binary-data expression on every request to a version-1 webhook node
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description: 'Starts the workflow for signed events from the OmniCrew Odoo addon: record changes, Discuss messages, stock changes',
		defaults: { name: 'Odoo Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'odooOmniCrewApi', required: true, testedBy: 'odooConnectionTest' },
			{ name: 'redisOmniCrewApi', required: false, testedBy: 'redisOmniCrewConnectionTest' },
		],
		// an empty responseData makes n8n answer with our webhookResponse instead of the literal 'firstEntryJson'
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'odoo' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: ODOO_EVENTS.map((event) => ({ name: event, value: event })),
				default: ['discuss.message'],
				description: 'Events that start the workflow; others are acknowledged and dropped',
			},
			{
				displayName: 'Models',
				name: 'models',
				type: 'string',
				default: '',
				placeholder: 'product.product, product.template',
				description: 'Comma-separated models to keep (empty keeps every model)',
			},
		],
	};

	methods = { credentialTest: { odooConnectionTest: odooCredentialTest, redisOmniCrewConnectionTest: redisCredentialTest } };

	// The addon is configured with this trigger's URL in Odoo; nothing to register upstream.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const headers = this.getHeaderData() as IDataObject;
		const credential = await webhookCredential<OdooCredential>(this, ODOO_CREDENTIAL);
		const refuse = (status: number, reason: string): IWebhookResponseData => {
			response.status(status).json({ error: status === 401 ? 'Unauthorized' : 'Bad Request', reason });
			return { noWebhookResponse: true };
		};

		if (!credential.webhookSecret) return refuse(401, 'the Odoo API credential has no Webhook Secret, so no event can be verified');
		const raw = rawBodyOf(this);
		const check = verifySignature(
			credential.webhookSecret,
			{ signature: headerValue(headers, 'x-omnicrew-signature'), timestamp: headerValue(headers, 'x-omnicrew-timestamp') },
			raw,
			{ toleranceSeconds: REPLAY_WINDOW_SECONDS, signatureHeader: 'X-Omnicrew-Signature', timestampHeader: 'X-Omnicrew-Timestamp' },
		);
		if (!check.ok) return refuse(401, check.reason);

		const parsed = parseOdooEvent(this.getBodyData());
		if (!parsed.ok) return refuse(400, parsed.reason);
		const event = parsed.event;
		const ignore = (reason: string): IWebhookResponseData => ({ webhookResponse: { received: true, ignored: reason } });
		if (!(this.getNodeParameter('events') as string[]).includes(event.event)) return ignore(`event ${event.event} is not selected`);
		const models = String(this.getNodeParameter('models', '') ?? '')
			.split(',')
			.map((m) => m.trim())
			.filter(Boolean);
		if (models.length && !models.includes(event.model)) return ignore(`model ${event.model} is not selected`);

		const duplicate = await withOptionalRedis(this, async (redis, clusterHashTag) => {
			const cache = new TenantCache(redis, { clusterHashTag });
			return (await cache.seen(event.tenant_id, `odoo:event:${event.id}`)).seen;
		});
		if (duplicate.ran && duplicate.value) return ignore('duplicate event');
		return { webhookResponse: { received: true }, workflowData: [[{ json: event as unknown as IDataObject }]] };
	}
}
