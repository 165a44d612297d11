import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IWebhookFunctions } from 'n8n-workflow';

import type { JsonValue } from '../../lib/json';
import { signBody } from '../../lib/webhook-signature';
import { combine } from '../../nodes/ChatwootTrigger/burst';
import { ChatwootTrigger } from '../../nodes/ChatwootTrigger/ChatwootTrigger.node';
import {
	handleChatwootRequest,
	intakeSettings,
	type IntakeRequest,
	type IntakeSettings,
	type IntakeTrust,
} from '../../nodes/ChatwootTrigger/intake';
import { RecentSignatures } from '../../nodes/ChatwootTrigger/recent-signatures';
import { tenantTrust } from '../../nodes/ChatwootTrigger/tenant-trust';
import type { IntakeStore } from '../../nodes/ChatwootTrigger/store';
import type { NormalizedMessage } from '../../nodes/Chatwoot/events';

const DIR = join(__dirname, '..', 'contracts', 'chatwoot', 'examples');
const example = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>;

const SECRET = 'Zk8s1pQ2uV7wX9yA3bC4dE5f';
const T0 = 1_781_961_250;

/** The Redis side of the trigger in memory: every call is logged, every write kept. */
class MemoryStore implements IntakeStore {
	readonly calls: string[] = [];
	readonly seen = new Map<string, number>();
	readonly turns = new Map<string, Map<string, string>>();
	readonly bursts = new Map<string, NormalizedMessage[]>();

	async firstSeen(tenantId: string, id: string, ttlSeconds = 172_800): Promise<boolean> {
		this.calls.push(`seen ${tenantId} ${id}`);
		const key = `${tenantId}/${id}`;
		if (this.seen.has(key)) return false;
		this.seen.set(key, ttlSeconds);
		return true;
	}

	async answered(tenantId: string, queue: string, ticket: number): Promise<void> {
		this.calls.push(`answered ${tenantId} ${queue} ${ticket}`);
		this.turns.get(`${tenantId}/${queue}`)?.delete(`m:${ticket}`);
	}

	async ticket(tenantId: string, queue: string, message: JsonValue): Promise<number> {
		this.calls.push(`ticket ${tenantId} ${queue}`);
		const turn = this.turns.get(`${tenantId}/${queue}`) ?? new Map<string, string>();
		this.turns.set(`${tenantId}/${queue}`, turn);
		const next = Number(turn.get('next') ?? 0) + 1;
		turn.set('next', String(next));
		turn.set(`m:${next}`, JSON.stringify(message));
		return next;
	}

	async burstAdd(item: NormalizedMessage): Promise<void> {
		this.calls.push(`burst ${item.tenant_id} ${item.conversation_id}`);
		const key = `${item.tenant_id}/${item.conversation_id}`;
		this.bursts.set(key, [...(this.bursts.get(key) ?? []), item]);
	}

	async burstCollect(item: NormalizedMessage): Promise<NormalizedMessage | null> {
		const key = `${item.tenant_id}/${item.conversation_id}`;
		const items = this.bursts.get(key) ?? [];
		if (items.at(-1)?.message_id !== item.message_id) return null;
		this.bursts.delete(key);
		return combine(items);
	}

	/** Everything stored, to compare before and after a request. */
	snapshot(): string {
		return JSON.stringify({ seen: [...this.seen], turns: [...this.turns].map(([k, v]) => [k, [...v]]), bursts: [...this.bursts] });
	}
}

let now = T0 * 1000;
const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };

const settings = (overrides: Partial<IntakeSettings> = {}): IntakeSettings => ({
	...intakeSettings({ events: ['message_created'], onlyAnswerable: true, statuses: ['pending'] }),
	...overrides,
});
const signedBy = (secret: string | null, accounts = ['1']): IntakeTrust => ({ keys: secret ? [{ secret, accounts }] : [], acceptUnsigned: false, unsignedAccounts: accounts });
const unsignedAllowed: IntakeTrust = { keys: [], acceptUnsigned: true, unsignedAccounts: ['1'] };

