import { setTimeout as sleep } from 'node:timers/promises';

import { InvalidInputError } from '../../../lib/errors';
import type { JsonValue } from '../../../lib/json';
import type { KeySpace } from './keys';
import type { ScriptRunner, LuaScript } from './script-runner';
import { releaseOutcome, type ReleaseOutcome } from './scripts';

/**
 * The turn protocol: how each message of a conversation is answered once, in the order it
 * arrived, across processes and queue-mode workers, even when a worker dies mid-turn.
 *
 * - ticket: as each message arrives, the trigger takes the queue's next ticket (1, 2, 3...) and
 *   keeps the message with it (`m:<ticket>`), stamped with when it was issued (`i:<ticket>`).
 * - claim: a turn asks for the conversation's lock with its ticket; it is granted once every
 *   earlier ticket is done. A turn still waiting leaves a heartbeat (`w:<ticket>`).
 * - takeover: an earlier ticket that neither holds the lock nor waits, for longer than the grace,
 *   belongs to a dead process; the claimant adopts that turn and gets its message to answer.
 * - answered: when a reply comes back tagged with its ticket, the trigger drops the kept
 *   message, so a successor that adopts the turn has nothing to answer again.
 * - release: the turn marks its ticket done (even when its lock expired meanwhile) and frees
 *   the lock for its owner; a ticket already done is told to skip when it claims.
 *
 * The queue is one hash (`_turn:<name>`: `next`, `done`, `holder`, `since` and the per-ticket
 * fields above) beside the lock key; each step is one Lua script, so atomic.
 */

/** An earlier ticket silent (neither holding the lock nor waiting) for this long belongs to a dead process. */
export const TURN_TAKEOVER_MS = 5_000;

export interface AdoptedTurn {
	ticket: number;
	message: JsonValue | null;
}

export interface LockResult {
	acquired: boolean;
	token: string | null;
	ttl_seconds: number;
	waited_ms: number;
	/** With a ticket: this turn was already taken over and answered by a successor; do nothing. */
	skipped?: boolean;
	/** With a ticket: earlier turns whose process died, taken over with the lock, oldest first. */
	adopted?: AdoptedTurn[];
}

export interface ClaimOptions {
	/** Owner token the lock is held under. */
	token: string;
	ttlSeconds: number;
	/** How long to keep asking while earlier turns are running. */
	waitMs: number;
	takeoverMs?: number;
}

/** A lock request's ticket: none (undefined or 0) or a whole number from 1. */
export function assertTicket(value: number | undefined): number | undefined {
	if (value === undefined || value === 0) return undefined;
	if (!Number.isSafeInteger(value) || value < 0) throw new InvalidInputError(`ticket must be a whole number from 1 (got ${value}).`);
	return value;
}

/** A ticket that must be there: a whole number from 1. */
export function requireTicket(value: number): number {
	if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidInputError(`ticket must be a whole number from 1 (got ${value}).`);
	return value;
}

/**
 * The adopted turns of a granted claim, from the script's flat reply (ticket, message, ...). A
 * message that is not JSON is adopted without it: the turn still has to be closed in order.
 */
export function adoptedTurns(flat: unknown[]): AdoptedTurn[] {
	const out: AdoptedTurn[] = [];
	for (let i = 0; i + 1 < flat.length; i += 2) {
		out.push({ ticket: Number(flat[i]), message: parseMessage(flat[i + 1]) });
	}
	return out;
}

function parseMessage(raw: unknown): JsonValue | null {
	try {
		return JSON.parse(String(raw)) as JsonValue;
	} catch {
		return null;
	}
}

