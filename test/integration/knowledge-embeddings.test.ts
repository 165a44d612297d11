import { createServer, type Server } from 'node:http';

import { QdrantClient } from '@qdrant/js-client-rest';

import { hashingEmbedder } from '../../nodes/KnowledgeBase/embeddings/hashing-embedder';
import { openAiCompatibleEmbedder } from '../../nodes/KnowledgeBase/embeddings/remote-embedder';
import { KnowledgeStore } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { freePort } from '../../scripts/lib/runtime';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';

/**
 * Hybrid search through an OpenAI-compatible /embeddings endpoint. The endpoint is a loopback
 * stand-in for the model (deterministic trigram vectors), answering as OpenAI's API does.
 */
describe('hybrid search with an OpenAI-compatible embeddings endpoint', () => {
	let qdrant: QdrantEmulator;
	let server: Server;
	let url: string;
	const received: Array<{ model: string; input: string[]; auth?: string }> = [];

	beforeAll(async () => {
		qdrant = await startQdrantEmulator();
		const model = hashingEmbedder(64);
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				const parsed = JSON.parse(body) as { model: string; input: string[] };
				received.push({ ...parsed, auth: req.headers.authorization });
				void model.embed(parsed.input).then((vectors) => {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ object: 'list', data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })), model: parsed.model }));
				});
			});
		});
		const port = await freePort();
		await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${port}/v1`;
	});
	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
		await qdrant.close();
	});

	it('learns the vector size, creates dense + sparse collections and fuses both', async () => {
		const dense = await openAiCompatibleEmbedder({ url, apiKey: 'sk-test', model: 'embed-small' });
		expect(dense.size).toBe(64);
		expect(received[0]).toMatchObject({ model: 'embed-small', auth: 'Bearer sk-test' });
		const client = new QdrantClient({ url: qdrant.url, checkCompatibility: false });
		const store = new KnowledgeStore(client, { prefix: 'hyb_', dense });
		await store.upsert('acme', 'products', [
			{ id: 'CAD-ERG-01', title: 'Cadeira Ergonômica Pro', text: 'Cadeira com apoio lombar.' },
			{ id: 'MES-120', title: 'Mesa de Escritório 120cm', text: 'Mesa de MDF com 120 cm.' },
		]);
		const info = await client.getCollection('hyb_products');
		expect(JSON.stringify(info.config.params)).toMatch(/"dense"/);
		// a misspelling the sparse terms miss ("cadiera") is still found through the dense vectors
		expect((await store.search('acme', 'cadiera ergonomica'))[0].id).toBe('CAD-ERG-01');
		expect(qdrant.requests.some((r) => r.path.endsWith('/points/query') && JSON.stringify(r.body).includes('"rrf"'))).toBe(true);
	});

	it('says when the endpoint cannot be reached', async () => {
		await expect(openAiCompatibleEmbedder({ url: `http://127.0.0.1:${await freePort()}/v1`, model: 'x' })).rejects.toThrow(/could not be reached/);
	});
});
