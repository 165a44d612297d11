import { scopeDocument, scopeFilter, scopePipeline, scopeUpdate, type PipelineScope } from '../../nodes/TenantConfig/store/scope';

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
