/**
 * Injected faults that depend on what a request asks (model, method, login), beyond `failNext`'s path:
 * `commitThen` carries the request out and then loses the answer, as when Odoo commits and the proxy in
 * front of it times out or a worker dies before answering; `reject` answers without carrying it out.
 */
import type { RpcContext } from './rpc';

/** How the answer of a carried-out request is lost: held past the client's timeout, or replaced by a 5xx page. */
export type CommitThenOutcome = 'timeout' | '500' | '502' | '504';

export interface OdooFaultMatch {
	/** The request path (`/jsonrpc`, `/json/2/...`, `/web/dataset/call_kw/...`). */
	path?: RegExp;
	/** The ORM model called (execute_kw, JSON-2 or call_kw). */
	model?: string;
	/** The ORM method called (`create`, `write`, `search_read`...), or `authenticate`/`version` of `common`. */
	method?: string;
	/** The login of the calling user (by uid, API key or session). */
	login?: string;
}

export interface OdooFaultOptions {
	/** How many matching requests it applies to (default 1). */
	times?: number;
	match?: OdooFaultMatch;
}

export interface CommitThenOptions extends OdooFaultOptions {
	/** For 'timeout': how long the answer is held when the client does not give up first (default 60 s). */
	holdMs?: number;
}

export interface RejectOptions extends OdooFaultOptions {
	/** Retry-After sent with a 429 (default 1). */
	retryAfterSeconds?: number;
}

export interface OdooFaults {
	/**
	 * Carries out the next matching requests — their writes stay — then loses the answer: 'timeout' holds it
	 * until the client hangs up (or `holdMs` passes), '500'/'502'/'504' answer that status with a proxy's page.
	 * Only requests Odoo carried out without an error use it up.
	 */
	commitThen(outcome: CommitThenOutcome, options?: CommitThenOptions): void;
	/** Answers the next matching requests with `status` without carrying them out (a 429 carries Retry-After). */
	reject(status: number, options?: RejectOptions): void;
	/** Drops every fault not yet used. */
	clear(): void;
}

/** What a request asks, as far as faults match on it. */
export interface RequestFacts {
	path: string;
	model?: string;
	method?: string;
	login?: string;
}

export interface CommitFault {
	outcome: CommitThenOutcome;
	holdMs: number;
}

export interface RejectFault {
	status: number;
	retryAfterSeconds: number;
}

interface Armed<T> {
	fault: T;
	match: OdooFaultMatch;
	remaining: number;
}

function matches(match: OdooFaultMatch, facts: RequestFacts): boolean {
	if (match.path && !match.path.test(facts.path)) return false;
	if (match.model !== undefined && match.model !== facts.model) return false;
	if (match.method !== undefined && match.method !== facts.method) return false;
	if (match.login !== undefined && match.login !== facts.login) return false;
	return true;
}

function take<T>(list: Array<Armed<T>>, facts: RequestFacts): T | undefined {
	const armed = list.find((candidate) => candidate.remaining > 0 && matches(candidate.match, facts));
	if (!armed) return undefined;
	armed.remaining -= 1;
	if (armed.remaining === 0) list.splice(list.indexOf(armed), 1);
	return armed.fault;
}

function count(times: number | undefined): number {
	const value = times ?? 1;
	if (!Number.isInteger(value) || value < 1) throw new Error(`times must be a positive integer (got ${String(times)})`);
	return value;
}

export class FaultBook implements OdooFaults {
	private readonly commits: Array<Armed<CommitFault>> = [];
	private readonly rejects: Array<Armed<RejectFault>> = [];

	commitThen(outcome: CommitThenOutcome, options: CommitThenOptions = {}): void {
		if (!['timeout', '500', '502', '504'].includes(outcome)) throw new Error(`commitThen outcome must be 'timeout', '500', '502' or '504' (got ${String(outcome)})`);
		this.commits.push({ fault: { outcome, holdMs: options.holdMs ?? 60_000 }, match: options.match ?? {}, remaining: count(options.times) });
	}

	reject(status: number, options: RejectOptions = {}): void {
		if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error(`reject needs an HTTP error status (got ${String(status)})`);
		this.rejects.push({ fault: { status, retryAfterSeconds: options.retryAfterSeconds ?? 1 }, match: options.match ?? {}, remaining: count(options.times) });
	}

	clear(): void {
		this.commits.length = 0;
		this.rejects.length = 0;
	}

	takeCommit(facts: RequestFacts): CommitFault | undefined {
		return take(this.commits, facts);
	}

	takeReject(facts: RequestFacts): RejectFault | undefined {
		return take(this.rejects, facts);
	}
}

function loginOfUid(ctx: RpcContext, uid: unknown): string | undefined {
	return ctx.users.find((user) => user.uid === uid)?.login;
}

/** Reads model, method and login from a request without judging it (a malformed one just matches less). */
export function requestFacts(ctx: RpcContext, path: string, raw: string, headers: { authorization?: string; cookie?: string }): RequestFacts {
	const facts: RequestFacts = { path };
	const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
	if (json2) {
		facts.model = decodeURIComponent(json2[1]);
		facts.method = decodeURIComponent(json2[2]);
		const key = /^bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
		facts.login = ctx.users.find((user) => user.apiKey !== undefined && user.apiKey === key)?.login;
		return facts;
	}
	let params: Record<string, unknown> = {};
	try {
		const parsed = JSON.parse(raw) as { params?: unknown };
		if (parsed.params && typeof parsed.params === 'object') params = parsed.params as Record<string, unknown>;
	} catch {
		return facts;
	}
	if (path === '/jsonrpc') {
		const args = Array.isArray(params.args) ? (params.args as unknown[]) : [];
		if (params.service === 'object') {
			facts.login = loginOfUid(ctx, args[1]);
			facts.model = typeof args[3] === 'string' ? args[3] : undefined;
			facts.method = typeof args[4] === 'string' ? args[4] : undefined;
		} else {
			facts.method = typeof params.method === 'string' ? params.method : undefined;
			if (params.method === 'authenticate' || params.method === 'login') facts.login = typeof args[1] === 'string' ? args[1] : undefined;
		}
		return facts;
	}
	if (path.startsWith('/web/dataset/call_kw')) {
		facts.model = typeof params.model === 'string' ? params.model : undefined;
		facts.method = typeof params.method === 'string' ? params.method : undefined;
		const session = /(?:^|;\s*)session_id=([^;]+)/.exec(headers.cookie ?? '')?.[1];
		facts.login = session === undefined ? undefined : loginOfUid(ctx, ctx.sessions.get(session));
	}
	return facts;
}
