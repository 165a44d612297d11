/** HTTP plumbing: api-key check, routing, the `{result, status, time}` envelope, and recording. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { formatError, QdrantError } from './errors';
import { isObject } from './filter';
import type { Store } from './store';
import type { Json, JsonObject, RecordedRequest } from './types';
import { closeServer, listenOn, readBody } from '../http';


interface RouteContext {
	params: string[];
	body: JsonObject;
	query: URLSearchParams;
}
interface Route {
	method: string;
	pattern: RegExp;
	handle(context: RouteContext): Json;
}

const segment = '([^/]+)';
const route = (method: string, path: string, handle: (context: RouteContext) => Json): Route => ({
	method,
	pattern: new RegExp(`^${path.replace(/\{name\}/g, segment)}$`),
	handle,
});

/** `?wait=true`: Qdrant's default is false (acknowledged); the official client sends wait=true for upserts. */
const waitOf = (query: URLSearchParams) => query.get('wait') === 'true';

export function buildRoutes(store: Store): Route[] {
	return [
		route('GET', '/collections', () => store.list()),
		route('GET', '/collections/{name}', ({ params }) => store.info(params[0])),
		route('PUT', '/collections/{name}', ({ params, body }) => store.create(params[0], body)),
		route('DELETE', '/collections/{name}', ({ params }) => store.remove(params[0])),
		route('GET', '/collections/{name}/exists', ({ params }) => store.exists(params[0])),
		route('PUT', '/collections/{name}/index', ({ params, body, query }) => store.createIndex(params[0], body, waitOf(query))),
		route('PUT', '/collections/{name}/points', ({ params, body, query }) => store.upsert(params[0], body, waitOf(query))),
		route('POST', '/collections/{name}/points', ({ params, body }) => store.retrieve(params[0], body)),
		route('POST', '/collections/{name}/points/delete', ({ params, body, query }) => store.deletePoints(params[0], body, waitOf(query))),
		route('POST', '/collections/{name}/points/scroll', ({ params, body }) => store.scroll(params[0], body)),
		route('POST', '/collections/{name}/points/count', ({ params, body }) => store.count(params[0], body)),
		route('POST', '/collections/{name}/points/query', ({ params, body }) => store.query(params[0], body)),
	];
}

export class QdrantServer {
	readonly requests: RecordedRequest[] = [];
	private readonly server: Server;

	constructor(
		private readonly routes: Route[],
		private readonly apiKey: string | undefined,
	) {
		this.server = createServer((req, res) => {
			void this.handle(req, res).catch((error: unknown) => {
				send(res, 500, { status: { error: `Service internal error: ${error instanceof Error ? error.message : String(error)}` }, time: 0 });
			});
		});
	}

	async listen(port: number, host: string): Promise<number> {
		return await listenOn(this.server, port, host);
	}

	async close(): Promise<void> {
		await closeServer(this.server);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = process.hrtime.bigint();
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const method = (req.method ?? 'GET').toUpperCase();
		// Qdrant's own default limit for a request body is 32 MiB
		const raw = await readBody(req, 32 * 1024 * 1024);
		const record: RecordedRequest = { method, path: url.pathname, body: undefined, status: 0, response: undefined };
		let status = 200;
		let response: JsonObject;
		try {
			let body: JsonObject = {};
			if (raw.length) {
				let parsed: unknown;
				try {
					parsed = JSON.parse(raw);
				} catch (error) {
					record.body = raw;
					throw formatError(error instanceof Error ? error.message : 'invalid JSON');
				}
				record.body = parsed;
				if (!isObject(parsed)) throw formatError('expected a JSON object');
				body = parsed;
			}
			this.authorize(req);
			const decodedPath = url.pathname;
			const match = this.routes
				.map((candidate) => ({ candidate, found: candidate.pattern.exec(decodedPath) }))
				.find(({ candidate, found }) => found !== null && candidate.method === method);
			if (!match || !match.found) throw new QdrantError(404, `Not found: ${method} ${url.pathname}`);
			const params = match.found.slice(1).map((part) => decodeURIComponent(part));
			const result = match.candidate.handle({ params, body, query: url.searchParams });
			response = { result, status: 'ok', time: elapsed(started) };
		} catch (error) {
			if (!(error instanceof QdrantError)) throw error;
			status = error.status;
			response = { status: { error: error.message }, time: elapsed(started) };
		}
		record.status = status;
		record.response = response;
		this.requests.push(record);
		send(res, status, response);
	}

	/** Qdrant accepts the key in `api-key` or as `Authorization: Bearer <key>`. */
	private authorize(req: IncomingMessage): void {
		if (this.apiKey === undefined) return;
		const header = req.headers['api-key'];
		const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
		const given = (Array.isArray(header) ? header[0] : header) ?? bearer;
		if (given === undefined) throw new QdrantError(401, 'Unauthorized: Must provide an API key or an Authorization bearer token');
		if (given !== this.apiKey) throw new QdrantError(401, 'Unauthorized: Invalid API key or JWT');
	}
}

const elapsed = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

function send(res: ServerResponse, status: number, body: JsonObject): void {
	if (res.headersSent) return;
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

