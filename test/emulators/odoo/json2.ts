/**
 * Odoo 19's External JSON-2 API: `POST /json/2/{model}/{method}` with `Authorization: bearer <api key>` and
 * `X-Odoo-Database`, the body holding the method's keyword arguments plus `ids` and `context`. Answers the bare
 * JSON result (recordsets as their ids), or an HTTP 4xx/5xx with `{name, message, arguments, context, debug}`,
 * after Odoo's `addons/web/controllers/json2.py` (`Json2RpcDispatcher.handle_error`): `UserError` and its
 * subclasses carry their own `http_status`, werkzeug's HTTP exceptions theirs, anything else is a 500.
 */
import { OdooError } from './errors';
import { callKw, isModelMethod } from './orm/methods';
import { env, serverMessage, type RpcContext } from './rpc';

export interface Json2Request {
	path: string;
	httpMethod: string;
	contentType: string;
	authorization: string | undefined;
	database: string | undefined;
	raw: string;
}

export interface Json2Reply {
	status: number;
	/** JSON, or the text of an HTML page when `contentType` says so. */
	body: unknown;
	contentType?: string;
	/** The parsed request body, for the request log. */
	request?: unknown;
	headers?: Record<string, string>;
}

/** Odoo's exception classes' `http_status` (odoo/exceptions.py); werkzeug's own codes. */
const STATUS: Record<string, number> = {
	'odoo.exceptions.UserError': 422,
	'odoo.exceptions.ValidationError': 422,
	'odoo.exceptions.AccessDenied': 403,
	'odoo.exceptions.AccessError': 403,
	'odoo.exceptions.MissingError': 404,
	'werkzeug.exceptions.BadRequest': 400,
	'werkzeug.exceptions.Unauthorized': 401,
	'werkzeug.exceptions.NotFound': 404,
	'werkzeug.exceptions.MethodNotAllowed': 405,
	'werkzeug.exceptions.UnprocessableEntity': 422,
};

class HttpError extends Error {
	constructor(
		readonly name: string,
		message: string,
		readonly status: number,
	) {
		super(message);
	}
}

/** What Odoo 19 answers for an X-Odoo-Database it does not serve (odoo/http.py, no database selected). */
const NO_DATABASE_PAGE =
	'<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n<!-- Alternatively, use the X-Odoo-Database header. -->\n';

function errorBody(name: string, message: string, args: unknown[]): Record<string, unknown> {
	return { name, message, arguments: args, context: {}, debug: '' };
}

function httpError(name: string, message: string): HttpError {
	return new HttpError(`werkzeug.exceptions.${name}`, message, STATUS[`werkzeug.exceptions.${name}`] ?? 500);
}

export function isJson2Path(path: string): boolean {
	return path === '/json/2' || path.startsWith('/json/2/');
}

export function dispatchJson2(ctx: RpcContext, request: Json2Request): Json2Reply {
	let parsed: unknown;
	try {
		// the database is chosen before any route: another name gets the server-wide HTML 404 page
		if (request.database !== undefined && request.database !== '' && request.database !== ctx.db) {
			return { status: 404, body: NO_DATABASE_PAGE, contentType: 'text/html; charset=utf-8' };
		}
		const match = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(request.path);
		// only POST has a route: anything else lands on json2.py's catch-all 404
		if (!match || request.httpMethod !== 'POST') throw httpError('NotFound', 'Did you mean POST /json/2/<model>/<method>?');
		const [model, method] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])];

		const bearer = /^bearer\s+(.+)$/i.exec(request.authorization?.trim() ?? '');
		if (!bearer) throw httpError('Unauthorized', 'User not authenticated, use an API Key with a Bearer Authorization header.');
		const token = bearer[1].trim();
		const user = ctx.users.find((candidate) => candidate.apiKey !== undefined && candidate.apiKey === token);
		if (!user) throw httpError('Unauthorized', 'Invalid apikey');

		if (!/^application\/json\b/i.test(request.contentType)) throw httpError('BadRequest', 'expected a json body (Content-Type: application/json)');
		let body: Record<string, unknown> = {};
		if (request.raw.trim() !== '') {
			try {
				parsed = JSON.parse(request.raw);
			} catch (error) {
				throw httpError('BadRequest', `could not parse the body as json: ${error instanceof Error ? error.message : String(error)}`);
			}
			if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw httpError('BadRequest', 'could not parse the body, expecting a json object');
			body = parsed as Record<string, unknown>;
		}
		const { ids: rawIds, context, ...kwargs } = body;
		const ids = rawIds === undefined || rawIds === null ? [] : rawIds;
		if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'number')) throw httpError('UnprocessableEntity', "'ids' must be a list of record ids");

		if (!ctx.store.has(model)) throw httpError('NotFound', `the model '${model}' does not exist`);
		const modelMethod = isModelMethod(ctx.store.model(model), method);
		if (modelMethod && ids.length) throw httpError('UnprocessableEntity', `cannot call ${model}.${method} with ids`);
		const args = modelMethod ? [] : [ids];
		const result = callKw(env(ctx, user.uid), model, method, args, context && typeof context === 'object' ? { ...kwargs, context } : kwargs, 'json2');
		// a method returning a recordset answers its ids: `create` always gives a list
		const answer = method === 'create' && typeof result === 'number' ? [result] : result;
		return { status: 200, body: answer === undefined ? null : answer, request: parsed };
	} catch (error) {
		if (error instanceof HttpError) {
			const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
			return { status: error.status, body: errorBody(error.name, error.message, [error.message, error.status]), request: parsed, headers };
		}
		if (OdooError.is(error)) {
			// the ORM's binding errors are the controller's `signature.bind` TypeError, answered 422
			if (error.errorName === 'builtins.TypeError') return { status: 422, body: errorBody('werkzeug.exceptions.UnprocessableEntity', error.message, [error.message, 422]), request: parsed };
			if (error.errorName === 'builtins.AttributeError' && /^The method '.*' does not exist$/.test(error.message)) {
				return { status: 404, body: errorBody('werkzeug.exceptions.NotFound', error.message, [error.message, 404]), request: parsed };
			}
			const message = serverMessage(ctx, error.message);
			return { status: STATUS[error.errorName] ?? 500, body: errorBody(error.errorName, message, [message]), request: parsed };
		}
		const message = error instanceof Error ? error.message : String(error);
		return { status: 500, body: errorBody('builtins.Exception', message, [message]), request: parsed };
	}
}
