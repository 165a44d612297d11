/**
 * The Qdrant emulator driven by the official @qdrant/js-client-rest client: every request the
 * emulator receives and every answer it sends must match Qdrant's OpenAPI 1.19 document.
 */
import { QdrantClient } from '@qdrant/js-client-rest';

import { QdrantOpenApiValidator, startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';

const UUID = '5c56c793-69f3-4fbf-87e6-c4bf54c28c26';

async function seed(client: QdrantClient, name: string): Promise<void> {
	await client.createCollection(name, { vectors: { dense: { size: 2, distance: 'Cosine' } }, sparse_vectors: { sparse: { modifier: 'idf' } } });
	await client.createPayloadIndex(name, { field_name: 'tenant_id', field_schema: { type: 'keyword', is_tenant: true }, wait: true });
	await client.createPayloadIndex(name, { field_name: 'n', field_schema: 'integer', wait: true });
	await client.createPayloadIndex(name, { field_name: 'price', field_schema: 'float', wait: true });
	await client.createPayloadIndex(name, { field_name: 'title', field_schema: 'text', wait: true });
	await client.createPayloadIndex(name, { field_name: 'active', field_schema: 'bool', wait: true });
	await client.upsert(name, {
		wait: true,
		points: [
			{ id: 1, vector: { dense: [1, 0], sparse: { indices: [1, 2], values: [1, 1] } }, payload: { tenant_id: 't1', title: 'alpha beta', n: 1, price: 9.5, active: true, tags: ['a', 'b'], meta: { lang: 'pt' } } },
			{ id: 2, vector: { dense: [0.6, 0.8], sparse: { indices: [1], values: [1] } }, payload: { tenant_id: 't1', title: 'beta gamma', n: 2, price: 20, active: false, tags: ['b'], meta: { lang: 'en' }, items: [{ sku: 'x', qty: 1 }, { sku: 'y', qty: 5 }] } },
			{ id: 3, vector: { dense: [-1, 0], sparse: { indices: [3], values: [2] } }, payload: { tenant_id: 't2', title: 'gamma', n: 3, price: 30, active: true, tags: [], meta: { lang: 'pt' } } },
			{ id: UUID, vector: { dense: [0, 1] }, payload: { tenant_id: 't2', n: 4, empty: null } },
		],
	});
}

const ids = (points: Array<{ id: string | number }>) => points.map((point) => point.id);

describe('Qdrant emulator', () => {
	let emulator: QdrantEmulator;
	let client: QdrantClient;
	const validator = new QdrantOpenApiValidator();

	beforeAll(async () => {
		emulator = await startQdrantEmulator({ apiKey: 'secret-key' });
		client = new QdrantClient({ url: emulator.url, apiKey: emulator.apiKey, checkCompatibility: false });
	});
	afterAll(() => emulator.close());

	it('serves every endpoint to the official client, matching the OpenAPI document', async () => {
		const start = emulator.requests.length;
		await seed(client, 'scenario');
		expect(await client.collectionExists('scenario')).toEqual({ exists: true });
		expect(await client.collectionExists('nope')).toEqual({ exists: false });
		const list = await client.getCollections();
		expect(list.collections.map((collection) => collection.name)).toContain('scenario');

		const info = await client.getCollection('scenario');
		expect(info.status).toBe('green');
		expect(info.points_count).toBe(4);
		expect(info.config.params.vectors).toEqual({ dense: { size: 2, distance: 'Cosine' } });
		expect(info.config.params.sparse_vectors).toEqual({ sparse: { modifier: 'idf' } });
		expect(info.payload_schema.tenant_id).toEqual({ data_type: 'keyword', params: { type: 'keyword', is_tenant: true }, points: 4 });
		expect(info.payload_schema.title).toMatchObject({ data_type: 'text', points: 3 });
		expect(Object.keys(info.payload_schema).sort()).toEqual(['active', 'n', 'price', 'tenant_id', 'title']);

		const records = await client.retrieve('scenario', { ids: [1, UUID.toUpperCase(), 99], with_payload: true, with_vector: true });
		expect(ids(records)).toEqual([1, UUID]);
		expect(records[0].vector).toEqual({ dense: [1, 0], sparse: { indices: [1, 2], values: [1, 1] } });

		const page = await client.scroll('scenario', { limit: 2, with_payload: false });
		expect(ids(page.points)).toEqual([1, 2]);
		expect(page.next_page_offset).toBe(3);
		const last = await client.scroll('scenario', { limit: 2, offset: page.next_page_offset ?? undefined });
		expect(ids(last.points)).toEqual([3, UUID]);
		expect(last.next_page_offset).toBeNull();

		expect(await client.count('scenario', { filter: { must: [{ key: 'tenant_id', match: { value: 't1' } }] }, exact: true })).toEqual({ count: 2 });

		const dense = await client.query('scenario', { query: [1, 0], using: 'dense', limit: 3, with_payload: true });
		expect(ids(dense.points)).toEqual([1, 2, UUID]);
		const sparse = await client.query('scenario', { query: { indices: [1, 3], values: [1, 1] }, using: 'sparse', with_payload: ['title'] });
		expect(ids(sparse.points)).toEqual([3, 1, 2]);
		expect(sparse.points[0].payload).toEqual({ title: 'gamma' });
		const fused = await client.query('scenario', {
			prefetch: [
				{ query: [1, 0], using: 'dense', limit: 3 },
				{ query: { indices: [1, 3], values: [1, 1] }, using: 'sparse', limit: 3 },
			],
			query: { fusion: 'rrf' },
			limit: 10,
		});
		expect(ids(fused.points)).toEqual([1, 2, 3, UUID]);

		await client.delete('scenario', { wait: true, points: [UUID] });
		await client.delete('scenario', { wait: true, filter: { must: [{ key: 'n', range: { gte: 3 } }] } });
		expect((await client.count('scenario')).count).toBe(2);
		expect(await client.deleteCollection('scenario')).toBe(true);

		const recorded = emulator.requests.slice(start);
		const report = validator.validate(recorded);
		expect(report.undocumentedEndpoints).toEqual([]);
		expect(report.undocumentedStatuses).toEqual([]);
		expect(report.issues).toEqual([]);
		expect(report.validatedRequests.sort()).toEqual(
			[
				'PUT /collections/{collection_name}',
				'PUT /collections/{collection_name}/index',
				'PUT /collections/{collection_name}/points',
				'POST /collections/{collection_name}/points',
				'POST /collections/{collection_name}/points/scroll',
				'POST /collections/{collection_name}/points/count',
				'POST /collections/{collection_name}/points/query',
				'POST /collections/{collection_name}/points/delete',
			].sort(),
		);
		expect(report.validatedResponses.length).toBeGreaterThanOrEqual(12);
	});

	describe('scoring', () => {
		beforeAll(() => seed(client, 'scoring'));

		it('scores cosine on normalised vectors', async () => {
			const result = await client.query('scoring', { query: [2, 0], using: 'dense', limit: 4 });
			expect(result.points.map((point) => [point.id, point.score])).toEqual([
				[1, 1],
				[2, expect.closeTo(0.6, 6)],
				[UUID, 0],
				[3, -1],
			]);
			const above = await client.query('scoring', { query: [1, 0], using: 'dense', score_threshold: 0.5 });
			expect(ids(above.points)).toEqual([1, 2]);
		});

		it('orders Euclid by ascending distance and Dot by product', async () => {
			await client.createCollection('euclid', { vectors: { size: 2, distance: 'Euclid' } });
			await client.createCollection('dot', { vectors: { size: 2, distance: 'Dot' } });
			for (const name of ['euclid', 'dot']) {
				await client.upsert(name, { points: [{ id: 1, vector: [0, 0] }, { id: 2, vector: [3, 4] }, { id: 3, vector: [1, 1] }] });
			}
			const euclid = await client.query('euclid', { query: [0, 0] });
			expect(euclid.points.map((point) => [point.id, point.score])).toEqual([[1, 0], [3, expect.closeTo(Math.SQRT2, 6)], [2, 5]]);
			const dot = await client.query('dot', { query: [1, 1], with_vector: true });
			expect(dot.points.map((point) => [point.id, point.score])).toEqual([[2, 7], [3, 2], [1, 0]]);
			expect(dot.points[0].vector).toEqual([3, 4]);
		});

		it('weights sparse terms by BM25 IDF', async () => {
			// N = 3 points hold `sparse`; index 1 is in 2 of them, index 2 in 1, index 3 in 1.
			const idf = (n: number) => Math.log(1 + (3 - n + 0.5) / (n + 0.5));
			const result = await client.query('scoring', { query: { indices: [1, 2], values: [1, 1] }, using: 'sparse' });
			expect(result.points.map((point) => point.id)).toEqual([1, 2]);
			expect(result.points[0].score).toBeCloseTo(idf(2) + idf(1), 6);
			expect(result.points[1].score).toBeCloseTo(idf(2), 6);
		});

		it('fuses prefetches with RRF, k = 2', async () => {
			const result = await client.query('scoring', {
				prefetch: [
					{ query: [1, 0], using: 'dense', limit: 3 },
					{ query: { indices: [1, 3], values: [1, 1] }, using: 'sparse', limit: 3 },
				],
				query: { fusion: 'rrf' },
			});
			// dense: 1, 2, UUID; sparse: 3, 1, 2 -> 1/(k + position), position 0-based.
			expect(result.points.map((point) => [point.id, point.score])).toEqual([
				[1, expect.closeTo(1 / 2 + 1 / 3, 6)],
				[2, expect.closeTo(1 / 3 + 1 / 4, 6)],
				[3, expect.closeTo(1 / 2, 6)],
				[UUID, expect.closeTo(1 / 4, 6)],
			]);
			const custom = await client.query('scoring', { prefetch: [{ query: [1, 0], using: 'dense', limit: 2 }], query: { rrf: { k: 60 } } });
			expect(custom.points[0].score).toBeCloseTo(1 / 60, 6);
		});

		it('pages the query with offset and filters the prefetches', async () => {
			const paged = await client.query('scoring', { query: [1, 0], using: 'dense', limit: 2, offset: 1 });
			expect(ids(paged.points)).toEqual([2, UUID]);
			const tenant = await client.query('scoring', {
				prefetch: [{ query: [1, 0], using: 'dense', limit: 10 }, { query: { indices: [1, 3], values: [1, 1] }, using: 'sparse' }],
				query: { fusion: 'rrf' },
				filter: { must: [{ key: 'tenant_id', match: { value: 't2' } }] },
			});
			expect(ids(tenant.points).sort()).toEqual([3, UUID].sort());
		});
	});

	describe('filters', () => {
		beforeAll(() => seed(client, 'filters'));
		const matching = async (filter: Parameters<QdrantClient['count']>[1] extends infer A ? (A extends { filter?: infer F } ? F : never) : never) =>
			ids((await client.scroll('filters', { filter, limit: 100 })).points);

		it.each([
			['match value', { must: [{ key: 'tenant_id', match: { value: 't1' } }] }, [1, 2]],
			['match bool', { must: [{ key: 'active', match: { value: true } }] }, [1, 3]],
			['match any', { must: [{ key: 'n', match: { any: [1, 4] } }] }, [1, UUID]],
			['match except', { must: [{ key: 'tenant_id', match: { except: ['t1'] } }] }, [3, UUID]],
			['match text (text index: tokens)', { must: [{ key: 'title', match: { text: 'beta' } }] }, [1, 2]],
			['range', { must: [{ key: 'price', range: { gt: 9.5, lte: 30 } }] }, [2, 3]],
			['has_id', { must: [{ has_id: [2, UUID] }] }, [2, UUID]],
			['is_empty', { must: [{ is_empty: { key: 'tags' } }] }, [3, UUID]],
			['array element', { must: [{ key: 'tags', match: { value: 'b' } }] }, [1, 2]],
			['dotted key', { must: [{ key: 'meta.lang', match: { value: 'pt' } }] }, [1, 3]],
			['dotted key through an array', { must: [{ key: 'items[].sku', match: { value: 'y' } }] }, [2]],
			['should', { should: [{ key: 'n', match: { value: 1 } }, { key: 'n', match: { value: 3 } }] }, [1, 3]],
			['must_not', { must_not: [{ key: 'tenant_id', match: { value: 't1' } }] }, [3, UUID]],
			['nested filter', { must: [{ key: 'tenant_id', match: { value: 't1' } }, { must_not: [{ has_id: [1] }] }] }, [2]],
			['nested objects', { must: [{ nested: { key: 'items', filter: { must: [{ key: 'sku', match: { value: 'x' } }, { key: 'qty', range: { gte: 1 } }] } } }] }, [2]],
		] as const)('%s', async (_name, filter, expected) => {
			expect(await matching(JSON.parse(JSON.stringify(filter)))).toEqual(expected);
		});

		it('matches text as a substring without a text index', async () => {
			await client.createCollection('substring', { vectors: { size: 1, distance: 'Dot' } });
			await client.upsert('substring', { points: [{ id: 1, vector: [1], payload: { body: 'omnicrew' } }, { id: 2, vector: [1], payload: { body: 'other' } }] });
			const found = await client.scroll('substring', { filter: { must: [{ key: 'body', match: { text: 'crew' } }] } });
			expect(ids(found.points)).toEqual([1]);
		});

		it('never returns another tenant\'s points', async () => {
			for (const tenant of ['t1', 't2']) {
				const filter = { must: [{ key: 'tenant_id', match: { value: tenant } }] };
				const queries = [
					(await client.query('filters', { query: [1, 0], using: 'dense', filter, with_payload: true, limit: 100 })).points,
					(await client.query('filters', { query: { indices: [1, 2, 3], values: [1, 1, 1] }, using: 'sparse', filter, with_payload: true })).points,
					(await client.query('filters', { prefetch: [{ query: [0, 1], using: 'dense' }, { query: { indices: [3], values: [1] }, using: 'sparse' }], query: { fusion: 'rrf' }, filter, with_payload: true })).points,
					(await client.scroll('filters', { filter, with_payload: true })).points,
				];
				for (const points of queries) {
					expect(points.length).toBeGreaterThan(0);
					for (const point of points) expect(point.payload?.tenant_id).toBe(tenant);
				}
			}
		});
	});

	describe('errors', () => {
		const failure = async (call: Promise<unknown>) => {
			try {
				await call;
			} catch (error) {
				const { status, data } = error as { status: number; data: { status: { error: string } } };
				return { status, error: data.status.error };
			}
			throw new Error('the call succeeded');
		};

		it('answers 404, 409, 400 and 422 like Qdrant', async () => {
			await client.createCollection('errors', { vectors: { dense: { size: 2, distance: 'Cosine' } } });
			expect(await failure(client.getCollection('missing'))).toEqual({ status: 404, error: 'Not found: Collection `missing` doesn\'t exist!' });
			expect(await failure(client.query('missing', { query: [1, 0] }))).toMatchObject({ status: 404 });
			expect(await failure(client.createCollection('errors', { vectors: { size: 2, distance: 'Dot' } }))).toEqual({ status: 409, error: 'Wrong input: Collection `errors` already exists!' });
			expect(await failure(client.upsert('errors', { points: [{ id: 1, vector: { dense: [1, 2, 3] } }] }))).toEqual({ status: 400, error: 'Wrong input: Vector dimension error: expected dim: 2, got 3' });
			expect(await failure(client.upsert('errors', { points: [{ id: 1, vector: { other: [1, 2] } }] }))).toEqual({ status: 400, error: 'Wrong input: Not existing vector name error: other' });
			expect(await failure(client.upsert('errors', { points: [{ id: 'not-a-uuid', vector: { dense: [1, 2] } }] }))).toMatchObject({ status: 400, error: expect.stringContaining('not a valid point ID') });
			expect(await failure(client.scroll('errors', { limit: 0 }))).toMatchObject({ status: 422, error: expect.stringContaining('limit') });
			expect(await failure(client.createCollection('bad', { vectors: { dense: { size: 2, distance: 'Nope' as 'Dot' } } }))).toMatchObject({ status: 400, error: expect.stringContaining('distance') });

			const report = validator.validate(emulator.requests.filter((request) => request.status >= 400));
			expect(report.issues).toEqual([]);
		});

		it('checks the api-key header', async () => {
			const anonymous = new QdrantClient({ url: emulator.url, checkCompatibility: false });
			expect(await failure(anonymous.getCollections())).toMatchObject({ status: 401 });
			const wrong = new QdrantClient({ url: emulator.url, apiKey: 'wrong', checkCompatibility: false });
			expect(await failure(wrong.getCollections())).toMatchObject({ status: 401, error: expect.stringContaining('Invalid API key') });
		});
	});
});
