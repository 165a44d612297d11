/** HTTP plumbing: Odoo's JSON routes, HTTP 400 cases, injected failures and the request log. */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { OdooError } from './errors';
import { FaultBook, requestFacts } from './faults';
import { dispatchJson2, isJson2Path } from './json2';
import { dispatchJsonRpc, dispatchWeb, serverMessage, versionInfo, type RpcContext } from './rpc';
import { closeServer, listenOn, readBody } from '../http';

export interface RecordedRequest {
	path: string;
	body: unknown;
	status: number;
	response: unknown;
	/** The injected fault that answered it, if any ('timeout' when the answer was held back). */
	fault?: string;
}

interface InjectedFailure {
	pattern: RegExp;
	status: number;
	remaining: number;
}

const JSON_ROUTES = ['/jsonrpc', '/web/session/authenticate', '/web/session/get_session_info', '/web/session/destroy', '/web/webclient/version_info', '/web/database/list', '/web/dataset/call_kw'];

function nginxPage(status: number): string {
	const text = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
	return `<html><head><title>${text}</title></head><body><center><h1>${text}</h1></center><hr><center>nginx</center></body></html>\n`;
}

function badRequestHtml(path: string): string {
	return `<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>Request inferred type is compatible with [&#39;http&#39;] but &#39;${path}&#39; is type=&#39;json&#39;.</p>\n`;
}

function unsupportedMediaHtml(path: string, compatible: string[]): string {
	const types = compatible.map((type) => `&#39;${type}&#39;`).join(', ');
	return `<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n<h1>Unsupported Media Type</h1>\n<p>Request inferred type is compatible with [${types}] but &#39;${path}&#39; is type=&#39;jsonrpc&#39;.<br><br>Please verify the Content-Type request header and try again.</p>\n`;
}

export class OdooServer {
	readonly requests: RecordedRequest[] = [];
	readonly faults = new FaultBook();
	private readonly failures: InjectedFailure[] = [];
	private readonly server: Server;

	constructor(private readonly ctx: RpcContext) {
		this.server = createServer((req, res) => {
			void this.handle(req, res).catch((error: unknown) => {
				if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
				res.end(error instanceof Error ? error.message : String(error));
			});
		});
	}

	failNext(pattern: RegExp, status: number, times = 1): void {
		this.failures.push({ pattern, status, remaining: times });
	}

	/** Ends an injected outage early: the failures not yet served are dropped. */
	clearFailures(): void {
		this.failures.length = 0;
	}

	async listen(port: number, host: string): Promise<number> {
		return await listenOn(this.server, port, host);
	}

