import type { RedisClient } from '../../lib/redis/connection';
import { KeySpace } from '../TenantCache/cache/keys';
import type { NormalizedMessage } from '../Chatwoot/events';

// KEYS: list, last. ARGV: item JSON, message id, ttl ms.
const ADD = `
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1
`;

// KEYS: list, last. ARGV: message id. The newest message of a quiet burst takes the whole list.
const COLLECT = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return false end
local items = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1], KEYS[2])
return items
`;

/**
 * Burst grouping: customers on WhatsApp send three short messages in a row. Each message joins
 * its conversation's list in Redis and waits for the window; only the message that is still the
 * newest when its window ends collects the list and runs the workflow, once, with the texts joined.
 * State lives in Redis, so it works across n8n webhook processors.
 */
export class BurstGrouper {
	constructor(
		private readonly redis: RedisClient,
		private readonly options: { clusterHashTag?: boolean } = {},
	) {}

	private keys(item: NormalizedMessage): [string, string] {
		const space = new KeySpace(item.tenant_id, this.options);
		return [space.data('conversation', `burst:${item.conversation_id}`), space.data('conversation', `burst-last:${item.conversation_id}`)];
	}

	async add(item: NormalizedMessage, windowMs: number): Promise<void> {
		const ttl = String(windowMs * 4 + 10_000);
		await this.redis.eval(ADD, 2, ...this.keys(item), JSON.stringify(item), String(item.message_id), ttl);
	}

	/** The grouped item if this message closes the burst, otherwise null (a newer one will). */
	async collect(item: NormalizedMessage): Promise<NormalizedMessage | null> {
		const reply = await this.redis.eval(COLLECT, 2, ...this.keys(item), String(item.message_id));
		if (!Array.isArray(reply)) return null;
		return combine(reply.map((entry) => JSON.parse(String(entry)) as NormalizedMessage));
	}
}

export function combine(items: NormalizedMessage[]): NormalizedMessage & { message_ids: number[]; burst_size: number } {
	const ordered = [...items].sort((a, b) => (a.message_id ?? 0) - (b.message_id ?? 0));
	const last = ordered[ordered.length - 1];
	return {
		...last,
		text: ordered.map((item) => item.text).filter((text) => text.length > 0).join('\n'),
		attachments: ordered.flatMap((item) => item.attachments),
		message_ids: ordered.map((item) => item.message_id ?? 0),
		burst_size: ordered.length,
	};
}
