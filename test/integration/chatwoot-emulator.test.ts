import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startChatwootEmulator, startWebhookReceiver, WEBHOOK_EVENTS, type ChannelName, type ChatwootEmulator, type Delivery, type WebhookReceiver } from '../emulators/chatwoot';
import { SwaggerValidator } from '../emulators/chatwoot/openapi';
import { shapeDiff } from '../emulators/chatwoot/shape';

const EXAMPLES = join(__dirname, '..', 'contracts', 'chatwoot', 'examples');
const example = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Record<string, unknown>;

const BOT_ERROR = { error: 'Access to this endpoint is not authorized for bots' };

interface Answer {
	status: number;
	body: unknown;
	text: string;
	headers: Headers;
}

type TokenName = 'admin' | 'agent' | 'bot';

/** Calls the emulator like a client: relative paths are under /api/v1/accounts/1/. */
function client(emulator: ChatwootEmulator) {
	return async (token: TokenName | { raw: string } | null, method: string, path: string, body?: unknown): Promise<Answer> => {
		const headers: Record<string, string> = {};
		if (token !== null) headers.api_access_token = typeof token === 'string' ? emulator.tokens[token] : token.raw;
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		const url = path.startsWith('/') ? `${emulator.url}${path}` : `${emulator.url}/api/v1/accounts/${emulator.accountId}/${path}`;
		const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await response.text();
		let decoded: unknown = text;
		try {
			decoded = text ? JSON.parse(text) : undefined;
		} catch {
			// Plain text (the 429 body).
		}
		return { status: response.status, body: decoded, text, headers: response.headers };
	};
}

