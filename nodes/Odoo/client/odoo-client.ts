import { createHash } from 'node:crypto';

import { InvalidInputError, UnconfirmedWriteError } from '../../../lib/errors';
import {
	DEFAULT_RETRY,
	TransientError,
	fetchText,
	deliveryOf,
	guardFor,
	parseRetryAfter,
	secretFingerprint,
	type RetryPolicy,
	type UpstreamGuard,
} from '../../../lib/resilience';
import { OdooError, odooErrorFrom, type OdooRpcError } from './errors';
import type { Domain, OdooConfig, OdooProtocol, OdooRecord, OdooUserContext, OdooVersion } from './types';

/** Odoo 19 introduced /json/2 and GET /json/version; /jsonrpc is deprecated there and goes in 20. */
export const JSON2_SINCE = 19;

export interface CallOptions {
	ids?: number[];
	/**
	 * Positional arguments after `ids`, for JSON-RPC's execute_kw. Odoo's `create` takes its values
	 * only positionally there (api.model_create_multi reads args[0]), and a model may name `write`'s
	 * parameter otherwise than `vals` (calendar.event: `values`); JSON-2 takes keywords only.
	 */
	args?: unknown[];
	kwargs?: Record<string, unknown>;
	context?: Record<string, unknown>;
	/**
	 * Whether calling twice has the effect of calling once. Defaults to true only for the known
	 * read methods (READ_METHODS): any other method may create, change or send something.
	 */
	idempotent?: boolean;
}

/**
 * ORM methods that only read. Any other method is treated as a write: it is retried only when
 * the request provably never reached Odoo, so a create, a booking or a confirmation after a lost
 * answer is never done twice.
 */
export const READ_METHODS: ReadonlySet<string> = new Set([
	'search',
	'search_read',
	'search_count',
	'read',
	'read_group',
	'web_search_read',
	'web_read',
	'web_read_group',
	'fields_get',
	'name_search',
	'name_get',
	'default_get',
	'check_access_rights',
	'check_access_rule',
	'has_access',
	'context_get',
]);

/** What a write on these models is called in an error a person reads. */
const RECORD_NOUNS: Record<string, string> = {
	'sale.order': 'the order',
	'sale.order.line': 'the order line',
	'calendar.event': 'the booking',
	'res.partner': 'the contact',
	'crm.lead': 'the lead',
	'mail.message': 'the message',
	'account.move': 'the invoice',
};

function possibleEffect(model: string, method: string): string {
	const noun = `${RECORD_NOUNS[model] ?? 'the record'} (${model})`;
	if (method === 'create') return `${noun} may have been created`;
	if (method === 'write') return `${noun} may have been changed`;
	if (method === 'unlink') return `${noun} may have been deleted`;
	if (method === 'message_post') return `the message may have been posted on ${noun}`;
	return `${method} on ${noun} may have run`;
}

/**
 * execute_kw raises a UserError "Object <model> doesn't exist" for an unknown model, translated
 * into the user's language ("O objeto <model> não existe"): the technical model name inside a
 * UserError's message is what every language keeps.
 */
