import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { QdrantClient } from '@qdrant/js-client-rest';

import { hashingEmbedder } from '../../nodes/KnowledgeBase/embeddings/hashing-embedder';
import { KnowledgeStore, type KnowledgeDocument } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { startN8n, type N8nInstance, type WorkflowJson } from '../../scripts/lib/n8n-instance';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';
import { startEmbeddingsServer, type EmbeddingsServer } from '../support/embeddings-server';

jest.setTimeout(240_000);

/** The Knowledge Base node with n8n's own Embeddings OpenAI sub-node connected: hybrid search in real n8n. */
describe('Knowledge Base with an n8n embeddings sub-node', () => {
	let n8n: N8nInstance;
	let qdrant: QdrantEmulator;
	let embeddings: EmbeddingsServer;
	const workflow = JSON.parse(readFileSync(join(__dirname, 'workflows', 'knowledge-hybrid.json'), 'utf8')) as WorkflowJson;

	beforeAll(async () => {
		[qdrant, embeddings] = await Promise.all([startQdrantEmulator(), startEmbeddingsServer(64)]);
		const store = new KnowledgeStore(new QdrantClient({ url: qdrant.url, checkCompatibility: false }), { prefix: 'hyb_', dense: hashingEmbedder(64) });
		await store.upsert('acme', 'products', JSON.parse(readFileSync(join(__dirname, '..', '..', 'bench', 'data', 'knowledge', 'products.json'), 'utf8')) as KnowledgeDocument[]);
		n8n = await startN8n();
		const qdrantId = await n8n.api.createCredential('Qdrant API', 'qdrantOmniCrewApi', { url: qdrant.url, apiKey: '', prefix: 'hyb_' });
		const openAiId = await n8n.api.createCredential('OpenAI (local)', 'openAiApi', { apiKey: 'sk-local', url: embeddings.url });
		const id = await n8n.api.createWorkflow(workflow, { qdrantOmniCrewApi: { id: qdrantId, name: 'Qdrant API' }, openAiApi: { id: openAiId, name: 'OpenAI (local)' } });
		await n8n.api.activate(id);
		await n8n.waitForWebhook('omnicrew/knowledge-hybrid');
	});
	afterAll(async () => {
		await n8n?.stop();
		await embeddings?.close();
		await qdrant?.close();
	});

	it('embeds the query through the sub-node and fuses dense and sparse results', async () => {
		const before = embeddings.requests;
		const response = await fetch(n8n.webhookUrl('omnicrew/knowledge-hybrid'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ tenant_id: 'acme', text: 'vcs tem cadeira ergonomica?' }),
		});
		expect(response.status).toBe(200);
		const body = (await response.json()) as { hits: Array<{ id: string }> };
		// the trigram stand-in captures spelling, not meaning: assert the path and a sensible answer, not model quality
		expect(body.hits.slice(0, 3).map((h) => h.id)).toContain('CAD-ERG-01');
		expect(embeddings.requests).toBeGreaterThan(before);
		expect(qdrant.requests.some((r) => r.path.endsWith('/points/query') && JSON.stringify(r.body).includes('"rrf"'))).toBe(true);
	});
});
