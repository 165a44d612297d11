import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Rails' has_secure_token format: 24 base58 characters (tokens, secrets, pubsub tokens). */
export function base58Token(length = 24): string {
	let out = '';
	for (let i = 0; i < length; i++) out += BASE58[randomInt(BASE58.length)];
	return out;
}

export function hex(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

export function digits(count: number): string {
	let out = String(randomInt(1, 10));
	while (out.length < count) out += String(randomInt(10));
	return out;
}

export const uuid = (): string => randomUUID();

export const epoch = (date: Date): number => Math.floor(date.getTime() / 1000);

export const epochOrZero = (date: Date | null): number => (date ? epoch(date) : 0);

export const iso = (date: Date): string => date.toISOString();

export const isoOrNull = (date: Date | null): string | null => (date ? iso(date) : null);

/** Rails renders updated_at.to_f with microseconds; JS dates only carry milliseconds. */
export function epochFloat(date: Date, micros: number): number {
	return Number((date.getTime() / 1000 + micros / 1_000_000).toFixed(6));
}

export function randomMicros(): number {
	return randomInt(1000);
}

/**
 * Chatwoot normalizes webhook content: a backslash before a newline is dropped and trailing
 * newlines are stripped.
 */
export function webhookContent(content: string | null): string | null {
	if (content === null) return null;
	return content.replace(/\\\n/g, '\n').replace(/\n+$/, '');
}

const ADJECTIVES = ['silent', 'bold', 'calm', 'quiet', 'wild', 'bright', 'gentle', 'misty'];
const NOUNS = ['forest', 'river', 'meadow', 'cloud', 'sun', 'field', 'wave', 'leaf'];

/** The names Chatwoot gives anonymous widget visitors, e.g. silent-forest-217. */
export function anonymousName(): string {
	return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(100, 1000)}`;
}
