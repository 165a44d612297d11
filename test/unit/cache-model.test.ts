import { assertJsonValue } from '../../lib/json';
import { KeySpace, assertKey, assertTags } from '../../nodes/TenantCache/cache/keys';
import { CACHE_TYPES, assertCacheType, parseTtlOverrides, resolveTtl } from '../../nodes/TenantCache/cache/types';

describe('the TTL table', () => {
	it('has every documented type with a positive default', () => {
		for (const type of ['product', 'stock', 'price', 'business_rule', 'retrieval', 'llm_answer', 'conversation', 'config']) {
			expect(CACHE_TYPES[assertCacheType(type)].ttlSeconds).toBeGreaterThan(0);
		}
	});

	it('resolves call TTL, then override, then default', () => {
		expect(resolveTtl('stock', 5, { stock: 30 })).toBe(5);
		expect(resolveTtl('stock', undefined, { stock: 30 })).toBe(30);
		expect(resolveTtl('stock', undefined, {})).toBe(60);
	});

	it('parses overrides from JSON text or an object and names a wrong entry', () => {
		expect(parseTtlOverrides('{"stock": 30, "price": 120}', 'X')).toEqual({ stock: 30, price: 120 });
		expect(parseTtlOverrides({ config: 10 }, 'X')).toEqual({ config: 10 });
		expect(parseTtlOverrides('', 'X')).toEqual({});
		expect(() => parseTtlOverrides('{stock: 30}', 'CACHE_TTL_OVERRIDES')).toThrow(/CACHE_TTL_OVERRIDES is not JSON/);
		expect(() => parseTtlOverrides('{"stok": 30}', 'X')).toThrow(/type "stok" is unknown/);
		expect(() => parseTtlOverrides('{"stock": -1}', 'X')).toThrow(/X.stock must be a whole number/);
		expect(() => parseTtlOverrides('[1]', 'X')).toThrow(/must be an object/);
	});
});

describe('KeySpace', () => {
	it('lays keys out under t:{tenant}: with bookkeeping in _ namespaces', () => {
		const space = new KeySpace('acme');
		expect(space.data('price', 'CAD-01')).toBe('t:acme:price:CAD-01');
		expect(space.tag('product:42')).toBe('t:acme:_tag:product:42');
		expect(space.keyTags('price', 'CAD-01')).toBe('t:acme:_keytags:price:CAD-01');
		expect(space.lock('conversation:1')).toBe('t:acme:_lock:conversation:1');
		expect(space.seen('m1')).toBe('t:acme:_seen:m1');
		expect(space.lease('price', 'x')).toBe('t:acme:_lease:price:x');
		expect(space.stats).toBe('t:acme:_stats');
	});

	it('wraps the tenant in a hash tag for Redis Cluster', () => {
		expect(new KeySpace('acme', { clusterHashTag: true }).data('stock', 's')).toBe('t:{acme}:stock:s');
	});

	it('keeps the keytags key a mirror of the data key after the prefix', () => {
		const space = new KeySpace('acme');
		const data = space.data('product', 'a:b');
		expect(space.keyTagsPrefix + data.slice(space.prefix.length)).toBe(space.keyTags('product', 'a:b'));
	});
});

describe('key and tag rules', () => {
	it.each([
		['', /non-empty/],
		['x'.repeat(513), /too long: 513 characters, at most 512/],
		['tab\there', /control characters/],
		[42, /non-empty string/],
	])('refuses key %p', (key, message) => {
		expect(() => assertKey(key)).toThrow(message);
	});

	it('deduplicates tags and refuses bad ones', () => {
		expect(assertTags(['a', 'b', 'a'])).toEqual(['a', 'b']);
		expect(assertTags(undefined)).toEqual([]);
		expect(() => assertTags('a,b')).toThrow(/list of strings/);
		expect(() => assertTags(['ok', ''])).toThrow(/tags\[1\]/);
	});
});

describe('assertJsonValue', () => {
	it.each([null, 0, 'x', true, [1, [2]], { a: { b: null } }])('accepts %p', (value) => {
		expect(assertJsonValue(value)).toBe(value);
	});

	it.each([
		[undefined, /value is required/],
		[Number.NaN, /NaN has no JSON form/],
		[Number.POSITIVE_INFINITY, /Infinity has no JSON form/],
		[BigInt(1), /a bigint cannot be stored/],
		[new Date(0), /a Date is not a plain object/],
		[{ nested: [Symbol('s')] }, /value.nested\[0\] is not JSON/],
	])('refuses %p', (value, message) => {
		expect(() => assertJsonValue(value)).toThrow(message);
	});
});
