/** How many signatures one n8n process remembers when the trigger has no Redis credential. */
export const RECENT_SIGNATURES_CAPACITY = 20_000;

/**
 * The signatures this process accepted, each until its timestamp leaves the tolerance window:
 * the replay guard of a trigger without Redis. Bounded, so a burst of traffic cannot grow it
 * without limit; when full, the oldest entry goes first. With several n8n processes behind one
 * URL only Redis makes the guard complete, because each process remembers only its own requests.
 */
export class RecentSignatures {
	// Map keeps insertion order, so the first entry is always the oldest one
	private readonly entries = new Map<string, number>();

	constructor(private readonly capacity = RECENT_SIGNATURES_CAPACITY) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number from 1 (got ${capacity}).`);
	}

	get size(): number {
		return this.entries.size;
	}

	/** True the first time `key` is offered before it expires; remembers it until `expiresAtMs`. */
	firstUse(key: string, expiresAtMs: number, nowMs: number): boolean {
		this.dropExpired(nowMs);
		const until = this.entries.get(key);
		if (until !== undefined && until > nowMs) return false;
		this.entries.delete(key);
		this.entries.set(key, expiresAtMs);
		while (this.entries.size > this.capacity) {
			const oldest = this.entries.keys().next().value;
			if (oldest === undefined) break;
			this.entries.delete(oldest);
		}
		return true;
	}

	private dropExpired(nowMs: number): void {
		for (const [key, until] of this.entries) {
			if (until > nowMs) return;
			this.entries.delete(key);
		}
	}
}