function signed(payload: Record<string, unknown>, options: { secret?: string; at?: number } = {}): IntakeRequest {
	const rawBody = Buffer.from(JSON.stringify(payload));
	const timestamp = String(options.at ?? T0);
	return { rawBody, timestamp, signature: signBody(options.secret ?? SECRET, timestamp, rawBody) };
}
const unsigned = (payload: Record<string, unknown>): IntakeRequest => ({ rawBody: Buffer.from(JSON.stringify(payload)) });

const customer = (overrides: Record<string, unknown> = {}) => ({ ...example('01_message_created_incoming_whatsapp.json'), ...overrides });
/** Chatwoot's echo of a bot reply tagged with its turn (example 05), in the given account. */
const echo = (ticket: number, accountId = 1) => ({
	...example('05_message_created_outgoing_agent_bot.json'),
	content_attributes: { omnicrew_turn: ticket },
	account: { id: accountId, name: 'Loja' },
});

describe('Chatwoot Trigger intake', () => {
	let store: MemoryStore;
	let recent: RecentSignatures;
	const handle = (request: IntakeRequest, trust: IntakeTrust = signedBy(SECRET), options: { settings?: IntakeSettings; redis?: boolean } = {}) =>
		handleChatwootRequest(request, options.settings ?? settings(), trust, { store: options.redis === false ? null : store, recent, clock });

	/** A turn already queued in conversation 318 of an account, with its kept message. */
	async function queuedTurn(accountId: string): Promise<number> {
		const ticket = await store.ticket(accountId, 'conversation:318', { text: 'kept' });
		store.calls.length = 0;
		return ticket;
	}

	beforeEach(() => {
		now = T0 * 1000;
		store = new MemoryStore();
		recent = new RecentSignatures();
	});

	describe('without a webhook secret', () => {
		it('refuses every request with 401 and a reason naming both ways out, writing nothing', async () => {
			await queuedTurn('1');
			const before = store.snapshot();
			for (const payload of [customer(), echo(1)]) {
				const result = await handle(unsigned(payload), signedBy(null));
				expect(result).toMatchObject({ kind: 'refused', status: 401, body: { error: 'Unauthorized', reason: expect.stringMatching(/no webhook secret.*Accept Unsigned Requests \(Testing Only\)/) } });
			}
			expect(store.calls).toEqual([]);
			expect(store.snapshot()).toBe(before);
			expect(recent.size).toBe(0);
		});

		it('accepts unsigned requests of the credential\'s account when Accept Unsigned Requests is on', async () => {
			const result = await handle(unsigned(customer()), unsignedAllowed);
			expect(result).toMatchObject({ kind: 'start', status: 200, item: { tenant_id: '1', conversation_id: 318, message_id: 90211, sequence: 1 } });
			expect(store.calls).toEqual(['seen 1 chatwoot:message:90211', 'ticket 1 conversation:318']);
		});

		it('still serves only the credential\'s account then: a forged echo for another account deletes nothing', async () => {
			const ticket = await queuedTurn('2');
			const before = store.snapshot();
			const result = await handle(unsigned(echo(ticket, 2)), unsignedAllowed);
			expect(result).toMatchObject({ kind: 'refused', status: 403, body: { reason: expect.stringMatching(/account 2: this trigger serves account 1 only/) } });
			expect(store.calls).toEqual([]);
			expect(store.snapshot()).toBe(before);
		});
	});

	describe('with a webhook secret', () => {
		it('starts the workflow for a signed customer message, with its turn', async () => {
			const result = await handle(signed(customer()));
			expect(result).toMatchObject({ kind: 'start', body: { received: true }, item: { tenant_id: '1', text: expect.stringContaining('pedido #4821'), sequence: 1 } });
		});

		it.each([
			['a forged signature', () => signed(echo(1), { secret: 'guessed' }), /signature does not match/],
			['no signature', () => unsigned(echo(1)), /missing X-Chatwoot-Signature/],
			['a stale timestamp', () => signed(echo(1), { at: T0 - 301 }), /stale timestamp: 301 s old/],
			['a timestamp too far ahead', () => signed(echo(1), { at: T0 + 301 }), /stale timestamp/],
			['a body changed after signing', () => ({ ...signed(echo(1)), rawBody: Buffer.from(JSON.stringify(echo(2))) }), /signature does not match/],
		])('refuses %s with 401 and changes nothing, not even the answered mark its echo asks for', async (_what, request, reason) => {
			const ticket = await queuedTurn('1');
			expect(ticket).toBe(1);
			const before = store.snapshot();
			const result = await handle(request());
			expect(result).toMatchObject({ kind: 'refused', status: 401, body: { reason: expect.stringMatching(reason) } });
			expect(store.calls).toEqual([]);
			expect(store.snapshot()).toBe(before);
			expect(recent.size).toBe(0);
		});

		it('refuses a correctly signed event of an account the secret does not verify for, deleting nothing', async () => {
			const ticket = await queuedTurn('2');
			const before = store.snapshot();
			for (const payload of [echo(ticket, 2), customer({ account: { id: 2, name: 'Outra' } }), customer({ account: null, conversation: { ...(customer().conversation as object), account: undefined } })]) {
				const result = await handle(signed(payload));
				expect(result).toMatchObject({ kind: 'refused', status: 403, body: { error: 'Forbidden' } });
			}
			expect(store.calls).toEqual([]);
			expect(store.snapshot()).toBe(before);
		});

		it('marks the turn answered when the credential\'s account\'s signed echo comes back', async () => {
			const ticket = await queuedTurn('1');
			const result = await handle(signed(echo(ticket)));
			expect(result).toMatchObject({ kind: 'ignored', body: { ignored: expect.stringMatching(/outgoing message/) } });
			expect(store.turns.get('1/conversation:318')?.has(`m:${ticket}`)).toBe(false);
		});

		it('accepts the exact same signed request once: the replay is a 200 no-op that says so', async () => {
			const request = signed(customer());
			expect((await handle(request)).kind).toBe('start');
			const calls = store.calls.length;
			now += 60_000;
			const replay = await handle(request);
			expect(replay).toEqual({ kind: 'ignored', status: 200, body: { received: true, ignored: expect.stringMatching(/replayed request/) } });
			// only the replay guard's own lookup, no dedupe record, no ticket
			expect(store.calls.slice(calls)).toEqual([expect.stringMatching(/^seen 1 chatwoot:signature:[0-9a-f]{64}$/)]);
			expect(store.turns.get('1/conversation:318')?.get('next')).toBe('1');
		});

		it('remembers a signature until its timestamp leaves the tolerance window', async () => {
			await handle(signed(customer(), { at: T0 - 100 }));
			const mark = [...store.seen].find(([key]) => key.includes('chatwoot:signature:'));
			// 300 s tolerance, signed 100 s ago: 201 s left (one second of rounding)
			expect(mark?.[1]).toBe(201);
		});

		it('replays a signed echo once only: the answered mark is not applied again', async () => {
			const ticket = await queuedTurn('1');
			const request = signed(echo(ticket));
			await handle(request);
			store.calls.length = 0;
			await handle(request);
			expect(store.calls.filter((call) => call.startsWith('answered'))).toEqual([]);
		});

		it('without Redis, keeps the replay guard in this process', async () => {
			const request = signed(customer());
			expect(await handle(request, signedBy(SECRET), { redis: false })).toMatchObject({ kind: 'start', item: { sequence: null } });
			expect(await handle(request, signedBy(SECRET), { redis: false })).toMatchObject({ kind: 'ignored', body: { ignored: expect.stringMatching(/replayed/) } });
			expect(recent.size).toBe(1);
			expect(store.calls).toEqual([]);
		});

		it('deduplicates a redelivery signed anew by the message id inside the signed body', async () => {
			expect((await handle(signed(customer(), { at: T0 }))).kind).toBe('start');
			now += 5_000;
			const again = await handle(signed(customer(), { at: T0 + 5 }));
			expect(again).toMatchObject({ kind: 'ignored', body: { ignored: 'duplicate delivery' } });
			expect(store.turns.get('1/conversation:318')?.get('next')).toBe('1');
		});

		it('deduplicates other events by their signed bytes, and lets a changed event through', async () => {
			const all = settings({ events: ['conversation_status_changed'], onlyAnswerable: false });
			const event = example('09_conversation_status_changed_bot_handoff.json');
			expect((await handle(signed(event, { at: T0 }), signedBy(SECRET), { settings: all })).kind).toBe('start');
			expect(await handle(signed(event, { at: T0 + 3 }), signedBy(SECRET), { settings: all })).toMatchObject({ body: { ignored: 'duplicate delivery' } });
			expect((await handle(signed({ ...event, status: 'pending' }, { at: T0 + 3 }), signedBy(SECRET), { settings: all })).kind).toBe('start');
		});

		it('groups a burst only for verified requests, answering at once and starting once', async () => {
			const burst = settings({ groupingWindowSeconds: 2 });
			const first = await handle(signed(customer({ id: 1, content: 'oi' })), signedBy(SECRET), { settings: burst });
			const second = await handle(signed(customer({ id: 2, content: 'tem cadeira?' })), signedBy(SECRET), { settings: burst });
			const forged = await handle(signed(customer({ id: 3, content: 'forjada' }), { secret: 'guessed' }), signedBy(SECRET), { settings: burst });
			expect(forged.kind).toBe('refused');
			const collected = await Promise.all([first, second].map((result) => (result.kind === 'grouping' ? result.collect() : Promise.resolve(null))));
			expect(collected[0]).toBeNull();
			expect(collected[1]).toMatchObject({ text: 'oi\ntem cadeira?', burst_size: 2, sequence: 1 });
		});
	});

	it('names a bad Signature Tolerance', () => {
		expect(() => intakeSettings({ events: [], onlyAnswerable: true, statuses: [], toleranceSeconds: 0 })).toThrow(/Signature Tolerance must be a number of seconds from 1/);
		expect(() => intakeSettings({ events: [], onlyAnswerable: true, statuses: [], toleranceSeconds: 'soon' })).toThrow(/got "soon"/);
		expect(intakeSettings({ events: ['message_created'], onlyAnswerable: true, statuses: [], toleranceSeconds: 600 }).toleranceSeconds).toBe(600);
	});
});

