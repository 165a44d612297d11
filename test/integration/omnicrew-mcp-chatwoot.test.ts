import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { startChatwootEmulator, startWebhookReceiver, type ChatwootEmulator, type WebhookReceiver } from '../emulators/chatwoot';
import { OMNICREW_MCP_BIN } from '../support/mcp-http';

/** The acceptance scenario of the chatwoot server, through the built binary over stdio. */
describe('omnicrew-mcp chatwoot (built binary)', () => {
	let emulator: ChatwootEmulator;
	let receiver: WebhookReceiver;
	let client: Client;

	beforeAll(async () => {
		emulator = await startChatwootEmulator();
		receiver = await startWebhookReceiver();
		emulator.connectBot('whatsapp', receiver.url);
		client = new Client({ name: 'acceptance', version: '1' });
		await client.connect(
			new StdioClientTransport({
				command: process.execPath,
				args: [OMNICREW_MCP_BIN, 'chatwoot'],
				env: { ...(process.env as Record<string, string>), CHATWOOT_URL: emulator.url, CHATWOOT_API_TOKEN: emulator.tokens.bot, CHATWOOT_ACCOUNT_ID: String(emulator.accountId) },
				stderr: 'pipe',
			}),
		);
	});
	afterAll(async () => {
		await client.close();
		await emulator.close();
		await receiver.close();
	});

	it('lists the twelve tools', async () => {
		const names = (await client.listTools()).tools.map((tool) => tool.name);
		expect(names.sort()).toEqual(
			[
				'chatwoot_send_message',
				'chatwoot_private_note',
				'chatwoot_handoff',
				'chatwoot_toggle_status',
				'chatwoot_toggle_typing',
				'chatwoot_set_labels',
				'chatwoot_set_custom_attributes',
				'chatwoot_get_conversation',
				'chatwoot_list_messages',
				'chatwoot_get_contact',
				'chatwoot_update_contact',
				'chatwoot_search_contacts',
			].sort(),
		);
	});

	it('sends chatwoot_send_message as POST .../messages with api_access_token and {content, message_type: "outgoing", private: false}', async () => {
		const { conversationId } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi' });
		const result = (await client.callTool({ name: 'chatwoot_send_message', arguments: { tenant_id: '1', conversation_id: conversationId, content: 'Olá!' } })) as {
			isError?: boolean;
		};
		expect(result.isError).toBeFalsy();
		const request = [...emulator.requests].reverse().find((r) => r.method === 'POST' && r.path.endsWith(`/conversations/${conversationId}/messages`));
		expect(request).toMatchObject({ token: 'bot', body: { content: 'Olá!', message_type: 'outgoing', private: false } });
	});

	it('hands off through toggle_status with status open', async () => {
		const { conversationId } = await emulator.customerMessage({ inbox: 'whatsapp', text: 'Quero falar com um atendente' });
		await client.callTool({ name: 'chatwoot_handoff', arguments: { tenant_id: '1', conversation_id: conversationId, reason: 'pediu atendente' } });
		const request = [...emulator.requests].reverse().find((r) => r.path.endsWith(`/conversations/${conversationId}/toggle_status`));
		expect(request).toMatchObject({ method: 'POST', body: { status: 'open' }, status: 200 });
		expect((emulator.conversation(conversationId) as { status: string }).status).toBe('open');
	});
});
