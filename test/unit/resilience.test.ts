import { CircuitBreaker, RetryableError, withRetry } from '../../lib/resilience';

describe('withRetry', () => {
	it('retries retryable failures and returns the first success', async () => {
		let calls = 0;
		const result = await withRetry(
			async () => {
				calls++;
				if (calls < 3) throw new RetryableError('503');
				return 'ok';
			},
			{ attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
		);
		expect(result).toBe('ok');
		expect(calls).toBe(3);
	});

	it('does not retry other errors', async () => {
		let calls = 0;
		await expect(
			withRetry(async () => {
				calls++;
				throw new Error('422');
			}),
		).rejects.toThrow('422');
		expect(calls).toBe(1);
	});

	it('waits at least the Retry-After hint', async () => {
		let calls = 0;
		const started = Date.now();
		await withRetry(
			async () => {
				if (calls++ === 0) throw new RetryableError('429', 200);
				return 'ok';
			},
			{ attempts: 2, baseDelayMs: 1, maxDelayMs: 1_000 },
		);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
	});

	it('gives up after the last attempt with the last error', async () => {
		await expect(withRetry(async () => Promise.reject(new RetryableError('still down')), { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 })).rejects.toThrow('still down');
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
});
