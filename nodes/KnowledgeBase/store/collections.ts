import type { QdrantClient } from '@qdrant/js-client-rest';

export const COLLECTIONS = ['products', 'support_procedures', 'business_rules', 'interactions'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

export const SPARSE = 'sparse';
export const DENSE = 'dense';

/** Payload fields each collection filters on, besides tenant_id and doc_id. */
const INDEXED: Record<CollectionName, string[]> = {
	products: ['metadata.category', 'metadata.brand'],
	support_procedures: ['metadata.topic'],
	business_rules: ['metadata.topic'],
	interactions: ['metadata.channel', 'metadata.agent', 'metadata.intent', 'metadata.outcome', 'metadata.conversation_id'],
};

export interface DenseConfig {
	size: number;
	distance: 'Cosine' | 'Dot';
}

/**
 * Creates a collection on first use: a sparse vector with Qdrant's IDF modifier always, a dense
 * one when an embedder is configured, tenant_id indexed as the tenant key (Qdrant then keeps each
 * tenant's points together), and the filter fields indexed.
 */
export async function ensureCollection(client: QdrantClient, name: string, kind: CollectionName, dense?: DenseConfig): Promise<void> {
	const { exists } = await client.collectionExists(name);
	if (exists) return;
	try {
		await client.createCollection(name, {
			vectors: dense ? { [DENSE]: { size: dense.size, distance: dense.distance } } : {},
			sparse_vectors: { [SPARSE]: { modifier: 'idf' } },
		});
	} catch (error) {
		// another worker created it between our check and our create
		if ((await client.collectionExists(name)).exists) return;
		throw error;
	}
	await client.createPayloadIndex(name, { field_name: 'tenant_id', field_schema: { type: 'keyword', is_tenant: true }, wait: true });
	await client.createPayloadIndex(name, { field_name: 'doc_id', field_schema: 'keyword', wait: true });
	// chunk 0 marks one point per document (listing documents for sync); strict-mode clusters need it indexed
	await client.createPayloadIndex(name, { field_name: 'chunk', field_schema: 'integer', wait: true });
	for (const field of INDEXED[kind]) await client.createPayloadIndex(name, { field_name: field, field_schema: 'keyword', wait: true });
}
