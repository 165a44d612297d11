/**
 * Error kinds shared by clients, MCP tools and nodes.
 *
 * Every bundle carries its own copy of this module, so callers compare `kind` instead of
 * using `instanceof` across bundles.
 */
export type ErrorKind = 'invalid_input' | 'refused' | 'not_found' | 'conflict' | 'upstream' | 'internal';

export class OmniCrewError extends Error {
	readonly kind: ErrorKind;

	constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
		super(redactSecrets(message), options);
		this.kind = kind;
		this.name = 'OmniCrewError';
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
	constructor(message: string, options?: { cause?: unknown }) {
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

	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'UnconfirmedWriteError';
	}
}

export function isUnconfirmedWrite(error: unknown): error is UnconfirmedWriteError {
	return error instanceof Error && error.name === 'UnconfirmedWriteError' && (error as { outcome?: unknown }).outcome === 'unknown';
}

const ERROR_KINDS: readonly ErrorKind[] = ['invalid_input', 'refused', 'not_found', 'conflict', 'upstream', 'internal'];

export function errorKindOf(error: unknown): ErrorKind {
	if (error instanceof Error && 'kind' in error) {
		const kind = (error as { kind: unknown }).kind;
		if (typeof kind === 'string' && (ERROR_KINDS as readonly string[]).includes(kind)) return kind as ErrorKind;
	}
	return 'internal';
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
