/**
 * Error kinds shared by clients, MCP tools and nodes.
 *
 * Every bundle carries its own copy of this module, so callers compare `kind` instead of
 * using `instanceof` across bundles.
 */
export type ErrorKind = 'invalid_input' | 'refused' | 'not_found' | 'conflict' | 'upstream' | 'internal';

/**
 * What the system behind a tool said when it failed, kept as data so callers never read it back
 * out of a sentence: the HTTP status of its answer and its own name for the error (Odoo's
 * exception class such as `odoo.exceptions.AccessError`, the `code` of a Chatwoot error body).
 */
export interface UpstreamFacts {
	httpStatus?: number;
	upstreamCode?: string;
}

export interface OmniCrewErrorOptions extends UpstreamFacts {
	cause?: unknown;
}

export class OmniCrewError extends Error {
	readonly kind: ErrorKind;
	// declared only: set when known, so an error without them has no such members at all
	declare readonly httpStatus?: number;
	declare readonly upstreamCode?: string;

	/** Facts not given are taken from `cause`: a wrapping error (an unconfirmed write) keeps what the upstream answered. */
	constructor(kind: ErrorKind, message: string, options: OmniCrewErrorOptions = {}) {
		super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
		this.kind = kind;
		this.name = 'OmniCrewError';
		const inherited = upstreamFactsOf(options.cause);
		const httpStatus = options.httpStatus ?? inherited.httpStatus;
		const upstreamCode = options.upstreamCode ?? inherited.upstreamCode;
		if (httpStatus !== undefined) this.httpStatus = httpStatus;
		if (upstreamCode !== undefined) this.upstreamCode = redactSecrets(upstreamCode);
	}
}

/** The caller sent something we cannot accept; the message names the field and what is allowed. */
export class InvalidInputError extends OmniCrewError {
	constructor(message: string) {
		super('invalid_input', message);
		this.name = 'InvalidInputError';
	}
}

/** A well-formed request that policy forbids (no tenant, wrong profile, not the owner). */
export class RefusedError extends OmniCrewError {
	constructor(message: string) {
		super('refused', message);
		this.name = 'RefusedError';
	}
}

/** The external system failed or could not be reached. */
export class UpstreamError extends OmniCrewError {
	constructor(message: string, options?: OmniCrewErrorOptions) {
		super('upstream', message, options);
		this.name = 'UpstreamError';
	}
}

/**
 * A write (a create, a sent message, a booking) that failed after its request may have reached the
 * upstream: a timeout, a dropped connection or a 5xx. It was not sent again, so it cannot be applied
 * twice; it may or may not have been applied, and the message says to check before trying again.
 */
export class UnconfirmedWriteError extends UpstreamError {
	/** Compared instead of `instanceof`, which fails across bundles. */
	readonly outcome = 'unknown' as const;

	constructor(message: string, options?: OmniCrewErrorOptions) {
		super(message, options);
		this.name = 'UnconfirmedWriteError';
	}
}

export function isUnconfirmedWrite(error: unknown): error is UnconfirmedWriteError {
	return error instanceof Error && error.name === 'UnconfirmedWriteError' && (error as { outcome?: unknown }).outcome === 'unknown';
}

const ERROR_KINDS: readonly ErrorKind[] = ['invalid_input', 'refused', 'not_found', 'conflict', 'upstream', 'internal'];

export const isErrorKind = (value: unknown): value is ErrorKind => typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);

export function errorKindOf(error: unknown): ErrorKind {
	if (error instanceof Error && 'kind' in error) {
		const kind = (error as { kind: unknown }).kind;
		if (isErrorKind(kind)) return kind;
	}
	return 'internal';
}

const isHttpStatus = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599;

/**
 * The upstream facts an error carries (duck-typed: errors cross bundles), each only when it is
 * well-formed: an HTTP status is a whole number from 100 to 599, a code a non-empty string.
 */
export function upstreamFactsOf(error: unknown): UpstreamFacts {
	if (typeof error !== 'object' || error === null) return {};
	const { httpStatus, upstreamCode } = error as { httpStatus?: unknown; upstreamCode?: unknown };
	const facts: UpstreamFacts = {};
	if (isHttpStatus(httpStatus)) facts.httpStatus = httpStatus;
	if (typeof upstreamCode === 'string' && upstreamCode !== '') facts.upstreamCode = upstreamCode;
	return facts;
}

export function errorMessageOf(error: unknown): string {
	return redactSecrets(error instanceof Error ? error.message : String(error));
}

/**
 * Removes secrets that upstream libraries like to echo back: passwords in connection URLs,
 * bearer tokens and API-key headers or parameters.
 */
export function redactSecrets(text: string): string {
	return text
		.replace(/([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*):([^@/\s]+)@/gi, '$1$2:***@')
		.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***')
		.replace(/((?:api[_-]?(?:access[_-]?)?(?:key|token)|password|secret)["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi, '$1***');
}
