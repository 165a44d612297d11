import { startFerretDb, type FerretDbServer } from '../../scripts/lib/runtime';
import { openConfigHarness, type ConfigHarness } from '../support/config';

type Docs = { documents: Array<Record<string, unknown>>; count: number };

/**
 * Structured data on FerretDB: tenant A's calls never read or change tenant B's documents,
 * whatever the filter, update or pipeline tries.
 */
describe('data tools on FerretDB', () => {
	let ferret: FerretDbServer;
	let h: ConfigHarness;
	const find = async (tenant: string, filter: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
		(await h.call('data_find', { tenant_id: tenant, collection: 'leads', filter, ...extra })) as Docs;
	const rawCount = async (filter: Record<string, unknown>) => await h.mongo.db.collection('leads').countDocuments(filter);

	beforeAll(async () => {
		ferret = await startFerretDb();
		h = await openConfigHarness(ferret.uri, { database: 'data_test', collections: ['leads', 'tickets'] });
		await h.call('data_insert', {
			tenant_id: 'acme',
			collection: 'leads',
			documents: [
				{ name: 'Ana', status: 'new', value: 1200, created_at: { $date: '2026-11-01T10:00:00Z' } },
				{ name: 'Bruno', status: 'won', value: 800 },
				{ name: 'Carla', status: 'new', value: 300 },
			],
		});
		await h.call('data_insert', { tenant_id: 'globex', collection: 'leads', documents: [{ name: 'Secret', status: 'new', value: 99_999, card: '4111' }] });
	});
	afterAll(async () => {
		await h?.close();
		await ferret?.stop();
	});

	it('finds only the caller\'s documents, typed values included', async () => {
		const all = await find('acme', {}, { sort: { value: -1 } });
		expect(all.documents.map((d) => d.name)).toEqual(['Ana', 'Bruno', 'Carla']);
		expect(all.documents[0]).toMatchObject({ tenant_id: 'acme', created_at: '2026-11-01T10:00:00.000Z' });
		expect(all.documents[0]._id).toMatch(/^[0-9a-f]{24}$/);
		expect((await find('acme', { _id: all.documents[1]._id })).documents.map((d) => d.name)).toEqual(['Bruno']);
		expect((await find('acme', { created_at: { $gte: { $date: '2026-10-01T00:00:00Z' } } })).count).toBe(1);
		expect((await find('globex')).documents.map((d) => d.name)).toEqual(['Secret']);
	});

	it.each([
		['an $or that names no tenant', { $or: [{ status: 'new' }, { value: { $gt: 0 } }] }],
		['a $nor that excludes everything of the caller', { $nor: [{ name: 'Ana' }, { name: 'Bruno' }, { name: 'Carla' }] }],
		['operators in values', { name: { $ne: null }, value: { $gt: -1 } }],
		['a regex that matches every name', { name: { $regex: '.*' } }],
		['an $and of always-true conditions', { $and: [{ value: { $gte: 0 } }, { name: { $exists: true } }] }],
	])('never returns another tenant\'s document for %s', async (_what, filter) => {
		const found = await find('acme', filter);
		expect(found.documents.every((d) => d.tenant_id === 'acme')).toBe(true);
		expect(found.documents.map((d) => d.name)).not.toContain('Secret');
	});

	it.each([
		[{ $where: 'return true' }, /\$where is refused/],
		[{ tenant_id: 'globex' }, /a condition on another tenant is refused/],
		[{ $or: [{ tenant_id: { $ne: 'acme' } }] }, /a condition on another tenant is refused/],
		[{ $expr: { $function: { body: 'function() { return true }', args: [], lang: 'js' } } }, /\$function is refused/],
	])('refuses the filter %j with a clear error', async (filter, pattern) => {
		const refused = await h.refuse('data_find', { tenant_id: 'acme', collection: 'leads', filter });
		expect(refused.kind).toBe('refused');
		expect(refused.message).toMatch(pattern);
	});

	it('projects and sorts by plain fields', async () => {
		const found = await find('acme', { status: 'new' }, { projection: { name: 1, _id: 0 }, sort: { value: 1 } });
		expect(found.documents).toEqual([{ name: 'Carla' }, { name: 'Ana' }]);
		const nested = await find('acme', { name: 'Bruno' }, { projection: { tenant_id: 0, _id: 0, created_at: false } });
		expect(nested.documents).toEqual([{ name: 'Bruno', status: 'won', value: 800 }]);
	});

	it.each([
		[{ projection: { x: { $function: { body: 'function() { return 1 }', args: [], lang: 'js' } } } }, /projection\.x: projection may not use \$function/],
		[{ projection: { stolen: '$card' } }, /projection may not use "\$card"/],
		[{ projection: { name: { $literal: 'x' } } }, /projection may not use \$literal/],
		[{ projection: { 'tags.$': 1 } }, /projection may not use \$/],
		[{ sort: { $natural: -1 } }, /sort may not use \$natural/],
	])('refuses %j in data_find with a message naming it', async (extra, pattern) => {
		const refused = await h.refuse('data_find', { tenant_id: 'acme', collection: 'leads', filter: {}, ...extra });
		expect(refused.kind).toBe('refused');
		expect(refused.message).toMatch(pattern);
	});

	it('refuses a $sort stage on anything but plain fields', async () => {
		const refused = await h.refuse('data_aggregate', { tenant_id: 'acme', collection: 'leads', pipeline: [{ $sort: { score: { $meta: 'textScore' } } }] });
		expect(refused.message).toMatch(/pipeline\[0\]\.\$sort\.score: sort may not use \$meta/);
	});

	it('updates only the caller\'s documents, even with an empty filter and many=true', async () => {
		const result = await h.call('data_update', { tenant_id: 'acme', collection: 'leads', filter: {}, update: { $set: { checked: true } }, many: true });
		expect(result).toMatchObject({ matched: 3, modified: 3 });
		expect(await rawCount({ tenant_id: 'globex', checked: true })).toBe(0);
	});

	it.each([
		[{ $set: { tenant_id: 'globex' } }, /tenant_id cannot be changed/],
		[{ $rename: { name: 'tenant_id' } }, /tenant_id cannot be changed/],
		[{ name: 'replaced' }, /replacing whole documents is not allowed/],
	])('refuses the update %j and changes nothing', async (update, pattern) => {
		const refused = await h.refuse('data_update', { tenant_id: 'acme', collection: 'leads', filter: { name: 'Ana' }, update });
		expect(refused.message).toMatch(pattern);
		expect(await rawCount({ tenant_id: 'acme', name: 'Ana' })).toBe(1);
	});

	it('stamps the tenant on an upserted document', async () => {
		const result = await h.call('data_update', { tenant_id: 'acme', collection: 'leads', filter: { name: 'Davi' }, update: { $set: { status: 'new' } }, upsert: true });
		expect(result.upserted_id).toEqual(expect.any(String));
		expect(await rawCount({ name: 'Davi', tenant_id: 'acme' })).toBe(1);
	});

	it('writes nothing when one document of a batch is wrong', async () => {
		const before = await rawCount({});
		const refused = await h.refuse('data_insert', {
			tenant_id: 'acme',
			collection: 'leads',
			documents: [{ name: 'Ok' }, { name: 'Mallory', tenant_id: 'globex' }],
		});
		expect(refused.message).toMatch(/documents\[1\]\.tenant_id is "globex"/);
		const operator = await h.refuse('data_insert', { tenant_id: 'acme', collection: 'leads', documents: [{ name: 'Eve', profile: { $gt: '' } }] });
		expect(operator.message).toMatch(/field "\$gt" may not start with "\$"/);
		expect(await rawCount({})).toBe(before);
	});

	it('aggregates over the caller\'s documents only', async () => {
		const result = (await h.call('data_aggregate', {
			tenant_id: 'acme',
			collection: 'leads',
			// one accumulator per $group: FerretDB 1.24 computes only the first of several $sum
			pipeline: [{ $group: { _id: '$status', total: { $sum: '$value' } } }, { $sort: { _id: 1 } }],
		})) as Docs;
		expect(result.documents).toEqual([
			{ _id: 'new', total: 1500 },
			{ _id: 'won', total: 800 },
		]);
		const everything = (await h.call('data_aggregate', { tenant_id: 'acme', collection: 'leads', pipeline: [{ $match: { value: { $gt: 50_000 } } }] })) as Docs;
		expect(everything.count).toBe(0);
	});

	it.each([
		[[{ $out: 'stolen' }], /\$out is refused/],
		[[{ $merge: { into: 'tickets' } }], /\$merge is refused/],
		[[{ $match: { tenant_id: 'globex' } }], /a condition on another tenant is refused/],
		[[{ $lookup: { from: 'config_versions', localField: 'a', foreignField: 'b', as: 'c' } }], /not one of the data collections/],
		[[{ $group: { _id: null, x: { $accumulator: { init: 'function() { return 0 }', accumulate: 'function(s) { return s }', accumulateArgs: [], merge: 'function(a) { return a }', lang: 'js' } } } }], /\$accumulator is refused/],
	])('refuses the pipeline %j and creates nothing', async (pipeline, pattern) => {
		const refused = await h.refuse('data_aggregate', { tenant_id: 'acme', collection: 'leads', pipeline });
		expect(refused.kind).toBe('refused');
		expect(refused.message).toMatch(pattern);
		expect((await h.mongo.db.listCollections({ name: 'stolen' }).toArray()).length).toBe(0);
	});

	it('keeps configuration and unlisted collections out of reach', async () => {
		for (const collection of ['config_versions', 'system.users', 'customers']) {
			const refused = await h.refuse('data_find', { tenant_id: 'acme', collection, filter: {} });
			expect(refused.message).toMatch(/is not open to the data tools; allowed: leads, tickets/);
		}
	});

	it('reports a MongoDB feature the server lacks as an upstream error, scoped all the same', async () => {
		// FerretDB 1.24 does not implement $lookup (docs/configuration.md); real MongoDB runs the
		// rewritten stage, whose sub-pipeline starts with the tenant $match.
		const outcome = await h.session.callTool('data_aggregate', {
			tenant_id: 'acme',
			collection: 'leads',
			pipeline: [{ $lookup: { from: 'tickets', localField: 'name', foreignField: 'name', as: 'tickets' } }],
		});
		if (outcome.ok) {
			for (const doc of (outcome.data as Docs).documents) expect((doc.tickets as Array<{ tenant_id: string }>).every((t) => t.tenant_id === 'acme')).toBe(true);
		} else {
			expect(outcome).toMatchObject({ kind: 'upstream' });
			expect(outcome.message).toMatch(/\$lookup/);
		}
	});
});
