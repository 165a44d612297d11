import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { odooErrorFrom, type OdooErrorType } from '../../nodes/Odoo/client/errors';
import { isStorable, stockContext, storableDomain } from '../../nodes/Odoo/client/versions';

interface Exchange {
	name: string;
	response: { body: unknown };
}

const DIR = join(__dirname, '..', 'contracts', 'odoo');
const errors = (dir: string) =>
	readdirSync(dir)
		.filter((file) => file.endsWith('.json') && file !== 'recording.json')
		.flatMap((file) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Exchange[]).map((exchange) => ({ file, exchange })))
		.filter(({ exchange }) => typeof exchange.response.body === 'object' && exchange.response.body !== null && 'error' in (exchange.response.body as object))
		.map(({ file, exchange }) => ({ file, name: exchange.name, error: (exchange.response.body as { error: { code: number; data: { name: string; message: string } } }).error }));

const EXPECTED: Record<string, OdooErrorType | ((message: string) => OdooErrorType)> = {
	'odoo.exceptions.AccessDenied': 'access_denied',
	'odoo.exceptions.AccessError': 'access_error',
	'odoo.exceptions.MissingError': 'missing',
	'odoo.exceptions.ValidationError': 'validation',
	'odoo.exceptions.UserError': (message) => (message.startsWith('Object ') && message.includes("doesn't exist") ? 'unknown_model' : 'user_error'),
	'odoo.http.SessionExpiredException': 'session_expired',
	'builtins.ValueError': 'bad_domain',
	'builtins.AssertionError': 'bad_domain',
	'psycopg2.errors.InvalidTextRepresentation': 'bad_domain',
	'builtins.AttributeError': 'unknown_method',
	'builtins.KeyError': 'unknown_method',
	'builtins.Exception': 'unknown_method',
	'builtins.NameError': 'unknown_method',
	'werkzeug.exceptions.NotFound': 'unknown_method',
	'builtins.TypeError': 'bad_arguments',
	'psycopg2.OperationalError': 'unknown_database',
};

describe.each([
	['Odoo 17', DIR],
	['Odoo 18', join(DIR, 'v18')],
	['Odoo 19', join(DIR, 'v19')],
])('every error recorded from %s gets a type and keeps Odoo\'s message', (_label, dir) => {
	const cases = errors(dir);

	it('has errors to check', () => {
		expect(cases.length).toBeGreaterThan(50);
	});

	it.each(cases.map((c) => [`${c.file}: ${c.name}`, c] as const))('%s', (_title, { error }) => {
		const typed = odooErrorFrom(error);
		const expected = EXPECTED[error.data.name];
		expect(expected).toBeDefined();
		expect(typed.type).toBe(typeof expected === 'function' ? expected(error.data.message) : expected);
		expect(typed.odooName).toBe(error.data.name);
		expect(typed.message).toContain(error.data.message.trim().split('\n')[0]);
	});
});

describe('version differences', () => {
	it.each([
		[17, [['type', '=', 'product']], { warehouse: 2 }],
		[18, [['is_storable', '=', true]], { warehouse_id: 2 }],
		[19, [['is_storable', '=', true]], { warehouse_id: 2 }],
	])('Odoo %i', (major, domain, context) => {
		expect(storableDomain(major)).toEqual(domain);
		expect(stockContext(major, 2)).toEqual(context);
	});

	it('tells storable products apart in 17 and 18', () => {
		expect(isStorable({ type: 'product' }, 17)).toBe(true);
		expect(isStorable({ type: 'consu', is_storable: true }, 18)).toBe(true);
		expect(isStorable({ type: 'consu', is_storable: false }, 18)).toBe(false);
	});
});
