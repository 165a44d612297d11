import { InvalidInputError } from '../../../lib/errors';

/**
 * What the cache holds, and for how long by default. The TTLs follow how fast each kind of data
 * goes stale in a shop: stock moves by the minute, prices by the hour, rules by the day.
 */
export const CACHE_TYPES = {
	product: { ttlSeconds: 3_600, holds: 'Product data (name, description, attributes) read from Odoo' },
	stock: { ttlSeconds: 60, holds: 'Stock levels per product and warehouse' },
	price: { ttlSeconds: 300, holds: 'Prices and price-list results' },
	business_rule: { ttlSeconds: 86_400, holds: 'Business rules and policies (returns, shipping, warranty)' },
	retrieval: { ttlSeconds: 600, holds: 'Knowledge-base search results for a normalised query' },
	llm_answer: { ttlSeconds: 3_600, holds: 'Answers generated for a normalised question and its grounding' },
	conversation: { ttlSeconds: 86_400, holds: 'Conversation memory and routing state' },
	config: { ttlSeconds: 300, holds: 'Tenant and crew configuration read from MongoDB' },
	custom: { ttlSeconds: 3_600, holds: 'Anything else a workflow wants to keep' },
} as const satisfies Record<string, { ttlSeconds: number; holds: string }>;

export type CacheType = keyof typeof CACHE_TYPES;

export const CACHE_TYPE_NAMES = Object.keys(CACHE_TYPES) as CacheType[];

/** Defaults of the bookkeeping namespaces (not data types). */
export const SYSTEM_TTLS = {
	seen: 172_800,
	lock: 30,
	lease: 30,
	/** A conversation's queue of turns outlives any burst of messages, then starts again at 1. */
	turn: 86_400,
} as const;

export const MAX_TTL_SECONDS = 2_592_000; // 30 days: a cache entry always expires

export type TtlOverrides = Partial<Record<CacheType, number>>;

export function isCacheType(value: string): value is CacheType {
	return Object.prototype.hasOwnProperty.call(CACHE_TYPES, value);
}

export function assertCacheType(value: unknown): CacheType {
	if (typeof value !== 'string' || !isCacheType(value)) {
		throw new InvalidInputError(`type ${JSON.stringify(value)} is unknown: use one of ${CACHE_TYPE_NAMES.join(', ')}.`);
	}
	return value;
}

export function assertTtlSeconds(value: unknown, field = 'ttl_seconds'): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TTL_SECONDS) {
		throw new InvalidInputError(`${field} must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS} (got ${JSON.stringify(value)}).`);
	}
	return value;
}

/**
 * Parses a TTL override map such as `{"stock": 30, "price": 120}` (credential field or the
 * CACHE_TTL_OVERRIDES variable); names the offending entry when one is wrong.
 */
export function parseTtlOverrides(input: unknown, source: string): TtlOverrides {
	if (input === undefined || input === null || input === '') return {};
	let value: unknown = input;
	if (typeof input === 'string') {
		try {
			value = JSON.parse(input);
		} catch {
			throw new InvalidInputError(`${source} is not JSON: write it like {"stock": 30, "price": 120}.`);
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new InvalidInputError(`${source} must be an object of type → seconds, like {"stock": 30}.`);
	}
	const overrides: TtlOverrides = {};
	for (const [type, seconds] of Object.entries(value)) {
		overrides[assertCacheType(type)] = assertTtlSeconds(seconds, `${source}.${type}`);
	}
	return overrides;
}

/** Call value, else the deployment's override, else the table default. */
export function resolveTtl(type: CacheType, callTtl: number | undefined, overrides: TtlOverrides): number {
	if (callTtl !== undefined) return assertTtlSeconds(callTtl);
	return overrides[type] ?? CACHE_TYPES[type].ttlSeconds;
}
