import { OmniCrewError, type ErrorKind } from '../../../lib/errors';

/** The Odoo error kinds OmniCrew tells apart (see test/contracts/odoo/README.md, "Errors"). */
export type OdooErrorType =
	| 'access_denied'
	| 'access_error'
	| 'missing'
	| 'user_error'
	| 'validation'
	| 'session_expired'
	| 'unknown_model'
	| 'unknown_method'
	| 'bad_domain'
	| 'bad_arguments'
	| 'unknown_database'
	| 'server_error';

const KINDS: Record<OdooErrorType, ErrorKind> = {
	access_denied: 'refused',
	access_error: 'refused',
	missing: 'not_found',
	user_error: 'conflict',
	validation: 'invalid_input',
	session_expired: 'upstream',
	unknown_model: 'invalid_input',
	unknown_method: 'invalid_input',
	bad_domain: 'invalid_input',
	bad_arguments: 'invalid_input',
	unknown_database: 'invalid_input',
	server_error: 'upstream',
};

const LABELS: Record<OdooErrorType, string> = {
	access_denied: 'access denied (check the login and API key or password)',
	access_error: 'not allowed for this user',
	missing: 'record not found',
	user_error: 'refused by Odoo',
	validation: 'invalid data',
	session_expired: 'session expired',
	unknown_model: 'unknown model',
	unknown_method: 'unknown method',
	bad_domain: 'invalid domain, field or value',
	bad_arguments: 'wrong arguments',
	unknown_database: 'unknown database',
	server_error: 'server error',
};

/** Names we put in `odooName` when Odoo gave none ("unknown", "HTTP 404"): not Odoo's, so never passed on as its code. */
const PLACEHOLDER_NAME = /^(unknown|HTTP \d+)$/;

/**
 * An error Odoo itself raised, with its own message and exception name. The name travels as the
 * upstream code (`odoo.exceptions.AccessError`); the HTTP status only when Odoo answered with one
 * (JSON-2 and error pages: JSON-RPC answers its errors with 200).
 */
export class OdooError extends OmniCrewError {
	constructor(
		readonly type: OdooErrorType,
		readonly odooName: string,
		readonly odooMessage: string,
		httpStatus?: number,
	) {
		super(KINDS[type], `Odoo ${LABELS[type]}: ${odooMessage}`, { httpStatus, upstreamCode: PLACEHOLDER_NAME.test(odooName) ? undefined : odooName });
		this.name = 'OdooError';
	}
}

export interface OdooRpcError {
	code?: number;
	message?: string;
	data?: { name?: string; message?: string; arguments?: unknown[] };
}

/** Maps Odoo's exception name (and, where one name covers several cases, its message) to a type. */
export function odooErrorType(name: string, message: string, code?: number): OdooErrorType {
	if (code === 100 || name === 'odoo.http.SessionExpiredException') return 'session_expired';
	switch (name) {
		case 'odoo.exceptions.AccessDenied':
		case 'werkzeug.exceptions.Unauthorized':
			return 'access_denied';
		case 'odoo.exceptions.AccessError':
			return 'access_error';
		case 'odoo.exceptions.MissingError':
			return 'missing';
		case 'odoo.exceptions.ValidationError':
			return 'validation';
		case 'odoo.exceptions.UserError':
			return /^Object \S+ doesn't exist/.test(message) ? 'unknown_model' : 'user_error';
		case 'werkzeug.exceptions.NotFound':
			// JSON-2 (Odoo 19) answers an unknown model with NotFound "the model 'x' does not exist"
			return /model .*does not exist/i.test(message) ? 'unknown_model' : 'unknown_method';
		case 'builtins.AttributeError':
		case 'builtins.NameError':
		case 'builtins.Exception':
		case 'builtins.KeyError':
			return 'unknown_method';
		case 'builtins.ValueError':
		case 'builtins.AssertionError':
		case 'psycopg2.errors.InvalidTextRepresentation':
			return 'bad_domain';
		case 'builtins.TypeError':
			return 'bad_arguments';
		case 'psycopg2.OperationalError':
			return /database "[^"]*" does not exist/.test(message) ? 'unknown_database' : 'server_error';
		default:
			return 'server_error';
	}
}

/** `httpStatus`: the status of the HTTP answer that carried the error, when it was not 200 (JSON-2). */
export function odooErrorFrom(error: OdooRpcError, httpStatus?: number): OdooError {
	const name = error.data?.name ?? 'unknown';
	const message = (error.data?.message ?? error.message ?? 'no message').trim();
	return new OdooError(odooErrorType(name, message, error.code), name, message, httpStatus);
}
