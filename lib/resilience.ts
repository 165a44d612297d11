import { setTimeout as sleep } from 'node:timers/promises';

import { UpstreamError } from './errors';

export interface RetryPolicy {
	/** Attempts in total, the first included. */
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 5_000 };

/** Thrown by an attempt that may be retried; `retryAfterMs` is the server's own hint. */
export class RetryableError extends UpstreamError {
	constructor(
		message: string,
		readonly retryAfterMs?: number,
	) {
		super(message);
		this.name = 'RetryableError';
	}
}

/**
 * Runs `attempt` until it succeeds, throws a non-retryable error, or runs out of attempts.
 * Delays grow exponentially with jitter; a Retry-After hint wins when it is longer.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
	for (let n = 1; ; n++) {
		try {
			return await attempt(n);
		} catch (error) {
			const retryable = error instanceof Error && error.name === 'RetryableError';
			if (!retryable || n >= policy.attempts) throw error;
			const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
			const jittered = backoff / 2 + Math.random() * (backoff / 2);
			const hint = (error as RetryableError).retryAfterMs ?? 0;
			// the server's Retry-After wins over our own backoff (callers cap the hint itself)
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
 * A circuit breaker per upstream: after repeated failures calls fail at once, saying so,
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
			if (isFailure(error)) {
				this.failures++;
				if (this.failures >= this.options.failureThreshold) this.openedAt = this.now();
			}
			throw error;
		}
	}
}

/** Breakers shared by every client of the same upstream in this process. */
const breakers = new Map<string, CircuitBreaker>();

export function breakerFor(key: string, name: string, options?: BreakerOptions): CircuitBreaker {
	let breaker = breakers.get(key);
	if (!breaker) {
		breaker = new CircuitBreaker(name, options);
		breakers.set(key, breaker);
	}
	return breaker;
}
