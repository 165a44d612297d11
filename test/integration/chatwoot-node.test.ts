import { closeSharedSessions } from '../../lib/mcp/shared-session';
import { Chatwoot } from '../../nodes/Chatwoot/Chatwoot.node';
import { fakeExecuteFunctions } from '../support/fake-execute';
import { startChatwootEmulator, type ChatwootEmulator } from '../emulators/chatwoot';

/** The Chatwoot node's execute() for real, against the emulator: the options a crew's steps use to skip items. */
describe('Chatwoot node execute()', () => {
	let emulator: ChatwootEmulator;
	const node = new Chatwoot();
	let phone = 5511970000000;

	beforeAll(async () => {
		emulator = await startChatwootEmulator();
	});
	afterAll(async () => {
		await closeSharedSessions();
		await emulator.close();
	});

	const run = (params: Record<string, unknown>, items: Array<Record<string, unknown>>, credentials = true) => {
		const ctx = fakeExecuteFunctions({
			items: items as never,
			params: [{ connection: 'embedded', resultField: 'result', tenantId: String(emulator.accountId), ...params }],
			credentials: credentials ? { chatwootOmniCrewApi: { baseUrl: emulator.url, accessToken: emulator.tokens.bot, accountId: emulator.accountId } } : {},
		});
		return node.execute.call(ctx);
	};
	const conversation = async () => (await emulator.customerMessage({ inbox: 'whatsapp', text: 'Oi', contact: { name: 'Cliente', phone: `+${++phone}` } })).conversationId;

	it('sends the items with content and lets an empty one through unchanged, with Skip Items Without Content', async () => {
		const [a, b] = [await conversation(), await conversation()];
		const items = [
			{ conversation_id: a, reply: 'Temos sim!' },
			{ conversation_id: b, reply: '' },
		];
		const out = await run({ operation: 'sendMessage', conversationId: '={{ $json.conversation_id }}', content: '={{ $json.reply ?? "" }}', skipEmpty: true }, items);
		expect(out[0]).toHaveLength(2);
		expect(out[0][0].json.result).toMatchObject({ conversation_id: a, private: false });
		expect(out[0][1]).toEqual({ json: items[1], pairedItem: { item: 1 } });
		expect(emulator.replies(a).map((m) => m.content)).toEqual(['Temos sim!']);
		expect(emulator.replies(b)).toEqual([]);
	});

	it('tags a reply with its conversation turn, which comes back in Chatwoot\'s event for it', async () => {
		const id = await conversation();
		const out = await run({ operation: 'sendMessage', conversationId: '={{ $json.conversation_id }}', content: '={{ $json.reply }}', turnTicket: '={{ $json.sequence ?? 0 }}' }, [{ conversation_id: id, reply: 'Temos sim!', sequence: 4 }]);
		expect(out[0][0].json.result).toMatchObject({ conversation_id: id });
		const sent = (emulator.messages(id) as Array<{ content: string | null; content_attributes?: unknown }>).find((m) => m.content === 'Temos sim!');
		expect(sent?.content_attributes).toEqual({ omnicrew_turn: 4 });
	});

	it('refuses an empty message without the option', async () => {
		const id = await conversation();
		await expect(run({ operation: 'sendMessage', conversationId: '={{ $json.conversation_id }}', content: '={{ $json.reply ?? "" }}' }, [{ conversation_id: id, reply: '' }])).rejects.toThrow(/content/i);
	});

	it('hands off only the items marked for it, with Only Items Marked for Hand-Off', async () => {
		const [a, b] = [await conversation(), await conversation()];
		const items = [
			{ conversation_id: a, handoff: false },
			{ conversation_id: b, handoff: true, handoff_reason: 'human' },
		];
		const out = await run({ operation: 'handoff', conversationId: '={{ $json.conversation_id }}', reason: "={{ 'OmniCrew: ' + $json.handoff_reason }}", onlyMarked: true }, items);
		expect(out[0][0]).toEqual({ json: items[0], pairedItem: { item: 0 } });
		expect(out[0][1].json.result).toMatchObject({ conversation_id: b, status: 'open' });
	});

	it('opens no session, and reads no credential, when every item passes through', async () => {
		const out = await run({ operation: 'handoff', conversationId: '={{ $json.conversation_id }}', reason: 'x', onlyMarked: true }, [{ conversation_id: 1 }, { conversation_id: 2, handoff: 'yes' }], false);
		expect(out[0].map((item) => item.json)).toEqual([{ conversation_id: 1 }, { conversation_id: 2, handoff: 'yes' }]);
	});
});