describe('RecentSignatures', () => {
	it('accepts a key once until it expires, then again', () => {
		const recent = new RecentSignatures();
		expect(recent.firstUse('a', 2_000, 1_000)).toBe(true);
		expect(recent.firstUse('a', 2_000, 1_999)).toBe(false);
		expect(recent.firstUse('a', 3_000, 2_000)).toBe(true);
	});

	it('stays within its capacity, dropping expired entries first and then the oldest', () => {
		const recent = new RecentSignatures(3);
		for (const key of ['a', 'b', 'c']) recent.firstUse(key, 10_000, 0);
		recent.firstUse('d', 10_000, 0);
		expect(recent.size).toBe(3);
		expect(recent.firstUse('a', 10_000, 0)).toBe(true);
		expect(recent.firstUse('d', 10_000, 0)).toBe(false);
		recent.firstUse('e', 20_000, 10_000);
		expect(recent.size).toBe(1);
	});
});

/** The node as n8n calls it, without the Redis credential: what Chatwoot gets back. */
describe('ChatwootTrigger.webhook', () => {
	type Sent = { status: number; body: unknown };

	function call(options: { secret?: string; acceptUnsigned?: boolean; headers?: Record<string, string>; raw: Buffer }): { ctx: IWebhookFunctions; sent: Sent[] } {
		const sent: Sent[] = [];
		const parameters: Record<string, unknown> = {
			events: ['message_created'],
			onlyAnswerable: true,
			statuses: ['pending'],
			options: {},
			acceptUnsigned: options.acceptUnsigned ?? false,
		};
		const ctx = {
			getNode: () => ({ credentials: {} }),
			getCredentials: async (type: string) => {
				if (type === 'chatwootOmniCrewApi') return { baseUrl: 'http://127.0.0.1:9', accessToken: 't', accountId: 1, webhookSecret: options.secret ?? '' };
				throw new Error(`Node does not have any credentials set for "${type}"`);
			},
			getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
			getWorkflowStaticData: () => ({}),
			getHeaderData: () => options.headers ?? {},
			getRequestObject: () => ({ rawBody: options.raw }),
			getBodyData: () => JSON.parse(options.raw.toString('utf8')) as Record<string, unknown>,
			getResponseObject: () => ({
				status(status: number) {
					return { json: (body: unknown) => void sent.push({ status, body }) };
				},
			}),
		} as unknown as IWebhookFunctions;
		return { ctx, sent };
	}

	const trigger = new ChatwootTrigger();
	const raw = Buffer.from(JSON.stringify(customer({ id: 777_001 })));

	it('answers an unsigned request 401 with a JSON reason when no secret is set, and starts nothing', async () => {
		const { ctx, sent } = call({ raw });
		const result = await trigger.webhook.call(ctx);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(sent).toEqual([{ status: 401, body: { error: 'Unauthorized', reason: expect.stringMatching(/no webhook secret/) } }]);
	});

	it('starts the workflow for an unsigned request with Accept Unsigned Requests on', async () => {
		const { ctx } = call({ raw, acceptUnsigned: true });
		const result = await trigger.webhook.call(ctx);
		expect(result.workflowData?.[0][0].json).toMatchObject({ tenant_id: '1', message_id: 777_001, sequence: null });
	});

	it('ignores X-Chatwoot-Delivery: a captured request sent again under a new delivery id is a replay', async () => {
		const timestamp = String(Math.floor(Date.now() / 1000));
		const headers = { 'x-chatwoot-timestamp': timestamp, 'x-chatwoot-signature': signBody(SECRET, timestamp, raw) };
		const first = call({ raw, secret: SECRET, headers: { ...headers, 'x-chatwoot-delivery': 'd-1' } });
		expect((await trigger.webhook.call(first.ctx)).workflowData).toHaveLength(1);
		const again = call({ raw, secret: SECRET, headers: { ...headers, 'x-chatwoot-delivery': 'd-2' } });
		const result: Awaited<ReturnType<ChatwootTrigger['webhook']>> = await trigger.webhook.call(again.ctx);
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: true, ignored: expect.stringMatching(/replayed request/) });
	});
});

