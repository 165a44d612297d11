import type { Db } from 'mongodb';

import { openInProcess } from '../../lib/mcp/in-process';
import { CONFIG_SERVER_INFO } from '../../nodes/TenantConfig/server';
import type { ConfigStore } from '../../nodes/TenantConfig/store/config-store';
import { DataStore } from '../../nodes/TenantConfig/store/data-store';
import { configTools } from '../../nodes/TenantConfig/tools';
import { scopeDocument, scopeFilter, scopePipeline, scopeProjection, scopeSort, scopeUpdate, type PipelineScope } from '../../nodes/TenantConfig/store/scope';

const scope: PipelineScope = { tenantId: 'acme', isAllowedCollection: (name) => ['leads', 'tickets'].includes(name), physical: (name) => name };
const refusal = (fn: () => unknown): string => {
	try {
		fn();
	} catch (error) {
		return `${(error as { kind?: string }).kind}: ${(error as Error).message}`;
	}
	throw new Error('expected a refusal');
};

describe('filters', () => {
	it('AND the caller\'s conditions with the tenant, so $or/$nor tricks stay inside it', () => {
		expect(scopeFilter('acme', {})).toEqual({ tenant_id: 'acme' });
		expect(scopeFilter('acme', { $or: [{ status: 'x' }, { a: { $exists: true } }] })).toEqual({ $or: [{ status: 'x' }, { a: { $exists: true } }], tenant_id: 'acme' });
		// the tool's tenant wins over a caller's own (equal) tenant_id, placed last
		expect(Object.keys(scopeFilter('acme', { tenant_id: 'acme', status: 'x' }))).toEqual(['tenant_id', 'status']);
	});

	it.each([
		[{ $where: 'this.tenant_id != "acme"' }, /^refused: filter: \$where is refused: it runs code/],
		[{ $expr: { $function: { body: 'function(){return true}', args: [], lang: 'js' } } }, /filter\.\$expr: \$function is refused/],
		[{ $or: [{ tenant_id: 'globex' }] }, /filter\.\$or\[0\]: tenant_id is set by the tool/],
		[{ tenant_id: { $ne: 'acme' } }, /tenant_id is set by the tool/],
		[{ tenant_id: { $in: ['acme', 'globex'] } }, /tenant_id is set by the tool/],
	])('refuse %j', (filter, pattern) => {
		expect(refusal(() => scopeFilter('acme', filter))).toMatch(pattern);
	});
});

describe('documents and updates', () => {
	it('stamp the tenant on documents and refuse another tenant or operator keys', () => {
		expect(scopeDocument('acme', { name: 'Ana' }, 'documents[0]')).toEqual({ name: 'Ana', tenant_id: 'acme' });
		expect(refusal(() => scopeDocument('acme', { name: 'Ana', tenant_id: 'globex' }, 'documents[0]'))).toMatch(/^refused: documents\[0\]\.tenant_id is "globex"/);
		expect(refusal(() => scopeDocument('acme', { profile: { $gt: '' } }, 'documents[1]'))).toMatch(/documents\[1\]\.profile: field "\$gt" may not start with "\$"/);
		expect(refusal(() => scopeDocument('acme', { 'a.b': 1 }, 'documents[0]'))).toMatch(/may not contain "\."/);
	});

	it.each([
		[{ $set: { tenant_id: 'globex' } }, /tenant_id cannot be changed/],
		[{ $unset: { tenant_id: '' } }, /tenant_id cannot be changed/],
		[{ $rename: { status: 'tenant_id' } }, /tenant_id cannot be changed/],
		[{ $set: { 'tenant_id.x': 1 } }, /tenant_id cannot be changed/],
		[{ name: 'replacement' }, /replacing whole documents is not allowed/],
		[{ $set: { _id: 'x' } }, /_id cannot be changed/],
		[{ $where: 'x' }, /\$where is not allowed/],
		[{ $set: { note: { $function: {} } } }, /\$function is refused/],
	])('refuse the update %j', (update, pattern) => {
		expect(refusal(() => scopeUpdate(update))).toMatch(pattern);
	});
});

describe('pipelines', () => {
	it('start with the tenant $match', () => {
		expect(scopePipeline(scope, [{ $group: { _id: '$status', n: { $sum: 1 } } }])).toEqual([{ $match: { tenant_id: 'acme' } }, { $group: { _id: '$status', n: { $sum: 1 } } }]);
	});

	it('put the tenant condition inside every $lookup and $unionWith', () => {
		const [, lookup, union] = scopePipeline(scope, [
			{ $lookup: { from: 'tickets', localField: 'email', foreignField: 'email', as: 't' } },
			{ $unionWith: 'tickets' },
		]);
		expect(lookup).toEqual({ $lookup: { from: 'tickets', localField: 'email', foreignField: 'email', as: 't', pipeline: [{ $match: { tenant_id: 'acme' } }] } });
		expect(union).toEqual({ $unionWith: { coll: 'tickets', pipeline: [{ $match: { tenant_id: 'acme' } }] } });
	});

	it.each([
		[[{ $out: 'stolen' }], /\$out is refused: it writes into another collection/],
		[[{ $merge: { into: 'leads' } }], /\$merge is refused/],
		[[{ $lookup: { from: 'config_versions', localField: 'a', foreignField: 'b', as: 'c' } }], /"config_versions" is not one of the data collections/],
		[[{ $graphLookup: { from: 'leads' } }], /\$graphLookup is refused/],
		[[{ $group: { _id: null, all: { $accumulator: { init: 'function(){}' } } } }], /\$accumulator is refused/],
		[[{ $facet: { a: [{ $out: 'x' }] } }], /pipeline\[0\]\.\$facet\.a\[0\]: \$out is refused/],
		[[{ $lookup: { from: 'tickets', as: 't', pipeline: [{ $match: { $where: '1' } }] } }], /\$where is refused/],
		[[{ $currentOp: {} }], /reads server internals/],
		[[{ $match: { tenant_id: 'globex' } }], /tenant_id is set by the tool/],
		[[{ $match: {}, $limit: 1 }], /exactly one stage/],
	])('refuse %j', (pipeline, pattern) => {
		expect(refusal(() => scopePipeline(scope, pipeline))).toMatch(pattern);
	});
});

