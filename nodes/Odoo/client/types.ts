export type OdooProtocol = 'auto' | 'jsonrpc' | 'json2';

export interface OdooConfig {
	/** e.g. https://erp.example.com (no path). */
	url: string;
	db: string;
	username: string;
	/** An API key (preferred) or the user's password. */
	apiKey?: string;
	password?: string;
	/** auto: JSON-2 on Odoo 19+ when an API key is given, JSON-RPC otherwise. */
	protocol?: OdooProtocol;
	timeoutMs?: number;
	/** maxRetryAfterMs: the longest Retry-After worth waiting for (default 30 s); a longer one fails at once. */
	retry?: { attempts: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs?: number };
}

export interface OdooVersion {
	server_version: string;
	server_serie: string;
	/** The major version as a number: 17, 18, 19... */
	major: number;
}

export type Domain = Array<string | [string, string, unknown]>;

export type OdooRecord = Record<string, unknown> & { id: number };

/** What `res.users.context_get` says of the login: its language (e.g. pt_BR) and IANA time zone, when set. */
export interface OdooUserContext {
	lang?: string;
	tz?: string;
}