	async close(): Promise<void> {
		await closeServer(this.server);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname;
		const raw = await readBody(req);
		const record: RecordedRequest = { path, body: raw, status: 0, response: undefined };
		this.requests.push(record);
		const facts = requestFacts(this.ctx, path, raw, { authorization: headerOf(req, 'authorization'), cookie: headerOf(req, 'cookie') });
		const write = (status: number, contentType: string, body: string, extra: Record<string, string>) => {
			record.status = status;
			res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...extra });
			res.end(body);
		};
		// `done`: Odoo carried the request out without an error, so a commitThen fault may lose its answer
		const send = (status: number, contentType: string, body: string, extra: Record<string, string> = {}, done = false) => {
			const fault = done ? this.faults.takeCommit(facts) : undefined;
			if (!fault) return write(status, contentType, body, extra);
			record.fault = fault.outcome;
			if (fault.outcome === 'timeout') {
				const late = setTimeout(() => write(status, contentType, body, extra), fault.holdMs);
				res.once('close', () => clearTimeout(late));
				return;
			}
			const code = Number(fault.outcome);
			record.response = `${code} ${STATUS_CODES[code] ?? 'Error'}`;
			write(code, 'text/html; charset=utf-8', nginxPage(code), {});
		};

		const rejected = this.faults.takeReject(facts);
		if (rejected) {
			record.fault = String(rejected.status);
			record.response = `${rejected.status} ${STATUS_CODES[rejected.status] ?? 'Error'}`;
			send(rejected.status, 'text/html; charset=utf-8', nginxPage(rejected.status), rejected.status === 429 ? { 'Retry-After': String(rejected.retryAfterSeconds) } : {});
			return;
		}

		const failure = this.failures.find((candidate) => candidate.remaining > 0 && candidate.pattern.test(path));
		if (failure) {
			failure.remaining -= 1;
			record.response = `${failure.status} ${STATUS_CODES[failure.status] ?? 'Error'}`;
			send(failure.status, 'text/html; charset=utf-8', nginxPage(failure.status));
			return;
		}
		// Odoo 19's version route (addons/rpc): plain JSON, no database, no login
		if (this.ctx.serverVersion === '19.0' && (path === '/json/version' || path === '/web/version') && req.method === 'GET') {
			const info = versionInfo(this.ctx.serverVersion, this.ctx.serverBuild);
			const body = { version_info: info.server_version_info, version: info.server_version };
			record.response = body;
			send(200, 'application/json; charset=utf-8', JSON.stringify(body));
			return;
		}
		if (this.ctx.serverVersion === '19.0' && isJson2Path(path)) {
			const header = (name: string) => {
				const value = req.headers[name];
				return Array.isArray(value) ? value[0] : value;
			};
			const reply = dispatchJson2(this.ctx, {
				path,
				httpMethod: req.method ?? 'GET',
				contentType: String(req.headers['content-type'] ?? ''),
				authorization: header('authorization'),
				database: header('x-odoo-database'),
				raw,
			});
			if (reply.request !== undefined) record.body = reply.request;
			record.response = reply.body;
			const text = reply.contentType && typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
			send(reply.status, reply.contentType ?? 'application/json; charset=utf-8', text, reply.headers, reply.status < 300);
			return;
		}
		const isJsonRoute = JSON_ROUTES.includes(path) || path.startsWith('/web/dataset/call_kw/');
		if (!isJsonRoute) {
			record.response = 'Not Found';
			send(404, 'text/html; charset=utf-8', '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n');
			return;
		}
		const contentType = String(req.headers['content-type'] ?? '');
		if (req.method !== 'POST' || !/^application\/json\b/i.test(contentType)) {
			// 19 answers 415 and names the route type 'jsonrpc' (a GET could also have been JSON-2)
			const page = this.ctx.serverVersion === '19.0' ? unsupportedMediaHtml(path, req.method === 'POST' ? ['http'] : ['http', 'json2']) : badRequestHtml(path);
			record.response = page;
			send(this.ctx.serverVersion === '19.0' ? 415 : 400, 'text/html; charset=utf-8', page);
			return;
		}
		let request: Record<string, unknown>;
		try {
			const parsed: unknown = JSON.parse(raw);
			if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
			request = parsed as Record<string, unknown>;
		} catch {
			record.response = 'Invalid JSON data';
			send(400, 'text/html; charset=utf-8', 'Invalid JSON data');
			return;
		}
		record.body = request;
		const id = request.id === undefined ? null : request.id;
		const cookie = /(?:^|;\s*)session_id=([^;]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
		let envelope: Record<string, unknown>;
		const headers: Record<string, string> = {};
		try {
			let result: unknown;
			if (path === '/jsonrpc') {
				result = dispatchJsonRpc(this.ctx, request.params);
			} else {
				const params = request.params && typeof request.params === 'object' ? (request.params as Record<string, unknown>) : {};
				const reply = dispatchWeb(this.ctx, path, params, cookie);
				result = reply.result;
				if (reply.setCookie) headers['Set-Cookie'] = reply.setCookie;
			}
			envelope = { jsonrpc: '2.0', id };
			if (result !== undefined && result !== null) envelope.result = result;
		} catch (error) {
			const odoo = OdooError.is(error) ? error : new OdooError('builtins.Exception', error instanceof Error ? error.message : String(error));
			const rpcError = odoo.toRpc();
			rpcError.data.message = serverMessage(this.ctx, rpcError.data.message);
			rpcError.data.arguments = rpcError.data.arguments.map((arg) => serverMessage(this.ctx, arg));
			// 19 answers code 0 where 17 and 18 said 200 (session expiry and 404 keep theirs)
			if (this.ctx.serverVersion === '19.0' && rpcError.code === 200) rpcError.code = 0;
			envelope = { jsonrpc: '2.0', id: odoo.code === 100 || odoo.code === 404 ? null : id, error: rpcError };
		}
		record.response = envelope;
		send(200, 'application/json; charset=utf-8', JSON.stringify(envelope), headers, envelope.error === undefined);
	}
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}
