import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import type { TenantGrant } from '../tenant';
import { authInfoFor, type ScopedAuthInfo } from './call-scope';
import type { OpenedServer } from './registry';
import { StdioServerTransport, StreamableHTTPServerTransport } from './sdk';

/** Serves one MCP server over stdio until the client closes the pipe. */
export async function serveStdio(opened: OpenedServer): Promise<void> {
	const server = opened.build();
	const transport = new StdioServerTransport();
	await new Promise<void>((resolve, reject) => {
		transport.onclose = () => resolve();
		server.connect(transport).catch(reject);
		process.stdin.on('end', () => resolve());
	});
	await server.close();
}

/** What one client may cost the HTTP server. */
export interface HttpLimits {
	/** The whole request, headers and body, must arrive within this (Node's `requestTimeout`). */
	requestTimeoutMs: number;
	/** The headers must arrive within this (`headersTimeout`): a slow sender is cut off. */
	headersTimeoutMs: number;
	/** An idle keep-alive connection is closed after this. */
	keepAliveTimeoutMs: number;
	/** Connections open at once; further ones are closed as they arrive (`maxConnections`). */
	maxConnections: number;
	/** Largest request body; a larger one gets 413. */
	maxBodyBytes: number;
	/** Messages in one JSON-RPC batch. */
	maxBatchMessages: number;
	/** Milliseconds of `wait_ms` the tool calls of one request may ask for together. */
	waitBudgetMs: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = {
	requestTimeoutMs: 30_000,
	headersTimeoutMs: 10_000,
	keepAliveTimeoutMs: 5_000,
	maxConnections: 256,
	maxBodyBytes: 4 * 1024 * 1024,
	maxBatchMessages: 16,
	waitBudgetMs: 60_000,
};

/** A bearer token and the tenants its holder may act on. */
export interface BearerToken {
	token: string;
	tenants: TenantGrant;
}

export interface HttpOptions {
	port: number;
	host: string;
	/** One token for every tenant, required as `Authorization: Bearer <token>` when set. */
	token?: string;
	/** Tokens each limited to its tenants. Not together with `token`. */
	tokens?: readonly BearerToken[];
	path?: string;
	log?: (line: string) => void;
	limits?: Partial<HttpLimits>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const EVERY_TENANT: TenantGrant = { all: true };

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}

function rpcError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, code = -32000): void {
	sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

/**
 * `Connection: close` makes Node end the socket once the answer is written, so a refused client
 * cannot keep the connection (and its slot under maxConnections) for further attempts.
 */
function refuseAndClose(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
	rpcError(res, status, message, { ...headers, connection: 'close' });
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Finds the grant of the bearer token a request sent, or undefined when it matches none. Tokens
 * are compared as SHA-256 digests in constant time, so neither content nor length leaks; every
 * token is compared, so the time does not say which one matched.
 */
function authenticator(options: HttpOptions): ((header: string | undefined) => TenantGrant | undefined) | undefined {
	if (options.token && options.tokens?.length) {
		throw new Error('Give either one token for every tenant or tokens limited to tenants, not both.');
	}
	const known = options.token ? [{ hash: digest(options.token), tenants: EVERY_TENANT }] : (options.tokens ?? []).map((entry) => ({ hash: digest(entry.token), tenants: entry.tenants }));
	if (known.length === 0) return undefined;
	return (header) => {
		const given = digest(header?.startsWith('Bearer ') ? header.slice(7) : '');
		let match: TenantGrant | undefined;
		for (const entry of known) if (timingSafeEqual(given, entry.hash) && !match) match = entry.tenants;
		return match;
	};
}

/** Reads the body up to `maxBytes`; undefined when it is larger (the rest is left unread). */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
	if (Number(req.headers['content-length']) > maxBytes) return undefined;
	return await new Promise<string | undefined>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) {
				chunks.push(chunk);
				return;
			}
			req.off('data', onData);
			req.pause();
			resolve(undefined);
		};
		req.on('data', onData);
		req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.once('error', reject);
	});
}

