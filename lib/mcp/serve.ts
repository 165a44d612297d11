import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

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

export interface HttpOptions {
	port: number;
	host: string;
	/** Required as `Authorization: Bearer <token>` when set. */
	token?: string;
	path?: string;
	log?: (line: string) => void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}

function rpcError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
	sendJson(res, status, { jsonrpc: '2.0', error: { code: -32000, message }, id: null }, headers);
}

/**
 * Streamable HTTP in stateless mode: each POST gets a fresh server over the shared context, so
 * any number of instances can run behind a load balancer with no session affinity.
 */
export async function serveHttp(opened: OpenedServer, options: HttpOptions): Promise<Server> {
	const path = options.path ?? '/mcp';
	const loopback = LOOPBACK.has(options.host);
	const allowedHosts = loopback ? [`127.0.0.1:${options.port}`, `localhost:${options.port}`, `[::1]:${options.port}`] : undefined;

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
		if (url.pathname !== path) return rpcError(res, 404, `Not found: the MCP endpoint is ${path}`);
		if (options.token) {
			const header = req.headers.authorization ?? '';
			const given = header.startsWith('Bearer ') ? header.slice(7) : '';
			if (!sameSecret(given, options.token)) {
				return rpcError(res, 401, 'Unauthorized: send Authorization: Bearer <OMNICREW_MCP_TOKEN>', { 'www-authenticate': 'Bearer' });
			}
		}
		if (req.method !== 'POST') {
			return rpcError(res, 405, 'Method not allowed: this server is stateless, use POST', { allow: 'POST' });
		}
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
		await transport.handleRequest(req, res);
	};

	const http = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			options.log?.(`request failed: ${error instanceof Error ? error.message : String(error)}`);
			if (!res.headersSent) rpcError(res, 500, 'Internal server error');
			else res.end();
		});
	});
	await new Promise<void>((resolve, reject) => {
		http.once('error', reject);
		http.listen(options.port, options.host, () => resolve());
	});
	return http;
}
