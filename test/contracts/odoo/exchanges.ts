/**
 * The recorded Odoo corpus: its file format, recording order and the comparison the contract replay, the
 * recorder (scripts/record-odoo.ts) and the drift test share.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type CorpusVersion = 17 | 18 | 19;

export interface Exchange {
	name: string;
	notes?: string;
	request: { method: string; path: string; headers: Record<string, string>; body: unknown };
	response: { status: number; headers: Record<string, string | string[]>; body: unknown };
}

/** How one version's files were recorded: `recording.json` next to them (written by the recorder). */
export interface RecordingMeta {
	/** As the server reported it, e.g. `17.0-20240709`. */
	serverVersion: string;
	/** The server clock when the recording began and ended (ISO, UTC). */
	startedAt: string;
	endedAt: string;
	/** The clock when each file's first request was sent: defaults that depend on "now" follow it. */
	clocks: Record<string, string>;
	database: string;
	modules: string[];
	/** Languages loaded in the database, and the language every partner and user was given before recording. */
	languages: string[];
	userLanguage: string;
	/** Per model, the first id a record created while recording got (everything below is demo data). */
	firstNewIds: Record<string, number>;
	/** Files recorded with the Python `phonenumbers` library available to the server. */
	phoneLibraryFiles: string[];
	/** The admin API key in these files: a stand-in for the real one, which the recorder swaps in and out. */
	apiKey: string;
}

/** Recording order: every file starts from the state the previous ones left. */
export const CORPUS_ORDER: readonly string[] = [
	'version', 'authenticate', 'search_read', 'search_count', 'read', 'fields_get', 'name_search', 'partner_crud', 'read_deleted',
	'access_error', 'bad_domain', 'bad_method', 'stock', 'sale_order', 'session_flow', 'protocol', 'errors', 'calendar', 'discuss',
	'pricing', 'product_search', 'partner_phone', 'partner_phone_lib',
];

/** Files only some versions have, recorded after the common ones. */
export const VERSION_FILES: Record<CorpusVersion, readonly string[]> = { 17: [], 18: [], 19: ['json2'] };

export const CORPUS_ROOT = __dirname;

export function corpusDir(version: CorpusVersion, root = CORPUS_ROOT): string {
	return version === 17 ? root : join(root, `v${version}`);
}

export function corpusFiles(version: CorpusVersion): string[] {
	return [...CORPUS_ORDER, ...VERSION_FILES[version]];
}

export function hasCorpus(version: CorpusVersion, root = CORPUS_ROOT): boolean {
	return existsSync(join(corpusDir(version, root), 'version.json'));
}

