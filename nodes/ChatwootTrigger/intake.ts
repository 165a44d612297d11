/**
 * What the Chatwoot Trigger does with one request, without n8n: verify → account → replay guard →
 * answered mark → event filter → answerable filter → dedupe → burst → ticket. Nothing is written
 * (turn marks, dedupe records, tickets, answered marks, burst lists, remembered signatures) before
 * the request is verified and its account is one the verifying secret serves.
 */
import { createHash } from 'node:crypto';

import { InvalidInputError } from '../../lib/errors';
import type { JsonValue } from '../../lib/json';
import { DEFAULT_TOLERANCE_SECONDS, verifySignature } from '../../lib/webhook-signature';
import { accountIdOf, answeredTurnOf, normalizeEvent, whyNotAnswerable, type NormalizedMessage } from '../Chatwoot/events';
import type { RecentSignatures } from './recent-signatures';
import type { IntakeStore } from './store';

export const MAX_GROUPING_WINDOW_SECONDS = 4;
export const MIN_TOLERANCE_SECONDS = 1;
export const MAX_TOLERANCE_SECONDS = 86_400;

const MISSING_SIGNATURE_HINT =
	'Chatwoot signs account webhooks from v4.11.2 and agent bots and API inboxes from v4.13; older versions cannot be verified (upgrade Chatwoot, or for testing only clear the secret and switch on Accept Unsigned Requests)';

export const NO_SECRET_REASON =
	'no webhook secret is configured, so no request can be verified: set the Webhook Secret of the Chatwoot API credential (the secret Chatwoot shows for the agent bot, webhook or API inbox), or for testing only switch on the trigger\'s Accept Unsigned Requests (Testing Only)';

/** A secret Chatwoot signs with, and the accounts whose events it verifies. */
export interface SigningKey {
	secret: string;
	accounts: readonly string[];
}

export interface IntakeTrust {
	keys: readonly SigningKey[];
	/** With no key configured: accept unsigned requests anyway (testing only). */
	acceptUnsigned: boolean;
	/** The accounts whose unsigned requests are accepted then. */
	unsignedAccounts: readonly string[];
}

export interface IntakeSettings {
	events: readonly string[];
	onlyAnswerable: boolean;
	statuses: readonly string[];
	groupingWindowSeconds: number;
	dedupe: boolean;
	toleranceSeconds: number;
}

export interface IntakeRequest {
	signature?: string;
	timestamp?: string;
	/** The body's bytes as received: what the signature covers and what is parsed. */
	rawBody: Buffer | null;
	/** The body as n8n parsed it, read only for an unsigned request without raw bytes. */
	parsedBody?: unknown;
}

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export interface IntakePorts {
	/** Redis, when the trigger has the Redis credential. */
	store: IntakeStore | null;
	/** The replay guard's memory when there is no store. */
	recent: RecentSignatures;
	clock: Clock;
}

/** The item the workflow starts with: the normalised message and its conversation turn. */
export type TriggerItem = NormalizedMessage & { sequence: number | null; message_ids?: number[]; burst_size?: number };

export type IntakeResult =
	| { kind: 'refused'; status: 400 | 401 | 403; body: { error: string; reason: string } }
	| { kind: 'ignored'; status: 200; body: { received: true; ignored: string } }
	| { kind: 'start'; status: 200; body: { received: true }; item: TriggerItem }
	/** Answer Chatwoot with `body` now, then await `collect`: the grouped item if this message closes its burst. */
	| { kind: 'grouping'; status: 200; body: { received: true; grouping: true }; collect: () => Promise<TriggerItem | null> };

/** The turn queue of a conversation: its messages' tickets, and the lock Wait Turn takes with them. */
export const conversationTurn = (conversationId: number): string => `conversation:${conversationId}`;

