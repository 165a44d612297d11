import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { Redis } from 'ioredis';

import { closeSharedSessions } from '../../lib/mcp/shared-session';
import { closeSharedRedis } from '../../lib/redis/connection';
import { TenantCache as TenantCacheStore } from '../../nodes/TenantCache/cache/tenant-cache';
import { TenantCache } from '../../nodes/TenantCache/TenantCache.node';
import { freePort, startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { fakeExecuteFunctions } from '../support/fake-execute';
import { startMcpHttp, type RunningMcpServer } from '../support/mcp-http';

/** The node's execute() for real: credential → Redis → in-process MCP server → tool → items. */
describe('Tenant Cache node execute()', () => {
	let server: RedisServer;
	let inspect: Redis;
	const node = new TenantCache();

	beforeAll(async () => {
		server = await startRedisServer();
		inspect = new Redis(server.url);
	});
	afterAll(async () => {
		// the node shares its MCP session and Redis connection across executions, as it does inside n8n
		await closeSharedSessions();
		await closeSharedRedis();
		inspect.disconnect();
		await server.stop();
	});

	const embedded = (params: Record<string, unknown>[], items: Record<string, unknown>[] = [{}], extra: { continueOnFail?: boolean; url?: string } = {}) =>
		fakeExecuteFunctions({
			items: items as never,
			params: params.map((p) => ({ connection: 'embedded', resultField: '', ...p })),
			credentials: { redisOmniCrewApi: { mode: 'standalone', url: extra.url ?? server.url, ttlOverrides: '{"price": 120}' } },
			continueOnFail: extra.continueOnFail,
		});

	it('sets per item and reads back, applying the credential\'s TTL override', async () => {
		const items = [{ sku: 'A' }, { sku: 'B' }];
		const set = await node.execute.call(
			embedded(
				items.map((item) => ({ operation: 'set', tenantId: 'acme', type: 'price', key: item.sku, value: `{"sku":"${item.sku}"}`, options: { tags: 'catalog' } })),
				items,
			),
		);
		expect(set[0].map((out) => out.json)).toEqual([
			{ key: 't:acme:price:A', ttl_seconds: 120, tags: ['catalog'] },
			{ key: 't:acme:price:B', ttl_seconds: 120, tags: ['catalog'] },
		]);

		const get = await node.execute.call(
			embedded(items.map((item) => ({ operation: 'get', tenantId: 'acme', type: 'price', key: item.sku, resultField: 'cache' })), items),
		);
		expect(get[0]).toEqual([
			{ json: { sku: 'A', cache: { hit: true, value: { sku: 'A' }, ttl_seconds: 120 } }, pairedItem: { item: 0 } },
			{ json: { sku: 'B', cache: { hit: true, value: { sku: 'B' }, ttl_seconds: 120 } }, pairedItem: { item: 1 } },
		]);
	});

	it('throws a NodeOperationError naming the field for bad input, and writes nothing', async () => {
		const before = await inspect.dbsize();
		const error = await node.execute
			.call(embedded([{ operation: 'set', tenantId: '', type: 'price', key: 'k', value: '1', options: {} }]))
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/tenant_id/);
		expect(await inspect.dbsize()).toBe(before);
	});

	it('keeps going with Continue On Fail, one error item per bad input', async () => {
		const out = await node.execute.call(
			embedded(
				[
					{ operation: 'seen', tenantId: 'acme', eventId: 'evt-9', options: {} },
					{ operation: 'seen', tenantId: 'acme:x', eventId: 'evt-9', options: {} },
					{ operation: 'seen', tenantId: 'acme', eventId: 'evt-9', options: {} },
				],
				[{ n: 0 }, { n: 1 }, { n: 2 }],
				{ continueOnFail: true },
			),
		);
		expect(out[0][0].json).toEqual({ seen: false });
		expect(out[0][1].json).toMatchObject({ n: 1, error: expect.stringMatching(/tenant_id must be/) });
		expect(out[0][2].json).toEqual({ seen: true });
	});

	it('leaves out a turn already answered with Drop Turns Already Answered, and only then', async () => {
		const cache = new TenantCacheStore(inspect);
		const ticket = await cache.ticket('acme', 'conversation:77', { message: { text: 'oi' } });
		const held = await cache.lock('acme', 'conversation:77', { ticket });
		await cache.unlock('acme', 'conversation:77', held.token ?? '', ticket);
		const lock = (dropAnswered: boolean) =>
			node.execute.call(
				embedded([{ operation: 'lock', tenantId: 'acme', lockName: 'conversation:77', ticket, options: { dropAnswered }, resultField: 'turn' }], [{ text: 'oi', sequence: ticket }]),
			);
		const kept = await lock(false);
		expect(kept[0]).toHaveLength(1);
		expect(kept[0][0].json.turn).toMatchObject({ acquired: false, skipped: true });
		expect((await lock(true))[0]).toEqual([]);
		// a turn of its own still goes through
		const next = await cache.ticket('acme', 'conversation:77', { message: { text: 'e agora?' } });
		const own = await node.execute.call(
			embedded([{ operation: 'lock', tenantId: 'acme', lockName: 'conversation:77', ticket: next, options: { dropAnswered: true }, resultField: 'turn' }], [{ text: 'e agora?', sequence: next }]),
		);
		expect(own[0]).toHaveLength(1);
		expect(own[0][0].json.turn).toMatchObject({ acquired: true });
	});

	it('reports an unreachable Redis as a NodeApiError', async () => {
		const port = await freePort();
		const error = await node.execute
			.call(embedded([{ operation: 'get', tenantId: 'acme', type: 'price', key: 'k' }], [{}], { url: `redis://127.0.0.1:${port}` }))
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toMatch(/Redis/);
	}, 30_000);

	describe('Remote MCP Server connection', () => {
		let http: RunningMcpServer;
		let url: string;

		beforeAll(async () => {
			http = await startMcpHttp('cache', { REDIS_URL: server.url, OMNICREW_MCP_TOKEN: 'remote-token' });
			url = http.url;
		});
		afterAll(async () => await http.stop());

		const remote = (params: Record<string, unknown>, token: string) =>
			fakeExecuteFunctions({
				items: [{}],
				params: [{ connection: 'remote', resultField: '', ...params }],
				credentials: { omniCrewMcpApi: { url, token } },
			});

		it('runs the same operation against an omnicrew-mcp server', async () => {
			await node.execute.call(remote({ operation: 'set', tenantId: 'remote', type: 'stock', key: 's1', value: '{"qty": 3}', options: {} }, 'remote-token'));
			const out = await node.execute.call(remote({ operation: 'get', tenantId: 'remote', type: 'stock', key: 's1' }, 'remote-token'));
			expect(out[0][0].json).toMatchObject({ hit: true, value: { qty: 3 } });
			expect(await inspect.get('t:remote:stock:s1')).toBe('{"qty":3}');
		});

		it('says how to fix a wrong token', async () => {
			const error = await node.execute.call(remote({ operation: 'stats', tenantId: 'remote' }, 'wrong')).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).description).toMatch(/URL and token/);
		});
	});
});
