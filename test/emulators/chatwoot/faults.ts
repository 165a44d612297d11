/**
 * Injected faults beyond `failNext` (which answers before the app, as Rack::Attack does): `commitThen` lets
 * Chatwoot carry the request out — the message is stored and its webhooks go out — and then loses the answer,
 * as when Puma is slow behind a proxy that times out, or a worker dies after the commit.
 */

/** How the answer is lost: held past the client's timeout, or replaced by a 5xx. */
export type CommitThenOutcome = 'timeout' | '500' | '502' | '504';

export interface ChatwootFaultMatch {
	/** HTTP method, e.g. 'POST'. */
	method?: string;
	/** Tested against the URL path without the query string. */
	path?: RegExp;
}

export interface CommitThenOptions {
	/** How many matching requests it applies to (default 1). */
	times?: number;
	match?: ChatwootFaultMatch;
	/** For 'timeout': how long the answer is held when the client does not hang up first (default 60 s). */
	holdMs?: number;
}

export interface ChatwootFaults {
	/**
	 * Carries out the next matching requests, then loses the answer: 'timeout' holds it until the client hangs
	 * up (or `holdMs` passes), '500'/'502'/'504' answer that status. Only requests answered 2xx use it up.
	 */
	commitThen(outcome: CommitThenOutcome, options?: CommitThenOptions): void;
	/** Drops every fault not yet used. */
	clear(): void;
}

export interface CommitFault {
	outcome: CommitThenOutcome;
	holdMs: number;
}

interface Armed {
	fault: CommitFault;
	match: ChatwootFaultMatch;
	remaining: number;
}

export class FaultBook implements ChatwootFaults {
	private readonly commits: Armed[] = [];

	commitThen(outcome: CommitThenOutcome, options: CommitThenOptions = {}): void {
		if (!['timeout', '500', '502', '504'].includes(outcome)) throw new Error(`commitThen outcome must be 'timeout', '500', '502' or '504' (got ${String(outcome)})`);
		const times = options.times ?? 1;
		if (!Number.isInteger(times) || times < 1) throw new Error(`times must be a positive integer (got ${String(options.times)})`);
		this.commits.push({ fault: { outcome, holdMs: options.holdMs ?? 60_000 }, match: options.match ?? {}, remaining: times });
	}

	clear(): void {
		this.commits.length = 0;
	}

	takeCommit(method: string, path: string): CommitFault | undefined {
		const armed = this.commits.find(
			(candidate) =>
				candidate.remaining > 0 &&
				(candidate.match.method === undefined || candidate.match.method.toUpperCase() === method) &&
				(candidate.match.path === undefined || candidate.match.path.test(path)),
		);
		if (!armed) return undefined;
		armed.remaining -= 1;
		if (armed.remaining === 0) this.commits.splice(this.commits.indexOf(armed), 1);
		return armed.fault;
	}
}