const refused = (status: 400 | 401 | 403, reason: string): IntakeResult => ({
	kind: 'refused',
	status,
	body: { error: status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Bad Request', reason },
});
const ignored = (reason: string): IntakeResult => ({ kind: 'ignored', status: 200, body: { received: true, ignored: reason } });

/** The trigger's parameters, checked: a bad value is named instead of being half-applied. */
export function intakeSettings(raw: {
	events: unknown;
	onlyAnswerable: unknown;
	statuses: unknown;
	groupingWindowSeconds?: unknown;
	dedupe?: unknown;
	toleranceSeconds?: unknown;
}): IntakeSettings {
	const list = (value: unknown, name: string): string[] => {
		if (value === undefined || value === null) return [];
		if (!Array.isArray(value)) throw new InvalidInputError(`${name} must be a list (got ${typeof value}).`);
		return value.map(String);
	};
	const tolerance = raw.toleranceSeconds === undefined || raw.toleranceSeconds === null || raw.toleranceSeconds === '' ? DEFAULT_TOLERANCE_SECONDS : Number(raw.toleranceSeconds);
	if (!Number.isFinite(tolerance) || tolerance < MIN_TOLERANCE_SECONDS || tolerance > MAX_TOLERANCE_SECONDS) {
		throw new InvalidInputError(
			`Signature Tolerance must be a number of seconds from ${MIN_TOLERANCE_SECONDS} to ${MAX_TOLERANCE_SECONDS} (got ${JSON.stringify(raw.toleranceSeconds)}).`,
		);
	}
	const window = Number(raw.groupingWindowSeconds ?? 0);
	return {
		events: list(raw.events, 'Events'),
		onlyAnswerable: raw.onlyAnswerable !== false,
		statuses: list(raw.statuses, 'Conversation Statuses the Bot Owns'),
		groupingWindowSeconds: Number.isFinite(window) ? Math.max(0, Math.min(MAX_GROUPING_WINDOW_SECONDS, window)) : 0,
		dedupe: raw.dedupe !== false,
		toleranceSeconds: Math.floor(tolerance),
	};
}

type Authenticated = { ok: true; accounts: readonly string[]; digest: string | null } | { ok: false; reason: string };

function authenticate(request: IntakeRequest, trust: IntakeTrust, toleranceSeconds: number, nowSeconds: number): Authenticated {
	if (trust.keys.length === 0) {
		return trust.acceptUnsigned ? { ok: true, accounts: trust.unsignedAccounts, digest: null } : { ok: false, reason: NO_SECRET_REASON };
	}
	if (!request.rawBody) return { ok: false, reason: 'the request body was not available as sent, so its signature cannot be checked' };
	let firstFailure = '';
	for (const key of trust.keys) {
		const check = verifySignature(key.secret, { signature: request.signature, timestamp: request.timestamp }, request.rawBody, {
			toleranceSeconds,
			nowSeconds,
			missingHint: MISSING_SIGNATURE_HINT,
		});
		if (check.ok) return { ok: true, accounts: key.accounts, digest: check.digest };
		firstFailure ||= check.reason;
	}
	return { ok: false, reason: firstFailure };
}

function payloadOf(request: IntakeRequest): Record<string, unknown> | null {
	let value: unknown = request.parsedBody;
	if (request.rawBody) {
		try {
			// a byte-order mark is not JSON; n8n strips it too before parsing
			value = JSON.parse(request.rawBody.toString('utf8').replace(/^\uFEFF/, ''));
		} catch {
			return null;
		}
	}
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * The signature is accepted once: remembered under the tenant until its timestamp leaves the
 * tolerance window (after that the timestamp check refuses it anyway).
 */
async function firstUseOfSignature(ports: IntakePorts, account: string, digest: string, timestamp: string, toleranceSeconds: number): Promise<boolean> {
	const nowMs = ports.clock.now();
	const expiresAtSeconds = Number(timestamp) + toleranceSeconds + 1;
	if (ports.store) {
		const ttl = Math.max(1, expiresAtSeconds - Math.floor(nowMs / 1000));
		return await ports.store.firstSeen(account, `chatwoot:signature:${digest}`, ttl);
	}
	return ports.recent.firstUse(`${account}\u0000${digest}`, expiresAtSeconds * 1000, nowMs);
}

/**
 * The id a redelivery repeats, from the signed body (never from the unsigned X-Chatwoot-Delivery
 * header): a created message by its id, any other event by its exact bytes, which Chatwoot
 * sends again unchanged when it redelivers.
 */
function deliveryKey(item: NormalizedMessage, request: IntakeRequest, payload: Record<string, unknown>): string {
	if (item.event === 'message_created' && item.message_id !== null) return `chatwoot:message:${item.message_id}`;
	const bytes = request.rawBody ?? Buffer.from(JSON.stringify(payload));
	return `chatwoot:event:${createHash('sha256').update(bytes).digest('hex')}`;
}

export async function handleChatwootRequest(request: IntakeRequest, settings: IntakeSettings, trust: IntakeTrust, ports: IntakePorts): Promise<IntakeResult> {
	const auth = authenticate(request, trust, settings.toleranceSeconds, Math.floor(ports.clock.now() / 1000));
	if (!auth.ok) return refused(401, auth.reason);
	const payload = payloadOf(request);
	if (!payload) return refused(400, 'the body is not a JSON object (Chatwoot sends one JSON object per event)');
	const account = accountIdOf(payload);
	if (!account || !auth.accounts.includes(account)) {
		return refused(
			403,
			`${account ? `an event of account ${account}` : 'an event that names no account'}: this trigger serves account ${auth.accounts.join(', ') || '(none)'} only (the Account ID of its Chatwoot API credential)`,
		);
	}
	if (auth.digest && !(await firstUseOfSignature(ports, account, auth.digest, String(request.timestamp), settings.toleranceSeconds))) {
		return ignored('replayed request: this signed request was already accepted once');
	}

	const { store } = ports;
	const answered = answeredTurnOf(payload);
	if (answered && store) {
		// the bot's reply came back: its turn is answered, even if the execution that sent it dies
		// now. Best effort: without the mark such a turn's message may be answered twice, never lost.
		await store.answered(answered.tenant_id, conversationTurn(answered.conversation_id), answered.ticket).catch(() => undefined);
	}

	const event = String(payload.event ?? '');
	if (!settings.events.includes(event)) return ignored(`event ${event || '(none)'} is not selected`);
	if (settings.onlyAnswerable) {
		const why = whyNotAnswerable(payload, { statuses: [...settings.statuses] });
		if (why) return ignored(why);
	}
	const item = normalizeEvent(payload);
	const window = settings.groupingWindowSeconds;
	if (!store) {
		if (window > 0) throw new InvalidInputError('Burst grouping needs the Redis (OmniCrew) credential on the trigger.');
		return { kind: 'start', status: 200, body: { received: true }, item: { ...item, sequence: null } };
	}

	if (settings.dedupe && item.tenant_id && !(await store.firstSeen(item.tenant_id, deliveryKey(item, request, payload)))) {
		return ignored('duplicate delivery');
	}

	// The conversation's next turn, in arrival order: a Tenant Cache Lock with this ticket lets
	// queue-mode workers answer a conversation's messages in the order they came. The message is
	// kept with its ticket (without the raw payload), so that if the worker answering it dies,
	// the conversation's next turn can take it over and answer it first.
	const withSequence = async (message: NormalizedMessage): Promise<TriggerItem> => {
		if (!message.tenant_id || message.conversation_id === null) return { ...message, sequence: null };
		const kept: Partial<NormalizedMessage> = { ...message };
		delete kept.raw;
		const sequence = await store.ticket(message.tenant_id, conversationTurn(message.conversation_id), kept as unknown as JsonValue);
		return { ...message, sequence };
	};
	if (window === 0 || item.conversation_id === null || item.message_id === null) {
		return { kind: 'start', status: 200, body: { received: true }, item: await withSequence(item) };
	}
	await store.burstAdd(item, window * 1000);
	return {
		kind: 'grouping',
		status: 200,
		body: { received: true, grouping: true },
		collect: async () => {
			await ports.clock.sleep(window * 1000);
			const grouped = await store.burstCollect(item);
			return grouped ? await withSequence(grouped) : null;
		},
	};
}
