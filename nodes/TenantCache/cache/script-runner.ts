import { createHash } from 'node:crypto';

import { OmniCrewError } from '../../../lib/errors';
import { toUpstreamError, type RedisClient } from '../../../lib/redis/connection';

/** A Lua script run atomically by Redis: the first `numberOfKeys` arguments are keys. */
export interface LuaScript {
	readonly numberOfKeys: number;
	readonly lua: string;
}

/**
 * The connection the cache and the turn protocol share: scripts by SHA, and every Redis failure
 * turned into the package's upstream error so callers see one kind of failure.
 */
export class ScriptRunner {
	private readonly shas = new Map<LuaScript, string>();

	constructor(readonly redis: RedisClient) {}

	/** EVALSHA with a one-time EVAL fallback, so each script crosses the wire once per server. */
	async run(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
		let sha = this.shas.get(script);
		if (!sha) {
			sha = createHash('sha1').update(script.lua).digest('hex');
			this.shas.set(script, sha);
		}
		const scriptSha = sha;
		return await this.guard(async () => {
			try {
				return await this.redis.evalsha(scriptSha, script.numberOfKeys, ...keys, ...args);
			} catch (error) {
				if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
					return await this.redis.eval(script.lua, script.numberOfKeys, ...keys, ...args);
				}
				throw error;
			}
		});
	}

	async guard<T>(operation: () => Promise<T>): Promise<T> {
		try {
			return await operation();
		} catch (error) {
			if (error instanceof OmniCrewError) throw error;
			throw toUpstreamError(error);
		}
	}
}
