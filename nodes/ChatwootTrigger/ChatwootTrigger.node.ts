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

import { errorKindOf, errorMessageOf } from '../../lib/errors';
import { headerValue, rawBodyBytes, withOptionalRedis } from '../../lib/n8n/webhook';
import { webhookCredential } from '../../lib/n8n/webhook-credentials';
import { DEFAULT_TOLERANCE_SECONDS } from '../../lib/webhook-signature';
import { CHATWOOT_CREDENTIAL, chatwootClientFrom, chatwootCredentialTest, type ChatwootCredential } from '../Chatwoot/credential-test';
import { redisCredentialTest } from '../TenantCache/credential-test';
import { MONGODB_CREDENTIAL, mongoCredentialTest, type MongoDbCredential } from '../TenantConfig/credential-test';
import { tenantUpstreams } from '../TenantConfig/node-upstreams';
import { tenantTrust } from './tenant-trust';
import { handleChatwootRequest, intakeSettings, MAX_TOLERANCE_SECONDS, type Clock, type IntakeRequest, type IntakeSettings, type IntakeTrust } from './intake';
import { RecentSignatures } from './recent-signatures';
import { redisIntakeStore, type IntakeStore } from './store';

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

/** Signatures accepted by this process, the replay guard of triggers without the Redis credential. */
const RECENT_SIGNATURES = new RecentSignatures();

