import { InvalidInputError, RefusedError, UpstreamError, errorKindOf, redactSecrets } from '../../lib/errors';
import { assertTenantId } from '../../lib/tenant';

describe('redactSecrets', () => {
	it.each([
		['redis://:hunter2@10.0.0.5:6379', 'redis://:***@10.0.0.5:6379'],
		['rediss://admin:pa55@cache.example:6380/0', 'rediss://admin:***@cache.example:6380/0'],
		['Authorization: Bearer abc.def-123', 'Authorization: Bearer ***'],
		['api_access_token=XyZ123 rest', 'api_access_token=*** rest'],
		['{"password":"s3cret"}', '{"password":"***"}'],
		['no secrets here: redis://127.0.0.1:6379', 'no secrets here: redis://127.0.0.1:6379'],
	])('%s', (input, expected) => {
		expect(redactSecrets(input)).toBe(expected);
	});

	it('applies to every OmniCrewError message', () => {
		expect(new UpstreamError('cannot reach redis://:hunter2@db:6379').message).not.toContain('hunter2');
	});
});

describe('errorKindOf', () => {
	it.each([
		[new InvalidInputError('x'), 'invalid_input'],
		[new RefusedError('x'), 'refused'],
		[new UpstreamError('x'), 'upstream'],
		[new Error('plain'), 'internal'],
		['a string', 'internal'],
		[Object.assign(new Error('from another bundle'), { kind: 'refused' }), 'refused'],
		[Object.assign(new Error('odd kind'), { kind: 'weird' }), 'internal'],
	])('%p → %s', (error, kind) => {
		expect(errorKindOf(error)).toBe(kind);
	});
});

describe('assertTenantId', () => {
	it.each([
		['acme', 'acme'],
		['12', '12'],
		[12, '12'],
		['tenant_01.prod-br', 'tenant_01.prod-br'],
		['a'.repeat(64), 'a'.repeat(64)],
	])('accepts %p', (input, expected) => {
		expect(assertTenantId(input)).toBe(expected);
	});

	it.each([
		[undefined, /tenant_id is required/],
		[null, /tenant_id is required/],
		['', /tenant_id is required/],
		['acme:x', /is not valid/],
		['a'.repeat(65), /is not valid/],
		['-acme', /is not valid/],
		['acme corp', /is not valid/],
		[1.5, /is not valid/],
		[{}, /is not valid/],
	])('refuses %p', (input, message) => {
		expect(() => assertTenantId(input)).toThrow(message);
		expect(() => assertTenantId(input)).toThrow(RefusedError);
	});
});