describe('find projections and sorts', () => {
	it('accept inclusion and exclusion of plain, dotted and nested fields', () => {
		const projection = { name: 1, email: true, 'address.city': 1, profile: { phone: 1, notes: false }, _id: 0, tenant_id: 0 };
		expect(scopeProjection(projection)).toEqual(projection);
		expect(scopeSort({ created_at: -1, 'address.city': 1 })).toEqual({ created_at: -1, 'address.city': 1 });
	});

	it.each([
		[{ x: { $function: { body: 'function() { return 1 }', args: [], lang: 'js' } } }, /^refused: projection\.x: projection may not use \$function/],
		[{ x: { $accumulator: {} } }, /projection may not use \$accumulator/],
		[{ copy: '$card' }, /projection\.copy: projection may not use "\$card" \(a field path expression\)/],
		[{ tenant_id: '$$ROOT' }, /projection may not use "\$\$ROOT"/],
		[{ items: { $slice: 1 } }, /projection may not use \$slice/],
		[{ items: { $elemMatch: { a: 1 } } }, /projection may not use \$elemMatch/],
		[{ 'items.$': 1 }, /projection may not use \$ \("items\.\$"\)/],
		[{ $where: 1 }, /projection may not use \$where/],
		[{ profile: { card: { $literal: 'x' } } }, /projection\.profile\.card: projection may not use \$literal/],
		[{ name: 'literal text' }, /projection may not use the value "literal text"/],
		[{ name: 2 }, /projection may not use the value 2/],
	])('refuse the projection %j, naming what it used', (projection, pattern) => {
		expect(refusal(() => scopeProjection(projection))).toMatch(pattern);
	});

	it.each([
		[{ $natural: 1 }, /sort may not use \$natural/],
		[{ score: { $meta: 'textScore' } }, /sort\.score: sort may not use \$meta/],
		[{ 'a.$b': 1 }, /sort may not use \$b/],
		[{ name: 'asc' }, /sort may not use "asc": use 1 \(ascending\) or -1/],
		[{ '': 1 }, /is not a field name/],
	])('refuse the sort %j', (sort, pattern) => {
		expect(refusal(() => scopeSort(sort))).toMatch(pattern);
	});

	it('inspect a pipeline\'s $sort the same way, and still refuse code inside $project', () => {
		expect(refusal(() => scopePipeline(scope, [{ $sort: { $natural: -1 } }]))).toMatch(/pipeline\[0\]\.\$sort: sort may not use \$natural/);
		expect(refusal(() => scopePipeline(scope, [{ $project: { x: { $function: { body: '', args: [], lang: 'js' } } } }]))).toMatch(/\$function is refused/);
		// computed fields are what $project is for in a pipeline
		expect(scopePipeline(scope, [{ $project: { label: { $concat: ['$name', '!'] } } }, { $sort: { label: 1 } }])).toHaveLength(3);
	});
});

describe('data_find and data_aggregate refuse in the tool, before any database call', () => {
	const touched: string[] = [];
	// A database that records every use: a refusal must leave it untouched.
	const db = {
		collection: (name: string) => {
			touched.push(`collection ${name}`);
			return { find: () => touched.push('find'), aggregate: () => touched.push('aggregate') };
		},
	} as unknown as Db;

	it.each([
		['data_find', { projection: { x: { $function: { body: 'function() { return 1 }', args: [], lang: 'js' } } } }, /projection may not use \$function/],
		['data_find', { projection: { leaked: '$tenant_id' } }, /projection may not use "\$tenant_id"/],
		['data_find', { sort: { $natural: 1 } }, /sort may not use \$natural/],
		['data_find', { filter: { $where: 'true' } }, /\$where is refused/],
		['data_aggregate', { pipeline: [{ $sort: { score: { $meta: 'textScore' } } }] }, /sort may not use \$meta/],
		['data_aggregate', { pipeline: [{ $project: { x: { $function: { body: '', args: [], lang: 'js' } } } }] }, /\$function is refused/],
	])('%s with %j', async (tool, args, pattern) => {
		const session = openInProcess(CONFIG_SERVER_INFO, configTools, { config: {} as ConfigStore, data: new DataStore(db, ['leads']) });
		try {
			const outcome = await session.callTool(tool, { tenant_id: 'acme', collection: 'leads', ...args });
			expect(outcome).toMatchObject({ ok: false, kind: 'refused' });
			expect(outcome.ok ? '' : outcome.message).toMatch(pattern);
			expect(touched).toEqual([]);
		} finally {
			await session.close();
		}
	});

	it('while a well-formed call does reach the database (so the probe above can tell)', async () => {
		const session = openInProcess(CONFIG_SERVER_INFO, configTools, { config: {} as ConfigStore, data: new DataStore(db, ['leads']) });
		try {
			await session.callTool('data_find', { tenant_id: 'acme', collection: 'leads', projection: { name: 1 }, sort: { name: 1 } });
			expect(touched).toEqual(['collection leads', 'find']);
		} finally {
			touched.length = 0;
			await session.close();
		}
	});
});