export function loadExchanges(version: CorpusVersion, file: string, root = CORPUS_ROOT): Exchange[] {
	const path = join(corpusDir(version, root), `${file}.json`);
	const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
	if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of exchanges`);
	return parsed as Exchange[];
}

export function loadRecordingMeta(version: CorpusVersion, root = CORPUS_ROOT): RecordingMeta | undefined {
	const path = join(corpusDir(version, root), 'recording.json');
	return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as RecordingMeta) : undefined;
}

/** Values that depend on when the corpus was recorded: compared by type (and datetime format) only. */
export const TIME_KEYS: ReadonlySet<string> = new Set(['create_date', 'write_date', 'date', 'date_order', 'login_date', '__last_update', 'last_interest_dt']);

/** Values the server draws at random or from its bus traffic (random uuids, access tokens, bus counters): compared by type only. */
export const VOLATILE_KEYS: ReadonlySet<string> = new Set(['uuid', 'avatar_128_access_token', 'message_unread_counter_bus_id', 'message_needaction_counter_bus_id']);

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface DiffOptions {
	/** Keys whose string values depend on the clock: only checked to look like a date. */
	timeKeys?: ReadonlySet<string>;
	/** Keys whose values are drawn at random or from bus traffic: compared by type only. */
	volatileKeys?: ReadonlySet<string>;
}

/** Every difference between `expected` and `actual`, as `path: expected … got …` lines. */
export function diffValues(expected: unknown, actual: unknown, options: DiffOptions = {}, path = '$', key = ''): string[] {
	const { timeKeys = new Set<string>(), volatileKeys = new Set<string>() } = options;
	if (timeKeys.has(key) && typeof expected === 'string' && typeof actual === 'string') {
		return /^\d{4}-\d{2}-\d{2}/.test(actual) ? [] : [`${path}: expected a date, got ${JSON.stringify(actual)}`];
	}
	if (volatileKeys.has(key) && typeof expected === typeof actual && !isObject(expected) && !Array.isArray(expected)) return [];
	if (Array.isArray(expected)) {
		if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)?.slice(0, 120)}`];
		if (expected.length !== actual.length) return [`${path}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual).slice(0, 200)}`];
		return expected.flatMap((item, index) => diffValues(item, actual[index], options, `${path}[${index}]`, key));
	}
	if (isObject(expected)) {
		if (!isObject(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)?.slice(0, 120)}`];
		const out: string[] = [];
		for (const name of Object.keys(expected)) {
			if (!(name in actual)) out.push(`${path}.${name}: missing`);
			else out.push(...diffValues(expected[name], actual[name], options, `${path}.${name}`, name));
		}
		for (const name of Object.keys(actual)) if (!(name in expected)) out.push(`${path}.${name}: unexpected`);
		return out;
	}
	if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) < 1e-6 ? [] : [`${path}: expected ${expected}, got ${actual}`];
	return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)?.slice(0, 200)}, got ${JSON.stringify(actual)?.slice(0, 200)}`];
}

/**
 * Differences between a recorded answer and a live one: HTTP status, JSON-RPC `id`, presence of `result` /
 * `error`, `error.code` / `error.message` / `error.data.name` (`data.message` too when `messages` is set), and
 * the whole `result`. A bare JSON body (JSON-2) is compared whole, an error body by name and message.
 */
export function diffAnswers(expected: Exchange['response'], status: number, body: unknown, options: DiffOptions & { messages?: boolean } = {}): string[] {
	const problems: string[] = [];
	if (status !== expected.status) problems.push(`HTTP status: expected ${expected.status}, got ${status}`);
	const want = expected.body;
	if (!isObject(want) || !('jsonrpc' in want)) {
		if (isObject(want) && typeof want.name === 'string' && 'debug' in want && isObject(body)) {
			return [...problems, ...diffValues(want.name, body.name, {}, 'name'), ...diffValues(want.message, body.message, {}, 'message')];
		}
		return [...problems, ...diffValues(want, body, options, 'body')];
	}
	if (!isObject(body)) return [...problems, `body: expected JSON, got ${JSON.stringify(body)?.slice(0, 200)}`];
	problems.push(...diffValues(want.id, body.id, {}, 'id'));
	if ('result' in want !== 'result' in body) problems.push(`result: expected ${'result' in want ? 'present' : 'absent'}`);
	if ('error' in want !== 'error' in body) problems.push(`error: expected ${'error' in want ? JSON.stringify(want.error).slice(0, 160) : 'none'}, got ${JSON.stringify(body.error ?? null).slice(0, 300)}`);
	if (isObject(want.error) && isObject(body.error)) {
		const [e, a] = [want.error, body.error];
		const [ed, ad] = [isObject(e.data) ? e.data : {}, isObject(a.data) ? a.data : {}];
		problems.push(...diffValues(e.code, a.code, {}, 'error.code'), ...diffValues(e.message, a.message, {}, 'error.message'), ...diffValues(ed.name, ad.name, {}, 'error.data.name'));
		if (options.messages) problems.push(...diffValues(ed.message, ad.message, {}, 'error.data.message'));
	}
	if ('result' in want && 'result' in body) problems.push(...diffValues(want.result, body.result, options, 'result'));
	return problems;
}
