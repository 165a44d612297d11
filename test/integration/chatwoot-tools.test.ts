import type { McpSession } from '../../lib/mcp/client';
import { ChatwootClient } from '../../nodes/Chatwoot/client/chatwoot-client';
import { openChatwootSession } from '../../nodes/Chatwoot/server';
import { freePort } from '../../scripts/lib/runtime';
import { startChatwootEmulator, startWebhookReceiver, type ChatwootEmulator, type WebhookReceiver } from '../emulators/chatwoot';

const FAST_RETRY = { attempts: 3, baseDelayMs: 20, maxDelayMs: 200 };

describe('chatwoot tools against the Chatwoot emulator', () => {
	let emulator: ChatwootEmulator;
	let receiver: WebhookReceiver;
	const sessions: McpSession[] = [];
	let phone = 5511900000000;
	// a new customer each time, so each call gets a conversation of its own
	const customer = () => ({ name: `Cliente ${++phone}`, phone: `+${phone}` });

	async function session(token: 'bot' | 'agent' | 'admin', accountId?: string): Promise<McpSession> {
		const chatwoot = new ChatwootClient({ baseUrl: emulator.url, token: emulator.tokens[token], retry: FAST_RETRY });
		const s = openChatwootSession({ chatwoot }, { accountId });
		sessions.push(s);
		return s;
	}

	async function call(s: McpSession, tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
		const outcome = await s.callTool(tool, { tenant_id: String(emulator.accountId), ...args });
		if (!outcome.ok) throw new Error(`${tool}: ${outcome.message}`);
		return outcome.data;
	}

	async function refusal(s: McpSession, tool: string, args: Record<string, unknown>): Promise<{ kind: string; message: string }> {
		const outcome = await s.callTool(tool, { tenant_id: String(emulator.accountId), ...args });
		if (outcome.ok) throw new Error(`${tool} should have failed`);
		return outcome;
	}

	beforeAll(async () => {
		emulator = await startChatwootEmulator({ botRetryDelayMs: 50 });
		receiver = await startWebhookReceiver();
		emulator.connectBot('whatsapp', receiver.url);
	});
	afterAll(async () => {
		await Promise.all(sessions.map((s) => s.close()));
		await emulator.close();
		await receiver.close();
	});

	const newConversation = async () => (await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi, tudo bem?', contact: customer() })).conversationId;
	const lastRequest = (pathPart: string) => [...emulator.requests].reverse().find((r) => r.path.includes(pathPart));

	it('chatwoot_send_message posts an outgoing message with the api_access_token', async () => {
		const bot = await session('bot');
		const id = await newConversation();
		const sent = await call(bot, 'chatwoot_send_message', { conversation_id: id, content: 'Olá! Como posso ajudar?' });
		expect(sent).toMatchObject({ conversation_id: id, private: false });
		const request = lastRequest(`/conversations/${id}/messages`);
		expect(request).toMatchObject({
			method: 'POST',
			path: `/api/v1/accounts/${emulator.accountId}/conversations/${id}/messages`,
			token: 'bot',
			body: { content: 'Olá! Como posso ajudar?', message_type: 'outgoing', private: false },
			status: 200,
		});
	});

	it('chatwoot_private_note adds a note the customer never sees', async () => {
		const bot = await session('bot');
		const id = await newConversation();
		await call(bot, 'chatwoot_private_note', { conversation_id: id, content: 'Cliente VIP' });
		expect(lastRequest(`/conversations/${id}/messages`)?.body).toMatchObject({ private: true, message_type: 'outgoing' });
	});

	it('chatwoot_handoff leaves the reason, adds labels, assigns the team and opens the pending conversation', async () => {
		const bot = await session('bot');
		const id = await newConversation();
		expect((emulator.conversation(id) as { status: string }).status).toBe('pending');
		const result = await call(bot, 'chatwoot_handoff', { conversation_id: id, reason: 'Cliente pediu um atendente', labels: ['humano'], team_id: 1 });
		expect(result).toMatchObject({ status: 'open', labels: expect.arrayContaining(['humano']) });
		expect((emulator.conversation(id) as { status: string }).status).toBe('open');
		expect(lastRequest(`/conversations/${id}/toggle_status`)?.body).toEqual({ status: 'open' });
		const texts = (emulator.messages(id) as Array<{ content: string; private: boolean; message_type: number }>).map((m) => [m.message_type, m.private, m.content]);
		expect(texts).toEqual(expect.arrayContaining([[1, true, 'Transferido para atendimento humano: Cliente pediu um atendente'], [2, false, expect.stringMatching(/Conversa foi reaberta/)]]));
	});

	it('chatwoot_toggle_status and chatwoot_toggle_typing change the conversation', async () => {
		const bot = await session('bot');
		const id = await newConversation();
		expect(await call(bot, 'chatwoot_toggle_status', { conversation_id: id, status: 'resolved' })).toEqual({ conversation_id: id, status: 'resolved' });
		expect(await call(bot, 'chatwoot_toggle_typing', { conversation_id: id, typing: 'on' })).toEqual({ conversation_id: id, typing: 'on' });
		expect(lastRequest(`/conversations/${id}/toggle_typing_status`)?.body).toEqual({ typing_status: 'on' });
	});

	it('chatwoot_set_labels adds and removes without losing other labels', async () => {
		const bot = await session('bot');
		const id = await newConversation();
		await call(bot, 'chatwoot_set_labels', { conversation_id: id, add: ['vendas', 'vip'] });
		expect(await call(bot, 'chatwoot_set_labels', { conversation_id: id, add: ['urgente'], remove: ['vip'] })).toEqual({ labels: ['vendas', 'urgente'] });
		expect((emulator.conversation(id) as { labels: string[] }).labels.sort()).toEqual(['urgente', 'vendas']);
		expect((await refusal(bot, 'chatwoot_set_labels', { conversation_id: id })).message).toMatch(/at least one label/);
	});

	it('chatwoot_set_custom_attributes merges and removes keys', async () => {
		const bot = await session('bot');
		const id = await newConversation();
		await call(bot, 'chatwoot_set_custom_attributes', { conversation_id: id, attributes: { order_id: 'S00042', intent: 'sales' } });
		expect(await call(bot, 'chatwoot_set_custom_attributes', { conversation_id: id, attributes: { intent: 'support' }, remove: ['order_id'] })).toEqual({
			custom_attributes: { intent: 'support' },
		});
		await call(bot, 'chatwoot_set_custom_attributes', { conversation_id: id, attributes: { cpf_checked: true } });
		expect((emulator.conversation(id) as { custom_attributes: object }).custom_attributes).toEqual({ intent: 'support', cpf_checked: true });
	});

	it('chatwoot_get_conversation summarises status, labels and contact', async () => {
		const bot = await session('bot');
		const sent = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Bom dia', contact: { name: 'Carla Dias', phone: '+5531990000001' } });
		const conversation = await call(bot, 'chatwoot_get_conversation', { conversation_id: sent.conversationId });
		expect(conversation).toMatchObject({ conversation_id: sent.conversationId, status: 'pending', contact: { name: 'Carla Dias', phone_number: '+5531990000001' } });
	});

	it('chatwoot_list_messages works with a user token and is refused to a bot token, saying why', async () => {
		const agent = await session('agent');
		const bot = await session('bot');
		const id = await newConversation();
		await call(bot, 'chatwoot_send_message', { conversation_id: id, content: 'Resposta do bot' });
		const listed = await call(agent, 'chatwoot_list_messages', { conversation_id: id });
		expect((listed.messages as Array<{ from: string; content: string }>).map((m) => [m.from, m.content])).toEqual([
			['customer', 'Oi, tudo bem?'],
			['bot', 'Resposta do bot'],
		]);
		const refused = await refusal(bot, 'chatwoot_list_messages', { conversation_id: id });
		expect(refused.kind).toBe('refused');
		expect(refused.message).toMatch(/not authorized for bots.*use a user access token/);
	});

	it('reads, updates and searches contacts with a user token', async () => {
		const agent = await session('agent');
		const sent = await emulator.customerMessage({ inbox: 'email', text: 'Olá', contact: { name: 'Diego Prado', email: 'diego@exemplo.com.br' } });
		const found = await call(agent, 'chatwoot_search_contacts', { query: 'diego@exemplo' });
		expect(found.contacts).toEqual([expect.objectContaining({ id: sent.contactId, name: 'Diego Prado' })]);
		const updated = await call(agent, 'chatwoot_update_contact', { contact_id: sent.contactId, phone_number: '+5511912345678', custom_attributes: { cpf: '123' } });
		expect(updated.contact).toMatchObject({ phone_number: '+5511912345678', custom_attributes: { cpf: '123' } });
		expect((await call(agent, 'chatwoot_get_contact', { contact_id: sent.contactId })).contact).toMatchObject({ name: 'Diego Prado' });
		expect((await refusal(agent, 'chatwoot_update_contact', { contact_id: sent.contactId, phone_number: '11 91234' })).message).toMatch(/E\.164/);
	});

	it('retries 429 honouring Retry-After, retries 5xx on reads only, and never other 4xx', async () => {
		const bot = await session('bot');
		const agent = await session('agent');
		const id = await newConversation();
		const count = () => emulator.requests.filter((r) => r.path.endsWith(`/conversations/${id}/messages`)).length;

		emulator.failNext(new RegExp(`/conversations/${id}/messages$`), 429, { retryAfterSeconds: 1, times: 1 });
		const started = Date.now();
		await call(bot, 'chatwoot_send_message', { conversation_id: id, content: 'depois do 429' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(count()).toBe(2);

		emulator.failNext(new RegExp(`/conversations/${id}$`), 503, { times: 2 });
		await call(agent, 'chatwoot_get_conversation', { conversation_id: id });
		expect(emulator.requests.filter((r) => r.path.endsWith(`/conversations/${id}`))).toHaveLength(3);

		// a 5xx may come after Chatwoot stored the message: sending it again could reach the customer twice
		emulator.failNext(new RegExp(`/conversations/${id}/messages$`), 503, { times: 1 });
		const unsure = await refusal(bot, 'chatwoot_send_message', { conversation_id: id, content: 'depois do 503' });
		expect(unsure).toMatchObject({ kind: 'upstream', message: expect.stringMatching(/answered HTTP 503; the message may have been sent to the customer, so it was not sent again/) });
		expect(count()).toBe(3);

		const refused = await refusal(bot, 'chatwoot_send_message', { conversation_id: 999_999, content: 'x' });
		expect(refused.kind).toBe('not_found');
		expect(refused.message).toMatch(/404.*Resource could not be found/);
		expect(emulator.requests.filter((r) => r.path.endsWith('/conversations/999999/messages'))).toHaveLength(1);
	});

	it('limits the server to CHATWOOT_ACCOUNT_ID when set', async () => {
		const scoped = await session('bot', String(emulator.accountId));
		const outcome = await scoped.callTool('chatwoot_get_conversation', { tenant_id: '99', conversation_id: 1 });
		expect(outcome).toMatchObject({ ok: false, kind: 'refused', message: expect.stringMatching(/limited to Chatwoot account 1/) });
	});

	it('says clearly when Chatwoot cannot be reached', async () => {
		const port = await freePort();
		const s = openChatwootSession({ chatwoot: new ChatwootClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't', retry: FAST_RETRY }) });
		sessions.push(s);
		const outcome = await s.callTool('chatwoot_toggle_typing', { tenant_id: '1', conversation_id: 1, typing: 'on' });
		expect(outcome).toMatchObject({ ok: false, kind: 'upstream', message: expect.stringMatching(/could not be reached \(connection refused\)/) });
	});
});
