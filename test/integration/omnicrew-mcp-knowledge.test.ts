import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { QdrantClient } from '@qdrant/js-client-rest';

import { openKnowledgeSession } from '../../nodes/KnowledgeBase/server';
import { KnowledgeStore } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { freePort } from '../../scripts/lib/runtime';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';
import { OMNICREW_MCP_BIN } from '../support/mcp-http';

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text: string }> };
const DATA = join(__dirname, '..', '..', 'bench', 'data', 'knowledge');
const load = <T>(file: string): T => JSON.parse(readFileSync(join(DATA, file), 'utf8')) as T;

/** `omnicrew-mcp knowledge` ingests a catalog and answers customers' questions about it, per tenant. */
describe('omnicrew-mcp knowledge (built binary)', () => {
	let qdrant: QdrantEmulator;
	let client: Client;
	const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;

	beforeAll(async () => {
		qdrant = await startQdrantEmulator({ apiKey: 'qdrant-key' });
		client = new Client({ name: 'acceptance', version: '1' });
		await client.connect(
			new StdioClientTransport({
				command: process.execPath,
				args: [OMNICREW_MCP_BIN, 'knowledge'],
				env: { ...(process.env as Record<string, string>), QDRANT_URL: qdrant.url, QDRANT_API_KEY: 'qdrant-key', KNOWLEDGE_COLLECTION_PREFIX: 'acc_' },
				stderr: 'pipe',
			}),
		);
	});
	afterAll(async () => {
		await client.close();
		await qdrant.close();
	});

	it('ingests the catalog, procedures and rules, and finds the expected document for customers\' questions', async () => {
		for (const [collection, file] of [
			['products', 'products.json'],
			['support_procedures', 'procedures.json'],
			['business_rules', 'rules.json'],
		] as const) {
			const stored = await call('knowledge_upsert', { tenant_id: 'acme', collection, documents: load(file) });
			expect(stored.isError ? stored.content[0].text : 'ok').toBe('ok');
		}
		const questions = load<Array<{ question: string; expected: string }>>('questions.json');
		let top5 = 0;
		for (const q of questions) {
			const answer = await call('knowledge_search', { tenant_id: 'acme', query: q.question, top_k: 5 });
			const ids = (answer.structuredContent?.hits as Array<{ id: string }>).map((h) => h.id);
			if (ids.includes(q.expected)) top5++;
		}
		// a floor well below the measured figure (docs/benchmarks.md), so noise cannot fail CI
		expect(top5 / questions.length).toBeGreaterThanOrEqual(0.85);
	});

	it('keeps tenants apart and refuses a call without tenant', async () => {
		const other = await call('knowledge_search', { tenant_id: 'globex', query: 'cadeira ergonômica' });
		expect(other.structuredContent).toEqual({ hits: [] });
		const refused = await call('knowledge_search', { query: 'cadeira' });
		expect(refused.isError).toBe(true);
		expect(refused.content[0].text).toMatch(/tenant_id is required/);
	});

	it('returns the caller\'s ids and metadata as upserted, deletes by id, and logs interactions', async () => {
		await call('knowledge_upsert', { tenant_id: 'globex', collection: 'business_rules', documents: [{ id: 'frete-gratis', title: 'Frete grátis', text: 'Frete grátis acima de R$ 199 para todo o Brasil.', metadata: { topic: 'frete', since: 2026 } }] });
		const found = await call('knowledge_search', { tenant_id: 'globex', query: 'tem frete gratis?' });
		expect((found.structuredContent?.hits as unknown[])[0]).toMatchObject({ id: 'frete-gratis', collection: 'business_rules', metadata: { topic: 'frete', since: 2026 } });
		expect((await call('knowledge_search', { tenant_id: 'globex', query: 'frete', filter: { topic: 'devolucao' } })).structuredContent).toEqual({ hits: [] });
		expect((await call('knowledge_delete', { tenant_id: 'globex', collection: 'business_rules', ids: ['frete-gratis'] })).structuredContent).toEqual({ deleted: 1 });
		const logged = await call('knowledge_log_interaction', {
			tenant_id: 'globex',
			conversation_id: 318,
			channel: 'whatsapp',
			agent: 'sales',
			intent: 'sales',
			outcome: 'answered',
			question: 'Quanto custa a cadeira?',
			answer: 'R$ 1.899,90',
		});
		expect(logged.structuredContent).toMatchObject({ id: expect.stringMatching(/^turn-318-/) });
		const past = await call('knowledge_search', { tenant_id: 'globex', query: 'quanto custa cadeira', collections: ['interactions'] });
		expect((past.structuredContent?.hits as Array<{ metadata: Record<string, unknown> }>)[0].metadata).toMatchObject({ channel: 'whatsapp', outcome: 'answered' });
	});
});

describe('knowledge tools when Qdrant fails', () => {
	it('report a wrong API key and an unreachable Qdrant as upstream errors that say what to check', async () => {
		const qdrant = await startQdrantEmulator({ apiKey: 'right' });
		const wrong = openKnowledgeSession({ store: new KnowledgeStore(new QdrantClient({ url: qdrant.url, apiKey: 'wrong', checkCompatibility: false })) });
		expect(await wrong.callTool('knowledge_search', { tenant_id: 'acme', query: 'cadeira' })).toMatchObject({ ok: false, kind: 'upstream', message: expect.stringMatching(/refused the API key/) });
		const gone = openKnowledgeSession({ store: new KnowledgeStore(new QdrantClient({ url: `http://127.0.0.1:${await freePort()}`, checkCompatibility: false })) });
		expect(await gone.callTool('knowledge_search', { tenant_id: 'acme', query: 'cadeira' })).toMatchObject({ ok: false, kind: 'upstream', message: expect.stringMatching(/could not be reached/) });
		await wrong.close();
		await gone.close();
		await qdrant.close();
	});
});
