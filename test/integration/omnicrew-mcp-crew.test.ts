import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';
import { OMNICREW_MCP_BIN } from '../support/mcp-http';
import { seedKnowledge } from '../support/crew';

jest.setTimeout(120_000);

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text: string }> };
type Labelled = { text: string; intent: string; lang: string };
const INTENTS = ['sales', 'scheduling', 'business_rules', 'support', 'human'];

const unseen = readFileSync(join(__dirname, '..', '..', 'bench', 'data', 'crew', 'unseen.jsonl'), 'utf8')
	.split('\n')
	.filter(Boolean)
	.map((line) => JSON.parse(line) as Labelled);

function macroF1(pairs: Array<[string, string]>): number {
	const f1 = INTENTS.map((label) => {
		const tp = pairs.filter(([gold, got]) => gold === label && got === label).length;
		const fp = pairs.filter(([gold, got]) => gold !== label && got === label).length;
		const fn = pairs.filter(([gold, got]) => gold === label && got !== label).length;
		return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
	});
	return f1.reduce((a, b) => a + b, 0) / f1.length;
}

/** `npx omnicrew-mcp crew`: first with no service at all, then with Odoo, Qdrant and Redis. */
describe('omnicrew-mcp crew (built binary)', () => {
	const connect = async (env: Record<string, string>) => {
		const client = new Client({ name: 'acceptance', version: '1' });
		await client.connect(new StdioClientTransport({ command: process.execPath, args: [OMNICREW_MCP_BIN, 'crew'], env: { PATH: process.env.PATH ?? '', ...env }, stderr: 'pipe' }));
		return client;
	};

	describe('with no other service', () => {
		let client: Client;
		beforeAll(async () => {
			client = await connect({});
		});
		afterAll(async () => await client?.close());

		it('routes messages it has never seen, in Portuguese, Spanish and English, with no LLM', async () => {
			const pairs: Array<[string, string]> = [];
			for (const example of unseen) {
				const result = (await client.callTool({ name: 'crew_route', arguments: { tenant_id: 'acme', channel: 'whatsapp', text: example.text } })) as Result;
				pairs.push([example.intent, String(result.structuredContent?.intent)]);
			}
			const f1 = macroF1(pairs);
			const human = pairs.filter(([gold]) => gold === 'human');
			const humanRecall = human.filter(([, got]) => got === 'human').length / human.length;
			process.stdout.write(`crew_route on ${pairs.length} unseen messages: macro-F1 ${f1.toFixed(3)}, human recall ${humanRecall.toFixed(3)}\n`);
			// floors well below the measured figures (docs/benchmarks.md), so noise cannot fail CI
			expect(f1).toBeGreaterThanOrEqual(0.8);
			expect(humanRecall).toBeGreaterThanOrEqual(0.9);
		});

		it('lists the default crews', async () => {
			const result = (await client.callTool({ name: 'crew_list', arguments: { tenant_id: 'acme' } })) as Result;
			const crews = result.structuredContent?.crews as Array<{ channel: string; source: string; agents: Array<{ role: string }> }>;
			expect(crews.find((c) => c.channel === 'whatsapp')?.agents.map((a) => a.role)).toEqual(['sales', 'scheduling', 'business_rules', 'support']);
		});

		it('hands off what it cannot ground without Odoo or a knowledge base', async () => {
			const result = (await client.callTool({ name: 'crew_handle_message', arguments: { tenant_id: 'acme', channel: 'whatsapp', text: 'quanto custa a cadeira ergonomica?' } })) as Result;
			expect(result.structuredContent).toMatchObject({ handoff: true });
		});

		it('refuses the erp_operator role: the server was not started for Odoo users', async () => {
			const result = (await client.callTool({ name: 'crew_agent_reply', arguments: { tenant_id: 'acme', channel: 'whatsapp', role: 'erp_operator', text: 'qual o preço da cadeira ergonomica?' } })) as Result;
			expect(result.isError).toBe(true);
			expect(result.content[0].text).toMatch(/^The erp_operator role is only for Odoo users.*OMNICREW_CREW_ERP=true/);
		});
	});

	it('exits at start, naming REDIS_URL and the address, when that Redis cannot be reached', async () => {
		const idle = await startRedisServer();
		await idle.stop(); // a loopback port nothing listens on any more
		const run = spawnSync(process.execPath, [OMNICREW_MCP_BIN, 'crew'], { env: { PATH: process.env.PATH ?? '', REDIS_URL: `redis://:env-s3cret@127.0.0.1:${idle.port}` }, encoding: 'utf8', timeout: 30_000 });
		expect(run.status).toBe(1);
		expect(run.stderr).toContain(`REDIS_URL is set but Redis at 127.0.0.1:${idle.port} could not be used: Connection refused`);
		expect(run.stderr).toContain('Fix REDIS_URL or unset it to run without memory');
		expect(run.stderr).not.toContain('env-s3cret');
	});

	describe('with Odoo, Qdrant and Redis', () => {
		let odoo: OdooEmulator;
		let qdrant: QdrantEmulator;
		let redis: RedisServer;
		let client: Client;
		const handle = async (text: string, conversation: string) =>
			((await client.callTool({ name: 'crew_handle_message', arguments: { tenant_id: 'acme', channel: 'whatsapp', text, conversation_id: conversation, contact: { name: 'Ana Paula Ferreira', phone: '+55 11 98765-4321' } } })) as Result).structuredContent as {
				reply: string;
				handoff: boolean;
				route: { agent: string };
			};

		beforeAll(async () => {
			[odoo, qdrant, redis] = await Promise.all([startOdooEmulator({ seed: 'brazil' }), startQdrantEmulator(), startRedisServer()]);
			await seedKnowledge(qdrant, 'acme', 'acc_');
			client = await connect({
				REDIS_URL: redis.url,
				ODOO_URL: odoo.url,
				ODOO_DB: odoo.db,
				ODOO_USERNAME: odoo.users.admin.login,
				ODOO_API_KEY: odoo.users.admin.apiKey ?? '',
				QDRANT_URL: qdrant.url,
				KNOWLEDGE_COLLECTION_PREFIX: 'acc_',
				OMNICREW_CREW_ERP: 'true',
			});
		});
		afterAll(async () => {
			await client?.close();
			await Promise.all([odoo?.close(), qdrant?.close(), redis?.stop()]);
		});

		it('answers a price question with the price Odoo holds', async () => {
			const got = await handle('Vocês têm a cadeira ergonômica? Qual o preço?', 'c1');
			expect(got.route.agent).toBe('sales');
			expect(got.reply).toContain('R$ 1.899,90');
		});

		it('offers real free slots for a scheduling request', async () => {
			const got = await handle('Quero agendar uma visita técnica', 'c2');
			expect(got.route.agent).toBe('scheduling');
			expect(got.reply).toMatch(/1\. .*\d{2}:\d{2}/);
		});

		it('hands off when asked for a person', async () => {
			const got = await handle('quero falar com uma pessoa', 'c3');
			expect(got).toMatchObject({ handoff: true, route: { agent: 'human' } });
		});

		it('answers as erp_operator, from Odoo, when started with OMNICREW_CREW_ERP=true', async () => {
			const result = (await client.callTool({ name: 'crew_agent_reply', arguments: { tenant_id: 'acme', channel: 'whatsapp', role: 'erp_operator', text: 'qual o preço da cadeira ergonomica?' } })) as Result;
			expect(result.isError).toBeFalsy();
			expect(result.structuredContent).toMatchObject({ agent: 'erp_operator' });
			expect(String(result.structuredContent?.reply)).toContain('R$ 1.899,90');
		});
	});
});
