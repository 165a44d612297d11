/** The JSON-RPC services (`/jsonrpc`: common, object, db) and the web client routes over one ORM. */
import { randomBytes } from 'node:crypto';

import { accessDenied, OdooError, sessionExpired, typeError } from './errors';
import { callKw } from './orm/methods';
import type { Store } from './orm/store';
import type { Env, Version } from './orm/types';

export interface UserLogin {
	uid: number;
	login: string;
	password: string;
	apiKey?: string;
}

/** What `common.version` reports; 19.0 runs the 18.0 models and data and adds JSON-2 (`json2.ts`). */
export type ServerVersion = Version | '19.0';

export interface RpcContext {
	store: Store;
	db: string;
	/** The models' and data's version (19.0 uses 18.0's). */
	version: Version;
	serverVersion: ServerVersion;
	/** The recorded server's own `server_version` (e.g. `17.0-20240709`), when the seed comes from a recording. */
	serverBuild?: string;
	users: UserLogin[];
	sessions: Map<string, number>;
	sessionInfo(uid: number): Record<string, unknown>;
}

export function versionInfo(version: ServerVersion, recordedBuild?: string): Record<string, unknown> {
	const serie = version;
	const build = recordedBuild ?? (version === '17.0' ? '17.0-20240709' : version === '18.0' ? '18.0-20250702' : '19.0');
	return { server_version: build, server_version_info: [Number(serie.split('.')[0]), 0, 0, 'final', 0, ''], server_serie: serie, protocol_version: 1 };
}

/**
 * 19's ORM words domain errors after its new Domain class ("condition" for "leaf"); the emulator's domain
 * parser says 17/18's, so a 19 server rewrites them on the way out.
 */
export function serverMessage(ctx: Pick<RpcContext, 'serverVersion'>, message: string): string {
	if (ctx.serverVersion !== '19.0') return message;
	return message.replace(/^(Invalid field \S+) in leaf (\(.*\))$/s, '$1 in condition $2').replace(/^Invalid leaf (\('[^']*', .*\))$/s, 'Invalid operator in condition $1');
}

export function env(ctx: RpcContext, uid: number): Env {
	return { store: ctx.store, uid, context: {}, version: ctx.version };
}

function checkDb(ctx: RpcContext, db: unknown): void {
	if (db !== ctx.db) throw new OdooError('psycopg2.OperationalError', `connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "${String(db)}" does not exist\n`);
}

/** The uid for a login and a password or API key (`rpc: true` accepts API keys). */
export function login(ctx: RpcContext, loginName: unknown, password: unknown, allowApiKey: boolean): number | false {
	const user = ctx.users.find((candidate) => candidate.login === loginName);
	if (!user) return false;
	if (user.password === password) return user.uid;
	if (allowApiKey && user.apiKey !== undefined && user.apiKey === password) return user.uid;
	return false;
}

function checkUid(ctx: RpcContext, uid: unknown, password: unknown): number {
	const user = ctx.users.find((candidate) => candidate.uid === uid);
	if (!user || (user.password !== password && user.apiKey !== password)) throw accessDenied();
	return user.uid;
}

export function dispatchJsonRpc(ctx: RpcContext, params: unknown): unknown {
	if (!params || typeof params !== 'object') throw typeError("dispatch_rpc() missing 3 required positional arguments: 'service_name', 'method', and 'params'");
	const { service, method, args } = params as { service?: unknown; method?: unknown; args?: unknown };
	if (args === undefined) throw typeError("dispatch_rpc() missing 1 required positional argument: 'params'");
	const list = Array.isArray(args) ? args : [];
	switch (service) {
		case 'common':
			switch (method) {
				case 'version':
					return versionInfo(ctx.serverVersion, ctx.serverBuild);
				case 'about':
					return 'See http://openerp.com';
				case 'login':
					checkDb(ctx, list[0]);
					return login(ctx, list[1], list[2], true);
				case 'authenticate':
					checkDb(ctx, list[0]);
					return login(ctx, list[1], list[2], true);
				default:
					throw new OdooError('builtins.Exception', `No such RPC method: ${String(method)}`);
			}
		case 'db':
			switch (method) {
				case 'list':
					return [ctx.db];
				case 'server_version':
					return versionInfo(ctx.serverVersion, ctx.serverBuild).server_version;
				default:
					throw new OdooError('builtins.KeyError', `'exp_${String(method)}'`);
			}
		case 'object': {
			// 19 unpacks db, uid, password, model and method before it looks at the service method
			if (ctx.serverVersion === '19.0' && list.length < 5) throw new OdooError('builtins.ValueError', `not enough values to unpack (expected at least 5, got ${list.length})`);
			if (method !== 'execute_kw' && method !== 'execute') throw new OdooError('builtins.NameError', `Method not available ${String(method)}`);
			const [db, uid, password, model, modelMethod, ...rest] = list;
			checkDb(ctx, db);
			const realUid = checkUid(ctx, uid, password);
			if (method === 'execute') return callKw(env(ctx, realUid), String(model), String(modelMethod), rest, {});
			return callKw(env(ctx, realUid), String(model), String(modelMethod), rest[0] ?? [], rest[1] ?? {});
		}
		default:
			throw new OdooError('builtins.KeyError', `'${String(service)}'`);
	}
}

export interface WebReply {
	result: unknown;
	setCookie?: string;
}

export function newSessionId(): string {
	return randomBytes(20).toString('hex');
}

export function dispatchWeb(ctx: RpcContext, path: string, params: Record<string, unknown>, sessionId: string | undefined): WebReply {
	const uid = sessionId === undefined ? undefined : ctx.sessions.get(sessionId);
	if (path === '/web/session/authenticate') {
		checkDb(ctx, params.db);
		const found = login(ctx, params.login, params.password, false);
		if (found === false) throw accessDenied();
		const id = newSessionId();
		ctx.sessions.set(id, found);
		return { result: ctx.sessionInfo(found), setCookie: `session_id=${id}; Expires=${new Date(Date.now() + 604800000).toUTCString()}; Max-Age=604800; HttpOnly; Path=/` };
	}
	if (path === '/web/session/get_session_info') {
		if (uid === undefined) throw sessionExpired();
		return { result: ctx.sessionInfo(uid) };
	}
	if (path === '/web/session/destroy') {
		if (sessionId !== undefined) ctx.sessions.delete(sessionId);
		return { result: undefined };
	}
	if (path === '/web/webclient/version_info') return { result: versionInfo(ctx.serverVersion, ctx.serverBuild) };
	if (path === '/web/database/list') return { result: [ctx.db] };
	if (path === '/web/dataset/call_kw' || path.startsWith('/web/dataset/call_kw/')) {
		// 18 routes `call_kw` on model and method, so a body without them is a 404 before any session check
		if (ctx.version === '18.0' && (typeof params.model !== 'string' || typeof params.method !== 'string')) {
			throw new OdooError('werkzeug.exceptions.NotFound', '404 Not Found: The requested URL was not found on the server.', 404);
		}
		if (uid === undefined) throw sessionExpired();
		return { result: callKw(env(ctx, uid), String(params.model), String(params.method), params.args ?? [], params.kwargs ?? {}) };
	}
	throw new OdooError('werkzeug.exceptions.NotFound', '404 Not Found: The requested URL was not found on the server.', 404);
}
