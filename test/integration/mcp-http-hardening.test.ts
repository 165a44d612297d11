import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { Redis } from 'ioredis';

import { connectRemote } from '../../lib/mcp/client';
import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { OMNICREW_MCP_BIN as BIN, openRaw, postRpc, startMcpHttp, type RunningMcpServer } from '../support/mcp-http';

const ACME_TOKEN = 'acme-token-5f1c9e0b2d7a';
const GLOBEX_TOKEN = 'globex-token-8e3b61d4c0f2';
const ADMIN_TOKEN = 'admin-token-27c4a9e15b3d';
const TOKENS = JSON.stringify({ [ACME_TOKEN]: ['acme'], [GLOBEX_TOKEN]: ['globex', '12'], [ADMIN_TOKEN]: '*' });

type RpcReply = { id: number; result?: { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text: string }> }; error?: { message: string } };

const toolCall = (id: number, name: string, args: Record<string, unknown>) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

/** Redis commands the server ran so far (scripts run as EVALSHA). */
async function evalshaCalls(redis: Redis): Promise<number> {
	const stats = await redis.info('commandstats');
	return Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

/** The limits of `omnicrew-mcp --http`, run through the built binary with small configured values. */
describe('omnicrew-mcp --http limits and per-tenant tokens (built binary)', () => {
	let redisServer: RedisServer;
	let redis: Redis;

	beforeAll(async () => {
		if (!existsSync(BIN)) throw new Error('dist/bin/omnicrew-mcp.js is missing: run "node scripts/build.mjs" (npm test does).');
		redisServer = await startRedisServer();
		redis = new Redis(redisServer.url);
	});
	afterAll(async () => {
		redis?.disconnect();
		await redisServer?.stop();
	});

	describe('with tokens limited to tenants', () => {
		let http: RunningMcpServer;

		beforeAll(async () => {
			http = await startMcpHttp('cache', {
				REDIS_URL: redisServer.url,
				OMNICREW_MCP_TOKENS: TOKENS,
				OMNICREW_MCP_HEADERS_TIMEOUT_MS: '1000',
				OMNICREW_MCP_REQUEST_TIMEOUT_MS: '2000',
				OMNICREW_MCP_WAIT_BUDGET_MS: '1500',
			});
		});
		afterAll(async () => await http?.stop());

		it('lets a token act only on its tenants, and still list the tools', async () => {
			const acme = await connectRemote(http.url, { token: ACME_TOKEN });
			const globex = await connectRemote(http.url, { token: GLOBEX_TOKEN });
			const admin = await connectRemote(http.url, { token: ADMIN_TOKEN });
			try {
				expect(await acme.listToolNames()).toContain('cache_get');
				expect(await globex.callTool('cache_set', { tenant_id: 'globex', type: 'custom', key: 'secret', value: 'globex only' })).toMatchObject({ ok: true });
				expect(await acme.callTool('cache_set', { tenant_id: 'acme', type: 'custom', key: 'mine', value: 'acme only' })).toMatchObject({ ok: true });

				const stolen = await acme.callTool('cache_get', { tenant_id: 'globex', type: 'custom', key: 'secret' });
				expect(stolen).toEqual({ ok: false, kind: 'refused', message: 'cache_get: tenant_id globex is not open to this token; it may act only on tenant acme.' });
				const overwritten = await acme.callTool('cache_set', { tenant_id: 'globex', type: 'custom', key: 'secret', value: 'acme was here' });
				expect(overwritten).toMatchObject({ ok: false, kind: 'refused' });
				// a numeric account id is the same tenant as its string
				expect(await globex.callTool('cache_get', { tenant_id: 12, type: 'custom', key: 'x' })).toMatchObject({ ok: true, data: { hit: false } });
				expect(await globex.callTool('cache_get', { tenant_id: 'acme', type: 'custom', key: 'mine' })).toMatchObject({ ok: false, kind: 'refused' });

				expect(await admin.callTool('cache_get', { tenant_id: 'globex', type: 'custom', key: 'secret' })).toMatchObject({ ok: true, data: { hit: true, value: 'globex only' } });
				expect(await admin.callTool('cache_get', { tenant_id: 'acme', type: 'custom', key: 'mine' })).toMatchObject({ ok: true, data: { hit: true, value: 'acme only' } });
			} finally {
				await Promise.all([acme.close(), globex.close(), admin.close()]);
			}
			expect(http.stderr()).toContain('3 tokens, each limited to its tenants');
			for (const token of [ACME_TOKEN, GLOBEX_TOKEN, ADMIN_TOKEN]) expect(http.stderr()).not.toContain(token);
		});

		it('answers 401 to an unknown token and closes the connection', async () => {
			const raw = await openRaw(http.port);
			raw.socket.write(
				`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${http.port}\r\nAuthorization: Bearer not-a-token\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
			);
			await raw.closed;
			expect(raw.received()).toMatch(/^HTTP\/1\.1 401 /);
			expect(raw.received()).toMatch(/\r\nconnection: close\r\n/i);
		});

		it('answers 413 to a body over the limit and closes the connection', async () => {
			const raw = await openRaw(http.port);
			raw.socket.write(
				`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${http.port}\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{"jsonrpc":`,
			);
			await raw.closed;
			expect(raw.received()).toMatch(/^HTTP\/1\.1 413 /);
			expect(raw.received()).toMatch(/\r\nconnection: close\r\n/i);
		});

		it('closes a connection whose headers trickle in slower than the headers timeout', async () => {
			const raw = await openRaw(http.port);
			raw.socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${http.port}\r\n`);
			let sent = 0;
			const drip = setInterval(() => {
				if (!raw.socket.destroyed) raw.socket.write(`X-Slow-${sent++}: still coming\r\n`);
			}, 200);
			try {
				await raw.closed;
			} finally {
				clearInterval(drip);
			}
			expect(raw.received()).toMatch(/^HTTP\/1\.1 408 /);
		});

		it('closes a connection that never sends a request', async () => {
			const raw = await openRaw(http.port);
			await raw.closed;
			expect(raw.received()).toMatch(/^HTTP\/1\.1 408 /);
		});

		it('shares one wait budget between the calls of a request, and polls a held lock gently', async () => {
			const held = await postRpc(http.url, toolCall(1, 'cache_lock', { tenant_id: 'acme', name: 'busy', ttl_seconds: 60 }), ADMIN_TOKEN);
			expect((held.json as RpcReply).result?.structuredContent).toMatchObject({ acquired: true });

			const before = await evalshaCalls(redis);
			const batch = await postRpc(
				http.url,
				[1, 2, 3].map((id) => toolCall(id, 'cache_lock', { tenant_id: 'acme', name: 'busy', wait_ms: 1000 })),
				ADMIN_TOKEN,
			);
			const polls = (await evalshaCalls(redis)) - before;
			const replies = batch.json as RpcReply[];
			expect(replies).toHaveLength(3);
			const waited = replies.filter((reply) => !reply.result?.isError);
			const refused = replies.filter((reply) => reply.result?.isError);
			expect(waited).toHaveLength(1);
			expect(waited[0].result?.structuredContent).toMatchObject({ acquired: false });
			expect(refused).toHaveLength(2);
			for (const reply of refused) {
				expect(reply.result?.content[0].text).toBe(
					'cache_lock: wait_ms 1000 is more than this request may still wait (500 of 1500 ms shared by all its calls); ask for less, or send the call in a request of its own.',
				);
			}
			// One waiter for 1 s: the lock is polled with backoff (at most ~10 per second), not in a tight loop.
			expect(polls).toBeGreaterThan(1);
			expect(polls).toBeLessThanOrEqual(20);

			const alone = await postRpc(http.url, toolCall(4, 'cache_lock', { tenant_id: 'acme', name: 'busy', wait_ms: 5000 }), ADMIN_TOKEN);
			expect((alone.json as RpcReply).result).toMatchObject({ isError: true });
			expect((alone.json as RpcReply).result?.content[0].text).toMatch(/wait_ms 5000 is more than this request may still wait \(1500 of 1500 ms/);
			const huge = await postRpc(http.url, toolCall(5, 'cache_lock', { tenant_id: 'acme', name: 'busy', wait_ms: 3_600_000 }), ADMIN_TOKEN);
			expect((huge.json as RpcReply).result?.content[0].text).toMatch(/wait_ms must be from 0 to 60000/);
		});

		it('refuses a batch of more than 16 messages', async () => {
			const batch = Array.from({ length: 17 }, (_, i) => toolCall(i + 1, 'cache_get', { tenant_id: 'acme', type: 'custom', key: 'mine' }));
			const reply = await postRpc(http.url, batch, ADMIN_TOKEN);
			expect(reply.status).toBe(400);
			expect(reply.json).toMatchObject({ error: { message: 'Invalid request: a batch may hold at most 16 messages (got 17)' } });
		});
	});

	describe('with a connection cap of 2', () => {
		let http: RunningMcpServer;

		beforeAll(async () => {
			http = await startMcpHttp('cache', { REDIS_URL: redisServer.url, OMNICREW_MCP_MAX_CONNECTIONS: '2' });
		});
		afterAll(async () => await http?.stop());

		it('closes a third connection at once and serves again when one is free', async () => {
			const first = await openRaw(http.port);
			const second = await openRaw(http.port);
			const third = await openRaw(http.port);
			await third.closed;
			expect(third.received()).toBe('');

			// the two admitted connections still work
			first.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${http.port}\r\n\r\n`);
			while (!first.received().includes('"status":"ok"')) await sleep(20);
			expect(first.received()).toMatch(/^HTTP\/1\.1 200 /);

			second.socket.destroy();
			await second.closed;
			// the server frees the slot once it has seen the close
			for (let attempt = 0; ; attempt++) {
				const next = await openRaw(http.port);
				next.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${http.port}\r\nConnection: close\r\n\r\n`);
				await next.closed;
				if (next.received().startsWith('HTTP/1.1 200 ')) break;
				if (attempt > 50) throw new Error('no connection was admitted after one was freed');
				await sleep(50);
			}
			first.socket.destroy();
			expect(http.stderr()).toContain('refusing connections: 2 already open (OMNICREW_MCP_MAX_CONNECTIONS)');
		});
	});

	describe('start-up checks', () => {
		const run = (env: Record<string, string>) =>
			spawnSync(process.execPath, [BIN, 'cache', '--http', '0'], { encoding: 'utf8', env: { ...process.env, REDIS_URL: redisServer.url, ...env }, timeout: 20_000 });

		it('--help lists the HTTP variables', () => {
			const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
			for (const name of ['OMNICREW_MCP_TOKENS', 'OMNICREW_MCP_MAX_CONNECTIONS', 'OMNICREW_MCP_REQUEST_TIMEOUT_MS', 'OMNICREW_MCP_HEADERS_TIMEOUT_MS', 'OMNICREW_MCP_WAIT_BUDGET_MS']) {
				expect(help.stdout).toContain(name);
			}
		});

		it('refuses to start with both token variables, naming them and no token', () => {
			const result = run({ OMNICREW_MCP_TOKEN: ADMIN_TOKEN, OMNICREW_MCP_TOKENS: TOKENS });
			expect(result.status).toBe(1);
			expect(result.stderr).toMatch(/Set OMNICREW_MCP_TOKEN .* or OMNICREW_MCP_TOKENS .*, not both/);
			for (const token of [ACME_TOKEN, ADMIN_TOKEN]) expect(result.stderr + result.stdout).not.toContain(token);
		});

		it.each([
			['broken JSON', `{"${ACME_TOKEN}": ["acme"],}`, /OMNICREW_MCP_TOKENS must be a JSON object of token to tenants.*it is not valid JSON/],
			['an empty tenant list', `{"${ACME_TOKEN}": []}`, /The tenants of the 1st token in OMNICREW_MCP_TOKENS must be "\*" or a non-empty list/],
			['a bad tenant id', `{"${ACME_TOKEN}": ["acme"], "${GLOBEX_TOKEN}": ["bad:tenant"]}`, /The tenants of the 2nd token in OMNICREW_MCP_TOKENS: "bad:tenant" is not a tenant id/],
			['a list instead of an object', `["${ACME_TOKEN}"]`, /OMNICREW_MCP_TOKENS must be a JSON object/],
		])('refuses OMNICREW_MCP_TOKENS with %s, without echoing the token', (_what, value, pattern) => {
			const result = run({ OMNICREW_MCP_TOKENS: value });
			expect(result.status).toBe(1);
			expect(result.stderr).toMatch(pattern);
			expect(result.stderr + result.stdout).not.toContain(ACME_TOKEN);
		});

		it('refuses a limit that is not a positive whole number', () => {
			const result = run({ OMNICREW_MCP_MAX_CONNECTIONS: 'lots' });
			expect(result.status).toBe(1);
			expect(result.stderr).toContain('OMNICREW_MCP_MAX_CONNECTIONS must be a whole number of at least 1 (got "lots").');
		});
	});
});