const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: async (ms) => await sleep(ms) };

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
			{ name: 'chatwootOmniCrewApi', required: true, testedBy: 'chatwootConnectionTest', displayOptions: { show: { accounts: ['credential'] } } },
			{ name: 'mongoDbOmniCrewApi', required: true, testedBy: 'mongoDbOmniCrewConnectionTest', displayOptions: { show: { accounts: ['tenants'] } } },
			{ name: 'redisOmniCrewApi', required: false, testedBy: 'redisOmniCrewConnectionTest' },
		],
		// an empty responseData makes n8n answer with our webhookResponse instead of the literal 'firstEntryJson'
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'chatwoot' }],
		properties: [
			{
				displayName: 'Accounts',
				name: 'accounts',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'One Account (Chatwoot API Credential)',
						value: 'credential',
						description: 'Serve the credential\'s Chatwoot account, verified with its Webhook Secret',
					},
					{
						name: 'Every Tenant (Tenant Upstreams)',
						value: 'tenants',
						description: 'Serve every account whose bot or webhook points here, each verified with its own secret from its tenant upstreams',
					},
				],
				default: 'credential',
			},
			{
				displayName:
					'Each request is verified with the webhook secret of the account it names, set per tenant with the Tenant Config node\'s Set Upstreams. Requests of accounts without one are refused.',
				name: 'tenantsNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { accounts: ['tenants'] } },
			},
			{
				displayName: 'Registration',
				name: 'registration',
				displayOptions: { show: { accounts: ['credential'] } },
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
				displayName: 'Accept Unsigned Requests (Testing Only)',
				name: 'acceptUnsigned',
				displayOptions: { show: { accounts: ['credential'] } },
				type: 'boolean',
				default: false,
				description:
					'Whether to accept requests when no webhook secret is set (neither in the credential nor kept by automatic registration). Off, such a trigger answers every request with 401. On, anyone who knows the URL can start the workflow; use it only for tests or Chatwoot versions that do not sign.',
			},
			{
				displayName:
					'Unsigned requests are accepted while no webhook secret is set: anyone who knows this URL can start the workflow and write into the conversation queues of the credential\'s account. Set the Webhook Secret of the Chatwoot API credential before going live.',
				name: 'acceptUnsignedNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { accounts: ['credential'], acceptUnsigned: [true] } },
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
						description: 'Whether a redelivered event (same message ID, or the same signed body for other events) is dropped (needs the Redis credential)',
					},
					{
						displayName: 'Signature Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 30, maxValue: MAX_TOLERANCE_SECONDS },
						default: DEFAULT_TOLERANCE_SECONDS,
						description:
							'How old a signed request may be before it is refused as a replay. Within this window each signed request is accepted once (remembered in Redis, or in this n8n process without the Redis credential).',
					},
				],
			},
		],
	};

	methods = { credentialTest: { chatwootConnectionTest: chatwootCredentialTest, mongoDbOmniCrewConnectionTest: mongoCredentialTest, redisOmniCrewConnectionTest: redisCredentialTest } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('accounts', 'credential') !== 'credential' || this.getNodeParameter('registration') !== 'accountWebhook') return true;
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
				if (this.getNodeParameter('accounts', 'credential') !== 'credential' || this.getNodeParameter('registration') !== 'accountWebhook') return true;
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
				if (this.getNodeParameter('accounts', 'credential') !== 'credential' || this.getNodeParameter('registration') !== 'accountWebhook') return true;
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
		const servesTenants = this.getNodeParameter('accounts', 'credential') === 'tenants';
		const options = this.getNodeParameter('options', {}) as { groupingWindowSeconds?: number; dedupe?: boolean; toleranceSeconds?: number };
		const fail = (error: unknown): never => {
			if (errorKindOf(error) === 'invalid_input') throw new NodeOperationError(this.getNode(), errorMessageOf(error));
			throw error;
		};

		let settings: IntakeSettings;
		try {
			settings = intakeSettings({
				events: this.getNodeParameter('events'),
				onlyAnswerable: this.getNodeParameter('onlyAnswerable'),
				statuses: this.getNodeParameter('statuses', []),
				...options,
			});
		} catch (error) {
			return fail(error);
		}
		const request: IntakeRequest = {
			signature: headerValue(headers, 'x-chatwoot-signature'),
			timestamp: headerValue(headers, 'x-chatwoot-timestamp'),
			rawBody: rawBodyBytes(this),
			parsedBody: this.getBodyData(),
		};
		let trust: IntakeTrust;
		if (servesTenants) {
			const upstreams = await tenantUpstreams(this, await webhookCredential<MongoDbCredential>(this, MONGODB_CREDENTIAL));
			let chosen: Awaited<ReturnType<typeof tenantTrust>>;
			try {
				chosen = await tenantTrust(request, async (account) => (await upstreams.get(account))?.chatwoot?.webhook_secret ?? null);
			} catch (error) {
				return fail(error);
			} finally {
				upstreams.release();
			}
			if ('refused' in chosen) {
				response.status(chosen.refused.status).json(chosen.refused.body);
				return { noWebhookResponse: true };
			}
			trust = chosen.trust;
		} else {
			const credential = await webhookCredential<ChatwootCredential>(this, CHATWOOT_CREDENTIAL);
			const account = String(credential.accountId ?? 1);
			const accounts = account ? [account] : [];
			// the secret automatic registration kept, else the credential's; it verifies the credential's account
			const secret = (this.getWorkflowStaticData('node') as StaticData).webhookSecret || credential.webhookSecret;
			trust = { keys: secret ? [{ secret, accounts }] : [], acceptUnsigned: this.getNodeParameter('acceptUnsigned', false) === true, unsignedAccounts: accounts };
		}

		const run = async (store: IntakeStore | null): Promise<IWebhookResponseData> => {
			const result = await handleChatwootRequest(request, settings, trust, { store, recent: RECENT_SIGNATURES, clock: SYSTEM_CLOCK });
			switch (result.kind) {
				case 'refused':
					response.status(result.status).json(result.body);
					return { noWebhookResponse: true };
				case 'ignored':
					return { webhookResponse: result.body };
				case 'start':
					return { webhookResponse: result.body, workflowData: [[{ json: result.item as unknown as IDataObject }]] };
				case 'grouping': {
					// answer Chatwoot now; the workflow starts after the window, if this message closes the burst
					response.status(200).json(result.body);
					const grouped = await result.collect();
					return grouped ? { noWebhookResponse: true, workflowData: [[{ json: grouped as unknown as IDataObject }]] } : { noWebhookResponse: true };
				}
			}
		};
		try {
			const handled = await withOptionalRedis(this, async (redis, clusterHashTag) => await run(redisIntakeStore(redis, { clusterHashTag })));
			return handled.ran ? handled.value : await run(null);
		} catch (error) {
			return fail(error);
		}
	}
}
