import { InvalidInputError } from '../../../lib/errors';
import { assertTenantId } from '../../../lib/tenant';
import type { CacheType } from './types';

export const MAX_KEY_LENGTH = 512;
export const MAX_TAG_LENGTH = 128;
export const MAX_TAGS = 32;

// Control characters would make keys unreadable in redis-cli and logs.
function hasControlChars(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

function assertText(value: unknown, field: string, max: number): string {
	if (typeof value !== 'string' || value.length === 0) {
		throw new InvalidInputError(`${field} is required and must be a non-empty string.`);
	}
	if (value.length > max) throw new InvalidInputError(`${field} is too long: ${value.length} characters, at most ${max}.`);
	if (hasControlChars(value)) throw new InvalidInputError(`${field} must not contain control characters (newlines, tabs, NUL).`);
	return value;
}

export const assertKey = (value: unknown, field = 'key'): string => assertText(value, field, MAX_KEY_LENGTH);

export function assertTags(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new InvalidInputError('tags must be a list of strings.');
	if (value.length > MAX_TAGS) throw new InvalidInputError(`tags: at most ${MAX_TAGS} tags per entry (got ${value.length}).`);
	return [...new Set(value.map((tag, i) => assertText(tag, `tags[${i}]`, MAX_TAG_LENGTH)))];
}

/**
 * The key layout. Data lives at `t:{tenant}:{type}:{key}`; bookkeeping lives in namespaces that
 * start with `_`, which no data type does, so the two can never meet. In Redis Cluster the
 * tenant is wrapped in a hash tag (`t:{acme}:...`) so one tenant's keys share a slot and the
 * multi-key scripts stay atomic.
 */
export class KeySpace {
	readonly tenant: string;
	readonly prefix: string;

	constructor(tenantId: unknown, options: { clusterHashTag?: boolean } = {}) {
		this.tenant = assertTenantId(tenantId);
		this.prefix = options.clusterHashTag ? `t:{${this.tenant}}:` : `t:${this.tenant}:`;
	}

	data(type: CacheType, key: string): string {
		return `${this.prefix}${type}:${key}`;
	}

	/** Tags of one data key; the part after `_keytags:` mirrors the data key after the prefix. */
	keyTags(type: CacheType, key: string): string {
		return `${this.prefix}_keytags:${type}:${key}`;
	}

	get keyTagsPrefix(): string {
		return `${this.prefix}_keytags:`;
	}

	get tagPrefix(): string {
		return `${this.prefix}_tag:`;
	}

	tag(tag: string): string {
		return `${this.tagPrefix}${tag}`;
	}

	lease(type: CacheType, key: string): string {
		return `${this.prefix}_lease:${type}:${key}`;
	}

	lock(name: string): string {
		return `${this.prefix}_lock:${name}`;
	}

	/** Hash of a named queue of turns: `next` (tickets handed out) and `done` (last finished). */
	turn(name: string): string {
		return `${this.prefix}_turn:${name}`;
	}

	seen(id: string): string {
		return `${this.prefix}_seen:${id}`;
	}

	get stats(): string {
		return `${this.prefix}_stats`;
	}
}
