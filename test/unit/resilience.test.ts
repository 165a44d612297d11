import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	CircuitBreaker,
	TransientError,
	UpstreamGuard,
	classifyNetworkError,
	deliveryOf,
	guardFor,
	mayRetry,
	parseRetryAfter,
	secretFingerprint,
	withRetry,
	type Delivery,
	type RetryPolicy,
} from '../../lib/resilience';
import { UnconfirmedWriteError, errorKindOf, isUnconfirmedWrite } from '../../lib/errors';

const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const transient = (delivery: Delivery, retryAfterMs?: number) => new TransientError(delivery, delivery, { retryAfterMs });

/** Runs `withRetry` over attempts that fail with `failures` in turn, then succeed; answers how many attempts ran. */
async function attemptsFor(failures: unknown[], idempotent: boolean, policy: RetryPolicy = FAST): Promise<{ calls: number; outcome: unknown }> {
	let calls = 0;
	const outcome = await withRetry(
		async () => {
			const failure = failures[calls++];
			if (failure !== undefined) throw failure;
			return 'ok';
		},
		policy,
		{ idempotent },
	).catch((error: unknown) => error);
	return { calls, outcome };
}

describe('withRetry', () => {
	it('retries reads on every transient failure and returns the first success', async () => {
		expect(await attemptsFor([transient('maybe_delivered'), transient('not_sent')], true)).toEqual({ calls: 3, outcome: 'ok' });
		expect(await attemptsFor([transient('throttled')], true)).toEqual({ calls: 2, outcome: 'ok' });
	});

	it('does not retry a write that may have reached the upstream', async () => {
		const failure = transient('maybe_delivered');
		expect(await attemptsFor([failure], false)).toEqual({ calls: 1, outcome: failure });
	});

	it('retries a write that provably never left, and one throttled with a Retry-After', async () => {
		expect(await attemptsFor([transient('not_sent'), transient('not_sent')], false)).toEqual({ calls: 3, outcome: 'ok' });
		expect(await attemptsFor([transient('throttled', 5)], false)).toEqual({ calls: 2, outcome: 'ok' });
	});

	it('does not retry a write throttled without a Retry-After', async () => {
		const failure = transient('throttled');
		expect(await attemptsFor([failure], false)).toEqual({ calls: 1, outcome: failure });
	});

	it('does not retry other errors', async () => {
		const failure = new Error('422');
		expect(await attemptsFor([failure], true)).toEqual({ calls: 1, outcome: failure });
	});

	it('waits at least the Retry-After hint', async () => {
		const started = Date.now();
		expect(await attemptsFor([transient('throttled', 200)], true, { attempts: 2, baseDelayMs: 1, maxDelayMs: 1_000 })).toEqual({ calls: 2, outcome: 'ok' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
	});

	it('gives up at once when the Retry-After is longer than it may wait', async () => {
		const failure = transient('throttled', 60_000);
		const started = Date.now();
		expect(await attemptsFor([failure], true, { ...FAST, maxRetryAfterMs: 1_000 })).toEqual({ calls: 1, outcome: failure });
		expect(Date.now() - started).toBeLessThan(500);
	});

	it('gives up after the last attempt with the last error', async () => {
		const last = transient('not_sent');
		expect(await attemptsFor([transient('not_sent'), last], true, { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 })).toEqual({ calls: 2, outcome: last });
	});
});

describe('mayRetry and deliveryOf', () => {
	it('reads the delivery by name and field, so errors from another bundle count too', () => {
		const foreign = Object.assign(new Error('x'), { name: 'TransientError', delivery: 'not_sent' });
		expect(deliveryOf(foreign)).toBe('not_sent');
		expect(mayRetry(foreign, false)).toBe(true);
		expect(deliveryOf(new Error('TransientError not_sent'))).toBeUndefined();
		expect(mayRetry('not_sent', true)).toBe(false);
	});
});

describe('classifyNetworkError', () => {
	const systemError = (code: string, syscall: string) => Object.assign(new Error(`${syscall} ${code} 127.0.0.1:1`), { code, syscall });
	const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

	it.each([
		['a refused connection', fetchFailed(systemError('ECONNREFUSED', 'connect'))],
		['an unknown host', fetchFailed(systemError('ENOTFOUND', 'getaddrinfo'))],
		['a DNS failure', fetchFailed(systemError('EAI_AGAIN', 'getaddrinfo'))],
		['a connect timeout', fetchFailed(Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }))],
		['every address refused', fetchFailed(new AggregateError([systemError('ECONNREFUSED', 'connect'), systemError('ECONNREFUSED', 'connect')]))],
	])('%s was not sent', (_label, error) => {
		expect(classifyNetworkError(error).delivery).toBe('not_sent');
	});

	it.each([
		['a timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError')],
		['a reset connection', fetchFailed(systemError('ECONNRESET', 'read'))],
		['a socket closed mid-answer', fetchFailed(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))],
		['one address refused, one reset', fetchFailed(new AggregateError([systemError('ECONNREFUSED', 'connect'), systemError('ECONNRESET', 'read')]))],
		// the wording says "refused" but nothing proves it: only codes and syscalls count
		['an error that only says so in words', new Error('connect ECONNREFUSED: connection refused')],
	])('%s may have been delivered', (_label, error) => {
		expect(classifyNetworkError(error).delivery).toBe('maybe_delivered');
	});

	it('names timeouts with the limit', () => {
		expect(classifyNetworkError(new DOMException('aborted', 'TimeoutError'), 300)).toEqual({ delivery: 'maybe_delivered', reason: 'no answer within 300 ms', timedOut: true });
	});

	describe('with real sockets', () => {
		let server: Server;
		let port: number;
		beforeAll(async () => {
			// accepts and never answers
			server = createServer(() => undefined);
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			port = (server.address() as AddressInfo).port;
		});
		afterAll(async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		});

		it('a request to a port nothing listens on was not sent', async () => {
			const spare = createServer();
			await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
			const freed = (spare.address() as AddressInfo).port;
			await new Promise((resolve) => spare.close(resolve));
			const error = await fetch(`http://127.0.0.1:${freed}/`, { method: 'POST', body: '{}' }).catch((failure: unknown) => failure);
			expect(classifyNetworkError(error)).toMatchObject({ delivery: 'not_sent', reason: 'connection refused' });
		});

		it('a request the server took and never answered may have been delivered', async () => {
			const error = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(100) }).catch((failure: unknown) => failure);
			expect(classifyNetworkError(error, 100)).toMatchObject({ delivery: 'maybe_delivered', timedOut: true });
		});
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds and HTTP dates, and nothing else', () => {
		expect(parseRetryAfter('7')).toBe(7_000);
		expect(parseRetryAfter('0')).toBe(0);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(null)).toBeUndefined();
		expect(parseRetryAfter('')).toBeUndefined();
	});
});

