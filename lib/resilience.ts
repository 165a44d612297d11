import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { UpstreamError } from './errors';

export interface RetryPolicy {
	/** Attempts in total, the first included. */
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** The longest Retry-After worth waiting for; a longer one gives up at once (default 30 s). */
	maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 5_000 };
const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

/**
 * What a failed attempt tells about the request:
 * - `not_sent`: it provably never reached the upstream (refused connection, unknown host, connect timeout);
 * - `maybe_delivered`: it may have been received and acted upon (timeout, dropped connection, 5xx);
 * - `throttled`: the upstream refused it for now (429) and did nothing.
 */
export type Delivery = 'not_sent' | 'maybe_delivered' | 'throttled';

/** A failed attempt that another attempt might fix; whether one is made depends on `delivery` and the call. */
export class TransientError extends UpstreamError {
	/** The server's own Retry-After, in ms, when it gave one. */
	readonly retryAfterMs?: number;
	/** What went wrong, as a phrase that follows the upstream's name: "did not answer within 15000 ms", "answered HTTP 502". */
	readonly symptom: string;

	constructor(
		message: string,
		readonly delivery: Delivery,
		details: { retryAfterMs?: number; symptom?: string; httpStatus?: number } = {},
	) {
		super(message, { httpStatus: details.httpStatus });
		this.name = 'TransientError';
		this.retryAfterMs = details.retryAfterMs;
		this.symptom = details.symptom ?? 'failed';
	}
}

/** Duck-typed, as errors may cross bundles; undefined for anything that is not a TransientError. */
export function deliveryOf(error: unknown): Delivery | undefined {
	if (!(error instanceof Error) || error.name !== 'TransientError') return undefined;
	const delivery = (error as { delivery?: unknown }).delivery;
	return delivery === 'not_sent' || delivery === 'maybe_delivered' || delivery === 'throttled' ? delivery : undefined;
}

/**
 * A call that is not idempotent (it creates something or sends something) is retried only when
 * the failed attempt cannot have reached the upstream, or when the upstream throttled it and said
 * when to come back; reads and other idempotent calls are retried on any transient failure.
 */
export function mayRetry(error: unknown, idempotent: boolean): boolean {
	const delivery = deliveryOf(error);
	if (delivery === undefined) return false;
	if (idempotent || delivery === 'not_sent') return true;
	return delivery === 'throttled' && (error as TransientError).retryAfterMs !== undefined;
}

// Failures of these syscalls happen before a connection exists, so no byte of the request left.
const NOT_SENT_SYSCALLS = new Set(['connect', 'getaddrinfo', 'getaddrinfo6']);
// ECONNREFUSED only comes from connect(); ENOTFOUND/EAI_AGAIN from DNS; undici's connect timeout
// fires while the TCP (or TLS) handshake is still pending.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

interface ErrorFacts {
	name?: unknown;
	code?: unknown;
	syscall?: unknown;
	cause?: unknown;
	errors?: unknown;
}

/** The innermost system errors behind a fetch failure (fetch wraps them in `cause`, happy eyeballs in an AggregateError). */
function rootCauses(error: unknown, depth = 0): ErrorFacts[] {
	if (typeof error !== 'object' || error === null || depth > 5) return [];
	const facts = error as ErrorFacts;
	if (Array.isArray(facts.errors) && facts.errors.length) return facts.errors.flatMap((inner) => rootCauses(inner, depth + 1));
	if (facts.cause !== undefined) {
		const inner = rootCauses(facts.cause, depth + 1);
		if (inner.length) return inner;
	}
	return [facts];
}

/**
 * One HTTP exchange with a time limit covering the body too (a stalled body is a timeout after the
 * request arrived). A network failure becomes a TransientError that says whether the request may
 * have reached `upstream` ("Odoo at https://…"), classified from error codes only.
 */
