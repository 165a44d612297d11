/**
 * Lua scripts, so each operation is one round trip and atomic: a reader never sees a value
 * whose tags are half-written, and invalidation never removes a key re-set without the tag.
 *
 * Tag bookkeeping: `_tag:{tag}` is the set of data keys set with that tag, `_keytags:{type}:{key}`
 * the set of tags of one data key (it expires with the key). Invalidation deletes a member only
 * when the member still carries the tag, which keeps it exact after re-sets and expiries.
 * The turn protocol's scripts live with it, in turn-protocol.ts.
 */
import type { LuaScript } from './script-runner';

// KEYS[1] data key, KEYS[2] its keytags key; ARGV[1] value, ARGV[2] ttl ms, ARGV[3] tag prefix, ARGV[4..] tags
const STORE = `
local function store(key, ktags, value, ttl, tagPrefix, firstTag)
  for _, old in ipairs(redis.call('SMEMBERS', ktags)) do
    redis.call('SREM', tagPrefix .. old, key)
  end
  redis.call('DEL', ktags)
  redis.call('SET', key, value, 'PX', ttl)
  for i = firstTag, #ARGV do
    local tagset = tagPrefix .. ARGV[i]
    redis.call('SADD', tagset, key)
    redis.call('SADD', ktags, ARGV[i])
    if redis.call('PTTL', tagset) < ttl then redis.call('PEXPIRE', tagset, ttl) end
  end
  if #ARGV >= firstTag then redis.call('PEXPIRE', ktags, ttl) end
end
`;

export const SCRIPTS = {
	/** KEYS: data, keytags. ARGV: value, ttl ms, tag prefix, tags... */
	cacheSet: {
		numberOfKeys: 2,
		lua: `${STORE}
store(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), ARGV[3], 4)
return 1
`,
	},
	/** KEYS: data, keytags. ARGV: tag prefix. Returns 1 when the key existed. */
	cacheDelete: {
		numberOfKeys: 2,
		lua: `
for _, old in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  redis.call('SREM', ARGV[1] .. old, KEYS[1])
end
redis.call('DEL', KEYS[2])
return redis.call('DEL', KEYS[1])
`,
	},
	/**
	 * KEYS: tag set. ARGV: tag, tenant prefix, keytags prefix, tag prefix.
	 * Returns the number of data keys deleted.
	 */
	cacheInvalidate: {
		numberOfKeys: 1,
		lua: `
local deleted = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if string.sub(key, 1, #ARGV[2]) == ARGV[2] then
    local ktags = ARGV[3] .. string.sub(key, #ARGV[2] + 1)
    if redis.call('SISMEMBER', ktags, ARGV[1]) == 1 then
      for _, other in ipairs(redis.call('SMEMBERS', ktags)) do
        if other ~= ARGV[1] then redis.call('SREM', ARGV[4] .. other, key) end
      end
      redis.call('DEL', ktags)
      deleted = deleted + redis.call('DEL', key)
    end
  end
end
redis.call('DEL', KEYS[1])
return deleted
`,
	},
	/**
	 * KEYS: data, lease, stats. ARGV: lease token, lease ms, type.
	 * Returns {'hit', value, pttl} | {'compute'} | {'wait', lease pttl}.
	 */
	rememberBegin: {
		numberOfKeys: 3,
		lua: `
local v = redis.call('GET', KEYS[1])
if v then
  redis.call('HINCRBY', KEYS[3], ARGV[3] .. ':hits', 1)
  return {'hit', v, redis.call('PTTL', KEYS[1])}
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('HINCRBY', KEYS[3], ARGV[3] .. ':misses', 1)
  return {'compute'}
end
return {'wait', redis.call('PTTL', KEYS[2])}
`,
	},
	/**
	 * KEYS: data, keytags, lease. ARGV: value, ttl ms, tag prefix, lease token, tags...
	 * Stores the value (fresh either way) and releases the lease if the caller still holds it.
	 * Returns 1 when the caller held the lease.
	 */
	rememberFill: {
		numberOfKeys: 3,
		lua: `${STORE}
store(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), ARGV[3], 5)
if redis.call('GET', KEYS[3]) == ARGV[4] then
  redis.call('DEL', KEYS[3])
  return 1
end
return 0
`,
	},
	/** KEYS: lock or lease. ARGV: owner token. Deletes only when the token still owns it. */
	releaseOwned: {
		numberOfKeys: 1,
		lua: `
local current = redis.call('GET', KEYS[1])
if current == false then return -1 end
if current == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
	},
	/**
	 * KEYS: lock. ARGV: owner token, ttl ms. Acquires a free lock, or renews it for its owner.
	 * Returns 1 when the caller now holds the lock.
	 */
	lockAcquire: {
		numberOfKeys: 1,
		lua: `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`,
	},
} as const satisfies Record<string, LuaScript>;

export type ReleaseOutcome = 'released' | 'not_owner' | 'not_held';

/** Reads the reply of a release (releaseOwned, and the turn protocol's release): 1, 0 or -1. */
export function releaseOutcome(reply: unknown): ReleaseOutcome {
	const code = Number(reply);
	if (code === 1) return 'released';
	return code === -1 ? 'not_held' : 'not_owner';
}
