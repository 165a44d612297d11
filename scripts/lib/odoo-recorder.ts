/**
 * Sends the recorded Odoo corpus's requests to a live Odoo and turns the answers back into corpus exchanges
 * (scripts/record-odoo.ts), and the setup every live server gets first (also used by the drift test).
 *
 * The files and a live server differ in a few values, translated both ways: the database name, admin's
 * password and API key (the files hold a stand-in), session cookies, ids that a server gave differently
 * (learned from create results and from search answers whose rows line up with the recorded ones), and the
 * calendar dates in requests, which are meant relative to the recording's clock.
 */
import { createHash } from 'node:crypto';

import { isObject, type CorpusVersion, type Exchange } from '../../test/contracts/odoo/exchanges';

/** The database name the files use. */
export const CORPUS_DB = 'omnicrew';
/** Stand-ins for admin's API key, one per version (the emulator's keys). */
export const CORPUS_API_KEYS: Record<CorpusVersion, string> = {
	17: 'f69dcfdbd77477a6cb675c8ebf986bb624634a25',
	18: '0ad4809a5e786074f1f3cb1835f56da0f1362742',
	19: 'f69dcfdbd77477a6cb675c8ebf986bb624634a25',
};
/** What a local URL in an answer becomes (Odoo's default port), so a recording does not depend on the port it got. */
export const CORPUS_URL = 'http://127.0.0.1:8069';
/** The clock of the first, hand-made recording (its calendar dates were chosen relative to it). */
export const FIRST_RECORDING_CLOCK = '2026-11-25T10:08:00Z';
const DEBUG_NOTE = 'response.body.error.data.debug truncated to the last 5 lines of the server traceback (source file paths shown relative to the Odoo source root)';
const REQUEST_HEADERS = ['Content-Type', 'Cookie', 'Authorization', 'X-Odoo-Database'];
const DAY_MS = 86_400_000;

export interface Target {
	version: CorpusVersion;
	url: string;
	db: string;
	login: string;
	password: string;
	apiKey: string;
	/** Other databases of the test harness that Odoo lists too (left out of database lists). */
	hiddenDatabases?: string[];
}

// --- plain JSON-RPC ---------------------------------------------------------------------------

export async function jsonRpc(target: Pick<Target, 'url'>, service: string, method: string, args: unknown[]): Promise<unknown> {
	const response = await fetch(`${target.url}/jsonrpc`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 0 }),
		signal: AbortSignal.timeout(120_000),
	});
	const answer = (await response.json()) as { result?: unknown; error?: { data?: { name?: string; message?: string } } };
	if (answer.error) throw new Error(`${service}.${method}: ${answer.error.data?.name ?? ''} ${answer.error.data?.message ?? JSON.stringify(answer.error)}`);
	return answer.result;
}

export async function executeAsAdmin(target: Target, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<unknown> {
	const uid = await jsonRpc(target, 'common', 'authenticate', [target.db, target.login, target.password, {}]);
	if (typeof uid !== 'number') throw new Error(`Odoo at ${target.url} refused login ${JSON.stringify(target.login)} on database ${JSON.stringify(target.db)}`);
	return await jsonRpc(target, 'object', 'execute_kw', [target.db, uid, target.password, model, method, args, kwargs]);
}

/**
 * The test harness's template loads pt_BR and so gives it to every partner and user, and Odoo then answers
 * error texts, labels and formatted values in Portuguese. The corpus is recorded in Odoo's source language, as
 * the emulator answers: en_US is activated and every partner (users included) set to it before the first request.
 */
export async function prepareDatabase(target: Target): Promise<{ partners: number }> {
	// a database created with --load-language has only that language active: en_US comes back first
	const english = (await executeAsAdmin(target, 'res.lang', 'search', [[['code', '=', 'en_US'], ['active', '=', false]]], { context: { active_test: false } })) as number[];
	if (english.length) await executeAsAdmin(target, 'res.lang', 'write', [english, { active: true }]);
	const ids = (await executeAsAdmin(target, 'res.partner', 'search', [[['lang', '!=', 'en_US']]], { context: { active_test: false } })) as number[];
	if (ids.length) await executeAsAdmin(target, 'res.partner', 'write', [ids, { lang: 'en_US' }], { context: { active_test: false } });
	return { partners: ids.length };
}

/** Per model, the id the next record will get: read before anything is written. */
export async function nextIds(target: Target, models: readonly string[]): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const model of models) {
		const ids = await executeAsAdmin(target, model, 'search', [[]], { order: 'id desc', limit: 1, context: { active_test: false } }).catch(() => undefined);
		if (Array.isArray(ids)) out[model] = (typeof ids[0] === 'number' ? ids[0] : 0) + 1;
	}
	return out;
}

