import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Redis } from 'ioredis';

import { connectRemote } from '../../lib/mcp/client';
import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { OMNICREW_MCP_BIN as BIN, startMcpHttp, type RunningMcpServer } from '../support/mcp-http';

const NINE_TOOLS = [
	'cache_get',
	'cache_set',
	'cache_delete',
	'cache_invalidate',
	'cache_remember',
	'cache_seen',
	'cache_lock',
	'cache_unlock',
	'cache_stats',
];

/** The acceptance scenario of the cache server, run through the built binary as a user would. */
describe('omnicrew-mcp cache (built binary)', () => {
	let server: RedisServer;
	let inspect: Redis;

	beforeAll(async () => {
		if (!existsSync(BIN)) throw new Error('dist/bin/omnicrew-mcp.js is missing: run "npm run build" (npm test does).');
		server = await startRedisServer();
		inspect = new Redis(server.url);
	});
	afterAll(async () => {
		inspect.disconnect();
		await server.stop();
	});

	it('--help lists the servers, their tools and their variables', () => {
		const result = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
		expect(result.status).toBe(0);
		for (const tool of NINE_TOOLS) expect(result.stdout).toContain(tool);
		expect(result.stdout).toMatch(/REDIS_URL\s+\(required\)/);
		expect(result.stdout).toContain('OMNICREW_MCP_TOKEN');
	});

	it('exits with a clear message when Redis cannot be reached, and never prints the password', () => {
		const result = spawnSync(process.execPath, [BIN, 'cache'], {
			encoding: 'utf8',
			env: { ...process.env, REDIS_URL: 'redis://:hunter2@127.0.0.1:1' },
			timeout: 20_000,
		});
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/Connection refused/);
		expect(result.stderr + result.stdout).not.toContain('hunter2');
	});

	it('over stdio: lists nine tools, keeps tenants apart, invalidates one tag, refuses a call without tenant', async () => {
		const transport = new StdioClientTransport({
			command: process.execPath,
			args: [BIN, 'cache'],
			env: { ...(process.env as Record<string, string>), REDIS_URL: server.url },
			stderr: 'pipe',
		});
		const client = new Client({ name: 'acceptance', version: '1' });
		await client.connect(transport);
		try {
			const { tools } = await client.listTools();
			expect(tools.map((tool) => tool.name).sort()).toEqual([...NINE_TOOLS].sort());

			const call = async (name: string, args: Record<string, unknown>) =>
				(await client.callTool({ name, arguments: args })) as { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text: string }> };

			const set = await call('cache_set', { tenant_id: 'acme', type: 'product', key: 'sku-1', value: { name: 'Cadeira' }, tags: ['catalog'] });
			expect(JSON.parse(set.content[0].text)).toEqual(set.structuredContent);
			await call('cache_set', { tenant_id: 'acme', type: 'product', key: 'sku-2', value: 2, tags: ['promo'] });
			expect((await call('cache_get', { tenant_id: 'acme', type: 'product', key: 'sku-1' })).structuredContent).toMatchObject({ hit: true });
			expect((await inspect.keys('t:acme:product:*')).sort()).toEqual(['t:acme:product:sku-1', 't:acme:product:sku-2']);
			expect((await call('cache_get', { tenant_id: 'other', type: 'product', key: 'sku-1' })).structuredContent).toMatchObject({ hit: false });

			expect((await call('cache_invalidate', { tenant_id: 'acme', tag: 'catalog' })).structuredContent).toEqual({ deleted: 1 });
			expect(await inspect.exists('t:acme:product:sku-1')).toBe(0);
			expect(await inspect.exists('t:acme:product:sku-2')).toBe(1);

			const refused = await call('cache_get', { type: 'product', key: 'sku-2' });
			expect(refused.isError).toBe(true);
			expect(refused.content[0].text).toMatch(/tenant_id is required/);
		} finally {
			await client.close();
		}
	});

	describe('over Streamable HTTP with a bearer token', () => {
		let http: RunningMcpServer;
		let url: string;

		beforeAll(async () => {
			http = await startMcpHttp('cache', { REDIS_URL: server.url, OMNICREW_MCP_TOKEN: 'test-token-123' });
			url = http.url;
		});
		afterAll(async () => await http.stop());

		it('serves the tools to a client with the token', async () => {
			const session = await connectRemote(url, { token: 'test-token-123' });
			try {
				expect((await session.listToolNames()).sort()).toEqual([...NINE_TOOLS].sort());
				expect(await session.callTool('cache_set', { tenant_id: 'http', type: 'config', key: 'k', value: [1, 2] })).toMatchObject({ ok: true });
				expect(await session.callTool('cache_get', { tenant_id: 'http', type: 'config', key: 'k' })).toEqual({
					ok: true,
					data: { hit: true, value: [1, 2], ttl_seconds: 300 },
				});
				expect(await session.callTool('cache_get', { type: 'config', key: 'k' })).toMatchObject({ ok: false, kind: 'invalid_input' });
			} finally {
				await session.close();
			}
		});

		it('refuses a client without the right token with 401', async () => {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: 'Bearer wrong' },
				body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
			});
			expect(response.status).toBe(401);
			await expect(connectRemote(url, { token: 'wrong' })).rejects.toThrow(/Could not connect to the MCP server/);
		});

		it('answers a health probe without a token', async () => {
			const response = await fetch(url.replace('/mcp', '/healthz'));
			expect(response.status).toBe(200);
		});
	});
});
