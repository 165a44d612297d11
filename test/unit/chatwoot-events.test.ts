import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { accountIdOf, answeredTurnOf, normalizeEvent, whyNotAnswerable, type NormalizedMessage } from '../../nodes/Chatwoot/events';
import { signBody, verifySignature } from '../../lib/webhook-signature';

const DIR = join(__dirname, '..', 'contracts', 'chatwoot', 'examples');
const example = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>;

describe('normalizeEvent on every real Chatwoot payload', () => {
	const cases: Array<[string, Partial<NormalizedMessage>]> = [
		[
			'01_message_created_incoming_whatsapp.json',
			{
				tenant_id: '1',
				event: 'message_created',
				channel: 'whatsapp',
				inbox_id: 3,
				conversation_id: 318,
				message_id: 90211,
				contact: { id: 1042, name: 'Ana Paula Ribeiro', phone: '+5511987654321', email: null, identifier: null },
				subject: null,
				attachments: [],
				conversation_status: 'pending',
				labels: [],
				received_at: '2026-06-20T13:14:07.512Z',
			},
		],
		['02_message_created_incoming_instagram.json', { channel: 'instagram', conversation_id: 319, inbox_id: 4, conversation_status: 'open', contact: expect.objectContaining({ name: 'Lucas Ferreira' }) }],
		['03_message_created_incoming_email.json', { channel: 'email', conversation_id: 320, subject: 'Troca de tamanho - pedido #5097', contact: expect.objectContaining({ name: 'Carlos Eduardo Mendes' }) }],
		['04_message_created_incoming_webwidget.json', { channel: 'webchat', conversation_id: 321, inbox_id: 2, contact: expect.objectContaining({ name: 'Mariana Souza' }) }],
		['05_message_created_outgoing_agent_bot.json', { channel: 'whatsapp', conversation_id: 318, labels: ['entrega'] }],
		['08_conversation_created_whatsapp.json', { event: 'conversation_created', channel: 'whatsapp', conversation_id: 318, message_id: null, text: '', inbox_id: 3 }],
		['09_conversation_status_changed_bot_handoff.json', { event: 'conversation_status_changed', conversation_status: 'open', labels: ['entrega'] }],
		['10_conversation_updated_assignee.json', { event: 'conversation_updated', conversation_id: 318 }],
		[
			'11_message_created_incoming_webwidget_attachment.json',
			{ channel: 'webchat', attachments: [{ type: 'image', url: expect.stringMatching(/foto-etiqueta\.jpg$/), name: 'foto-etiqueta.jpg' }] },
		],
		['12_webwidget_triggered.json', { event: 'webwidget_triggered', channel: 'other', conversation_id: null, inbox_id: 2, contact: expect.objectContaining({ name: 'silent-forest-217' }) }],
	];

	it.each(cases)('%s', (file, expected) => {
		const payload = example(file);
		const item = normalizeEvent(payload);
		expect(item).toMatchObject(expected);
		expect(item.raw).toBe(payload);
		expect(item.tenant_id).toBe('1');
	});

	it('keeps the message text, trimmed', () => {
		expect(normalizeEvent(example('01_message_created_incoming_whatsapp.json')).text).toBe(
			'Oi, boa tarde! Fiz o pedido #4821 na segunda-feira e até agora não chegou. Consegue ver pra mim?',
		);
	});

	it('covers every example file', () => {
		const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.startsWith('07_'));
		expect(files.sort()).toEqual(cases.map(([file]) => file).concat('06_message_created_outgoing_agent.json').sort());
	});

	it.each([
		['Channel::TwilioSms', { source_id: 'whatsapp:+5511999990000' }, {}, 'whatsapp'],
		['Channel::TwilioSms', { source_id: '+5511999990000' }, {}, 'sms'],
		['Channel::FacebookPage', {}, { type: 'instagram_direct_message' }, 'instagram'],
		['Channel::FacebookPage', {}, {}, 'facebook'],
		['Channel::Telegram', {}, {}, 'telegram'],
		['Channel::Api', {}, {}, 'api'],
		['Channel::Line', {}, {}, 'line'],
		['Channel::Tiktok', {}, {}, 'other'],
	])('maps %s %p to %s', (channel, contactInbox, additional, expected) => {
		const payload = example('01_message_created_incoming_whatsapp.json');
		const conversation = { ...(payload.conversation as object), channel, contact_inbox: contactInbox, additional_attributes: additional };
		expect(normalizeEvent({ ...payload, conversation }).channel).toBe(expected);
	});
});

describe('accountIdOf', () => {
	it('reads the account at the top of an event, else in its conversation (typing events), else none', () => {
		const conversation = example('08_conversation_created_whatsapp.json');
		expect(accountIdOf(example('01_message_created_incoming_whatsapp.json'))).toBe('1');
		expect(accountIdOf({ event: 'conversation_typing_on', conversation: { ...conversation, account: { id: 7 } } })).toBe('7');
		expect(accountIdOf({ event: 'message_created', account: { id: { nested: 1 } } })).toBe('');
		expect(accountIdOf({ event: 'message_created' })).toBe('');
	});
});

