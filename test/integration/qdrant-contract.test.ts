/**
 * Client-level contract for Qdrant: runs against the emulator, or against a real Qdrant when
 * QDRANT_URL (and optionally QDRANT_API_KEY) is set. Collections get unique names and are deleted after.
 */
import { randomUUID } from 'node:crypto';

import { QdrantClient } from '@qdrant/js-client-rest';

import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';

const REAL_URL = process.env.QDRANT_URL;
const UUID = '5c56c793-69f3-4fbf-87e6-c4bf54c28c26';
const ids = (points: Array<{ id: string | number }>) => points.map((point) => point.id);

async function failure(call: Promise<unknown>): Promise<{ status: number; error: string }> {
	try {
		await call;
	} catch (error) {
		const { status, data } = error as { status: number; data?: { status?: { error?: string } } };
		return { status, error: data?.status?.error ?? '' };
	}
	throw new Error('the call succeeded');
}

describe(`Qdrant contract (${REAL_URL ? `real Qdrant at ${REAL_URL}` : 'emulator'})`, () => {
	let emulator: QdrantEmulator | undefined;
	let client: QdrantClient;
	const name = `contract_${randomUUID().slice(0, 8)}`;

	beforeAll(async () => {
		if (REAL_URL) {
			client = new QdrantClient({ url: REAL_URL, apiKey: process.env.QDRANT_API_KEY, checkCompatibility: false });
		} else {
			emulator = await startQdrantEmulator();
			client = new QdrantClient({ url: emulator.url, checkCompatibility: false });
		}
		await client.createCollection(name, { vectors: { dense: { size: 2, distance: 'Cosine' } }, sparse_vectors: { sparse: { modifier: 'idf' } } });
		await client.createPayloadIndex(name, { field_name: 'tenant_id', field_schema: { type: 'keyword', is_tenant: true }, wait: true });
		await client.createPayloadIndex(name, { field_name: 'n', field_schema: 'integer', wait: true });
		await client.upsert(name, {
			wait: true,
			points: [
				{ id: 1, vector: { dense: [1, 0], sparse: { indices: [1, 2], values: [1, 1] } }, payload: { tenant_id: 't1', n: 1, tags: ['a', 'b'], meta: { lang: 'pt' } } },
				{ id: 2, vector: { dense: [0.6, 0.8], sparse: { indices: [1], values: [1] } }, payload: { tenant_id: 't1', n: 2, tags: ['b'], meta: { lang: 'en' } } },
				{ id: 3, vector: { dense: [-1, 0], sparse: { indices: [3], values: [2] } }, payload: { tenant_id: 't2', n: 3, tags: [], meta: { lang: 'pt' } } },
				{ id: UUID, vector: { dense: [0, 1] }, payload: { tenant_id: 't2', n: 4 } },
			],
		});
	});
	afterAll(async () => {
		await client.deleteCollection(name).catch(() => undefined);
		await emulator?.close();
	});

	it('describes the collection', async () => {
		expect(await client.collectionExists(name)).toEqual({ exists: true });
		expect((await client.getCollections()).collections.map((collection) => collection.name)).toContain(name);
		const info = await client.getCollection(name);
		expect(info.points_count).toBe(4);
		expect(info.config.params.vectors).toMatchObject({ dense: { size: 2, distance: 'Cosine' } });
		expect(info.config.params.sparse_vectors).toMatchObject({ sparse: { modifier: 'idf' } });
		expect(info.payload_schema.tenant_id).toMatchObject({ data_type: 'keyword', params: { type: 'keyword', is_tenant: true } });
		expect(info.payload_schema.n).toMatchObject({ data_type: 'integer' });
	});

	it('retrieves, scrolls and counts', async () => {
		expect(ids(await client.retrieve(name, { ids: [2, UUID, 99] })).sort()).toEqual([2, UUID].sort());
		const page = await client.scroll(name, { limit: 2 });
		expect(ids(page.points)).toEqual([1, 2]);
		expect(page.next_page_offset).toBe(3);
		const rest = await client.scroll(name, { limit: 2, offset: 3 });
		expect(ids(rest.points)).toEqual([3, UUID]);
		expect(rest.next_page_offset ?? null).toBeNull();
		expect((await client.count(name, { filter: { must: [{ key: 'tenant_id', match: { value: 't2' } }] }, exact: true })).count).toBe(2);
	});

	it('scores cosine, sparse with IDF and RRF fusion', async () => {
		const dense = await client.query(name, { query: [1, 0], using: 'dense', limit: 3 });
		expect(ids(dense.points)).toEqual([1, 2, UUID]);
		expect(dense.points[1].score).toBeCloseTo(0.6, 4);
		const idf = (n: number) => Math.log(1 + (3 - n + 0.5) / (n + 0.5));
		const sparse = await client.query(name, { query: { indices: [1, 2], values: [1, 1] }, using: 'sparse' });
		expect(ids(sparse.points)).toEqual([1, 2]);
		expect(sparse.points[0].score).toBeCloseTo(idf(2) + idf(1), 4);
		const fused = await client.query(name, {
			prefetch: [
				{ query: [1, 0], using: 'dense', limit: 3 },
				{ query: { indices: [1, 3], values: [1, 1] }, using: 'sparse', limit: 3 },
			],
			query: { fusion: 'rrf' },
		});
		expect(ids(fused.points)).toEqual([1, 2, 3, UUID]);
		expect(fused.points[0].score).toBeCloseTo(1 / 2 + 1 / 3, 4);
	});

	it('filters, and keeps tenants apart', async () => {
		const scroll = async (filter: Record<string, unknown>) => ids((await client.scroll(name, { filter, limit: 100 })).points);
		expect(await scroll({ must: [{ key: 'tags', match: { value: 'b' } }] })).toEqual([1, 2]);
		expect(await scroll({ must: [{ key: 'meta.lang', match: { value: 'pt' } }] })).toEqual([1, 3]);
		expect(await scroll({ must: [{ key: 'n', range: { gt: 1, lt: 4 } }] })).toEqual([2, 3]);
		expect(await scroll({ must: [{ key: 'n', match: { any: [1, 4] } }] })).toEqual([1, UUID]);
		expect(await scroll({ must: [{ has_id: [3] }] })).toEqual([3]);
		expect(await scroll({ must: [{ is_empty: { key: 'tags' } }] })).toEqual([3, UUID]);
		expect(await scroll({ must_not: [{ key: 'tenant_id', match: { value: 't1' } }] })).toEqual([3, UUID]);
		for (const tenant of ['t1', 't2']) {
			const filter = { must: [{ key: 'tenant_id', match: { value: tenant } }] };
			const found = await client.query(name, { query: [1, 0], using: 'dense', filter, with_payload: true, limit: 10 });
			expect(found.points.length).toBe(2);
			for (const point of found.points) expect(point.payload?.tenant_id).toBe(tenant);
		}
	});

	it('rejects what Qdrant rejects', async () => {
		expect(await failure(client.getCollection(`${name}_missing`))).toEqual({ status: 404, error: `Not found: Collection \`${name}_missing\` doesn't exist!` });
		expect((await failure(client.createCollection(name, { vectors: { size: 2, distance: 'Dot' } }))).status).toBe(409);
		expect(await failure(client.upsert(name, { points: [{ id: 9, vector: { dense: [1, 2, 3] } }] }))).toMatchObject({ status: 400, error: expect.stringContaining('expected dim: 2, got 3') });
	});

	it('deletes points by id and by filter', async () => {
		await client.delete(name, { wait: true, points: [UUID] });
		await client.delete(name, { wait: true, filter: { must: [{ key: 'n', range: { gte: 3 } }] } });
		expect((await client.count(name, { exact: true })).count).toBe(2);
	});
});
