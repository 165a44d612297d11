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
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// Plain text (the 429 body).
		}
		return { status: response.status, body: parsed, text, headers: response.headers };
	};
}

function hmacOk(secret: string, headers: Record<string, string | string[] | undefined> | Record<string, string>, raw: string): boolean {
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
		 * Where Chatwoot v4.15.1 (read in its source, see the shared specs) and its own swagger disagree.
		 * The emulator follows Chatwoot; each entry must show up exactly as listed.
		 */
		const KNOWN_CONTRADICTIONS = [
			// agent-bots.md section 3: the bot-handoff code path answers success: null.
			'response POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status 200: /payload/success must be boolean',
			// Without status Chatwoot toggles open/resolved; the swagger marks status as required.
			"request POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status 200: / must have required property 'status'",
			// webhooks/index.json.jbuilder renders {payload: {webhooks: [...]}}; the swagger says a bare array.
			'response GET /api/v1/accounts/{account_id}/webhooks 200: / must be array',
		];

		/** Statuses Chatwoot answers that the swagger lists nowhere for that operation. */
		const UNDOCUMENTED_STATUSES = [
			'GET /api/v1/profile 200',
		];

		it('answers every endpoint with bodies that match the swagger schemas (admin, agent and bot tokens)', async () => {
			emulator.connectBot('whatsapp', `${receiver.url}/bot`);
			emulator.addWebhook(`${receiver.url}/hook`, [...WEBHOOK_EVENTS]);
			const { conversationId: id, contactId } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi, meu pedido #4821 não chegou.' });
			const api2 = await emulator.customerMessage({ inbox: 'api', text: 'Mensagem pelo canal API' });
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
			await expectStatus(api('agent', 'POST', `conversations/${api2.conversationId}/messages`, { content: 'Entrada pela API', message_type: 'incoming' }), 200);
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
			console.log(JSON.stringify(report, null, 1));
			expect(problems.filter((problem) => !KNOWN_CONTRADICTIONS.includes(problem))).toEqual([]);
			expect(problems.filter((problem) => KNOWN_CONTRADICTIONS.includes(problem)).sort()).toEqual([...KNOWN_CONTRADICTIONS].sort());
			expect(report.undocumentedEndpoints).toEqual([]);
			expect(report.undocumentedStatuses.sort()).toEqual([...UNDOCUMENTED_STATUSES].sort());
		});
	});

	void example;
	void hmacOk;
	void parsed;
	void BOT_ERROR;
	const unusedChannel: ChannelName = 'api';
	void unusedChannel;
});