describe('whyNotAnswerable: only customer messages in conversations the bot owns', () => {
	it('answers the customer message of a pending conversation', () => {
		expect(whyNotAnswerable(example('01_message_created_incoming_whatsapp.json'))).toBeNull();
	});

	it.each([
		['05_message_created_outgoing_agent_bot.json', /outgoing message \(sender agent_bot\)/],
		['06_message_created_outgoing_agent.json', /outgoing message \(sender user\)/],
		['02_message_created_incoming_instagram.json', /conversation is open/],
		['08_conversation_created_whatsapp.json', /not a new message/],
		['09_conversation_status_changed_bot_handoff.json', /not a new message/],
		['12_webwidget_triggered.json', /not a new message/],
	])('drops %s', (file, reason) => {
		expect(whyNotAnswerable(example(file))).toMatch(reason);
	});

	it('answers open conversations too when configured for any status', () => {
		expect(whyNotAnswerable(example('02_message_created_incoming_instagram.json'), { statuses: [] })).toBeNull();
		expect(whyNotAnswerable(example('03_message_created_incoming_email.json'), { statuses: [] })).toBeNull();
	});

	it('drops private notes, native-app echoes, templates, updates and empty messages', () => {
		const base = example('01_message_created_incoming_whatsapp.json');
		expect(whyNotAnswerable({ ...base, private: true })).toMatch(/private/);
		expect(whyNotAnswerable({ ...base, content_attributes: { external_echo: true } })).toMatch(/echo/);
		expect(whyNotAnswerable({ ...base, message_type: 'template', sender: null })).toMatch(/template message \(sender none\)/);
		expect(whyNotAnswerable({ ...base, event: 'message_updated' })).toMatch(/not a new message/);
		expect(whyNotAnswerable({ ...base, content: '  ' })).toMatch(/empty/);
	});
});

describe('verifySignature', () => {
	const secret = 'Zk8s1pQ2uV7wX9yA3bC4dE5f';
	const body = Buffer.from(JSON.stringify(example('01_message_created_incoming_whatsapp.json')));
	const now = 1_781_961_250;
	const timestamp = String(now - 3);

	it('accepts Chatwoot\'s signature over "<timestamp>.<raw body>", and names its digest (what a replay repeats)', () => {
		const signature = signBody(secret, timestamp, body);
		expect(verifySignature(secret, { timestamp, signature }, body, { nowSeconds: now })).toEqual({ ok: true, digest: signature.slice('sha256='.length) });
	});

	it('accepts upper-case hex and surrounding spaces, giving the same digest', () => {
		const signature = signBody(secret, timestamp, body);
		const check = verifySignature(secret, { timestamp, signature: ` sha256=${signature.slice(7).toUpperCase()} ` }, body, { nowSeconds: now });
		expect(check).toEqual({ ok: true, digest: signature.slice(7) });
	});

	it.each([
		['a signature of the body alone', () => ({ timestamp, signature: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` }), /does not match/],
		['another secret', () => ({ timestamp, signature: signBody('other', timestamp, body) }), /does not match/],
		['a stale timestamp', () => ({ timestamp: String(now - 301), signature: signBody(secret, String(now - 301), body) }), /stale timestamp: 301 s old/],
		['no headers (Chatwoot before v4.11.2)', () => ({}), /missing X-Chatwoot-Signature/],
		['a malformed timestamp', () => ({ timestamp: 'yesterday', signature: 'sha256=00' }), /not a unix time/],
		['a truncated signature', () => ({ timestamp, signature: signBody(secret, timestamp, body).slice(0, -2) }), /is not sha256=<64 hex digits>/],
		['a signature of another algorithm', () => ({ timestamp, signature: `sha1=${createHmac('sha1', secret).update(`${timestamp}.`).update(body).digest('hex')}` }), /is not sha256=/],
	])('refuses %s', (_name, headers, reason) => {
		const check = verifySignature(secret, headers(), body, { nowSeconds: now });
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.reason).toMatch(reason);
	});

	it('refuses everything when the secret is empty, even a request signed with the empty key', () => {
		const check = verifySignature('', { timestamp, signature: signBody('', timestamp, body) }, body, { nowSeconds: now });
		expect(check).toEqual({ ok: false, reason: expect.stringMatching(/no webhook secret/) });
	});

	it('refuses a body changed after signing', () => {
		const signature = signBody(secret, timestamp, body);
		expect(verifySignature(secret, { timestamp, signature }, Buffer.concat([body, Buffer.from(' ')]), { nowSeconds: now }).ok).toBe(false);
	});
});

describe('answeredTurnOf', () => {
	// Chatwoot's own event for a reply of the bot (example 05), tagged by the Chatwoot node's Conversation Turn
	const reply = (attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		...example('05_message_created_outgoing_agent_bot.json'),
		content_attributes: attributes,
		...extra,
	});

	it('reads the turn a public reply of the bot answered', () => {
		expect(answeredTurnOf(reply({ omnicrew_turn: 7 }))).toEqual({ tenant_id: '1', conversation_id: 318, ticket: 7 });
	});

	it.each([
		['an untagged reply', reply({})],
		['a tag that is not a whole number from 1', reply({ omnicrew_turn: '7' })],
		['a zero tag', reply({ omnicrew_turn: 0 })],
		['a private note', reply({ omnicrew_turn: 7 }, { private: true })],
		['a customer message', { ...example('01_message_created_incoming_whatsapp.json'), content_attributes: { omnicrew_turn: 7 } }],
		['another event', reply({ omnicrew_turn: 7 }, { event: 'message_updated' })],
	])('ignores %s', (_what, payload) => {
		expect(answeredTurnOf(payload)).toBeNull();
	});
});