function hmacOk(secret: string, headers: Record<string, string | string[] | undefined>, raw: string): boolean {
	const timestamp = headers['x-chatwoot-timestamp'] ?? headers['X-Chatwoot-Timestamp'];
	const signature = headers['x-chatwoot-signature'] ?? headers['X-Chatwoot-Signature'];
	if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
	return signature === `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
}

const parsed = (delivery: Delivery): Record<string, unknown> => JSON.parse(delivery.body) as Record<string, unknown>;
const field = (value: unknown, ...path: Array<string | number>): unknown =>
	path.reduce<unknown>((current, key) => (current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[key] : undefined), value);

describe('Chatwoot emulator', () => {
	let emulator: ChatwootEmulator;
	let receiver: WebhookReceiver;
	let api: ReturnType<typeof client>;

	beforeEach(async () => {
		receiver = await startWebhookReceiver();
		emulator = await startChatwootEmulator({ botRetryDelayMs: 50 });
		api = client(emulator);
	});
	afterEach(async () => {
		await emulator.close();
		await receiver.close();
	});

	describe('the swagger contract', () => {
		/**
		 * Where Chatwoot v4.15.1 (its source, as the shared specs and jbuilder views describe it) and its own swagger disagree.
		 * The emulator follows Chatwoot; each entry must show up exactly as listed.
		 */
		const KNOWN_CONTRADICTIONS = [
			// agent-bots.md section 3: the bot-handoff code path answers success: null.
			'response POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status 200: /payload/success must be boolean',
			// Without a body Chatwoot toggles open/resolved; the swagger requires a body with status.
			'request POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status 200: request body is required',
			// webhooks/index.json.jbuilder renders {payload: {webhooks: [...]}}; the swagger says a bare array.
			'response GET /api/v1/accounts/{account_id}/webhooks 200: / must be array',
		];

		/** Statuses Chatwoot answers that the swagger lists nowhere for that operation. */
		const UNDOCUMENTED_STATUSES = [
			// Validation failures (422) are documented for no operation used here.
			'POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/messages 422',
			'POST /api/v1/accounts/{account_id}/webhooks 422',
			// Chatwoot answers 200 {payload: contact}; the swagger documents only a 204.
			'PUT /api/v1/accounts/{account_id}/contacts/{id} 200',
			// Chatwoot answers `head :ok`; the swagger documents only a 204.
			'POST /api/v1/accounts/{account_id}/inboxes/{id}/set_agent_bot 200',
		];

		/** Statuses the swagger documents without a body; the emulator must answer them empty, as Chatwoot's `head :ok` does. */
		const BODILESS = [
			'POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_typing_status 200',
			'DELETE /api/v1/accounts/{account_id}/webhooks/{webhook_id} 200',
		];

		it('has a validator that resolves $refs and catches wrong types', () => {
			const validator = new SwaggerValidator();
			const base = { method: 'GET', query: {}, token: 'agent', body: undefined, status: 200 };
			const wrong = validator.validate([
				{ ...base, path: '/api/v1/accounts/1/conversations/5/messages', response: { meta: {}, payload: [{ id: 1, message_type: 'incoming', created_at: '2026-06-20T13:14:07Z' }] } },
				{ ...base, path: '/api/v1/accounts/1/contacts/search', response: { meta: { count: '1' }, payload: [{ id: 1, email: 5 }] } },
				{ ...base, method: 'POST', path: '/api/v1/accounts/1/conversations/5/labels', body: { labels: 'vip' }, response: { payload: ['vip'] } },
			]);
			expect(wrong.issues.flatMap((issue) => issue.errors)).toEqual([
				'/payload/0/message_type must be integer',
				'/payload/0/message_type must be equal to one of the allowed values',
				'/payload/0/created_at must be integer',
				'/meta/count must be integer',
				'/payload/0/email must be string,null',
				'/labels must be array',
			]);
		});

		it('answers every endpoint with bodies that match the swagger schemas (admin, agent and bot tokens)', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			emulator.addWebhook(`${receiver.url}/hook`, [...WEBHOOK_EVENTS]);
			const { conversationId: id, contactId } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi, meu pedido #4821 não chegou.' });
			const apiInbox = await emulator.customerMessage({ inbox: 'api', text: 'Mensagem pelo canal API' });
			const c = (suffix = '') => `conversations/${id}${suffix}`;
			const expectStatus = async (answer: Promise<Answer>, status: number) => {
				const result = await answer;
				expect({ status: result.status, body: result.body }).toMatchObject({ status });
				return result;
			};

			await expectStatus(api('admin', 'GET', '/api/v1/profile'), 200);
			await expectStatus(api('agent', 'GET', '/api/v1/profile'), 200);
			await expectStatus(api('bot', 'GET', '/api/v1/profile'), 401);
			await expectStatus(api({ raw: 'nope' }, 'GET', '/api/v1/profile'), 401);

			await expectStatus(api('bot', 'GET', c()), 200);
			await expectStatus(api('agent', 'GET', c()), 200);
			await expectStatus(api('bot', 'GET', 'conversations/9999'), 404);

			await expectStatus(api('bot', 'POST', c('/messages'), { content: 'Olá! Sou a Aurora.', message_type: 'outgoing' }), 200);
			await expectStatus(api('agent', 'POST', c('/messages'), { content: 'Nota interna', private: true }), 200);
			await expectStatus(api('admin', 'POST', c('/messages'), { content: 'Escolha', content_type: 'input_select', content_attributes: { items: [{ title: 'Sim', value: 'sim' }] } }), 200);
			await expectStatus(api('agent', 'POST', c('/messages'), { content: 'Finja ser o cliente', message_type: 'incoming' }), 422);
			await expectStatus(api('agent', 'POST', `conversations/${apiInbox.conversationId}/messages`, { content: 'Entrada pela API', message_type: 'incoming' }), 200);
			await expectStatus(api('agent', 'GET', c('/messages')), 200);
			await expectStatus(api('bot', 'GET', c('/messages')), 401);

			await expectStatus(api('bot', 'POST', c('/toggle_typing_status'), { typing_status: 'on' }), 200);
			await expectStatus(api('agent', 'POST', c('/toggle_typing_status'), { typing_status: 'off', is_private: true }), 200);
			await expectStatus(api('bot', 'GET', c('/labels')), 200);
			await expectStatus(api('bot', 'POST', c('/labels'), { labels: ['entrega'] }), 200);
			await expectStatus(api('agent', 'POST', c('/labels'), { labels: ['entrega', 'urgente'] }), 200);
			await expectStatus(api('bot', 'POST', c('/custom_attributes'), { custom_attributes: { pedido: '4821' } }), 200);
			await expectStatus(api('bot', 'POST', c('/toggle_status'), { status: 'open' }), 200);
			await expectStatus(api('agent', 'POST', c('/assignments'), { assignee_id: 7 }), 200);
			await expectStatus(api('admin', 'POST', c('/assignments'), { team_id: 1 }), 200);
			await expectStatus(api('bot', 'POST', c('/assignments'), { assignee_id: 1 }), 200);
			await expectStatus(api('agent', 'POST', c('/toggle_status'), { status: 'resolved' }), 200);
			await expectStatus(api('admin', 'POST', c('/toggle_status')), 200);
			await expectStatus(api('agent', 'POST', c('/toggle_status'), { status: 'snoozed', snoozed_until: Math.floor(Date.now() / 1000) + 3600 }), 200);

			await expectStatus(api('agent', 'GET', 'contacts/search?q=ana'), 200);
			await expectStatus(api('bot', 'GET', 'contacts/search?q=ana'), 401);
			await expectStatus(api('admin', 'GET', `contacts/${contactId}`), 200);
			await expectStatus(api('agent', 'PUT', `contacts/${contactId}`, { email: 'ana.ribeiro@gmail.com', custom_attributes: { cliente_desde: '2021' } }), 200);
			await expectStatus(api('agent', 'GET', 'contacts/424242'), 404);

			await expectStatus(api('admin', 'GET', 'webhooks'), 200);
			const created = await expectStatus(api('admin', 'POST', 'webhooks', { url: `${receiver.url}/n8n`, name: 'n8n', subscriptions: ['message_created'] }), 200);
			const webhookId = Number(field(created.body, 'payload', 'webhook', 'id'));
			await expectStatus(api('admin', 'PATCH', `webhooks/${webhookId}`, { subscriptions: ['message_created', 'conversation_updated'] }), 200);
			await expectStatus(api('admin', 'POST', 'webhooks', { url: `${receiver.url}/x`, subscriptions: ['message_sent'] }), 422);
			await expectStatus(api('agent', 'GET', 'webhooks'), 401);
			await expectStatus(api('admin', 'DELETE', `webhooks/${webhookId}`), 200);

			await expectStatus(api('admin', 'GET', `agent_bots/${emulator.bot.id}`), 200);
			await expectStatus(api('agent', 'GET', `agent_bots/${emulator.bot.id}`), 200);
			await expectStatus(api('admin', 'PATCH', `agent_bots/${emulator.bot.id}`, { outgoing_url: `${receiver.url}/bot` }), 200);
			await expectStatus(api('agent', 'PATCH', `agent_bots/${emulator.bot.id}`, { outgoing_url: 'http://x' }), 401);
			await expectStatus(api('admin', 'POST', `inboxes/${emulator.inboxes.webchat.id}/set_agent_bot`, { agent_bot: emulator.bot.id }), 200);

			const report = new SwaggerValidator().validate(emulator.requests);
			const problems = report.issues.flatMap((issue) => issue.errors.map((error) => `${issue.where} ${issue.endpoint} ${issue.status}: ${error}`));
			expect(problems.filter((problem) => !KNOWN_CONTRADICTIONS.includes(problem))).toEqual([]);
			expect(problems.filter((problem) => KNOWN_CONTRADICTIONS.includes(problem)).sort()).toEqual([...KNOWN_CONTRADICTIONS].sort());
			expect(report.undocumentedEndpoints).toEqual([]);
			expect(report.undocumentedStatuses.sort()).toEqual([...UNDOCUMENTED_STATUSES].sort());
			expect(report.bodilessResponses.sort()).toEqual([...BODILESS].sort());
			// All 20 endpoints of the emulator (PATCH contacts and PUT webhooks are Rails aliases) were exercised and checked.
			const checked = new Set([...report.validatedResponses, ...report.bodilessResponses, ...report.undocumentedStatuses].map((entry) => entry.replace(/ \d+$/, '')));
			expect(checked.size).toBe(20);
		});
	});

	describe('webhook payloads', () => {
		const find = (deliveries: Delivery[], target: Delivery['target'], event: string): Record<string, unknown> => {
			const delivery = deliveries.find((candidate) => candidate.target === target && candidate.event === event);
			if (!delivery) throw new Error(`no ${target} delivery of ${event} among ${deliveries.map((d) => `${d.target}:${d.event}`).join(', ')}`);
			return parsed(delivery);
		};

		it('have the key structure and value types of the real examples, channel by channel and event by event', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			emulator.addWebhook(`${receiver.url}/hook`, [...WEBHOOK_EVENTS]);
			const diffs: Record<string, string[]> = {};
			const compare = (name: string, actual: unknown, file: string) => {
				diffs[name] = shapeDiff(actual, example(file));
			};

			// The story of examples/README.md: Ana Paula on WhatsApp, the bot, the handoff, Fernanda.
			const first = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi, boa tarde! Fiz o pedido #4821 na segunda-feira e até agora não chegou.' });
			const id = first.conversationId;
			compare('01 message_created, account webhook', find(first.deliveries, 'webhook', 'message_created'), '01_message_created_incoming_whatsapp.json');
			compare('01 message_created, agent bot', find(first.deliveries, 'agent_bot', 'message_created'), '01_message_created_incoming_whatsapp.json');
			compare('08 conversation_created', find(first.deliveries, 'webhook', 'conversation_created'), '08_conversation_created_whatsapp.json');

			await api('bot', 'POST', `conversations/${id}/labels`, { labels: ['entrega'] });
			await api('bot', 'POST', `conversations/${id}/custom_attributes`, { custom_attributes: { pedido: '4821' } });
			const reply = await api('bot', 'POST', `conversations/${id}/messages`, { content: 'Olá, Ana Paula! Já estou consultando o pedido #4821.' });
			const replyId = field(reply.body, 'id');
			const [echo] = await emulator.waitForDeliveries((d) => d.target === 'agent_bot' && d.event === 'message_created' && parsed(d).id === replyId, 1);
			compare('05 message_created, bot reply echoed to the bot', parsed(echo), '05_message_created_outgoing_agent_bot.json');

			const transfer = await api('bot', 'POST', `conversations/${id}/messages`, { content: 'Certo! Vou transferir você para uma pessoa da nossa equipe.' });
			// WhatsApp accepts the reply (source_id) and reports it delivered, each a message_updated.
			const receipts = await emulator.waitForDeliveries((d) => d.target === 'webhook' && d.event === 'message_updated' && parsed(d).id === field(transfer.body, 'id'), 2);
			expect(receipts.map((d) => [field(parsed(d), 'status'), typeof field(parsed(d), 'source_id')])).toEqual([
				[undefined, 'string'],
				[undefined, 'string'],
			]);
			expect(receipts.map((d) => field(parsed(d), 'conversation', 'messages', 0, 'status'))).toEqual(['sent', 'delivered']);
			await api('bot', 'POST', `conversations/${id}/toggle_status`, { status: 'open' });
			const [statusChanged] = await emulator.waitForDeliveries((d) => d.target === 'webhook' && d.event === 'conversation_status_changed', 1);
			compare('09 conversation_status_changed (handoff)', parsed(statusChanged), '09_conversation_status_changed_bot_handoff.json');
			compare(
				'07 activity message (REST item)',
				emulator.messages(id).find((message) => field(message, 'message_type') === 2),
				'07_activity_message_api_item.json',
			);

			await api('agent', 'POST', `conversations/${id}/assignments`, { assignee_id: 7 });
			const [assigned] = await emulator.waitForDeliveries(
				(d) => d.target === 'webhook' && d.event === 'conversation_updated' && field(parsed(d), 'changed_attributes', 0, 'assignee_id') !== undefined,
				1,
			);
			compare('10 conversation_updated (assignee)', parsed(assigned), '10_conversation_updated_assignee.json');

			await api('agent', 'POST', `conversations/${id}/messages`, { content: 'Oi, Ana Paula! Aqui é a Fernanda. O pedido #4821 saiu para entrega.' });
			const [agentReply] = await emulator.waitForDeliveries(
				(d) => d.target === 'webhook' && d.event === 'message_created' && field(parsed(d), 'sender', 'type') === 'user',
				1,
			);
			compare('06 message_created, agent reply', parsed(agentReply), '06_message_created_outgoing_agent.json');

			const instagram = await emulator.customerMessage({ inbox: 'instagram', text: 'Vocês têm essa jaqueta jeans no tamanho GG?' });
			compare('02 message_created, Instagram', find(instagram.deliveries, 'webhook', 'message_created'), '02_message_created_incoming_instagram.json');

			const email = await emulator.customerMessage({ inbox: 'email', subject: 'Troca de tamanho - pedido #5097', text: 'Olá, equipe da Loja Aurora,\n\nComo faço para trocar?\n\nObrigado,\nCarlos' });
			compare('03 message_created, e-mail', find(email.deliveries, 'webhook', 'message_created'), '03_message_created_incoming_email.json');

			const widget = await emulator.customerMessage({ inbox: 'webchat', text: 'A jaqueta jeans oversized serve em quem usa 42?' });
			compare('04 message_created, web widget', find(widget.deliveries, 'webhook', 'message_created'), '04_message_created_incoming_webwidget.json');
			const photo = await emulator.customerMessage({ inbox: 'webchat', text: 'Segue a foto da etiqueta.', attachments: [{ fileType: 'image', name: 'foto-etiqueta.jpg' }] });
			expect(photo.conversationId).toBe(widget.conversationId);
			compare('11 message_created, widget attachment', find(photo.deliveries, 'webhook', 'message_created'), '11_message_created_incoming_webwidget_attachment.json');

			// Events with no example of their own, against the example of the same serializer.
			const lenient = { nullable: true };
			const withoutEvent = (file: string) => {
				const { event: _event, changed_attributes: _changed, ...rest } = example(file);
				return rest;
			};
			const [opened] = await emulator.waitForDeliveries((d) => d.target === 'agent_bot' && d.event === 'conversation_opened', 1);
			diffs['conversation_opened (bot only, like 09)'] = shapeDiff(parsed(opened), { ...withoutEvent('09_conversation_status_changed_bot_handoff.json'), event: '' }, lenient);
			await api('agent', 'POST', `conversations/${id}/toggle_status`, { status: 'resolved' });
			const [resolved] = await emulator.waitForDeliveries((d) => d.target === 'agent_bot' && d.event === 'conversation_resolved', 1);
			diffs['conversation_resolved (bot only, like the 06 conversation)'] = shapeDiff(parsed(resolved), {
				...(example('06_message_created_outgoing_agent.json').conversation as Record<string, unknown>),
				event: '',
			}, lenient);
			const [updatedMessage] = await emulator.waitForDeliveries((d) => d.target === 'agent_bot' && d.event === 'message_updated' && parsed(d).id === replyId, 1);
			diffs['message_updated (like 05)'] = shapeDiff(parsed(updatedMessage), example('05_message_created_outgoing_agent_bot.json'), lenient);

			const contactSender = example('01_message_created_incoming_whatsapp.json').sender as Record<string, unknown>;
			const newcomer = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi', contact: { name: 'Gabriel Rocha', phone: '+5511912345678' } });
			diffs['contact_created (like the 01 sender)'] = shapeDiff(find(newcomer.deliveries, 'webhook', 'contact_created'), { ...contactSender, event: '' });
			await api('agent', 'PUT', `contacts/${newcomer.contactId}`, { name: 'Gabriel Rocha Lima' });
			const [contactUpdated] = await emulator.waitForDeliveries((d) => d.event === 'contact_updated', 1);
			const change = { previous_value: '', current_value: '' };
			diffs['contact_updated (like the 01 sender)'] = shapeDiff(parsed(contactUpdated), { ...contactSender, event: '', changed_attributes: [{ name: change }, { updated_at: change }] });
			await api('bot', 'POST', `conversations/${newcomer.conversationId}/toggle_typing_status`, { typing_status: 'on' });
			const [typing] = await emulator.waitForDeliveries((d) => d.event === 'conversation_typing_on', 1);
			const botSender = example('05_message_created_outgoing_agent_bot.json').sender;
			diffs['conversation_typing_on'] = shapeDiff(parsed(typing), { event: '', user: botSender, conversation: withoutEvent('08_conversation_created_whatsapp.json'), is_private: false }, lenient);

			// No example exists for these channels: same structure as WhatsApp's, null allowed where the channel has no value.
			const analogous: ChannelName[] = ['facebook', 'telegram', 'sms', 'api', 'line'];
			for (const channel of analogous) {
				const result = await emulator.customerMessage({ inbox: channel, text: `Olá pelo canal ${channel}` });
				const payload = find(result.deliveries, 'webhook', 'message_created');
				diffs[`${channel} message_created (like 01)`] = shapeDiff(payload, example('01_message_created_incoming_whatsapp.json'), { nullable: true });
				expect(field(payload, 'conversation', 'channel')).toBe(emulator.inboxes[channel].channelType);
				expect(field(payload, 'inbox')).toEqual({ id: emulator.inboxes[channel].id, name: emulator.inboxes[channel].name });
			}

			expect(diffs).toEqual(Object.fromEntries(Object.keys(diffs).map((name) => [name, []])));
		});

		it('serves attachment files behind data_url and thumb_url', async () => {
			emulator.addWebhook(`${receiver.url}/hook`, ['message_created']);
			const result = await emulator.customerMessage({
				inbox: 'webchat',
				text: 'Fotos e áudio',
				attachments: [
					{ fileType: 'image', name: 'foto etiqueta.jpg' },
					{ fileType: 'audio', name: 'audio.ogg' },
					{ fileType: 'file', name: 'nota.pdf', url: 'https://cdn.example.com/nota.pdf' },
				],
			});
			const attachments = field(find(result.deliveries, 'webhook', 'message_created'), 'attachments') as Array<Record<string, unknown>>;
			expect(attachments.map((a) => [a.file_type, a.extension, a.content_type])).toEqual([
				['image', 'jpg', 'image/jpeg'],
				['audio', 'ogg', 'audio/ogg'],
				['file', 'pdf', 'application/pdf'],
			]);
			expect(attachments[1]).toHaveProperty('transcribed_text', '');
			const image = await fetch(String(attachments[0].data_url));
			expect(image.status).toBe(200);
			expect(image.headers.get('content-type')).toBe('image/png');
			expect((await fetch(String(attachments[0].thumb_url))).status).toBe(200);
			expect((await fetch(String(attachments[1].data_url))).headers.get('content-type')).toBe('audio/ogg');
			const external = await fetch(String(attachments[2].data_url), { redirect: 'manual' });
			expect(external.status).toBe(302);
			expect(external.headers.get('location')).toBe('https://cdn.example.com/nota.pdf');
			expect(emulator.messages(result.conversationId)[0]).toMatchObject({ attachments: [{ file_type: 'image' }, { file_type: 'audio' }, { file_type: 'file' }] });
		});

		it('puts the email subject where Chatwoot does and strips trailing newlines from content', async () => {
			emulator.addWebhook(`${receiver.url}/hook`, ['message_created']);
			const result = await emulator.customerMessage({ inbox: 'email', subject: 'Nota fiscal', text: 'Preciso da segunda via.\n\n' });
			const payload = find(result.deliveries, 'webhook', 'message_created');
			expect(payload).toMatchObject({
				content_type: 'incoming_email',
				content: 'Preciso da segunda via.',
				content_attributes: { email: { subject: 'Nota fiscal', text_content: { full: 'Preciso da segunda via.\n\n\n' } } },
				conversation: { channel: 'Channel::Email', additional_attributes: { source: 'email', mail_subject: 'Nota fiscal' } },
			});
			expect(payload).not.toHaveProperty('attachments');
		});
	});

	describe('signatures and delivery headers', () => {
		it('signs account webhooks with their secret and the bot with its own, over "<timestamp>.<raw body>"', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			const hook = emulator.addWebhook(`${receiver.url}/hook`, ['message_created']);
			emulator.addWebhook(`${receiver.url}/unsigned`, ['message_created'], { signed: false });
			await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
			const got = await receiver.waitFor(() => true, 3);
			const byPath = (path: string) => got.find((request) => request.path === path);
			const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

			for (const request of got) {
				expect(request.headers['content-type']).toBe('application/json');
				expect(request.headers.accept).toBe('application/json');
				expect(request.headers['x-chatwoot-delivery']).toMatch(uuidV4);
				expect(field(request.body, 'event')).toBe('message_created');
			}
			const signed = byPath('/hook');
			const bot = byPath('/bot');
			const unsigned = byPath('/unsigned');
			if (!signed || !bot || !unsigned) throw new Error('a delivery is missing');
			expect(hmacOk(hook.secret, signed.headers, signed.raw)).toBe(true);
			expect(hmacOk(emulator.bot.secret, bot.headers, bot.raw)).toBe(true);
			expect(hmacOk(hook.secret, signed.headers, `${signed.raw} `)).toBe(false);
			expect(hmacOk(emulator.bot.secret, signed.headers, signed.raw)).toBe(false);
			expect(Math.abs(Number(signed.headers['x-chatwoot-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
			expect(unsigned.headers).not.toHaveProperty('x-chatwoot-signature');
			expect(unsigned.headers).not.toHaveProperty('x-chatwoot-timestamp');

			const recorded = emulator.deliveries.find((delivery) => delivery.url === `${receiver.url}/hook`);
			expect(recorded).toMatchObject({ event: 'message_created', status: 200, attempts: 1, target: 'webhook', body: signed.raw });
			expect(recorded?.headers['X-Chatwoot-Delivery']).toBe(signed.headers['x-chatwoot-delivery']);
		});
	});

	describe('agent-bot tokens', () => {
		it('get the exact 401 outside the allow-list and pass inside it', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			const { conversationId: id, contactId } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
			const forbidden: Array<[string, string, unknown?]> = [
				['GET', '/api/v1/profile'],
				['GET', `conversations/${id}/messages`],
				['GET', 'contacts/search?q=ana'],
				['GET', `contacts/${contactId}`],
				['PUT', `contacts/${contactId}`, { name: 'Ana' }],
				['GET', 'webhooks'],
				['POST', 'webhooks', { url: 'http://example.com', subscriptions: ['message_created'] }],
				['PATCH', 'webhooks/1', { url: 'http://example.com' }],
				['DELETE', 'webhooks/1'],
				['GET', `agent_bots/${emulator.bot.id}`],
				['PATCH', `agent_bots/${emulator.bot.id}`, { outgoing_url: 'http://example.com' }],
				['POST', `inboxes/${emulator.inboxes.whatsapp.id}/set_agent_bot`, { agent_bot: null }],
			];
			for (const [method, path, body] of forbidden) {
				const answer = await api('bot', method, path, body);
				expect({ call: `${method} ${path}`, status: answer.status, body: answer.body }).toEqual({ call: `${method} ${path}`, status: 401, body: BOT_ERROR });
			}
			const allowed: Array<[string, string, unknown?]> = [
				['GET', `conversations/${id}`],
				['POST', `conversations/${id}/messages`, { content: 'Olá!' }],
				['POST', `conversations/${id}/toggle_typing_status`, { typing_status: 'on' }],
				['GET', `conversations/${id}/labels`],
				['POST', `conversations/${id}/labels`, { labels: ['entrega'] }],
				['POST', `conversations/${id}/custom_attributes`, { custom_attributes: { pedido: '1' } }],
				['POST', `conversations/${id}/assignments`, { team_id: 1 }],
				['POST', `conversations/${id}/toggle_status`, { status: 'open' }],
			];
			for (const [method, path, body] of allowed) {
				const answer = await api('bot', method, path, body);
				expect({ call: `${method} ${path}`, status: answer.status }).toEqual({ call: `${method} ${path}`, status: 200 });
			}
			expect(emulator.requests.filter((request) => request.token === 'bot')).toHaveLength(forbidden.length + allowed.length);
		});

		it('answers unknown tokens, conversations and contacts like Chatwoot', async () => {
			expect(await api({ raw: 'not-a-token' }, 'GET', 'conversations/318')).toMatchObject({ status: 401, body: { error: 'Invalid Access Token' } });
			expect(await api(null, 'GET', 'conversations/318')).toMatchObject({ status: 401 });
			expect(await api('bot', 'GET', 'conversations/999999')).toMatchObject({ status: 404, body: { error: 'Resource could not be found' } });
			expect(await api('agent', 'GET', 'contacts/999999')).toMatchObject({ status: 404, body: { error: 'Resource could not be found' } });
			expect(await api('agent', 'GET', 'webhooks')).toMatchObject({ status: 401, body: { error: 'You are not authorized to do this action' } });
			expect(await api('admin', 'GET', '/api/v1/accounts/2/webhooks')).toMatchObject({ status: 404, body: { error: 'Resource could not be found' } });
			expect(emulator.requests.map((request) => request.token)).toEqual(['invalid', undefined, 'bot', 'agent', 'agent', 'admin']);
		});
	});

	describe('conversation state', () => {
		it('replaces the whole label list and the whole custom-attribute object', async () => {
			const { conversationId: id } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
			expect((await api('bot', 'POST', `conversations/${id}/labels`, { labels: ['entrega', 'urgente'] })).body).toEqual({ payload: ['entrega', 'urgente'] });
			expect((await api('bot', 'POST', `conversations/${id}/labels`, { labels: ['troca'] })).body).toEqual({ payload: ['troca'] });
			expect((await api('agent', 'GET', `conversations/${id}/labels`)).body).toEqual({ payload: ['troca'] });
			expect((await api('bot', 'POST', `conversations/${id}/labels`, { labels: [] })).body).toEqual({ payload: [] });

			expect((await api('bot', 'POST', `conversations/${id}/custom_attributes`, { custom_attributes: { pedido: '4821', cpf: '1' } })).body).toEqual({
				custom_attributes: { pedido: '4821', cpf: '1' },
			});
			expect((await api('bot', 'POST', `conversations/${id}/custom_attributes`, { custom_attributes: { nota: 5 } })).body).toEqual({ custom_attributes: { nota: 5 } });
			expect(field(emulator.conversation(id), 'custom_attributes')).toEqual({ nota: 5 });
			expect(field((await api('bot', 'GET', `conversations/${id}`)).body, 'custom_attributes')).toEqual({ nota: 5 });

			const notes = emulator.messages(id).filter((message) => field(message, 'message_type') === 2).map((message) => field(message, 'content'));
			expect(notes).toEqual(['Aurora IA adicionou entrega, urgente', 'Aurora IA adicionou troca', 'Aurora IA removeu entrega, urgente', 'Aurora IA removeu troca']);
		});

		it('hands a pending conversation over when the bot opens it: success null, waiting_since, activity note, events', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			emulator.addWebhook(`${receiver.url}/hook`, ['conversation_status_changed', 'conversation_updated']);
			const { conversationId: id } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Quero falar com uma pessoa' });
			expect(field(emulator.conversation(id), 'status')).toBe('pending');
			await api('bot', 'POST', `conversations/${id}/messages`, { content: 'Vou transferir você.' });
			// The bot's reply stops the waiting clock; the handoff starts it again.
			await emulator.waitForDeliveries((d) => d.event === 'conversation_updated' && field(parsed(d), 'changed_attributes', 0, 'waiting_since') !== undefined, 1);
			expect(field(emulator.conversation(id), 'waiting_since')).toBe(0);

			const handoff = await api('bot', 'POST', `conversations/${id}/toggle_status`, { status: 'open' });
			expect(handoff).toMatchObject({ status: 200, body: { meta: {}, payload: { success: null, conversation_id: id, current_status: 'open', snoozed_until: null } } });
			expect(field(emulator.conversation(id), 'status')).toBe('open');
			expect(field(emulator.conversation(id), 'waiting_since')).toBeGreaterThan(0);
			const note = emulator.messages(id).at(-1);
			expect(note).toMatchObject({ message_type: 2, content: 'Conversa foi reaberta por Aurora IA', private: false });
			expect(note).not.toHaveProperty('sender');

			const statusEvents = await emulator.waitForDeliveries((d) => d.event === 'conversation_status_changed', 2);
			for (const delivery of statusEvents) expect(parsed(delivery)).toMatchObject({ status: 'open', changed_attributes: null });
			expect(statusEvents.map((d) => d.target).sort()).toEqual(['agent_bot', 'webhook']);
			const [updated] = await emulator.waitForDeliveries((d) => d.target === 'webhook' && d.event === 'conversation_updated' && JSON.stringify(parsed(d).changed_attributes).includes('"status"'), 1);
			expect(parsed(updated).changed_attributes).toEqual([
				{ waiting_since: { previous_value: null, current_value: expect.any(String) } },
				{ status: { previous_value: 'pending', current_value: 'open' } },
				{ updated_at: { previous_value: expect.any(String), current_value: expect.any(String) } },
			]);
			await emulator.waitForDeliveries((d) => d.target === 'agent_bot' && d.event === 'conversation_opened', 1);
			expect(emulator.deliveries.filter((d) => d.target === 'webhook' && d.event === 'conversation_opened')).toEqual([]);
			// Activity notes never reach a webhook or the bot.
			expect(emulator.deliveries.filter((d) => d.event === 'message_created' && parsed(d).message_type === 'activity')).toEqual([]);

			const again = await api('agent', 'POST', `conversations/${id}/toggle_status`, { status: 'pending' });
			expect(field(again.body, 'payload', 'success')).toBe(true);
			expect(field(emulator.messages(id).at(-1), 'content')).toBe('Conversa foi marcada como pendente por Fernanda Lima');
			const toggled = await api('admin', 'POST', `conversations/${id}/toggle_status`);
			expect(field(toggled.body, 'payload')).toMatchObject({ success: true, current_status: 'open' });
			expect(field((await api('admin', 'POST', `conversations/${id}/toggle_status`)).body, 'payload', 'current_status')).toBe('resolved');
		});

		it('records typing and tells account webhooks, not the bot', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			emulator.addWebhook(`${receiver.url}/hook`, ['conversation_typing_on', 'conversation_typing_off']);
			const { conversationId: id } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
			expect(emulator.typing(id)).toBeUndefined();
			expect(await api('bot', 'POST', `conversations/${id}/toggle_typing_status`, { typing_status: 'on' })).toMatchObject({ status: 200, text: '' });
			expect(emulator.typing(id)).toMatchObject({ status: 'on', isPrivate: false, by: { type: 'AgentBot', id: emulator.bot.id } });
			const [typing] = await emulator.waitForDeliveries((d) => d.event === 'conversation_typing_on', 1);
			expect(parsed(typing)).toMatchObject({ event: 'conversation_typing_on', user: { id: emulator.bot.id, name: 'Aurora IA', type: 'agent_bot' }, conversation: { id }, is_private: false });
			await api('agent', 'POST', `conversations/${id}/toggle_typing_status`, { typing_status: 'off', is_private: true });
			expect(emulator.typing(id)).toMatchObject({ status: 'off', isPrivate: true, by: { type: 'User', id: 7 } });
			await emulator.waitForDeliveries((d) => d.event === 'conversation_typing_off', 1);
			expect(emulator.deliveries.filter((d) => d.target === 'agent_bot' && d.event.startsWith('conversation_typing'))).toEqual([]);
		});

		it('reuses the open conversation, and starts a new one after a resolved WhatsApp thread', async () => {
			emulator.addWebhook(`${receiver.url}/hook`, ['contact_created', 'conversation_created']);
			const one = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi', contact: { name: 'Gabriel Rocha', phone: '+5511912345678' } });
			expect(one.deliveries.map((d) => d.event)).toEqual(['contact_created', 'conversation_created']);
			const two = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Tem alguém aí?', contact: { phone: '+551112345678' } });
			expect(two).toMatchObject({ conversationId: one.conversationId, contactId: one.contactId, deliveries: [] });
			const three = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Obrigado', conversationId: one.conversationId });
			expect(three.conversationId).toBe(one.conversationId);
			expect(emulator.messages(one.conversationId)).toHaveLength(3);

			await api('agent', 'POST', `conversations/${one.conversationId}/toggle_status`, { status: 'resolved' });
			const four = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Outra dúvida', contact: { phone: '+5511912345678' } });
			expect(four.conversationId).not.toBe(one.conversationId);
			expect(field(emulator.conversation(four.conversationId), 'contact_inbox')).toEqual(field(emulator.conversation(one.conversationId), 'contact_inbox'));

			const widget = await emulator.customerMessage({ inbox: 'webchat', text: 'Oi' });
			await api('agent', 'POST', `conversations/${widget.conversationId}/toggle_status`, { status: 'resolved' });
			const reopened = await emulator.customerMessage({ inbox: 'webchat', text: 'Voltei' });
			expect(reopened.conversationId).toBe(widget.conversationId);
			expect(field(emulator.conversation(widget.conversationId), 'status')).toBe('open');
		});

		it('searches contacts by name, e-mail, phone and identifier and updates them', async () => {
			const ids = async (q: string) => ((field((await api('agent', 'GET', `contacts/search?q=${encodeURIComponent(q)}`)).body, 'payload') as Array<{ id: number }>) ?? []).map((c) => c.id);
			expect(await ids('RIBEIRO')).toEqual([1042]);
			expect(await ids('uol.com')).toEqual([1085]);
			expect(await ids('+5521998765432')).toEqual([1085]);
			expect(await ids('cliente-1001')).toEqual([1084]);
			expect(await api('agent', 'GET', 'contacts/search')).toMatchObject({ status: 422 });

			const updated = await api('agent', 'PUT', 'contacts/1042', { email: 'ana.ribeiro@gmail.com', custom_attributes: { vip: true } });
			expect(updated).toMatchObject({ status: 200, body: { payload: { id: 1042, email: 'ana.ribeiro@gmail.com', custom_attributes: { vip: true } } } });
			expect(await api('agent', 'PUT', 'contacts/1042', { phone_number: '11 98765' })).toMatchObject({ status: 422, body: { attributes: ['phone_number'] } });
			expect(await api('agent', 'PUT', 'contacts/1042', { email: 'juliana.almeida@uol.com.br' })).toMatchObject({ status: 422, body: { attributes: ['email'] } });
		});
	});

	describe('agent-bot deliveries', () => {
		it('echo the bot its own replies, agent replies and private notes', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			emulator.addWebhook(`${receiver.url}/hook`, ['message_created']);
			const { conversationId: id } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
			const reply = await api('bot', 'POST', `conversations/${id}/messages`, { content: 'Olá! Sou a Aurora.' });
			expect(reply.body).toMatchObject({ conversation_id: id, message_type: 1, content_type: 'text', private: false, sender: { id: emulator.bot.id, type: 'agent_bot' } });
			expect(typeof field(reply.body, 'created_at')).toBe('number');
			await api('agent', 'POST', `conversations/${id}/messages`, { content: 'Resumo para a equipe', private: true });

			const botCopies = await emulator.waitForDeliveries((d) => d.target === 'agent_bot' && d.event === 'message_created', 3);
			const [incoming, echo, note] = botCopies.map(parsed);
			expect(incoming).toMatchObject({ message_type: 'incoming', private: false });
			expect(echo).toMatchObject({ message_type: 'outgoing', private: false, sender: { id: emulator.bot.id, name: 'Aurora IA', type: 'agent_bot' } });
			expect(note).toMatchObject({ message_type: 'outgoing', private: true, sender: { id: 7, name: 'Fernanda Lima', type: 'user' } });
			// The bot's copy is built before waiting_since is cleared; the account copy after (examples/README.md).
			const accountEcho = (await emulator.waitForDeliveries((d) => d.target === 'webhook' && parsed(d).id === echo.id, 1)).map(parsed)[0];
			expect(field(echo, 'conversation', 'waiting_since')).toBeGreaterThan(0);
			expect(field(accountEcho, 'conversation', 'waiting_since')).toBe(0);
			// Private notes never become conversation.messages[0].
			expect(field(note, 'conversation', 'messages', 0, 'id')).toBe(echo.id);
		});

		it('retries the bot on 500 with the same X-Chatwoot-Delivery, then succeeds', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			receiver.respondWith(500);
			const result = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
			const delivery = result.deliveries.find((d) => d.target === 'agent_bot');
			expect(delivery).toMatchObject({ event: 'message_created', status: 200, attempts: 2 });
			const hits = receiver.received.filter((request) => request.path === '/bot');
			expect(hits).toHaveLength(2);
			expect(hits.map((hit) => hit.headers['x-chatwoot-delivery'])).toEqual([delivery?.id, delivery?.id]);
			for (const hit of hits) expect(hmacOk(emulator.bot.secret, hit.headers, hit.raw)).toBe(true);
		});

		it('gives up after 3 attempts, opens the pending conversation and does not retry other statuses', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			receiver.respondWith(429, 500, 500);
			const result = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
			expect(result.deliveries.find((d) => d.target === 'agent_bot')).toMatchObject({ status: 500, attempts: 3 });
			expect(field(emulator.conversation(result.conversationId), 'status')).toBe('open');
			expect(field(emulator.messages(result.conversationId).at(-1), 'content')).toBe('A conversa foi marcada como aberta pelo sistema devido a um erro com o robô de atendimento.');

			receiver.respondWith(404);
			await api('bot', 'POST', `conversations/${result.conversationId}/messages`, { content: 'Olá' });
			const [notFound] = await emulator.waitForDeliveries((d) => d.target === 'agent_bot' && d.status === 404, 1);
			expect(notFound.attempts).toBe(1);
		});

		it('sends account webhooks once, whatever the answer, and redelivers with the same X-Chatwoot-Delivery', async () => {
			const hook = emulator.addWebhook(`${receiver.url}/hook`, ['message_created']);
			receiver.respondWith(500);
			const result = await emulator.customerMessage({ inbox: 'instagram', text: 'Oi' });
			const [failed] = result.deliveries;
			expect(failed).toMatchObject({ target: 'webhook', status: 500, attempts: 1 });
			expect(receiver.received).toHaveLength(1);

			await new Promise((resolve) => setTimeout(resolve, 1100));
			const again = await emulator.redeliver(failed.id);
			expect(again).toMatchObject({ id: failed.id, body: failed.body, status: 200, attempts: 1 });
			expect(receiver.received).toHaveLength(2);
			const [firstHit, secondHit] = receiver.received;
			expect(secondHit.headers['x-chatwoot-delivery']).toBe(firstHit.headers['x-chatwoot-delivery']);
			expect(secondHit.raw).toBe(firstHit.raw);
			expect(Number(secondHit.headers['x-chatwoot-timestamp'])).toBeGreaterThan(Number(firstHit.headers['x-chatwoot-timestamp']));
			expect(hmacOk(hook.secret, secondHit.headers, secondHit.raw)).toBe(true);
			expect(emulator.deliveries.filter((d) => d.id === failed.id)).toHaveLength(2);
			await expect(emulator.redeliver('00000000-0000-4000-8000-000000000000')).rejects.toThrow(/No delivery/);
		});

		it('times out a slow receiver', async () => {
			const quick = await startChatwootEmulator({ webhookTimeoutMs: 200 });
			try {
				quick.addWebhook(`${receiver.url}/slow`, ['message_created']);
				receiver.delayResponses(1000);
				const result = await quick.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
				expect(result.deliveries[0]).toMatchObject({ status: 'error', attempts: 1, error: expect.stringMatching(/timeout/) });
			} finally {
				await quick.close();
			}
		});
	});

	describe('injected failures', () => {
		it('answers 429 with Retry-After and "Retry later", then recovers', async () => {
			const { conversationId: id } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
			emulator.failNext(/\/labels$/, 429, { retryAfterSeconds: 7 });
			const limited = await api('bot', 'GET', `conversations/${id}/labels`);
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBe('7');
			expect(limited.headers.get('content-type')).toMatch(/^text\/plain/);
			expect(limited.text).toBe('Retry later\n');
			expect((await api('bot', 'GET', `conversations/${id}/labels`)).status).toBe(200);

			emulator.failNext(/\/messages$/, 503, { times: 2 });
			expect(await api('bot', 'POST', `conversations/${id}/messages`, { content: 'a' })).toMatchObject({ status: 503, body: { status: 503, error: 'Service Unavailable' } });
			expect((await api('bot', 'POST', `conversations/${id}/messages`, { content: 'b' })).status).toBe(503);
			expect((await api('bot', 'POST', `conversations/${id}/messages`, { content: 'c' })).status).toBe(200);
			expect(emulator.requests.map((request) => request.status)).toEqual([429, 200, 503, 503, 200]);
			expect(emulator.messages(id).map((message) => field(message, 'content'))).toEqual(['Oi', 'c']);
		});
	});

	describe('npm run emulator', () => {
		it('prints the URL, account, tokens, inbox ids and bot secret, and stops on SIGTERM', async () => {
			const child = spawn(process.execPath, [join(__dirname, '..', '..', 'scripts', 'run.mjs'), 'scripts/emulator.ts', 'chatwoot', '--port', '0'], {
				cwd: join(__dirname, '..', '..'),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let output = '';
			try {
				await new Promise<void>((resolve, reject) => {
					const timer = setTimeout(() => reject(new Error(`no banner after 30 s:\n${output}`)), 30_000);
					child.stdout?.on('data', (chunk: Buffer) => {
						output += chunk.toString();
						if (output.includes('Press Ctrl-C')) {
							clearTimeout(timer);
							resolve();
						}
					});
					child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
					child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
				});
				const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
				const admin = /admin token:\s+(\S+)/.exec(output)?.[1];
				expect(url).toBeDefined();
				expect(output).toMatch(/account id:\s+1/);
				expect(output).toMatch(/agent token:\s+\S{24}/);
				expect(output).toMatch(/bot token:\s+\S{24}/);
				expect(output).toMatch(/bot secret:\s+\S{24}/);
				expect(output).toMatch(/whatsapp\s+id 3\s+Channel::Whatsapp/);
				expect(output).toMatch(/webchat\s+id 2\s+Channel::WebWidget/);
				const profile = await fetch(`${url}/api/v1/profile`, { headers: { api_access_token: admin ?? '' } });
				expect(profile.status).toBe(200);
			} finally {
				const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
				child.kill('SIGTERM');
				expect(await exit).toBe(0);
			}
		});
	});
});
