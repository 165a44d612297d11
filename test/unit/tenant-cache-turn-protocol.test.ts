import { KeySpace } from '../../nodes/TenantCache/cache/keys';
import type { LuaScript, ScriptRunner } from '../../nodes/TenantCache/cache/script-runner';
import { TURN_SCRIPTS, TurnProtocol, adoptedTurns, assertTicket, requireTicket } from '../../nodes/TenantCache/cache/turn-protocol';

/** A runner that answers each script call with the next scripted reply and records the call. */
function scripted(replies: unknown[]) {
	const calls: Array<{ script: LuaScript; keys: string[]; args: string[] }> = [];
	const runner = {
		run: async (script: LuaScript, keys: string[], args: string[]) => {
			calls.push({ script, keys, args });
			if (replies.length === 0) throw new Error('no scripted reply left');
			return replies.shift();
		},
	} as unknown as ScriptRunner;
	return { protocol: new TurnProtocol(runner), calls };
}

const space = new KeySpace('acme');

describe('turn protocol (no Redis)', () => {
	describe('tickets given by callers', () => {
		it.each([
			[undefined, undefined],
			[0, undefined],
			[1, 1],
			[42, 42],
		])('assertTicket(%p) is %p', (input, expected) => {
			expect(assertTicket(input)).toBe(expected);
		});

		it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])('assertTicket refuses %p, naming the field', (input) => {
			expect(() => assertTicket(input)).toThrow(/ticket must be a whole number from 1/);
		});

		it.each([0, -3, 2.5])('requireTicket refuses %p: an answered mark needs a real ticket', (input) => {
			expect(() => requireTicket(input)).toThrow(/ticket must be a whole number from 1/);
		});
	});

	describe('adopted turns from the script reply', () => {
		it('pairs tickets with their JSON messages, oldest first', () => {
			expect(adoptedTurns(['1', '{"text":"oi"}', 2, '{"text":"e o frete?"}'])).toEqual([
				{ ticket: 1, message: { text: 'oi' } },
				{ ticket: 2, message: { text: 'e o frete?' } },
			]);
		});

		it('adopts a turn whose kept message is not JSON without it, so the queue still moves', () => {
			expect(adoptedTurns(['3', 'not json'])).toEqual([{ ticket: 3, message: null }]);
		});

		it('reads nothing from an empty or odd tail', () => {
			expect(adoptedTurns([])).toEqual([]);
			expect(adoptedTurns(['4'])).toEqual([]);
		});
	});

	describe('claim', () => {
		it('returns the lock with the adopted turns when the script grants it', async () => {
			const { protocol, calls } = scripted([[1, '1', '{"text":"lost"}']]);
			const got = await protocol.claim(space, 'conversation:7', 2, { token: 'tok', ttlSeconds: 30, waitMs: 0, takeoverMs: 300 });
			expect(got).toMatchObject({ acquired: true, token: 'tok', ttl_seconds: 30, adopted: [{ ticket: 1, message: { text: 'lost' } }] });
			expect(calls).toEqual([
				{ script: TURN_SCRIPTS.lockAcquireTurn, keys: ['t:acme:_lock:conversation:7', 't:acme:_turn:conversation:7'], args: ['tok', '30000', '2', '300'] },
			]);
		});

		it('uses the default take-over grace when none is given', async () => {
			const { protocol, calls } = scripted([[1]]);
			await protocol.claim(space, 'q', 1, { token: 'tok', ttlSeconds: 30, waitMs: 0 });
			expect(calls[0].args[3]).toBe('5000');
		});

		it('tells a turn already done (taken over by a successor) to skip, without waiting', async () => {
			const { protocol, calls } = scripted([[-2]]);
			const got = await protocol.claim(space, 'q', 1, { token: 'tok', ttlSeconds: 30, waitMs: 5_000 });
			expect(got).toMatchObject({ acquired: false, token: null, skipped: true });
			expect(calls).toHaveLength(1);
		});

		it('asks again while earlier turns run, then gives up after waitMs', async () => {
			const { protocol, calls } = scripted(Array.from({ length: 50 }, () => [-1]));
			const got = await protocol.claim(space, 'q', 3, { token: 'tok', ttlSeconds: 30, waitMs: 60 });
			expect(got).toMatchObject({ acquired: false, token: null });
			expect(got.skipped).toBeUndefined();
			expect(got.waited_ms).toBeGreaterThanOrEqual(60);
			expect(calls.length).toBeGreaterThan(1);
		});

		it('gets the lock on a later try once the holder lets go', async () => {
			const { protocol } = scripted([[0], [0], [1]]);
			const got = await protocol.claim(space, 'q', 2, { token: 'tok', ttlSeconds: 30, waitMs: 2_000 });
			expect(got).toMatchObject({ acquired: true, token: 'tok', adopted: [] });
		});
	});

	describe('release and issue', () => {
		it.each([
			[1, 'released'],
			[0, 'not_owner'],
			[-1, 'not_held'],
		])('reads a release reply of %p as %p', async (reply, outcome) => {
			const { protocol, calls } = scripted([reply]);
			expect(await protocol.release(space, 'q', 'tok', 4)).toBe(outcome);
			expect(calls[0]).toEqual({ script: TURN_SCRIPTS.releaseTurn, keys: ['t:acme:_lock:q', 't:acme:_turn:q'], args: ['tok', '4'] });
		});

		it('issues a ticket with the message kept and the queue TTL in milliseconds', async () => {
			const { protocol, calls } = scripted([7]);
			expect(await protocol.issue(space, 'q', 86_400, '{"text":"oi"}')).toBe(7);
			expect(calls[0]).toEqual({ script: TURN_SCRIPTS.turnTicket, keys: ['t:acme:_turn:q'], args: ['86400000', '{"text":"oi"}'] });
		});
	});
});