describe('CircuitBreaker', () => {
	it('opens after repeated failures, says so, and lets one trial through after the pause', async () => {
		let now = 0;
		const breaker = new CircuitBreaker('Chatwoot at http://x', { failureThreshold: 2, openMs: 1_000 }, () => now);
		const fail = () => breaker.run(async () => Promise.reject(new Error('boom')));
		await expect(fail()).rejects.toThrow('boom');
		await expect(fail()).rejects.toThrow('boom');
		expect(breaker.state).toBe('open');
		await expect(breaker.run(async () => 'never')).rejects.toThrow(/Chatwoot at http:\/\/x is unavailable: the last 2 calls failed.*circuit open/);
		now = 1_000;
		expect(breaker.state).toBe('half-open');
		expect(await breaker.run(async () => 'back')).toBe('back');
		expect(breaker.state).toBe('closed');
	});

	it('does not count failures the caller says are not the upstream\'s fault', async () => {
		const breaker = new CircuitBreaker('x', { failureThreshold: 1, openMs: 1_000 });
		await expect(breaker.run(async () => Promise.reject(new Error('404')), () => false)).rejects.toThrow('404');
		expect(breaker.state).toBe('closed');
	});

	it('does not count throttling (429) as a failure', async () => {
		const breaker = new CircuitBreaker('x', { failureThreshold: 2, openMs: 1_000 });
		for (let i = 0; i < 5; i++) await expect(breaker.run(async () => Promise.reject(transient('throttled', 1)))).rejects.toThrow('throttled');
		expect(breaker.state).toBe('closed');
		await expect(breaker.run(async () => Promise.reject(transient('maybe_delivered')))).rejects.toThrow();
		await expect(breaker.run(async () => Promise.reject(transient('not_sent')))).rejects.toThrow();
		expect(breaker.state).toBe('open');
	});
});

describe('UpstreamGuard', () => {
	it('holds back the calls of a throttled account without calling the upstream, and only that account\'s', async () => {
		const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 };
		const a = new UpstreamGuard('Chatwoot account 1');
		const b = new UpstreamGuard('Chatwoot account 2');
		let calls = 0;
		const throttled = async () => {
			calls++;
			throw transient('throttled', 30_000);
		};
		await expect(a.run({ attempt: throttled, idempotent: true, policy })).rejects.toMatchObject({ delivery: 'throttled' });
		expect(calls).toBe(1);
		await expect(a.run({ attempt: async () => 'fresh', idempotent: true, policy })).rejects.toThrow(/Chatwoot account 1 asked to slow down \(HTTP 429\): calls are held back for 30 s more/);
		expect(a.breaker.state).toBe('closed');
		expect(await b.run({ attempt: async () => 'b is fine', idempotent: true, policy })).toBe('b is fine');
	});

	it('waits out a short Retry-After before the next call of the account', async () => {
		const guard = new UpstreamGuard('x');
		guard.pressure.pause(150);
		const started = Date.now();
		expect(await guard.run({ attempt: async () => 'after', idempotent: false, policy: FAST })).toBe('after');
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('is shared per key and separate between keys', () => {
		expect(guardFor('k|1', 'one')).toBe(guardFor('k|1', 'one again'));
		expect(guardFor('k|1', 'one')).not.toBe(guardFor('k|2', 'two'));
	});
});

describe('secretFingerprint', () => {
	it('tells secrets apart without containing them', () => {
		const secret = 'EQnVzx2sCqHmfvbHh6pbmqnU';
		expect(secretFingerprint(secret)).toBe(secretFingerprint(secret));
		expect(secretFingerprint(secret)).not.toBe(secretFingerprint(`${secret}x`));
		expect(secretFingerprint(secret)).not.toContain(secret.slice(0, 6));
		expect(secretFingerprint(secret)).toMatch(/^[0-9a-f]{16}$/);
	});
});

describe('UnconfirmedWriteError', () => {
	it('is an upstream error that says its outcome is unknown', () => {
		const error = new UnconfirmedWriteError('Odoo did not answer in time; the order may have been created, so it was not sent again.');
		expect(errorKindOf(error)).toBe('upstream');
		expect(isUnconfirmedWrite(error)).toBe(true);
		expect(isUnconfirmedWrite(new Error('UnconfirmedWriteError'))).toBe(false);
	});
});
