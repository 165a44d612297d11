import { createHash } from 'node:crypto';
import { clearTimeout, setTimeout } from 'node:timers';

const pools = new Set<{ closeAll(): Promise<void> }>();

/**
 * JSON with every object's keys sorted (undefined members dropped, as JSON.stringify does): the
 * same settings built in another order, from a credential or from the environment, share one
 * connection.
 */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, member: unknown) => {
		if (typeof member !== 'object' || member === null || Array.isArray(member)) return member;
		const record = member as Record<string, unknown>;
		return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
	});
}

/**
 * Closes every shared connection of this process now. A standalone server (`omnicrew-mcp`) calls
 * it when it stops: an idle connection's socket would otherwise keep the process alive until the
 * idle timeout closed it.
 */
export async function closeAllSharedConnections(): Promise<void> {
	for (const pool of pools) await pool.closeAll();
}

/**
 * Connections shared by the executions of one n8n process, per credential: a node used to open
 * Redis or MongoDB at the start of every execution and close it at the end, which cost a
 * handshake (and for MongoDB a ping) on every message. A connection is closed once nobody has
 * used it for `idleMs`. Only the connection is shared, never data: queue-mode workers stay free
 * of process-local state.
 */
export class SharedConnections<T> {
	private readonly entries = new Map<string, { value: Promise<T>; users: number; idle?: ReturnType<typeof setTimeout> }>();

	constructor(
		private readonly close: (value: T) => Promise<void>,
		private readonly idleMs = 30_000,
	) {
		pools.add(this);
	}

	/** The connection for these settings (opened on first use); `release()` when the execution is done with it. */
	async acquire(settings: unknown, open: () => Promise<T> | T): Promise<{ value: T; release(): void }> {
		const key = createHash('sha256').update(canonicalJson(settings)).digest('hex');
		let entry = this.entries.get(key);
		if (!entry) {
			entry = { value: Promise.resolve().then(open), users: 0 };
			this.entries.set(key, entry);
		}
		const current = entry;
		if (current.idle) clearTimeout(current.idle);
		current.idle = undefined;
		current.users++;
		let value: T;
		try {
			value = await current.value;
		} catch (error) {
			// a connection that could not be opened is not kept: the next execution tries again
			if (this.entries.get(key) === current) this.entries.delete(key);
			throw error;
		}
		let released = false;
		return {
			value,
			release: () => {
				if (released) return;
				released = true;
				current.users--;
				if (current.users > 0) return;
				current.idle = setTimeout(() => {
					if (current.users > 0 || this.entries.get(key) !== current) return;
					this.entries.delete(key);
					void this.close(value).catch(() => undefined);
				}, this.idleMs);
				current.idle.unref?.();
			},
		};
	}

	/** Closes every connection now (tests, shutdown). */
	async closeAll(): Promise<void> {
		const all = [...this.entries.values()];
		this.entries.clear();
		for (const entry of all) {
			if (entry.idle) clearTimeout(entry.idle);
			await entry.value.then(this.close, () => undefined).catch(() => undefined);
		}
	}
}
