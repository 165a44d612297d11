import { spawnSync } from 'node:child_process';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { freePort, startFerretDb, startRedisServer, type FerretDbServer, type RedisServer } from '../../scripts/lib/runtime';
import { OMNICREW_MCP_BIN } from '../support/mcp-http';

jest.setTimeout(30_000);

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text: string }> };

/** The acceptance scenario of `npx omnicrew-mcp config`, on the built binary over stdio. */
describe('omnicrew-mcp config (built binary)', () => {
	let ferret: FerretDbServer;
	let redis: RedisServer;
	let client: Client;
	const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;

	beforeAll(async () => {
		[ferret, redis] = await Promise.all([startFerretDb(), startRedisServer()]);
		client = new Client({ name: 'acceptance', version: '1' });
		await client.connect(
			new StdioClientTransport({
				command: process.execPath,
				args: [OMNICREW_MCP_BIN, 'config'],
				env: { ...(process.env as Record<string, string>), MONGODB_URI: ferret.uri, MONGODB_DB: 'acceptance', REDIS_URL: redis.url },
				stderr: 'pipe',
			}),
		);
	});
	afterAll(async () => {
		await client?.close();
		await Promise.all([ferret?.stop(), redis?.stop()]);
	});

	it('lists the config and data tools', async () => {
		const { tools } = await client.listTools();
		expect(tools.map((t) => t.name).sort()).toEqual(
			['config_get_crew', 'config_get_tenant', 'config_get_upstreams', 'config_history', 'config_list_crews', 'config_put_crew', 'config_put_tenant', 'config_put_upstreams', 'config_rollback', 'data_aggregate', 'data_find', 'data_insert', 'data_update'].sort(),
		);
	});

	it('returns the default WhatsApp crew, stores an override as version 2, rolls back to version 1 and refuses $where', async () => {
		const first = await call('config_get_crew', { tenant_id: '42', channel: 'whatsapp' });
		expect(first.structuredContent).toMatchObject({ source: 'default', version: 1 });
		const roles = (first.structuredContent?.crew as { agents: Array<{ role: string }> }).agents.map((a) => a.role);
		expect(roles).toEqual(expect.arrayContaining(['sales', 'scheduling', 'business_rules', 'support']));

		const put = await call('config_put_crew', { tenant_id: '42', channel: 'whatsapp', crew: { router: { confidence_threshold: 0.65, stickiness: { switch_confidence: 0.8 } } } });
		expect(put.structuredContent).toMatchObject({ version: 2, unchanged: false });
		expect((await call('config_get_crew', { tenant_id: '42', channel: 'whatsapp' })).structuredContent).toMatchObject({ source: 'override', version: 2 });

		const back = await call('config_rollback', { tenant_id: '42', kind: 'crew', id: 'whatsapp', version: 1 });
		expect(back.structuredContent).toMatchObject({ rolled_back_to: 1 });
		expect((await call('config_get_crew', { tenant_id: '42', channel: 'whatsapp' })).structuredContent).toMatchObject({ source: 'default' });

		const where = await call('data_find', { tenant_id: '42', collection: 'leads', filter: { $where: 'sleep(1000) || true' } });
		expect(where.isError).toBe(true);
		expect(where.content[0].text).toMatch(/\$where is refused/);
	});

	it('names the wrong field of a bad crew', async () => {
		const bad = await call('config_put_crew', { tenant_id: '42', channel: 'email', crew: { agents: [{ role: 'sales' }] } });
		expect(bad.isError).toBe(true);
		expect(bad.content[0].text).toMatch(/crew\.agents\[0\]\.name/);
	});

	it('fails to start with a message that names the server but never the password', async () => {
		const port = await freePort();
		const run = spawnSync(process.execPath, [OMNICREW_MCP_BIN, 'config'], {
			env: { ...process.env, MONGODB_URI: `mongodb://omni:s3cr3t-pw@127.0.0.1:${port}/` },
			encoding: 'utf8',
			timeout: 30_000,
		});
		expect(run.status).not.toBe(0);
		expect(run.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}`));
		expect(`${run.stdout}${run.stderr}`).not.toContain('s3cr3t-pw');
	});
});