export function resolveHttpLimits(given: Partial<HttpLimits> = {}): HttpLimits {
	// A shorter request timeout alone brings the headers timeout down with it.
	const headersTimeoutMs = given.headersTimeoutMs ?? Math.min(DEFAULT_HTTP_LIMITS.headersTimeoutMs, given.requestTimeoutMs ?? DEFAULT_HTTP_LIMITS.requestTimeoutMs);
	const limits = { ...DEFAULT_HTTP_LIMITS, ...given, headersTimeoutMs };
	for (const [name, value] of Object.entries(limits)) {
		if (!Number.isSafeInteger(value) || value < 1) throw new Error(`HTTP limit ${name} must be a whole number of at least 1 (got ${String(value)}).`);
	}
	if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
		throw new Error(
			`The headers timeout (${limits.headersTimeoutMs} ms, OMNICREW_MCP_HEADERS_TIMEOUT_MS) must not exceed the request timeout (${limits.requestTimeoutMs} ms, OMNICREW_MCP_REQUEST_TIMEOUT_MS).`,
		);
	}
	return limits;
}

/**
 * Streamable HTTP in stateless mode: each POST gets a fresh server over the shared context, so
 * any number of instances can run behind a load balancer with no session affinity.
 */
export async function serveHttp(opened: OpenedServer, options: HttpOptions): Promise<Server> {
	const path = options.path ?? '/mcp';
	const limits = resolveHttpLimits(options.limits);
	const authenticate = authenticator(options);
	const loopback = LOOPBACK.has(options.host);
	const allowedHosts = loopback ? [`127.0.0.1:${options.port}`, `localhost:${options.port}`, `[::1]:${options.port}`] : undefined;

	const handle = async (req: IncomingMessage & { auth?: ScopedAuthInfo }, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
		if (url.pathname !== path) return rpcError(res, 404, `Not found: the MCP endpoint is ${path}`);
		const tenants = authenticate ? authenticate(req.headers.authorization) : EVERY_TENANT;
		if (!tenants) return refuseAndClose(res, 401, 'Unauthorized: send Authorization: Bearer <token>', { 'www-authenticate': 'Bearer' });
		if (req.method !== 'POST') {
			return rpcError(res, 405, 'Method not allowed: this server is stateless, use POST', { allow: 'POST' });
		}
		const text = await readBody(req, limits.maxBodyBytes);
		if (text === undefined) return refuseAndClose(res, 413, `Payload too large: a request body may have at most ${limits.maxBodyBytes} bytes`);
		let body: unknown;
		try {
			body = JSON.parse(text);
		} catch {
			return rpcError(res, 400, 'Parse error: the request body is not valid JSON', {}, -32700);
		}
		if (Array.isArray(body) && body.length > limits.maxBatchMessages) {
			return rpcError(res, 400, `Invalid request: a batch may hold at most ${limits.maxBatchMessages} messages (got ${body.length})`, {}, -32600);
		}
		// The calls of this request see its tenants and share its wait budget (lib/mcp/call-scope.ts).
		req.auth = authInfoFor({ tenants, waitBudgetMs: limits.waitBudgetMs, waitLeftMs: limits.waitBudgetMs });
		const server = opened.build();
		const transport = new StreamableHTTPServerTransport({
			sessionIdGenerator: undefined,
			enableJsonResponse: true,
			allowedHosts,
			enableDnsRebindingProtection: loopback,
		});
		res.on('close', () => {
			void transport.close();
			void server.close();
		});
		await server.connect(transport);
		await transport.handleRequest(req, res, body);
	};

	const http = createServer(
		{
			requestTimeout: limits.requestTimeoutMs,
			headersTimeout: limits.headersTimeoutMs,
			keepAliveTimeout: limits.keepAliveTimeoutMs,
			// Node enforces both timeouts on this tick (30 s by default), so check more often.
			connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
		},
		(req, res) => {
			handle(req, res).catch((error: unknown) => {
				options.log?.(`request failed: ${error instanceof Error ? error.message : String(error)}`);
				if (!res.headersSent) rpcError(res, 500, 'Internal server error');
				else res.end();
			});
		},
	);
	http.keepAliveTimeout = limits.keepAliveTimeoutMs;
	http.maxConnections = limits.maxConnections;
	let lastDropLog = 0;
	http.on('drop', () => {
		// A flood of refused connections logs once every 10 s, not once each.
		if (Date.now() - lastDropLog < 10_000) return;
		lastDropLog = Date.now();
		options.log?.(`refusing connections: ${limits.maxConnections} already open (OMNICREW_MCP_MAX_CONNECTIONS)`);
	});
	await new Promise<void>((resolve, reject) => {
		http.once('error', reject);
		http.listen(options.port, options.host, () => resolve());
	});
	return http;
}