export async function fetchText(upstream: string, url: string, init: RequestInit, timeoutMs: number): Promise<{ response: Response; text: string }> {
	try {
		const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
		return { response, text: await response.text() };
	} catch (error) {
		const failure = classifyNetworkError(error, timeoutMs);
		const symptom = failure.delivery === 'not_sent' ? `could not be reached (${failure.reason})` : failure.timedOut ? `did not answer in time (${failure.reason})` : `failed mid-request (${failure.reason})`;
		throw new TransientError(`${upstream} ${symptom}.`, failure.delivery, { symptom });
	}
}

/**
 * Classifies an error thrown by `fetch` (or by reading its body) by what it proves, using error
 * codes, syscalls and names only: `not_sent` when every underlying failure happened before a
 * connection existed, `maybe_delivered` otherwise. `reason` is a short phrase for messages.
 */
export function classifyNetworkError(error: unknown, timeoutMs?: number): { delivery: 'not_sent' | 'maybe_delivered'; reason: string; timedOut: boolean } {
	const causes = rootCauses(error);
	const codeOf = (facts: ErrorFacts) => (typeof facts.code === 'string' ? facts.code : undefined);
	const notSent = causes.length > 0 && causes.every((facts) => NOT_SENT_CODES.has(codeOf(facts) ?? '') || NOT_SENT_SYSCALLS.has(String(facts.syscall)));
	const first = causes[0] ?? {};
	const code = codeOf(first);
	const name = typeof first.name === 'string' ? first.name : undefined;
	const timedOut = name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
	let reason: string;
	if (code === 'ECONNREFUSED') reason = 'connection refused';
	else if (code === 'ENOTFOUND') reason = 'host not found';
	else if (code === 'EAI_AGAIN') reason = 'DNS lookup failed';
	else if (code === 'UND_ERR_CONNECT_TIMEOUT' || (code === 'ETIMEDOUT' && notSent)) reason = 'connection timed out';
	else if (timedOut) reason = timeoutMs ? `no answer within ${timeoutMs} ms` : 'no answer in time';
	else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') reason = 'the connection was dropped';
	else reason = code ?? name ?? 'network error';
	return { delivery: notSent ? 'not_sent' : 'maybe_delivered', reason, timedOut };
}

/** Retry-After as ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
	if (header === null || header === undefined || header.trim() === '') return undefined;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RetryOptions {
	/** Whether sending the request twice has the same effect as sending it once. */
	idempotent: boolean;
}

/**
 * Runs `attempt` until it succeeds, fails in a way `mayRetry` does not allow to retry, or runs
 * out of attempts. Delays grow exponentially with jitter; a Retry-After hint wins when it is
 * longer, and a hint longer than `maxRetryAfterMs` gives up at once.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy, options: RetryOptions): Promise<T> {
	const maxHint = policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
	for (let n = 1; ; n++) {
		try {
			return await attempt(n);
		} catch (error) {
			if (!mayRetry(error, options.idempotent) || n >= policy.attempts) throw error;
			const hint = (error as TransientError).retryAfterMs ?? 0;
			if (hint > maxHint) throw error;
			const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
			const jittered = backoff / 2 + Math.random() * (backoff / 2);
			await sleep(Math.max(jittered, hint));
		}
	}
}

export interface BreakerOptions {
	/** Consecutive failures that open the circuit. */
	failureThreshold: number;
	/** How long it stays open before one trial call is let through. */
	openMs: number;
}

/**
 * A circuit breaker per upstream account: after repeated failures calls fail at once, saying so,
 * instead of piling timeouts onto an outage; one trial call after `openMs` closes it again.
 */
export class CircuitBreaker {
	private failures = 0;
	private openedAt = 0;

	constructor(
		readonly name: string,
		private readonly options: BreakerOptions = { failureThreshold: 5, openMs: 30_000 },
		private readonly now: () => number = Date.now,
	) {}

	get state(): 'closed' | 'open' | 'half-open' {
		if (this.failures < this.options.failureThreshold) return 'closed';
		return this.now() - this.openedAt >= this.options.openMs ? 'half-open' : 'open';
	}

