import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { DemoState } from '../../scripts/lib/demo-state';
import { sayAsCustomer } from '../../scripts/lib/say';
import { startChatwootEmulator, type ChatwootEmulator } from '../emulators/chatwoot';

/**
 * `npm run demo:say` against the Chatwoot emulator with a stand-in bot that answers every message
 * and hands the conversation off when asked for a person, as the crew does: the reply comes back,
 * and once a person has the conversation the script says so at once instead of waiting for a
 * reply that will never come.
 */
describe('demo:say and a conversation that was handed off', () => {
	let emulator: ChatwootEmulator;
	let bot: Server;

	beforeAll(async () => {
		emulator = await startChatwootEmulator();
		const api = (path: string, body: unknown) =>
			fetch(`${emulator.url}/api/v1/accounts/${emulator.accountId}/conversations${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', api_access_token: emulator.tokens.bot },
				body: JSON.stringify(body),
			});
		bot = createServer((request, response) => {
			let raw = '';
			request.on('data', (chunk) => (raw += String(chunk)));
			request.on('end', () => {
				response.end('{}');
				const event = JSON.parse(raw) as { event?: string; message_type?: string; content?: string; conversation?: { id?: number; status?: string } };
				// as the crew's trigger: only customer messages of conversations the bot owns
				if (event.event !== 'message_created' || event.message_type !== 'incoming' || event.conversation?.status !== 'pending') return;
				const id = event.conversation.id;
				const wantsPerson = /atendente/.test(event.content ?? '');
				void (async () => {
					await api(`/${id}/messages`, { content: wantsPerson ? 'Vou te passar para um atendente humano, só um momento.' : 'Oi! Como posso te ajudar?', message_type: 'outgoing' });
					if (wantsPerson) await api(`/${id}/toggle_status`, { status: 'open' });
				})();
			});
		});
		await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
		emulator.connectBot('whatsapp', `http://127.0.0.1:${(bot.address() as AddressInfo).port}/`);
	});

	afterAll(async () => {
		await new Promise((resolve) => bot.close(resolve));
		await emulator.close();
	});

	const state = (): DemoState => ({ n8n: 'http://127.0.0.1:9', apiKey: '', chatwoot: emulator.url, tenantId: String(emulator.accountId), workflows: {} });
	const contact = { name: 'Bruna Teste', phone: '+5541999990001' };

	it('prints the bot reply while the bot has the conversation, then says that a person has it', async () => {
		const hello = await sayAsCustomer(state(), { channel: 'whatsapp', text: 'oi', contact, timeoutMs: 10_000 });
		expect(hello).toMatchObject({ reply: 'Oi! Como posso te ajudar?', withPerson: false, status: 'pending' });

		const handoff = await sayAsCustomer(state(), { channel: 'whatsapp', text: 'quero um atendente', conversationId: hello.conversationId, timeoutMs: 10_000 });
		expect(handoff.reply).toMatch(/atendente humano/);
		expect(handoff.withPerson).toBe(true);

		const started = Date.now();
		const silent = await sayAsCustomer(state(), { channel: 'whatsapp', text: 'alguém aí?', conversationId: hello.conversationId, timeoutMs: 30_000 });
		expect(silent).toMatchObject({ reply: '', withPerson: true, status: 'open', conversationId: hello.conversationId });
		// said at once, not after the 30 s a reply is waited for
		expect(Date.now() - started).toBeLessThan(8_000);
	});

	it('still reports a crew that does not answer a conversation it owns', async () => {
		await expect(sayAsCustomer(state(), { channel: 'email', text: 'hello?', contact: { name: 'Nobody Answers' }, timeoutMs: 1_500 })).rejects.toThrow(/No reply within 2 s/);
	});
});
