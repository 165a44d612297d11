import {
	NodeConnectionTypes,
	NodeOperationError,
	sleep,
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
import { answeredTurnOf, normalizeEvent, whyNotAnswerable, type NormalizedMessage } from '../Chatwoot/events';
import { CHATWOOT_CREDENTIAL, chatwootClientFrom, chatwootCredentialTest, type ChatwootCredential } from '../Chatwoot/credential-test';
import type { JsonValue } from '../../lib/json';
import { TenantCache } from '../TenantCache/cache/tenant-cache';
import { BurstGrouper } from './burst';
import { DEFAULT_TOLERANCE_SECONDS, verifySignature } from '../../lib/webhook-signature';

const EVENTS = [
	'message_created',
	'message_updated',
	'conversation_created',
	'conversation_status_changed',
	'conversation_updated',
	'conversation_opened',
	'conversation_resolved',
	'webwidget_triggered',
	'conversation_typing_on',
	'conversation_typing_off',
	'contact_created',
	'contact_updated',
];

// Account webhooks accept only these subscriptions (anything else is a 422).
const SUBSCRIBABLE = new Set(EVENTS.filter((event) => event !== 'conversation_opened' && event !== 'conversation_resolved'));

interface StaticData {
	webhookId?: number;
	webhookSecret?: string;
}

/** The turn queue of a conversation: its messages' tickets, and the lock Wait Turn takes with them. */
const conversationTurn = (conversationId: number): string => `conversation:${conversationId}`;

export class ChatwootTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot Trigger',
		name: 'chatwootTrigger',
		icon: { light: 'file:chatwoot.svg', dark: 'file:chatwoot.dark.svg' },
		group: ['trigger'],
		// 2 works as 1; n8n evaluates a binary-data expression on every request to a version-1 webhook node
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description: 'Starts the workflow for Chatwoot account webhooks, API-inbox webhooks and Agent Bot events: verified, filtered to what a bot should answer, normalised',
		defaults: { name: 'Chatwoot Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'chatwootOmniCrewApi', required: true, testedBy: 'chatwootConnectionTest' },
			{ name: 'redisOmniCrewApi', required: false, testedBy: 'redisOmniCrewConnectionTest' },
		],
		// an empty responseData makes n8n answer with our webhookResponse instead of the literal 'firstEntryJson'
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'chatwoot' }],
		properties: [
			{
				displayName: 'Registration',
				name: 'registration',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Manual (Agent Bot, API Inbox or Webhook You Create)',
						value: 'manual',
						description: 'Paste this trigger\'s URL into Chatwoot yourself, and its secret into the credential',
					},
					{
						name: 'Account Webhook, Created Automatically',
						value: 'accountWebhook',
						description: 'On activation the node creates an account webhook (admin token) and keeps its secret',
					},
				],
				default: 'manual',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS.map((event) => ({ name: event, value: event })),
				default: ['message_created'],
				description: 'Events that start the workflow; others are acknowledged and dropped',
			},
			{
				displayName: 'Only Messages the Bot Should Answer',
				name: 'onlyAnswerable',
				type: 'boolean',
				default: true,
				description:
					'Whether to keep only incoming, public customer messages in conversations the bot owns, dropping outgoing, private, template and the bot\'s own messages (no reply loops)',
			},
			{
				displayName: 'Conversation Statuses the Bot Owns',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Pending (Bot\'s Turn)', value: 'pending' },
					{ name: 'Open (Humans\' Turn)', value: 'open' },
					{ name: 'Snoozed', value: 'snoozed' },
					{ name: 'Resolved', value: 'resolved' },
				],
				default: ['pending'],
				description: 'Messages in conversations with another status are dropped; select none to answer any status',
				displayOptions: { show: { onlyAnswerable: [true] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Burst Grouping Window (Seconds)',
						name: 'groupingWindowSeconds',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 4 },
						default: 0,
						description:
							'Messages of one conversation arriving within this window become one item with the texts joined (needs the Redis credential). Keep it under Chatwoot\'s 5 s webhook timeout.',
					},
					{
						displayName: 'Deduplicate Redeliveries',
						name: 'dedupe',
						type: 'boolean',
						default: true,
						description: 'Whether a redelivered event (same message ID or X-Chatwoot-Delivery) is dropped (needs the Redis credential)',
					},
					{
						displayName: 'Signature Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 30 },
						default: DEFAULT_TOLERANCE_SECONDS,
						description: 'How old a signed request may be before it is refused as a replay',
					},
				],
			},
		],
	};

	methods = { credentialTest: { chatwootConnectionTest: chatwootCredentialTest, redisOmniCrewConnectionTest: redisCredentialTest } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('registration') !== 'accountWebhook') return true;
				const data = this.getWorkflowStaticData('node') as StaticData;
				const credential = await this.getCredentials<ChatwootCredential>(CHATWOOT_CREDENTIAL);
				const url = this.getNodeWebhookUrl('default');
				const hooks = await chatwootClientFrom(credential).listAccountWebhooks(String(credential.accountId ?? 1));
				const existing = hooks.find((hook) => hook.url === url);
				if (!existing) return false;
				data.webhookId = existing.id;
				if (existing.secret) data.webhookSecret = existing.secret;
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('registration') !== 'accountWebhook') return true;
				const credential = await this.getCredentials<ChatwootCredential>(CHATWOOT_CREDENTIAL);
				const url = this.getNodeWebhookUrl('default');
				if (!url) throw new NodeOperationError(this.getNode(), 'n8n has no webhook URL for this trigger.');
				const events = (this.getNodeParameter('events') as string[]).filter((event) => SUBSCRIBABLE.has(event));
				const hook = await chatwootClientFrom(credential).createAccountWebhook(String(credential.accountId ?? 1), url, events);
				const data = this.getWorkflowStaticData('node') as StaticData;
				data.webhookId = hook.id;
				if (hook.secret) data.webhookSecret = hook.secret;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('registration') !== 'accountWebhook') return true;
				const data = this.getWorkflowStaticData('node') as StaticData;
				if (data.webhookId !== undefined) {
					const credential = await this.getCredentials<ChatwootCredential>(CHATWOOT_CREDENTIAL);
					await chatwootClientFrom(credential).deleteAccountWebhook(String(credential.accountId ?? 1), data.webhookId);
				}
				delete data.webhookId;
				delete data.webhookSecret;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const headers = this.getHeaderData() as IDataObject;
		const credential = await webhookCredential<ChatwootCredential>(this, CHATWOOT_CREDENTIAL);
		const options = this.getNodeParameter('options', {}) as { groupingWindowSeconds?: number; dedupe?: boolean; toleranceSeconds?: number };
		const ignore = (reason: string): IWebhookResponseData => ({ webhookResponse: { received: true, ignored: reason } });

		const secret = (this.getWorkflowStaticData('node') as StaticData).webhookSecret || credential.webhookSecret;
		if (secret) {
			const raw = rawBodyOf(this);
			const check = verifySignature(
				secret,
				{ signature: headerValue(headers, 'x-chatwoot-signature'), timestamp: headerValue(headers, 'x-chatwoot-timestamp') },
				raw,
				{
					toleranceSeconds: options.toleranceSeconds,
					missingHint:
						'Chatwoot signs account webhooks from v4.11.2 and agent bots and API inboxes from v4.13; older versions cannot be verified (clear the secret to accept them)',
				},
			);
			if (!check.ok) {
				response.status(401).json({ error: 'Unauthorized', reason: check.reason });
				return { noWebhookResponse: true };
			}
		}

		const payload = this.getBodyData() as Record<string, unknown>;
		const event = String(payload.event ?? '');
		const answered = answeredTurnOf(payload);
		if (answered) {
			// the bot's reply came back: its turn is answered, even if the execution that sent it dies
			// now. Best effort: without the mark such a turn's message may be answered twice, never lost.
			await withOptionalRedis(this, async (redis, clusterHashTag) => {
				await new TenantCache(redis, { clusterHashTag }).answered(answered.tenant_id, conversationTurn(answered.conversation_id), answered.ticket);
			}).catch(() => undefined);
		}
		if (!(this.getNodeParameter('events') as string[]).includes(event)) return ignore(`event ${event || '(none)'} is not selected`);
		if (this.getNodeParameter('onlyAnswerable') as boolean) {
			const why = whyNotAnswerable(payload, { statuses: this.getNodeParameter('statuses', []) as string[] });
			if (why) return ignore(why);
		}
		const item = normalizeEvent(payload);

		const window = Math.max(0, Math.min(4, Number(options.groupingWindowSeconds ?? 0)));
		const dedupe = options.dedupe !== false;
		const handled = await withOptionalRedis(this, async (redis, clusterHashTag): Promise<IWebhookResponseData> => {
			const cache = new TenantCache(redis, { clusterHashTag });
			// The conversation's next turn, in arrival order: a Tenant Cache Lock with this ticket
			// lets queue-mode workers answer a conversation's messages in the order they came.
			// The message is kept with its ticket (without the raw payload), so that if the worker
			// answering it dies, the conversation's next turn can take it over and answer it first.
			const withSequence = async (message: NormalizedMessage): Promise<IDataObject> => {
				if (!message.tenant_id || message.conversation_id === null) return { ...(message as unknown as IDataObject), sequence: null };
				const kept: Partial<NormalizedMessage> = { ...message };
				delete kept.raw;
				const sequence = await cache.ticket(message.tenant_id, conversationTurn(message.conversation_id), { message: kept as unknown as JsonValue });
				return { ...(message as unknown as IDataObject), sequence };
			};
			if (dedupe && item.tenant_id) {
				const delivery = headerValue(headers, 'x-chatwoot-delivery');
				const byDelivery = delivery ? (await cache.seen(item.tenant_id, `chatwoot:delivery:${delivery}`)).seen : false;
				// A message is created once, so its id identifies a redelivery; updates and conversation
				// events repeat ids legitimately and are deduplicated by the delivery header alone.
				const byId = event === 'message_created' && item.message_id !== null ? (await cache.seen(item.tenant_id, `chatwoot:message:${item.message_id}`)).seen : false;
				if (byDelivery || byId) return ignore('duplicate delivery');
			}
			if (window === 0 || item.conversation_id === null || item.message_id === null) {
				return { webhookResponse: { received: true }, workflowData: [[{ json: await withSequence(item) }]] };
			}
			const burst = new BurstGrouper(redis, { clusterHashTag });
			await burst.add(item, window * 1000);
			// Answer Chatwoot now; the workflow starts after the window, if this message closes the burst.
			response.status(200).json({ received: true, grouping: true });
			await sleep(window * 1000);
			const grouped: NormalizedMessage | null = await burst.collect(item);
			if (!grouped) return { noWebhookResponse: true };
			return { noWebhookResponse: true, workflowData: [[{ json: await withSequence(grouped) }]] };
		});
		if (handled.ran) return handled.value;
		if (window > 0) throw new NodeOperationError(this.getNode(), 'Burst grouping needs the Redis (OmniCrew) credential on the trigger.');
		return { webhookResponse: { received: true }, workflowData: [[{ json: { ...(item as unknown as IDataObject), sequence: null } }]] };
	}
}
