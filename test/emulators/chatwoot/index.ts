/**
 * A Chatwoot v4.15 emulator for tests and local runs: the Application API endpoints the OmniCrew
 * nodes call, and the webhook and agent-bot deliveries Chatwoot sends, on a local HTTP server.
 */
import { Actions } from './actions';
import { CHANNELS } from './channels';
import { Payloads } from './payloads';
import { buildRoutes, type Reply } from './routes';
import { ApiServer } from './server';
import { ACCOUNT, Store, WEBHOOK_EVENTS } from './state';
import { CHANNEL_NAMES, type ChannelName, type ChatwootEmulator, type Json, type StartOptions } from './types';
import { base58Token } from './util';
import { Dispatcher } from './webhooks';

export type { ChannelName, ChatwootEmulator, CustomerMessageOptions, CustomerMessageResult, Delivery, FailNextOptions, RecordedRequest, StartOptions, TypingState } from './types';
export { CHANNEL_NAMES } from './types';
export type { ChatwootFaultMatch, ChatwootFaults, CommitThenOptions, CommitThenOutcome } from './faults';
export { signatureFor } from './webhooks';
export { WEBHOOK_EVENTS } from './state';
export { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './receiver';

export async function startChatwootEmulator(options: StartOptions = {}): Promise<ChatwootEmulator> {
	const host = options.host ?? '127.0.0.1';
	let baseUrl = '';
	const store = new Store(new Date(), options.account ? { ...ACCOUNT, ...options.account } : ACCOUNT);
	const payloads = new Payloads(store, () => baseUrl);
	const dispatcher = new Dispatcher({ botRetryDelayMs: options.botRetryDelayMs ?? 3000, timeoutMs: options.webhookTimeoutMs ?? 5000 });
	const actions = new Actions(store, payloads, dispatcher, { keepPendingOnBotFailure: options.keepPendingOnBotFailure ?? false });
	const server = new ApiServer(store, buildRoutes(store, payloads, actions));
	const port = await server.listen(options.port ?? 0, host);
	baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

	const conversationOf = (displayId: number) => {
		const conversation = store.conversationByDisplayId(displayId);
		if (!conversation) throw new Error(`Conversation ${displayId} does not exist`);
		return conversation;
	};
	const admin = store.users.find((user) => user.role === 'administrator');
	const agent = store.users.find((user) => user.role === 'agent');
	if (!admin || !agent) throw new Error('the seed must hold an administrator and an agent');

	const inboxes = Object.fromEntries(
		CHANNEL_NAMES.map((channel) => [channel, { id: CHANNELS[channel].inboxId, name: CHANNELS[channel].inboxName, channelType: CHANNELS[channel].channelType }]),
	) as Record<ChannelName, { id: number; name: string; channelType: string }>;

	let closed = false;
	const emulator: ChatwootEmulator = {
		url: baseUrl,
		accountId: store.account.id,
		tokens: { admin: admin.token, agent: agent.token, bot: store.bot.token },
		inboxes,
		bot: { id: store.bot.id, name: store.bot.name, secret: store.bot.secret },
		connectBot(channel, outgoingUrl) {
			store.bot.outgoingUrl = outgoingUrl;
			const inbox = store.inboxOf(channel);
			inbox.agentBotId = store.bot.id;
			inbox.botUrl = outgoingUrl;
		},
		addWebhook(url, subscriptions, webhookOptions = {}) {
			const allowed: readonly string[] = WEBHOOK_EVENTS;
			const unknown = subscriptions.filter((event) => !allowed.includes(event));
			if (unknown.length) throw new Error(`Unknown webhook events: ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
			const secret = webhookOptions.signed === false ? null : base58Token();
			const webhook = store.addWebhook({ url, name: null, subscriptions: [...subscriptions], secret });
			return { id: webhook.id, secret: secret ?? '' };
		},
		async customerMessage(messageOptions) {
			const result = await actions.customerMessage(messageOptions);
			return { conversationId: result.conversation.displayId, messageId: result.message.id, contactId: result.contact.id, deliveries: result.deliveries };
		},
		redeliver: (deliveryId) => dispatcher.redeliver(deliveryId),
		deliveries: dispatcher.deliveries,
		requests: server.requests,
		conversation: (displayId) => payloads.conversationWebhook(conversationOf(displayId)),
		messages: (displayId) => store.messagesOf(conversationOf(displayId)).map((message) => payloads.messageRest(message)),
		replies: (displayId, by = 'agent_bot') =>
			(emulator.messages(displayId) as Array<{ id: number; content: string | null; message_type: number; private: boolean; sender?: { type?: string } | null }>)
				.filter((m) => m.message_type === 1 && !m.private && m.sender?.type === by)
				.map((m) => ({ id: m.id, content: m.content ?? '' })),
		typing: (displayId) => conversationOf(displayId).typing,
		failNext: (pathRegex, status, failOptions) => server.failNext(pathRegex, status, failOptions),
		faults: server.faults,
		waitForDeliveries: (predicate, count, timeoutMs = 5000) => dispatcher.waitFor(predicate, count, timeoutMs),
		async close() {
			if (closed) return;
			closed = true;
			actions.close();
			dispatcher.close();
			await dispatcher.idle();
			await server.close();
		},
	};

	// Control endpoints, so a customer can "write" from outside the process (demo, scripts).
	server.setControl(async (method, path, body): Promise<Reply | undefined> => {
		if (method === 'POST' && path === '/__emulator/customer_message') {
			const inbox = String(body.inbox ?? 'whatsapp') as ChannelName;
			if (!CHANNEL_NAMES.includes(inbox)) return { status: 422, body: { error: `inbox must be one of ${CHANNEL_NAMES.join(', ')}` } };
			if (typeof body.text !== 'string' || !body.text.trim()) return { status: 422, body: { error: 'text is required' } };
			const sent = await emulator.customerMessage({
				inbox,
				text: body.text,
				contact: (body.contact as { name?: string; phone?: string; email?: string } | undefined) ?? undefined,
				conversationId: typeof body.conversation_id === 'number' ? body.conversation_id : undefined,
			});
			return {
				status: 200,
				body: {
					conversation_id: sent.conversationId,
					message_id: sent.messageId,
					contact_id: sent.contactId,
					deliveries: sent.deliveries.map((d) => ({ event: d.event, status: d.status })),
				} as Json,
			};
		}
		// who has the conversation: `pending` is the bot's, `open` a person's (after a hand-off)
		const conversation = /^\/__emulator\/conversations\/(\d+)$/.exec(path);
		if (method === 'GET' && conversation) {
			const found = store.conversationByDisplayId(Number(conversation[1]));
			if (!found) return { status: 404, body: { error: `conversation ${conversation[1]} does not exist` } };
			const meta = payloads.conversationWebhook(found).meta as { assignee?: Json } | undefined;
			return { status: 200, body: { id: found.displayId, status: found.status, assignee: meta?.assignee ?? null } as Json };
		}
		const messages = /^\/__emulator\/conversations\/(\d+)\/messages$/.exec(path);
		if (method === 'GET' && messages) return { status: 200, body: { payload: emulator.messages(Number(messages[1])) } as Json };
		if (method === 'POST' && path === '/__emulator/connect_bot') {
			emulator.connectBot(String(body.inbox ?? 'whatsapp') as ChannelName, String(body.url ?? ''));
			return { status: 200, body: { connected: true } };
		}
		return undefined;
	});
	return emulator;
}
