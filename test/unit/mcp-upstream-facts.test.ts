import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { linkInProcess, type McpSession, type ToolOutcome } from '../../lib/mcp/client';
import { ChatwootClient } from '../../nodes/Chatwoot/client/chatwoot-client';
import { chatwootErrorBody } from '../../nodes/Chatwoot/client/errors';
import { createChatwootServer, openChatwootSession } from '../../nodes/Chatwoot/server';
import { qdrantError } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { createOdooServer, openOdooSession } from '../../nodes/Odoo/server';

/**
 * What Chatwoot, Odoo and Qdrant answered (HTTP status, their own error code or exception name)
 * reaches the caller as fields of the outcome, the same embedded and over MCP, next to the kind.
 */

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const servers: Server[] = [];
const sessions: McpSession[] = [];

async function fakeUpstream(handle: Handler): Promise<string> {
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => handle(req, body, res));
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
};

/** The tools over both paths: embedded, and an SDK client linked to the MCP server. */
async function bothPaths(embedded: () => McpSession, overMcp: () => Promise<McpSession>): Promise<Array<[string, McpSession]>> {
	const pair: Array<[string, McpSession]> = [
		['embedded', embedded()],
		['over MCP', await overMcp()],
	];
	sessions.push(...pair.map(([, session]) => session));
	return pair;
}

afterAll(async () => {
	await Promise.all(sessions.map(async (session) => await session.close()));
	await Promise.all(servers.map(async (server) => await new Promise((resolve) => server.close(resolve))));
});

const NO_RETRY = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 };

describe('Chatwoot answers', () => {
	let paths: Array<[string, McpSession]>;

	beforeAll(async () => {
		const url = await fakeUpstream((req, _body, res) => {
			const path = req.url ?? '';
			if (path.endsWith('/conversations/404')) return json(res, 404, { error: 'Resource could not be found' });
			if (path.endsWith('/conversations/429')) {
				res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '0' });
				return res.end('Retry later\n');
			}
			if (path.endsWith('/conversations/422')) return json(res, 422, { description: 'Bad request', errors: [{ field: 'status', message: 'is not valid', code: 'invalid_status' }] });
			if (path.endsWith('/conversations/502/messages')) return json(res, 502, { error: 'Bad Gateway' });
			return json(res, 500, { error: `unexpected ${req.method} ${path}` });
		});
		const chatwoot = () => new ChatwootClient({ baseUrl: url, token: 'secret-token', retry: NO_RETRY });
		paths = await bothPaths(
			() => openChatwootSession({ chatwoot: chatwoot() }),
			async () => await linkInProcess(createChatwootServer({ chatwoot: chatwoot() })),
		);
	});

	const call = async (session: McpSession, tool: string, args: Record<string, unknown>): Promise<ToolOutcome> => await session.callTool(tool, { tenant_id: '1', ...args });

	it.each([
		['a 404', 404, { kind: 'not_found', httpStatus: 404 }],
		['a 429 (after its retries)', 429, { kind: 'upstream', httpStatus: 429 }],
		['a 422 with an error code', 422, { kind: 'invalid_input', httpStatus: 422, upstreamCode: 'invalid_status' }],
	])('%s arrives with its HTTP status, embedded and over MCP', async (_title, conversation, expected) => {
		const outcomes = await Promise.all(paths.map(async ([, session]) => await call(session, 'chatwoot_get_conversation', { conversation_id: conversation })));
		for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: false, ...expected });
		expect(outcomes[1]).toEqual(outcomes[0]);
		if (!('upstreamCode' in expected)) expect(outcomes[0]).not.toHaveProperty('upstreamCode');
		expect(JSON.stringify(outcomes)).not.toContain('secret-token');
	});

	it('keeps the status of a 502 behind a message that may have been sent', async () => {
		const outcomes = await Promise.all(paths.map(async ([, session]) => await call(session, 'chatwoot_send_message', { conversation_id: 502, content: 'Olá' })));
		for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: false, kind: 'upstream', httpStatus: 502, message: expect.stringMatching(/may have been sent.*not sent again/) });
	});

	it('reads the message and the code of each Chatwoot error body', () => {
		expect(chatwootErrorBody('{"error":"Invalid Access Token"}')).toEqual({ message: 'Invalid Access Token' });
		expect(chatwootErrorBody('{"errors":["You need to sign in or sign up before continuing."]}')).toEqual({ message: 'You need to sign in or sign up before continuing.' });
		expect(chatwootErrorBody('{"description":"Bad request","errors":[{"field":"email","message":"is invalid","code":"invalid_email"}]}')).toEqual({ message: 'email: is invalid', code: 'invalid_email' });
		expect(chatwootErrorBody('Retry later\n')).toEqual({ message: 'Retry later' });
	});
});