// --- one call, as a model method ----------------------------------------------------------------

interface Call {
	model: string;
	method: string;
	/** Positional arguments (the array in the body, changed in place by the remapping). */
	args: unknown[];
	kwargs: Record<string, unknown>;
}

/** The model method a request calls: `/jsonrpc` execute_kw/execute, `/web/dataset/call_kw`, or JSON-2. */
function callOf(path: string, body: unknown): Call | undefined {
	if (!isObject(body)) return undefined;
	const params = isObject(body.params) ? body.params : undefined;
	if (path === '/jsonrpc' && params && params.service === 'object' && Array.isArray(params.args)) {
		const [, , , model, method] = params.args as unknown[];
		if (typeof model !== 'string' || typeof method !== 'string') return undefined;
		if (params.method === 'execute_kw') {
			if (!Array.isArray(params.args[5])) params.args[5] = [];
			const kwargs = isObject(params.args[6]) ? params.args[6] : {};
			return { model, method, args: params.args[5] as unknown[], kwargs };
		}
		return { model, method, args: params.args.slice(5), kwargs: {} };
	}
	if (path.startsWith('/web/dataset/call_kw') && params && typeof params.model === 'string' && typeof params.method === 'string') {
		return { model: params.model, method: params.method, args: Array.isArray(params.args) ? params.args : [], kwargs: isObject(params.kwargs) ? params.kwargs : {} };
	}
	const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
	if (json2) return { model: decodeURIComponent(json2[1]), method: decodeURIComponent(json2[2]), args: [], kwargs: body };
	return undefined;
}

