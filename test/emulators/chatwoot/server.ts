/** HTTP plumbing: Rack::Attack-style injected failures, token auth, the bot allow-list, routing and recording. */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { ApiError, NOT_FOUND, type Actor } from './actions';
import { FaultBook } from './faults';
import { serveBlob, type Reply, type Route } from './routes';
import type { Store } from './state';
import type { FailNextOptions, RecordedRequest } from './types';
import { closeServer, listenOn, readBody } from '../http';

interface InjectedFailure {
	pattern: RegExp;
	status: number;
	retryAfterSeconds: number;
	remaining: number;
}


/** Answers the emulator's own control endpoints (`/__emulator/...`), which real Chatwoot lacks. */
export type ControlHandler = (method: string, path: string, body: Record<string, unknown>) => Promise<Reply | undefined>;

export class ApiServer {
	readonly requests: RecordedRequest[] = [];
	readonly faults = new FaultBook();
	private readonly failures: InjectedFailure[] = [];
	private readonly server: Server;
	private control: ControlHandler | undefined;

	constructor(
		private readonly store: Store,
		private readonly routes: Route[],
	) {
		this.server = createServer((req, res) => {
			void this.handle(req, res).catch((error: unknown) => {
				if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
				res.end(JSON.stringify({ status: 500, error: error instanceof Error ? error.message : String(error) }));
			});
		});
	}

	setControl(handler: ControlHandler): void {
		this.control = handler;
	}

	failNext(pattern: RegExp, status: number, options: FailNextOptions = {}): void {
		this.failures.push({ pattern, status, retryAfterSeconds: options.retryAfterSeconds ?? 1, remaining: options.times ?? 1 });
	}

	async listen(port: number, host: string): Promise<number> {
		return await listenOn(this.server, port, host);
	}

	async close(): Promise<void> {
		await closeServer(this.server);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const method = (req.method ?? 'GET').toUpperCase();
		const raw = await readBody(req);
		const record: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), token: undefined, body: undefined, status: 0, response: undefined };

		if (url.pathname.startsWith('/__emulator/') && this.control) {
			let body: Record<string, unknown> = {};
			try {
				body = raw.length ? (JSON.parse(raw) as Record<string, unknown>) : {};
			} catch {
				send(res, { status: 400, body: { error: 'the body is not JSON' } });
				return;
			}
			send(res, (await this.control(method, url.pathname, body).catch((error: unknown) => ({ status: 422, body: { error: error instanceof Error ? error.message : String(error) } }))) ?? { status: 404, body: { error: 'Not Found' } });
			return;
		}

		const blob = method === 'GET' ? serveBlob(this.store, url.pathname) : undefined;
		if (blob) {
			send(res, blob);
			return;
		}

		const reply = this.answer(method, url, req, raw, record);
		record.status = reply.status;
		record.response = reply.raw ? String(reply.raw.data) : reply.body;
		this.requests.push(record);
		// the work is done (stored, webhooks queued); a commitThen fault now loses the answer
		const fault = reply.status < 300 ? this.faults.takeCommit(method, url.pathname) : undefined;
		if (!fault) {
			send(res, reply);
			return;
		}
		record.fault = fault.outcome;
		if (fault.outcome === 'timeout') {
			const late = setTimeout(() => send(res, reply), fault.holdMs);
			res.once('close', () => clearTimeout(late));
			return;
		}
		const status = Number(fault.outcome);
		send(res, { status, body: { status, error: STATUS_CODES[status] ?? 'Error' } });
	}

	private answer(method: string, url: URL, req: IncomingMessage, raw: string, record: RecordedRequest): Reply {
		let body: Record<string, unknown> = {};
		let malformed = false;
		if (raw.length) {
			try {
				const parsed: unknown = JSON.parse(raw);
				record.body = parsed;
				if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
			} catch {
				record.body = raw;
				malformed = true;
			}
		}
		const token = headerValue(req, 'api_access_token') ?? url.searchParams.get('api_access_token') ?? undefined;
		const actor = token === undefined ? undefined : this.actorFor(token);
		if (token !== undefined) record.token = actor ? (actor.type === 'AgentBot' ? 'bot' : actor.user.role === 'administrator' ? 'admin' : 'agent') : 'invalid';

		// Rack::Attack answers before the app: no auth, plain-text body.
		const failure = this.failures.find((candidate) => candidate.remaining > 0 && candidate.pattern.test(url.pathname));
		if (failure) {
			failure.remaining--;
			if (failure.remaining === 0) this.failures.splice(this.failures.indexOf(failure), 1);
			if (failure.status === 429) {
				return { status: 429, headers: { 'Retry-After': String(failure.retryAfterSeconds) }, raw: { contentType: 'text/plain', data: 'Retry later\n' } };
			}
			return { status: failure.status, body: { status: failure.status, error: STATUS_CODES[failure.status] ?? 'Error' } };
		}
		if (malformed) return { status: 400, body: { status: 400, error: 'Bad Request' } };

		const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern.test(url.pathname));
		if (!route) return { status: 404, body: { error: 'Not Found' } };
		const params = route.pattern.exec(url.pathname)?.groups ?? {};

		if (token === undefined) return { status: 401, body: { errors: ['You need to sign in or sign up before continuing.'] } };
		if (!actor) return { status: 401, body: { error: 'Invalid Access Token' } };
		if (actor.type === 'AgentBot' && !route.bots) return { status: 401, body: { error: 'Access to this endpoint is not authorized for bots' } };
		if (params.account_id !== undefined && Number(params.account_id) !== this.store.account.id) return errorReply(NOT_FOUND());
		if (route.admin && !(actor.type === 'User' && actor.user.role === 'administrator')) {
			return { status: 401, body: { error: 'You are not authorized to do this action' } };
		}
		try {
			return route.handle({ params, query: url.searchParams, body, actor });
		} catch (error) {
			if (error instanceof ApiError) return errorReply(error);
			throw error;
		}
	}

	private actorFor(token: string): Actor | undefined {
		const user = this.store.userByToken(token);
		if (user) return { type: 'User', user };
		if (token === this.store.bot.token) return { type: 'AgentBot', bot: this.store.bot };
		return undefined;
	}
}

function errorReply(error: ApiError): Reply {
	return { status: error.status, body: error.body };
}

/** Rack turns header names to HTTP_API_ACCESS_TOKEN, so dashes and underscores are the same header. */
function headerValue(req: IncomingMessage, name: string): string | undefined {
	for (const [key, value] of Object.entries(req.headers)) {
		if (key.replace(/-/g, '_').toLowerCase() === name && typeof value === 'string') return value;
	}
	return undefined;
}

function send(res: ServerResponse, reply: Reply): void {
	const headers: Record<string, string> = { ...reply.headers };
	let data: Buffer | string = '';
	if (reply.raw) {
		headers['Content-Type'] = reply.raw.contentType;
		data = reply.raw.data;
	} else if (reply.body !== undefined) {
		headers['Content-Type'] = 'application/json; charset=utf-8';
		data = JSON.stringify(reply.body);
	}
	headers['Content-Length'] = String(Buffer.byteLength(data));
	res.writeHead(reply.status, headers);
	res.end(data);
}