	async run<T>(operation: () => Promise<T>, isFailure: (error: unknown) => boolean = () => true): Promise<T> {
		if (this.state === 'open') {
			const seconds = Math.ceil((this.options.openMs - (this.now() - this.openedAt)) / 1000);
			throw new UpstreamError(
				`${this.name} is unavailable: the last ${this.failures} calls failed, so calls are paused for ${seconds} s more (circuit open).`,
			);
		}
		try {
			const result = await operation();
			this.failures = 0;
			return result;
		} catch (error) {
			// back-pressure is the upstream working as intended, not an outage
			if (deliveryOf(error) !== 'throttled' && isFailure(error)) {
				this.failures++;
				if (this.failures >= this.options.failureThreshold) this.openedAt = this.now();
			}
			throw error;
		}
	}
}

/**
 * Remembers an upstream's Retry-After for one account, so the next calls of that account wait
 * (or, when the wait is too long, fail at once without adding to the upstream's count) while
 * other accounts of the same upstream go on.
 */
export class BackPressure {
	private until = 0;

	constructor(private readonly now: () => number = Date.now) {}

	pause(ms: number): void {
		this.until = Math.max(this.until, this.now() + ms);
	}

	get remainingMs(): number {
		return Math.max(0, this.until - this.now());
	}
}

export interface GuardedCall<T> {
	attempt: (n: number) => Promise<T>;
	idempotent: boolean;
	policy: RetryPolicy;
	/** Whether an error is the upstream's fault (counts towards opening the breaker). */
	isFailure?: (error: unknown) => boolean;
}

/** The breaker and the back-pressure of one upstream account. */
export class UpstreamGuard {
	readonly breaker: CircuitBreaker;
	readonly pressure: BackPressure;

	constructor(
		readonly name: string,
		options?: BreakerOptions,
		now: () => number = Date.now,
	) {
		this.breaker = new CircuitBreaker(name, options, now);
		this.pressure = new BackPressure(now);
	}

	async run<T>(call: GuardedCall<T>): Promise<T> {
		const maxHint = call.policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
		return await this.breaker.run(
			async () =>
				await withRetry(
					async (n) => {
						const wait = this.pressure.remainingMs;
						if (wait > maxHint) {
							const seconds = Math.ceil(wait / 1000);
							throw new TransientError(`${this.name} asked to slow down (HTTP 429): calls are held back for ${seconds} s more.`, 'throttled', {
								retryAfterMs: wait,
								symptom: 'asked to slow down',
							});
						}
						if (wait > 0) await sleep(wait);
						try {
							return await call.attempt(n);
						} catch (error) {
							const hint = deliveryOf(error) === 'throttled' ? (error as TransientError).retryAfterMs : undefined;
							if (hint) this.pressure.pause(hint);
							throw error;
						}
					},
					call.policy,
					{ idempotent: call.idempotent },
				),
			call.isFailure,
		);
	}
}

/** Guards shared by every client of the same upstream account in this process. */
const guards = new Map<string, UpstreamGuard>();
const MAX_GUARDS = 5_000;

/**
 * The guard of one upstream account. `key` names the account (base URL plus account, database or
 * login), never a secret: pass secrets through `secretFingerprint`.
 */
export function guardFor(key: string, name: string, options?: BreakerOptions): UpstreamGuard {
	let guard = guards.get(key);
	if (!guard) {
		if (guards.size >= MAX_GUARDS) forgetIdleGuards();
		guard = new UpstreamGuard(name, options);
		guards.set(key, guard);
	}
	return guard;
}

/** Drops guards that hold nothing worth keeping (closed breaker, no pause), oldest first. */
function forgetIdleGuards(): void {
	for (const [key, guard] of guards) {
		if (guard.breaker.state === 'closed' && guard.pressure.remainingMs === 0) guards.delete(key);
		if (guards.size < MAX_GUARDS / 2) return;
	}
}

/** A short one-way fingerprint of a secret, to tell accounts apart in keys without holding the secret. */
export function secretFingerprint(secret: string): string {
	return createHash('sha256').update(`omnicrew-account:${secret}`).digest('hex').slice(0, 16);
}