describe('Chatwoot Trigger serving every tenant', () => {
	const SECRETS: Record<string, string> = { '1': 'tenant-one-secret-Qw8eR7tY6u', '2': 'tenant-two-secret-Zx1cV2bN3m' };
	const secretOf = async (account: string) => SECRETS[account] ?? null;
	const inAccount = (account: number) => ({ ...customer(), account: { id: account, name: `Loja ${account}` } });
	const store = () => new MemoryStore();
	const run = async (request: IntakeRequest, kept = store()) => {
		const chosen = await tenantTrust(request, secretOf);
		if ('refused' in chosen) return { result: chosen.refused, kept };
		return { result: await handleChatwootRequest(request, settings(), chosen.trust, { store: kept, recent: new RecentSignatures(), clock }), kept };
	};

	it('verifies each account with its own secret', async () => {
		for (const account of [1, 2]) {
			const { result } = await run(signed(inAccount(account), { secret: SECRETS[String(account)] }));
			expect(result).toMatchObject({ kind: 'start', item: { tenant_id: String(account) } });
		}
	});

	it.each([
		['signed with tenant 1\'s secret, naming account 2', () => signed(inAccount(2), { secret: SECRETS['1'] }), 401, /signature does not match/],
		['an account with no secret in its upstreams', () => signed(inAccount(3), { secret: SECRETS['1'] }), 401, /no webhook secret in its tenant upstreams/],
		['unsigned, naming account 1', () => unsigned(inAccount(1)), 401, /missing X-Chatwoot-Signature/],
		['a body that names no account', () => signed({ ...customer(), account: undefined, conversation: { id: 5 } }, { secret: SECRETS['1'] }), 400, /names no Chatwoot account/],
		['a body that is not JSON', () => ({ rawBody: Buffer.from('not json'), timestamp: String(T0), signature: 'sha256=00' }), 400, /names no Chatwoot account/],
	])('refuses %s, writing nothing', async (_name, request, status, reason) => {
		const { result, kept } = await run(request());
		expect(result).toMatchObject({ kind: 'refused', status, body: { reason: expect.stringMatching(reason) } });
		expect(kept.calls).toEqual([]);
	});
});
