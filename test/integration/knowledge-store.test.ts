import { QdrantClient } from '@qdrant/js-client-rest';

import { hashingEmbedder } from '../../nodes/KnowledgeBase/embeddings/hashing-embedder';
import { KnowledgeStore } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';

const CATALOG = [
	{ id: 'AC-09', title: 'Ar-condicionado Split 9000 BTUs', text: 'Split inverter 9000 BTUs, 220V, para ambientes até 15 m². Garantia de 12 meses.', metadata: { category: 'climatização' } },
	{ id: 'AC-12', title: 'Ar-condicionado Split 12000 BTUs', text: 'Split inverter 12000 BTUs, 220V, para ambientes até 20 m². Garantia de 12 meses.', metadata: { category: 'climatização' } },
	{ id: 'CAD-ERG-01', title: 'Cadeira Ergonômica Pro', text: 'Cadeira ergonômica com apoio lombar ajustável, braços 3D e tela mesh respirável.', metadata: { category: 'cadeiras' } },
	{ id: 'NB-I7', title: 'Notebook Core i7 16GB', text: 'Notebook com processador Intel Core i7, 16GB de RAM e SSD de 512GB.', metadata: { category: 'informática' } },
];

describe('KnowledgeStore against the Qdrant emulator', () => {
	let qdrant: QdrantEmulator;
	let client: QdrantClient;

	beforeAll(async () => {
		qdrant = await startQdrantEmulator();
		client = new QdrantClient({ url: qdrant.url, checkCompatibility: false });
	});
	afterAll(async () => await qdrant.close());

	it.each([
		['sparse only', undefined],
		['hybrid', hashingEmbedder()],
	] as const)('%s: finds products by words without accents, and by exact figures and codes', async (_label, dense) => {
		const store = new KnowledgeStore(client, { prefix: `t_${dense ? 'h' : 's'}_`, dense });
		await store.upsert('acme', 'products', CATALOG);
		expect((await store.search('acme', 'voces tem cadeira ergonomica?', { collections: ['products'] }))[0]).toMatchObject({ id: 'CAD-ERG-01', collection: 'products', metadata: { category: 'cadeiras' } });
		expect((await store.search('acme', 'ar condicionado 12000 btus', { collections: ['products'] }))[0].id).toBe('AC-12');
		expect((await store.search('acme', 'split 9000', { collections: ['products'] }))[0].id).toBe('AC-09');
		expect((await store.search('acme', 'CAD-ERG-01', { collections: ['products'] }))[0].id).toBe('CAD-ERG-01');
		expect((await store.search('acme', 'notebook i7', { collections: ['products'] }))[0].id).toBe('NB-I7');
	});

	it('keeps tenants apart through every operation and any filter', async () => {
		const store = new KnowledgeStore(client, { prefix: 'iso_' });
		await store.upsert('acme', 'products', CATALOG);
		await store.upsert('globex', 'products', [{ id: 'G-1', title: 'Cadeira Gamer', text: 'Cadeira gamer reclinável.' }]);
		expect((await store.search('globex', 'cadeira ergonomica')).map((h) => h.id)).toEqual(['G-1']);
		expect(await store.search('globex', 'ar condicionado 12000')).toEqual([]);
		expect(await store.search('globex', 'cadeira', { filter: { doc_id: 'CAD-ERG-01' } })).toEqual([]);
		// a filter naming tenant_id targets metadata.tenant_id; it can only narrow the tenant's own points
		expect(await store.search('globex', 'cadeira ergonomica', { filter: { tenant_id: 'acme' } })).toEqual([]);
		expect(await store.search('globex', 'ar condicionado', { filter: { category: ['climatização', 'cadeiras'] } })).toEqual([]);
		await expect(store.search('globex', 'x', { filter: { 'tenant_id\u0000': 'acme' } })).rejects.toThrow(/filter key/);
		await expect(store.search('globex', 'x', { filter: { should: [{ key: 'tenant_id', match: { value: 'acme' } }] } })).rejects.toThrow(/filter.should must be/);
		expect(await store.delete('globex', 'products', ['CAD-ERG-01'])).toEqual({ deleted: 0 });
		expect((await store.search('acme', 'cadeira ergonomica'))[0].id).toBe('CAD-ERG-01');
		await expect(store.search('', 'cadeira')).rejects.toThrow(/tenant_id is required/);
	});

	it('replaces a document on re-upsert, leaving no stale chunks, and deletes by the caller\'s id', async () => {
		const store = new KnowledgeStore(client, { prefix: 'rep_' });
		const long = Array.from({ length: 30 }, (_, i) => `Passo ${i + 1}: verifique o dreno do ar-condicionado e limpe o filtro com água.`).join(' ');
		expect(await store.upsert('acme', 'support_procedures', [{ id: 'proc-dreno', title: 'Ar pingando água', text: long }])).toMatchObject({ documents: 1 });
		const chunks = (await client.count(store.collectionName('support_procedures'), { exact: true })).count;
		expect(chunks).toBeGreaterThan(1);
		await store.upsert('acme', 'support_procedures', [{ id: 'proc-dreno', title: 'Ar pingando água', text: 'Desligue o aparelho e limpe o dreno.' }]);
		expect((await client.count(store.collectionName('support_procedures'), { exact: true })).count).toBe(1);
		expect((await store.search('acme', 'ar pingando agua'))[0]).toMatchObject({ id: 'proc-dreno', text: 'Desligue o aparelho e limpe o dreno.' });
		expect(await store.delete('acme', 'support_procedures', ['proc-dreno'])).toEqual({ deleted: 1 });
		expect(await store.search('acme', 'ar pingando agua')).toEqual([]);
	});
});