export const TURN_SCRIPTS = {
	/**
	 * KEYS: lock, turn. ARGV: owner token, ttl ms, ticket, take-over grace ms. As lockAcquire, but
	 * in ticket order. A caller whose turn has not come leaves a heartbeat (`w:<ticket>`). An
	 * earlier ticket that neither holds the lock nor waits, for longer than the grace, belongs to
	 * a process that died (a killed queue-mode worker): its turn is taken over and its stored
	 * message returned, so it is answered, in order, by the caller.
	 * Returns {1, adopted ticket, adopted message, ...} acquired; {0} lock busy; {-1} not yet its
	 * turn; {-2} its turn is already done (taken over by a successor).
	 */
	lockAcquireTurn: {
		numberOfKeys: 2,
		lua: `
local ticket = tonumber(ARGV[3])
local grace = tonumber(ARGV[4])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local done = tonumber(redis.call('HGET', KEYS[2], 'done') or '0')
if done >= ticket then return {-2} end
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then
  redis.call('HSET', KEYS[2], 'w:' .. ticket, now)
  return {0}
end
local adopted = {}
local gone = {}
local holder = tonumber(redis.call('HGET', KEYS[2], 'holder') or '0')
local reached = done
while reached < ticket - 1 do
  local p = reached + 1
  local last = math.max(tonumber(redis.call('HGET', KEYS[2], 'w:' .. p) or '0'), tonumber(redis.call('HGET', KEYS[2], 'i:' .. p) or '0'))
  if holder == p then last = math.max(last, tonumber(redis.call('HGET', KEYS[2], 'since') or '0')) end
  if now - last < grace then break end
  local message = redis.call('HGET', KEYS[2], 'm:' .. p)
  if message then
    table.insert(adopted, p)
    table.insert(adopted, message)
  end
  table.insert(gone, p)
  reached = p
end
if reached < ticket - 1 then
  redis.call('HSET', KEYS[2], 'w:' .. ticket, now)
  return {-1}
end
for _, p in ipairs(gone) do redis.call('HDEL', KEYS[2], 'm:' .. p, 'w:' .. p, 'i:' .. p) end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('HSET', KEYS[2], 'done', reached, 'holder', ticket, 'since', now)
redis.call('HDEL', KEYS[2], 'w:' .. ticket)
local out = {1}
for _, value in ipairs(adopted) do table.insert(out, value) end
return out
`,
	},
	/** KEYS: turn. ARGV: ttl ms, message (JSON, may be empty). Hands out the next ticket of a queue (1, 2, 3...) and keeps its message. */
	turnTicket: {
		numberOfKeys: 1,
		lua: `
local ticket = redis.call('HINCRBY', KEYS[1], 'next', 1)
local clock = redis.call('TIME')
redis.call('HSET', KEYS[1], 'i:' .. ticket, tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000))
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'm:' .. ticket, ARGV[2]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return ticket
`,
	},
	/**
	 * KEYS: lock, turn. ARGV: owner token, ticket. Releases the lock for its owner and marks the
	 * ticket done whoever holds the lock, so a turn whose lock expired still lets the next one go.
	 */
	releaseTurn: {
		numberOfKeys: 2,
		lua: `
local ticket = tonumber(ARGV[2])
local done = tonumber(redis.call('HGET', KEYS[2], 'done') or '0')
if ticket > done then redis.call('HSET', KEYS[2], 'done', ticket) end
redis.call('HDEL', KEYS[2], 'm:' .. ticket, 'w:' .. ticket, 'i:' .. ticket)
if tonumber(redis.call('HGET', KEYS[2], 'holder') or '0') == ticket then redis.call('HDEL', KEYS[2], 'holder', 'since') end
local current = redis.call('GET', KEYS[1])
if current == false then return -1 end
if current == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
	},
} as const satisfies Record<string, LuaScript>;

/** Runs the protocol's steps on validated input; TenantCache checks what callers pass. */
export class TurnProtocol {
	constructor(private readonly scripts: ScriptRunner) {}

	/** The next ticket of the queue, keeping `message` (JSON, or '' for none) until it is answered. */
	async issue(space: KeySpace, queue: string, ttlSeconds: number, message: string): Promise<number> {
		return Number(await this.scripts.run(TURN_SCRIPTS.turnTicket, [space.turn(queue)], [String(ttlSeconds * 1000), message]));
	}

	/**
	 * Takes the queue's lock for `ticket` once every earlier ticket is done (or adopted), asking
	 * again with a growing delay for up to `waitMs`.
	 */
	async claim(space: KeySpace, queue: string, ticket: number, options: ClaimOptions): Promise<LockResult> {
		const ttl = options.ttlSeconds;
		const keys = [space.lock(queue), space.turn(queue)];
		const args = [options.token, String(ttl * 1000), String(ticket), String(options.takeoverMs ?? TURN_TAKEOVER_MS)];
		const started = Date.now();
		for (let delay = 5; ; delay = Math.min(delay * 1.5, 100)) {
			const reply = (await this.scripts.run(TURN_SCRIPTS.lockAcquireTurn, keys, args)) as unknown[];
			const waited = Date.now() - started;
			const code = Number(reply[0]);
			if (code === -2) return { acquired: false, token: null, ttl_seconds: ttl, waited_ms: waited, skipped: true };
			if (code === 1) return { acquired: true, token: options.token, ttl_seconds: ttl, waited_ms: waited, adopted: adoptedTurns(reply.slice(1)) };
			if (waited >= options.waitMs) return { acquired: false, token: null, ttl_seconds: ttl, waited_ms: waited };
			await sleep(Math.min(delay, options.waitMs - waited));
		}
	}

	/** Marks the ticket done whoever holds the lock, and frees the lock for its owner. */
	async release(space: KeySpace, queue: string, token: string, ticket: number): Promise<ReleaseOutcome> {
		return releaseOutcome(await this.scripts.run(TURN_SCRIPTS.releaseTurn, [space.lock(queue), space.turn(queue)], [token, String(ticket)]));
	}

	/** Drops the message kept with the ticket: its reply went out, so no successor answers it again. */
	async markAnswered(space: KeySpace, queue: string, ticket: number): Promise<void> {
		await this.scripts.guard(() => this.scripts.redis.hdel(space.turn(queue), `m:${ticket}`));
	}
}
