import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { QdrantClient } from '@qdrant/js-client-rest';

import { KnowledgeStore, type KnowledgeDocument } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { startN8n, type N8nInstance, type WorkflowJson } from '../../scripts/lib/n8n-instance';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';

jest.setTimeout(240_000);

const DATA = join(__dirname, '..', '..', 'bench', 'data', 'knowledge');

/** Webhook → Knowledge Base (search) → Respond, in a real n8n against the Qdrant emulator. */
describe('Knowledge Base node in a real n8n 2.41.1', () => {
	let n8n: N8nInstance;
	let qdrant: QdrantEmulator;
	const workflow = JSON.parse(readFileSync(join(__dirname, 'workflows', 'knowledge-search.json'), 'utf8')) as WorkflowJson;

	beforeAll(async () => {
		qdrant = await startQdrantEmulator({ apiKey: 'e2e-key' });
		const store = new KnowledgeStore(new QdrantClient({ url: qdrant.url, apiKey: 'e2e-key', checkCompatibility: false }), { prefix: 'e2e_' });
		await store.upsert('acme', 'products', JSON.parse(readFileSync(join(DATA, 'products.json'), 'utf8')) as KnowledgeDocument[]);
		await store.upsert('acme', 'business_rules', JSON.parse(readFileSync(join(DATA, 'rules.json'), 'utf8')) as KnowledgeDocument[]);
		n8n = await startN8n();
		const id = await n8n.api.createCredential('Qdrant API', 'qdrantOmniCrewApi', { url: qdrant.url, apiKey: 'e2e-key', prefix: 'e2e_' });
		const workflowId = await n8n.api.createWorkflow(workflow, { qdrantOmniCrewApi: { id, name: 'Qdrant API' } });
		await n8n.api.activate(workflowId);
		await n8n.waitForWebhook('omnicrew/knowledge-search');
	});
	afterAll(async () => {
		await n8n?.stop();
		await qdrant?.close();
	});

	const ask = async (body: Record<string, unknown>) => {
		const response = await fetch(n8n.webhookUrl('omnicrew/knowledge-search'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		return { status: response.status, body: (await response.json()) as { hits?: Array<{ id: string; collection: string }> } };
	};

	it('finds the product a customer asks about, in their own words', async () => {
		const answer = await ask({ tenant_id: 'acme', text: 'vcs tem cadeira ergonomica? qto custa' });
		expect(answer.status).toBe(200);
		expect(answer.body.hits?.[0]).toMatchObject({ id: 'CAD-ERG-01', collection: 'products' });
	});

	it('finds a rule, and nothing for another tenant', async () => {
		const rule = await ask({ tenant_id: 'acme', text: 'da pra pagar no pix com desconto?' });
		expect(rule.body.hits?.[0].collection).toBe('business_rules');
		expect((await ask({ tenant_id: 'globex', text: 'cadeira ergonomica' })).body).toEqual({ hits: [] });
	});

	it('shows the node and its AI-tool variant in the editor', async () => {
		expect(await n8n.nodeTypeNames()).toEqual(expect.arrayContaining(['n8n-nodes-omnicrew.knowledgeBase', 'n8n-nodes-omnicrew.knowledgeBaseTool']));
	});
});