const contract = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', 'contracts', 'odoo', file), 'utf8')) as Array<{ name: string; response: { status: number; body: unknown } }>;
const recorded = (file: string, name: string) => {
	const exchange = contract(file).find((candidate) => candidate.name === name);
	if (!exchange) throw new Error(`${file} has no exchange "${name}"`);
	return exchange.response;
};

describe('Odoo exceptions', () => {
	it('an AccessError over JSON-RPC arrives refused, with Odoo\'s exception name as its code and no HTTP status', async () => {
		const denied = recorded('access_error.json', 'portal user: create res.partner (ACL)');
		const url = await fakeUpstream((_req, body, res) => {
			const { params } = JSON.parse(body) as { id: number; params: { service: string; method: string } };
			if (params.method === 'version') return json(res, 200, { jsonrpc: '2.0', id: 1, result: { server_version: '17.0', server_serie: '17.0' } });
			if (params.method === 'authenticate') return json(res, 200, { jsonrpc: '2.0', id: 1, result: 7 });
			return json(res, 200, denied.body);
		});
		const odoo = () => new OdooClient({ url, db: 'omnicrew', username: 'portal', password: 'portal', retry: NO_RETRY });
		const paths = await bothPaths(
			() => openOdooSession({ odoo: odoo(), profile: 'erp_operator' }),
			async () => await linkInProcess(createOdooServer({ odoo: odoo(), profile: 'erp_operator' })),
		);
		const outcomes = await Promise.all(paths.map(async ([, session]) => await session.callTool('odoo_create', { tenant_id: 'acme', model: 'res.partner', values: { name: 'x' } })));
		for (const outcome of outcomes) {
			expect(outcome).toMatchObject({ ok: false, kind: 'refused', upstreamCode: 'odoo.exceptions.AccessError', message: expect.stringContaining("You are not allowed to create 'Contact'") });
			expect(outcome).not.toHaveProperty('httpStatus');
		}
		expect(outcomes[1]).toEqual(outcomes[0]);
	});

	it('JSON-2 answers carry their HTTP status beside the exception name', async () => {
		const accessError = recorded('v19/json2.json', 'private method');
		const missing = recorded('v19/json2.json', 'write the deleted partner (MissingError)');
		const url = await fakeUpstream((req, _body, res) => {
			const path = req.url ?? '';
			if (path === '/json/version') return json(res, 200, { version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
			if (path === '/json/2/res.users/context_get') return json(res, 200, { lang: 'en_US', tz: 'UTC', uid: 2 });
			if (path === '/json/2/res.partner/create') return json(res, accessError.status, accessError.body);
			if (path === '/json/2/res.partner/write') return json(res, missing.status, missing.body);
			return json(res, 404, { name: 'werkzeug.exceptions.NotFound', message: `unexpected ${path}` });
		});
		const odoo = () => new OdooClient({ url, db: 'omnicrew', username: 'admin', apiKey: 'key', retry: NO_RETRY });
		const paths = await bothPaths(
			() => openOdooSession({ odoo: odoo(), profile: 'erp_operator' }),
			async () => await linkInProcess(createOdooServer({ odoo: odoo(), profile: 'erp_operator' })),
		);
		for (const [, session] of paths) {
			expect(await session.callTool('odoo_create', { tenant_id: 'acme', model: 'res.partner', values: { name: 'x' } })).toMatchObject({
				ok: false,
				kind: 'refused',
				httpStatus: 403,
				upstreamCode: 'odoo.exceptions.AccessError',
			});
			expect(await session.callTool('odoo_write', { tenant_id: 'acme', model: 'res.partner', ids: [54], values: { name: 'x' } })).toMatchObject({
				ok: false,
				kind: 'not_found',
				httpStatus: 404,
				upstreamCode: 'odoo.exceptions.MissingError',
			});
		}
	});
});

describe('Qdrant answers', () => {
	it('keep their HTTP status; an unreachable Qdrant has none', () => {
		expect(qdrantError({ status: 503, data: { status: { error: 'Service Unavailable: overloaded' } } })).toMatchObject({ kind: 'upstream', httpStatus: 503, message: 'Qdrant answered 503: Service Unavailable: overloaded' });
		expect(qdrantError({ status: 403 })).toMatchObject({ kind: 'upstream', httpStatus: 403, message: expect.stringMatching(/refused the API key/) });
		const gone = qdrantError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
		expect(gone).toMatchObject({ kind: 'upstream' });
		expect(gone).not.toHaveProperty('httpStatus');
	});
});