function isUnknownModel(error: unknown, model: string): error is OdooError {
	if (!(error instanceof OdooError) || error.type !== 'user_error') return false;
	const escaped = model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|\\s)${escaped}(\\s|$)`).test(error.odooMessage) && error.odooMessage.length <= 80 + model.length;
}

function baseUrl(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url.trim());
	} catch {
		throw new InvalidInputError(`Odoo URL "${url}" is not a URL: use the address you open Odoo at, e.g. https://erp.example.com.`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InvalidInputError('Odoo URL must start with http:// or https://.');
	return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/(web|odoo)$/, '')}`;
}

interface Remembered {
	version?: OdooVersion;
	uid?: number;
	context?: OdooUserContext;
}

/**
 * A login's version, user id and own context, shared by the clients of one process for a few
 * minutes: nodes build a client per execution, and asking Odoo again each time doubled the calls
 * a turn makes. Keyed by a hash that includes the secret, so a changed key logs in afresh; the secret
 * travels with every call anyway, so a revoked one still fails at once.
 */
const LOGINS = new Map<string, Remembered & { until: number }>();
const LOGIN_TTL_MS = 5 * 60_000;
/** Logins one process keeps at most (one per tenant database and user): expired ones go first, then the oldest. */
const MAX_LOGINS = 2_000;

/**
 * Odoo's external API for one database and one user. Speaks JSON-RPC (`/jsonrpc`, execute_kw)
 * to Odoo 16–18 and, on 19+ with an API key, JSON-2 (`/json/2/{model}/{method}`), chosen from
 * the server's own version. Reads are retried on network failures, HTTP 5xx and 429; writes only
 * when the request provably never reached Odoo or was throttled with a Retry-After. Odoo's own
 * errors are answers, typed by OdooError, and never retried. The circuit breaker and 429
 * back-pressure belong to the account (URL, database and login), not to the whole server.
 */
export class OdooClient {
	readonly url: string;
	readonly db: string;
	private readonly username: string;
	private readonly secret: string;
	private readonly usesApiKey: boolean;
	private readonly protocolChoice: OdooProtocol;
	private readonly timeoutMs: number;
	private readonly retry: RetryPolicy;
	private readonly guard: UpstreamGuard;
	private versionInfo?: Promise<OdooVersion>;
	private uidPromise?: Promise<number>;
	private contextPromise?: Promise<OdooUserContext>;
	private readonly loginKey: string;
	private rpcId = 0;

	constructor(config: OdooConfig) {
		this.url = baseUrl(config.url);
		if (!config.db) throw new InvalidInputError('The Odoo database name is empty: it is shown on Odoo\'s login page or in the URL (?db=).');
		if (!config.username) throw new InvalidInputError('The Odoo login is empty.');
		const secret = config.apiKey || config.password;
		if (!secret) throw new InvalidInputError('Give an Odoo API key (Preferences → Account Security) or the password.');
		this.db = config.db;
		this.username = config.username;
		this.secret = secret;
		this.usesApiKey = Boolean(config.apiKey);
		this.protocolChoice = config.protocol ?? 'auto';
		this.timeoutMs = config.timeoutMs ?? 15_000;
		this.retry = config.retry ?? DEFAULT_RETRY;
		this.loginKey = createHash('sha256').update(JSON.stringify([this.url, this.db, this.username, this.secret])).digest('hex');
		this.guard = guardFor(`odoo|${this.url}|${this.db}|${secretFingerprint(JSON.stringify([this.username, this.secret]))}`, `Odoo at ${this.url} (database ${this.db})`);
	}

	private remembered(): Remembered {
		const login = LOGINS.get(this.loginKey);
		if (!login || login.until < Date.now()) return {};
		return login;
	}

	private remember(fields: Remembered): void {
		const current = this.remembered();
		const now = Date.now();
		LOGINS.delete(this.loginKey);
		LOGINS.set(this.loginKey, { ...current, ...fields, until: now + LOGIN_TTL_MS });
		if (LOGINS.size > MAX_LOGINS) {
			for (const [key, login] of LOGINS) if (login.until < now) LOGINS.delete(key);
			while (LOGINS.size > MAX_LOGINS) LOGINS.delete(LOGINS.keys().next().value as string);
		}
	}

	/** `common.version`, fetched once per client. */
	async version(): Promise<OdooVersion> {
		const known = this.remembered().version;
		if (known) return known;
		this.versionInfo ??= this.askVersion().then((version) => {
			this.remember({ version });
			return version;
		});
		return await this.versionInfo.catch((error: unknown) => {
			this.versionInfo = undefined;
			throw error;
		});
	}

	/**
	 * With an API key (a JSON-2 candidate) `GET /json/version` is asked first: Odoo 19+ answers it,
	 * and /jsonrpc, deprecated there, is then never used. Older servers answer 404 and are asked
	 * `common.version` over /jsonrpc, as a password login always is.
	 */
	private async askVersion(): Promise<OdooVersion> {
		if (this.usesApiKey && this.protocolChoice !== 'jsonrpc') {
			const info = await this.getJson<{ version_info?: unknown[]; version?: string }>(`${this.url}/json/version`);
			const [major, minor] = Array.isArray(info?.version_info) ? info.version_info : [];
			if (typeof major === 'number' && typeof minor === 'number') {
				return { server_version: String(info?.version ?? `${major}.${minor}`), server_serie: `${major}.${minor}`, major };
			}
		}
		const info = await this.rpc<{ server_version: string; server_serie: string }>('common', 'version', []);
		return {
			server_version: info.server_version,
			server_serie: info.server_serie,
			// "17.0", "18.0+e", "saas~18.2": the first number is the major
			major: Number(/(\d+)/.exec(String(info.server_serie ?? info.server_version))?.[1] ?? 0),
		};
	}

	/** A GET that answers JSON, or undefined when the server has no such route (404, or not JSON). */
	private async getJson<T>(url: string): Promise<T | undefined> {
		return await this.guard.run({
			attempt: async () => {
				const { response, text } = await fetchText(`Odoo at ${this.url}`, url, { headers: { accept: 'application/json' } }, this.timeoutMs);
				if (response.status === 429) {
					throw new TransientError(`Odoo at ${this.url} asked to slow down (HTTP 429).`, 'throttled', {
						retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
						symptom: 'asked to slow down (HTTP 429)',
						httpStatus: 429,
					});
				}
				if (response.status >= 500) throw new TransientError(`Odoo at ${this.url} answered HTTP ${response.status}.`, 'maybe_delivered', { symptom: `answered HTTP ${response.status}`, httpStatus: response.status });
				if (!response.ok) return undefined;
				try {
					return JSON.parse(text) as T;
				} catch {
					return undefined;
				}
			},
			idempotent: true,
			policy: this.retry,
			isFailure: () => true,
		});
	}

	async protocol(): Promise<'jsonrpc' | 'json2'> {
		if (this.protocolChoice !== 'auto') return this.protocolChoice;
		return this.usesApiKey && (await this.version()).major >= JSON2_SINCE ? 'json2' : 'jsonrpc';
	}

	/**
	 * The user id, or an access_denied OdooError that says what to check: `common.authenticate` over JSON-RPC; over
	 * JSON-2, whose key needs no login step, the id `res.users.context_get` gives, so /jsonrpc is never used there.
	 */
	async uid(): Promise<number> {
		const known = this.remembered().uid;
		if (known) return known;
		this.uidPromise ??= (async () => {
			const uid = (await this.protocol()) === 'json2' ? (await this.contextGet()).uid : await this.rpc<number | false>('common', 'authenticate', [this.db, this.username, this.secret, {}]);
			if (typeof uid !== 'number' || uid <= 0) {
				throw new OdooError(
					'access_denied',
					'odoo.exceptions.AccessDenied',
					`login "${this.username}" was refused by database "${this.db}": check the login and the API key or password`,
				);
			}
			this.remember({ uid });
			return uid;
		})();
		return await this.uidPromise.catch((error: unknown) => {
			this.uidPromise = undefined;
			throw error;
		});
	}

	/**
	 * The login's own language and time zone (`res.users.context_get`), as Odoo's web client sends
	 * them with every call. Without `lang` Odoo reads and searches translatable fields (product
	 * names) in English, so a pt_BR shop's "Mesa grande" is only found as "Large Desk". A server
	 * that does not know the method gives an empty context.
	 */
	async userContext(): Promise<OdooUserContext> {
		const known = this.remembered().context;
		if (known) return known;
		this.contextPromise ??= (async () => {
			let raw: Record<string, unknown> = {};
			try {
				raw = await this.contextGet();
			} catch (error) {
				if (!(error instanceof OdooError) || error.type !== 'unknown_method') throw error;
			}
			const context: OdooUserContext = {
				...(typeof raw.lang === 'string' && raw.lang ? { lang: raw.lang } : {}),
				...(typeof raw.tz === 'string' && raw.tz ? { tz: raw.tz } : {}),
			};
			this.remember({ context });
			return context;
		})();
		return await this.contextPromise.catch((error: unknown) => {
			this.contextPromise = undefined;
			throw error;
		});
	}

	private async contextGet(): Promise<Record<string, unknown>> {
		return (await this.call<Record<string, unknown> | null>('res.users', 'context_get')) ?? {};
	}

	/** One ORM method: `ids` (for record methods), keyword arguments and context. */
	async call<T>(model: string, method: string, options: CallOptions = {}): Promise<T> {
		const idempotent = options.idempotent ?? READ_METHODS.has(method);
		const kwargs = { ...(options.kwargs ?? {}), ...(options.context ? { context: options.context } : {}) };
		// the version and the login are settled first: their failures say nothing about the write
		const json2 = (await this.protocol()) === 'json2';
		const uid = json2 ? 0 : await this.uid();
		try {
			if (json2) return await this.json2<T>(model, method, { ...(options.ids ? { ids: options.ids } : {}), ...kwargs }, idempotent);
			const args: unknown[] = [...(options.ids ? [options.ids] : []), ...(options.args ?? [])];
			return await this.rpc<T>('object', 'execute_kw', [this.db, uid, this.secret, model, method, args, kwargs], idempotent);
		} catch (error) {
			if (isUnknownModel(error, model)) throw new OdooError('unknown_model', error.odooName, error.odooMessage, error.httpStatus);
			if (!idempotent && deliveryOf(error) === 'maybe_delivered') {
				throw new UnconfirmedWriteError(
					`Odoo at ${this.url} ${(error as TransientError).symptom}; ${possibleEffect(model, method)}, so it was not sent again. Check in Odoo before trying again.`,
					{ cause: error },
				);
			}
			throw error;
		}
	}

	async searchRead(
		model: string,
		domain: Domain,
		options: { fields?: string[]; limit?: number; offset?: number; order?: string; context?: Record<string, unknown> } = {},
	): Promise<OdooRecord[]> {
		const { context, ...kwargs } = options;
		return await this.call<OdooRecord[]>(model, 'search_read', { kwargs: { domain, ...kwargs }, context });
	}

	async read(model: string, ids: number[], fields?: string[], context?: Record<string, unknown>): Promise<OdooRecord[]> {
		return await this.call<OdooRecord[]>(model, 'read', { ids, kwargs: fields ? { fields } : {}, context });
	}

	async searchCount(model: string, domain: Domain, context?: Record<string, unknown>): Promise<number> {
		return await this.call<number>(model, 'search_count', { kwargs: { domain }, context });
	}

	async create(model: string, values: Record<string, unknown>, context?: Record<string, unknown>): Promise<number> {
		const json2 = (await this.protocol()) === 'json2';
		const created = await this.call<number | number[]>(model, 'create', json2 ? { kwargs: { vals_list: [values] }, context } : { args: [[values]], context });
		return Array.isArray(created) ? created[0] : created;
	}

	async write(model: string, ids: number[], values: Record<string, unknown>, context?: Record<string, unknown>): Promise<boolean> {
		const json2 = (await this.protocol()) === 'json2';
		return await this.call<boolean>(model, 'write', json2 ? { ids, kwargs: { vals: values }, context } : { ids, args: [values], context });
	}

	async unlink(model: string, ids: number[], context?: Record<string, unknown>): Promise<boolean> {
		return await this.call<boolean>(model, 'unlink', { ids, context });
	}

	async fieldsGet(model: string, attributes: string[] = ['string', 'type', 'required', 'relation', 'selection']): Promise<Record<string, Record<string, unknown>>> {
		return await this.call(model, 'fields_get', { kwargs: { attributes } });
	}

	/** JSON-RPC over /jsonrpc; Odoo answers its own errors with HTTP 200 and an `error` member. */
	private async rpc<T>(service: string, method: string, args: unknown[], idempotent = true): Promise<T> {
		const body = { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: ++this.rpcId };
		const answer = await this.post<{ result?: T; error?: OdooRpcError }>(`${this.url}/jsonrpc`, body, {}, idempotent);
		if (answer.error) throw odooErrorFrom(answer.error);
		return answer.result as T;
	}

	/** JSON-2 (Odoo 19+): errors come as HTTP 4xx/5xx with {name, message}. */
	private async json2<T>(model: string, method: string, body: Record<string, unknown>, idempotent: boolean): Promise<T> {
		try {
			return await this.postJson2<T>(model, method, body, idempotent);
		} catch (error) {
			// Odoo 19 answers an unknown X-Odoo-Database with its HTML 404 page, not a JSON error
			if (error instanceof OdooError && error.type === 'server_error' && error.odooName === 'HTTP 404') {
				throw new OdooError('unknown_database', 'werkzeug.exceptions.NotFound', `database "${this.db}" was not found at ${this.url} (JSON-2 answered 404): check the database name`, 404);
			}
			throw error;
		}
	}

	private async postJson2<T>(model: string, method: string, body: Record<string, unknown>, idempotent: boolean): Promise<T> {
		return await this.post<T>(
			`${this.url}/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`,
			body,
			{ authorization: `bearer ${this.secret}`, 'x-odoo-database': this.db },
			idempotent,
		);
	}

	private async post<T>(url: string, body: unknown, headers: Record<string, string>, idempotent: boolean): Promise<T> {
		return await this.guard.run({
			attempt: async () => await this.postOnce<T>(url, body, headers),
			idempotent,
			policy: this.retry,
			isFailure: (error) => !(error instanceof OdooError),
		});
	}

	private async postOnce<T>(url: string, body: unknown, headers: Record<string, string>): Promise<T> {
		const { response, text } = await fetchText(
			`Odoo at ${this.url}`,
			url,
			{ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(body) },
			this.timeoutMs,
		);
		if (response.status === 429) {
			// a proxy's or Odoo.sh's rate limit: nothing was done
			const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
			throw new TransientError(`Odoo at ${this.url} asked to slow down (HTTP 429).`, 'throttled', { retryAfterMs, symptom: 'asked to slow down (HTTP 429)', httpStatus: 429 });
		}
		const failed = (status: number) => new TransientError(`Odoo at ${this.url} answered HTTP ${status}.`, 'maybe_delivered', { symptom: `answered HTTP ${status}`, httpStatus: status });
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			// a proxy's or a crashed worker's page: worth another try when it is a 5xx
			if (response.status >= 500) throw failed(response.status);
			throw new OdooError('server_error', `HTTP ${response.status}`, `Odoo answered HTTP ${response.status} with no JSON: ${text.slice(0, 200)}`, response.status);
		}
		// JSON-2 answers Odoo's own exceptions with 4xx/500 and {name, message}: answers, not outages
		if (response.status >= 500 && !(parsed as { name?: unknown }).name) throw failed(response.status);
		if (!response.ok) {
			const error = parsed as { name?: string; message?: string };
			throw odooErrorFrom({ code: response.status, data: { name: error.name, message: error.message ?? `HTTP ${response.status}` } }, response.status);
		}
		return parsed as T;
	}
}