function isIdList(value: unknown): value is number | number[] {
	return typeof value === 'number' || (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number'));
}

function rowIds(result: unknown): number[] | undefined {
	if (!Array.isArray(result)) return undefined;
	const ids = result.map((row) => (typeof row === 'number' ? row : Array.isArray(row) && typeof row[0] === 'number' ? row[0] : isObject(row) && typeof row.id === 'number' ? row.id : undefined));
	return ids.every((id) => id !== undefined) ? (ids as number[]) : undefined;
}

// --- the translation between the files and a live server ----------------------------------------

export class Recorder {
	/** Recorded session id -> live one, learned from Set-Cookie answers. */
	private readonly liveSessions = new Map<string, string>();
	/** Live session id -> its name in the files (deterministic, in order of appearance). */
	private readonly corpusSessions = new Map<string, string>();
	/** Per model, recorded id -> live id, where the live server gave another. */
	private readonly ids = new Map<string, Map<number, number>>();
	/** The Odoo source root in tracebacks, learned from the first one. */
	private sourceRoot: string | undefined;
	private readonly corpusKey: string;

	constructor(
		readonly target: Target,
		/** Whole days the calendar dates in requests move by: from the files' recording clock to this one. */
		readonly shiftDays = 0,
	) {
		this.corpusKey = CORPUS_API_KEYS[target.version];
	}

	/** The request as the files will hold it: remapped ids and shifted dates (the body is a fresh copy). */
	private requestBody(exchange: Exchange): unknown {
		const raw = exchange.request.body;
		if (raw === null || raw === undefined || typeof raw === 'string') return raw;
		let text = JSON.stringify(raw);
		if (this.shiftDays) text = text.replace(/\b(\d{4}-\d{2}-\d{2})(?=[ T"])/g, (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + this.shiftDays * DAY_MS).toISOString().slice(0, 10));
		const body = JSON.parse(text) as unknown;
		const call = callOf(exchange.request.path, body);
		if (call) this.remap(call);
		// the uid of execute_kw/execute: demo users get other ids in other versions' demo data
		const params = isObject(body) && isObject(body.params) ? body.params : undefined;
		if (exchange.request.path === '/jsonrpc' && params?.service === 'object' && Array.isArray(params.args)) params.args[1] = this.mapId('res.users', params.args[1]);
		return body;
	}

	private mapId(model: string, id: unknown): unknown {
		return typeof id === 'number' ? (this.ids.get(model)?.get(id) ?? id) : id;
	}

	/** Record ids of the called model in a request: the ids argument, `ids`, and `id` leaves of its domain. */
	private remap(call: Call): void {
		const map = (value: unknown) => (Array.isArray(value) ? value.map((id) => this.mapId(call.model, id)) : this.mapId(call.model, value));
		if (isIdList(call.args[0])) call.args[0] = map(call.args[0]);
		if (isIdList(call.kwargs.ids)) call.kwargs.ids = map(call.kwargs.ids);
		for (const domain of [call.args[0], call.kwargs.domain, call.kwargs.args]) {
			if (!Array.isArray(domain)) continue;
			for (const leaf of domain) if (Array.isArray(leaf) && leaf[0] === 'id' && leaf.length === 3) leaf[2] = map(leaf[2]);
		}
	}

	private learn(model: string, recorded: unknown, live: unknown): void {
		const before = typeof recorded === 'number' ? [recorded] : rowIds(recorded);
		const after = typeof live === 'number' ? [live] : rowIds(live);
		if (!before || !after || before.length !== after.length) return;
		const known = this.ids.get(model) ?? new Map<number, number>();
		before.forEach((id, index) => {
			if (id !== after[index]) known.set(id, after[index]);
			else known.delete(id);
		});
		this.ids.set(model, known);
	}

	/** The uid a login gave (`common.authenticate` / `login`, `/web/session/authenticate`), where the recording had another. */
	private learnUid(path: string, request: unknown, recorded: unknown, live: unknown): void {
		const params = isObject(request) && isObject(request.params) ? request.params : {};
		const login = (path === '/jsonrpc' && params.service === 'common' && (params.method === 'authenticate' || params.method === 'login')) || path === '/web/session/authenticate';
		if (!login || !isObject(recorded) || !isObject(live)) return;
		const uid = (body: Record<string, unknown>) => (isObject(body.result) ? body.result.uid : body.result);
		const [before, after] = [uid(recorded), uid(live)];
		if (typeof before === 'number' && typeof after === 'number') this.learn('res.users', before, after);
	}

	/** Ids the live server gave where the recording had others: new records, and search answers that line up. */
	private learnIds(call: Call, recorded: unknown, live: unknown): void {
		if (!isObject(recorded) || !isObject(live) || !('result' in recorded) || !('result' in live)) {
			if (call.model && Array.isArray(recorded) && Array.isArray(live)) this.learn(call.model, recorded, live);
			return;
		}
		const [before, after] = [recorded.result, live.result];
		if (call.method === 'message_post') this.learn('mail.message', before, after);
		else if (['create', 'copy', 'search', 'search_read', 'name_search', 'name_create'].includes(call.method)) this.learn(call.model, before, after);
		else if (call.method === 'read' && Array.isArray(before) && Array.isArray(after)) this.learn(call.model, before, after);
	}

	/** A live session id's name in the files: same length and alphabet, derived from its order of appearance. */
	private corpusSession(live: string): string {
		let known = this.corpusSessions.get(live);
		if (known) return known;
		const seed = `odoo${this.target.version}-session-${this.corpusSessions.size + 1}`;
		const hex = /^[0-9a-f]+$/.test(live);
		let text = '';
		for (let round = 0; text.length < live.length; round++) {
			const digest = createHash('sha256').update(`${seed}:${round}`).digest();
			text += hex ? digest.toString('hex') : digest.toString('base64url');
		}
		known = text.slice(0, live.length);
		this.corpusSessions.set(live, known);
		return known;
	}

	private liveHeaders(headers: Record<string, string>): Record<string, string> {
		const out: Record<string, string> = {};
		for (const [name, value] of Object.entries(headers)) {
			let live = value.split(this.corpusKey).join(this.target.apiKey);
			if (name.toLowerCase() === 'cookie') live = live.replace(/session_id=([^;\s]+)/, (_all, id: string) => `session_id=${this.liveSessions.get(id) ?? id}`);
			if (name.toLowerCase() === 'x-odoo-database' && live === CORPUS_DB) live = this.target.db;
			out[name] = live;
		}
		return out;
	}

	private liveBody(body: unknown): string | undefined {
		if (body === null || body === undefined) return undefined;
		if (typeof body === 'string') return body;
		let text = JSON.stringify(body).split(this.corpusKey).join(this.target.apiKey);
		text = text.replace(new RegExp(`"${CORPUS_DB}"`, 'g'), JSON.stringify(this.target.db));
		if (this.target.login !== 'admin' || this.target.password !== 'admin') {
			text = text.replace(/"admin","admin"/g, `${JSON.stringify(this.target.login)},${JSON.stringify(this.target.password)}`).replace(/,2,"admin",/g, `,2,${JSON.stringify(this.target.password)},`);
		}
		return text;
	}

	/** Live text -> file text: the API key, session ids, the server's URL. */
	private corpusText(text: string): string {
		let out = text.split(this.target.apiKey).join(this.corpusKey).split(this.target.url).join(CORPUS_URL);
		for (const [live, corpus] of this.corpusSessions) out = out.split(live).join(corpus);
		return out;
	}

	/** The last 5 lines of a traceback, with paths relative to the source root. */
	private shortTraceback(debug: string): string {
		if (!this.sourceRoot) {
			for (const [, path] of debug.matchAll(/File "([^"]+)"/g)) {
				const match = /^(.*\/)odoo\/(?:http\.py|service\/|api\.py|models\.py|fields\.py)/.exec(path);
				if (match) {
					this.sourceRoot = match[1];
					break;
				}
			}
		}
		const relative = this.sourceRoot ? debug.split(this.sourceRoot).join('') : debug;
		const trailing = relative.endsWith('\n');
		const lines = (trailing ? relative.slice(0, -1) : relative).split('\n');
		return `${lines.slice(-5).join('\n')}${trailing ? '\n' : ''}`;
	}

	/** Values of this server that no other would give: its PostgreSQL port, the harness's other databases. */
	private normalise(body: unknown, request: unknown, path: string): unknown {
		if (!isObject(body)) return body;
		const error = isObject(body.error) && isObject(body.error.data) ? body.error.data : isObject(body) && typeof body.debug === 'string' ? body : undefined;
		if (error) {
			for (const key of ['message', 'debug'] as const) {
				if (typeof error[key] === 'string') error[key] = (error[key] as string).replace(/(connection to server at "127\.0\.0\.1", port )\d+/g, '$15432');
			}
			if (Array.isArray(error.arguments)) error.arguments = error.arguments.map((arg) => (typeof arg === 'string' ? arg.replace(/(connection to server at "127\.0\.0\.1", port )\d+/g, '$15432') : arg));
		}
		const hidden = this.target.hiddenDatabases ?? [];
		const params = isObject(request) && isObject(request.params) ? request.params : {};
		const listsDatabases = path === '/web/database/list' || (path === '/jsonrpc' && params.service === 'db' && params.method === 'list');
		if (hidden.length && listsDatabases && Array.isArray(body.result)) body.result = body.result.filter((name) => !(typeof name === 'string' && hidden.includes(name)));
		return body;
	}

	/** Sends one exchange's request again and returns the exchange as the files now hold it. */
	async rerecord(exchange: Exchange): Promise<Exchange> {
		const requestBody = this.requestBody(exchange);
		const headers = this.liveHeaders(exchange.request.headers);
		const response = await fetch(`${this.target.url}${exchange.request.path}`, {
			method: exchange.request.method,
			headers,
			body: this.liveBody(requestBody),
			signal: AbortSignal.timeout(300_000),
		});
		const text = await response.text();
		const contentType = response.headers.get('content-type') ?? '';
		let body: unknown = text;
		if (contentType.includes('application/json')) {
			try {
				body = JSON.parse(text) as unknown;
			} catch {
				body = text;
			}
		}
		const answerHeaders: Record<string, string | string[]> = {};
		if (contentType) answerHeaders['Content-Type'] = contentType;
		const cookies = response.headers.getSetCookie();
		if (cookies.length) answerHeaders['Set-Cookie'] = cookies.length === 1 ? cookies[0] : cookies;

		// the recorded cookie stands for the live one in later requests
		const recordedCookie = sessionIds(exchange.response?.headers ?? {})[0];
		const liveCookies = sessionIds(answerHeaders);
		if (recordedCookie && liveCookies[0]) this.liveSessions.set(recordedCookie, liveCookies[0]);
		for (const id of liveCookies) this.corpusSession(id);
		const call = callOf(exchange.request.path, requestBody);
		if (call && exchange.response) this.learnIds(call, exchange.response.body, body);
		if (exchange.response) this.learnUid(exchange.request.path, requestBody, exchange.response.body, body);

		const notes = (exchange.notes ?? '').split(' | ').filter((note) => note && note !== DEBUG_NOTE);
		const debugHolder = isObject(body) && isObject(body.error) && isObject(body.error.data) ? body.error.data : isObject(body) && !('jsonrpc' in body) ? body : undefined;
		if (debugHolder && typeof debugHolder.debug === 'string' && debugHolder.debug) {
			const short = this.shortTraceback(debugHolder.debug);
			if (short !== debugHolder.debug) {
				debugHolder.debug = short;
				notes.push(DEBUG_NOTE);
			}
		}
		body = this.normalise(body, requestBody, exchange.request.path);
		const requestHeaders: Record<string, string> = {};
		for (const name of REQUEST_HEADERS) if (headers[name] !== undefined) requestHeaders[name] = headers[name];
		const recorded: Exchange = {
			name: exchange.name,
			...(notes.length ? { notes: notes.join(' | ') } : {}),
			request: { method: exchange.request.method, path: exchange.request.path, headers: requestHeaders, body: requestBody },
			response: { status: response.status, headers: answerHeaders, body },
		};
		// the request is stored as written (db name, stand-in key), the answer with this server's values translated back
		const stored = JSON.parse(this.corpusText(JSON.stringify(recorded))) as Exchange;
		stored.request.body = requestBody;
		stored.request.headers = JSON.parse(this.corpusText(JSON.stringify(requestHeaders))) as Record<string, string>;
		if (stored.request.headers['X-Odoo-Database'] === this.target.db) stored.request.headers['X-Odoo-Database'] = CORPUS_DB;
		return stored;
	}
}

function sessionIds(headers: Record<string, string | string[]>): string[] {
	const value = headers['Set-Cookie'];
	const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
	return list.map((cookie) => /^session_id=([^;\s]+)/.exec(cookie)?.[1]).filter((id): id is string => id !== undefined);
}

/** Whole days from one recording clock to another (calendar dates in requests move by this much). */
export function daysBetween(from: string, to: string): number {
	const day = (iso: string) => Math.floor(Date.parse(iso) / DAY_MS);
	return day(to) - day(from);
}
