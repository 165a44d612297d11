/** Odoo 19's JSON-2 API on the emulator (`version: '19.0'`), raw and through OdooClient's protocol choice. */
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { OdooError } from '../../nodes/Odoo/client/errors';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';

const RETRY = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

async function json2(
	emulator: OdooEmulator,
	model: string,
	method: string,
	body: Record<string, unknown>,
	headers: Record<string, string> = { Authorization: `bearer ${emulator.users.admin.apiKey ?? ''}` },
): Promise<{ status: number; body: unknown }> {
	const response = await fetch(`${emulator.url}/json/2/${model}/${method}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: JSON.parse(await response.text()) as unknown };
}

async function failure(promise: Promise<unknown>): Promise<OdooError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof OdooError) return error;
		throw error;
	}
	throw new Error('expected an OdooError');
}

describe('Odoo 19 JSON-2 (emulator)', () => {
	let v19: OdooEmulator;
	let v17: OdooEmulator;
	beforeAll(async () => {
		v19 = await startOdooEmulator({ version: '19.0', seed: 'brazil' });
		v17 = await startOdooEmulator({ version: '17.0', seed: 'brazil' });
	});
	afterAll(async () => {
		await v19.close();
		await v17.close();
	});

	const client = (emulator: OdooEmulator, secret: { apiKey?: string; password?: string }, username = 'admin') =>
		new OdooClient({ url: emulator.url, db: emulator.db, username, ...secret, retry: RETRY });

	it('reports 19.0 and keeps /jsonrpc working', async () => {
		const version = await client(v19, { password: 'admin' }).version();
		expect(version).toEqual({ server_version: '19.0', server_serie: '19.0', major: 19 });
		expect(v19.version).toBe('19.0');
	});

	describe('raw HTTP', () => {
		it('answers the bare result, with or without X-Odoo-Database', async () => {
			const key = v19.users.admin.apiKey ?? '';
			const withDb = await json2(v19, 'res.partner', 'search_read', { domain: [['id', '=', 10]], fields: ['name'] }, { Authorization: `bearer ${key}`, 'X-Odoo-Database': v19.db });
			expect(withDb).toEqual({ status: 200, body: [{ id: 10, name: 'Ana Paula Ferreira' }] });
			const read = await json2(v19, 'res.partner', 'read', { ids: [10, 11], fields: ['name'] });
			expect(read.body).toEqual([
				{ id: 10, name: 'Ana Paula Ferreira' },
				{ id: 11, name: 'Bruno Carvalho' },
			]);
			expect(await json2(v19, 'res.partner', 'check_access_rule', { ids: [10], operation: 'read' })).toEqual({ status: 200, body: null });
		});

		it('refuses a missing, wrong or password bearer with 401', async () => {
			// a bearer token that is no key: "Invalid apikey"; no bearer token at all: "User not authenticated" (as recorded from 19)
			const anonymous = 'User not authenticated, use an API Key with a Bearer Authorization header.';
			const refusals: Array<[Record<string, string>, string]> = [
				[{}, anonymous],
				[{ Authorization: 'bearer nope' }, 'Invalid apikey'],
				[{ Authorization: 'bearer admin' }, 'Invalid apikey'],
				[{ Authorization: `basic ${v19.users.admin.apiKey ?? ''}` }, anonymous],
			];
			for (const [headers, message] of refusals) {
				const answer = await json2(v19, 'res.partner', 'search_count', { domain: [] }, headers);
				expect(answer.status).toBe(401);
				expect(answer.body).toEqual({ name: 'werkzeug.exceptions.Unauthorized', message, arguments: [message, 401], context: {}, debug: '' });
			}
		});

		it.each([
			['an unknown model', 'no.such.model', 'search', {}, 404, 'werkzeug.exceptions.NotFound', "the model 'no.such.model' does not exist"],
			['an unknown method', 'res.partner', 'frobnicate', {}, 404, 'werkzeug.exceptions.NotFound', "The method 'res.partner.frobnicate' does not exist"],
			['a private method', 'res.partner', '_compute_display_name', {}, 403, 'odoo.exceptions.AccessError', "Private methods (such as 'res.partner._compute_display_name') cannot be called remotely."],
			['a deleted record', 'res.partner', 'write', { ids: [99999], vals: { name: 'x' } }, 404, 'odoo.exceptions.MissingError', undefined],
			['a UserError', 'sale.order', 'action_confirm', { ids: [1] }, 422, 'odoo.exceptions.UserError', undefined],
			['ids on an @api.model method', 'res.partner', 'search', { ids: [1], domain: [] }, 422, 'werkzeug.exceptions.UnprocessableEntity', 'cannot call res.partner.search with ids'],
			['an unknown argument', 'res.partner', 'search_count', { domain: [], bogus: 1 }, 422, 'werkzeug.exceptions.UnprocessableEntity', "search_count() got an unexpected keyword argument 'bogus'"],
		])('answers %s with its HTTP status', async (_label, model, method, body, status, name, message) => {
			const answer = await json2(v19, model, method, body);
			expect(answer.status).toBe(status);
			expect(answer.body).toMatchObject({ name, context: {}, debug: '' });
			if (message !== undefined) expect((answer.body as { message: string }).message).toBe(message);
		});

		it('answers a bad path with 404 and is absent before 19', async () => {
			expect((await json2(v19, 'res.partner', 'read/extra', {})).status).toBe(404);
			const old = await fetch(`${v17.url}/json/2/res.partner/search_count`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
			expect(old.status).toBe(404);
		});
	});

	describe('OdooClient', () => {
		it('picks JSON-2 with an API key and never calls execute_kw', async () => {
			const odoo = client(v19, { apiKey: v19.users.admin.apiKey });
			const start = v19.requests.length;
			expect(await odoo.protocol()).toBe('json2');

			const chairs = await odoo.searchRead('product.product', [['default_code', '=', 'CAD-ERG-01']], { fields: ['name', 'list_price'] });
			expect(chairs).toEqual([{ id: 1, name: 'Cadeira Ergonômica Pro', list_price: 1899.9 }]);
			expect(await odoo.read('res.partner', [12], ['name'])).toEqual([{ id: 12, name: 'Carla Souza' }]);
			expect(await odoo.searchCount('sale.order', [['partner_id', '=', 10]])).toBe(2);

			const id = await odoo.create('res.partner', { name: 'Cliente JSON-2', phone: '+55 11 90000-0000' });
			expect(typeof id).toBe('number');
			expect(await odoo.write('res.partner', [id], { city: 'Campinas' })).toBe(true);
			expect(await odoo.read('res.partner', [id], ['name', 'city'])).toEqual([{ id, name: 'Cliente JSON-2', city: 'Campinas' }]);
			expect(await odoo.call('res.partner', 'name_search', { kwargs: { name: 'Cliente JSON', limit: 5 } })).toEqual([[id, 'Cliente JSON-2']]);
			expect(await odoo.call('res.partner', 'search_read', { kwargs: { domain: [['id', '=', 8]], fields: ['name'] }, context: { lang: 'pt_BR' } })).toEqual([{ id: 8, name: 'Joel Willis' }]);
			expect(await odoo.unlink('res.partner', [id])).toBe(true);
			expect(await odoo.read('res.partner', [id], ['name'])).toEqual([]);

			const paths = v19.requests.slice(start).map((request) => request.path);
			expect(paths.filter((path) => path.startsWith('/json/2/')).length).toBeGreaterThanOrEqual(10);
			expect(paths).toContain('/json/2/product.product/search_read');
			// the version from GET /json/version: /jsonrpc, deprecated in 19, is never used
			expect(paths.filter((path) => !path.startsWith('/json/2/'))).toEqual(['/json/version']);
			const rpcMethods = v19.requests.slice(start).flatMap((request) => {
				const params = (request.body as { params?: { method?: unknown } } | undefined)?.params;
				return params?.method === undefined ? [] : [params.method];
			});
			expect(rpcMethods).toEqual([]);
		});

		it('maps JSON-2 errors to OdooError types', async () => {
			const admin = client(v19, { apiKey: v19.users.admin.apiKey });
			expect((await failure(admin.write('res.partner', [99999], { name: 'x' }))).type).toBe('missing');
			expect((await failure(admin.call('res.partner', '_compute_display_name', { ids: [1] }))).type).toBe('access_error');
			expect((await failure(admin.call('res.partner', 'frobnicate', { ids: [1] }))).type).toBe('unknown_method');
			expect((await failure(admin.call('sale.order', 'action_confirm', { ids: [1] }))).type).toBe('user_error');
			expect((await failure(admin.create('sale.order', {}))).type).toBe('validation');

			const portal = client(v19, { apiKey: v19.users.portal.apiKey }, 'portal');
			expect(await portal.protocol()).toBe('json2');
			const refused = await failure(portal.write('res.partner', [10], { name: 'x' }));
			expect(refused.type).toBe('access_error');
			expect(refused.odooName).toBe('odoo.exceptions.AccessError');

			const wrongKey = client(v19, { apiKey: 'not-a-key' });
			expect((await failure(wrongKey.searchCount('res.partner', []))).odooName).toBe('werkzeug.exceptions.Unauthorized');
		});

		// Odoo 19 answers an unknown model with werkzeug's NotFound ("the model 'x' does not exist")
		it('maps an unknown model to unknown_model', async () => {
			const admin = client(v19, { apiKey: v19.users.admin.apiKey });
			expect((await failure(admin.searchCount('no.such.model', []))).type).toBe('unknown_model');
		});

		// JSON-2 answers a ValueError with HTTP 500 and {name, message}: an Odoo answer, not an outage to retry
		it('types a bad domain answered with HTTP 500, without retrying it', async () => {
			const admin = client(v19, { apiKey: v19.users.admin.apiKey });
			const start = v19.requests.length;
			expect((await failure(admin.searchCount('res.partner', [['no_such_field', '=', 1]]))).type).toBe('bad_domain');
			expect(v19.requests.slice(start).filter((r) => r.path.startsWith('/json/2/'))).toHaveLength(1);
		});

		it('reports a wrong API key as access denied', async () => {
			const wrongKey = client(v19, { apiKey: 'not-a-key' });
			expect((await failure(wrongKey.searchCount('res.partner', []))).type).toBe('access_denied');
		});

		it('stays on /jsonrpc with a password', async () => {
			const odoo = client(v19, { password: 'admin' });
			const start = v19.requests.length;
			expect(await odoo.protocol()).toBe('jsonrpc');
			expect(await odoo.searchCount('res.partner', [['id', '=', 10]])).toBe(1);
			expect((await failure(odoo.write('res.partner', [99999], { name: 'x' }))).type).toBe('missing');
			const paths = v19.requests.slice(start).map((request) => request.path);
			expect(paths.length).toBeGreaterThan(0);
			expect(paths.every((path) => path === '/jsonrpc')).toBe(true);
		});

		it('stays on /jsonrpc against 17.0, even with an API key (its 404 for /json/version sends the client there)', async () => {
			const odoo = client(v17, { apiKey: v17.users.admin.apiKey });
			const start = v17.requests.length;
			expect(await odoo.protocol()).toBe('jsonrpc');
			expect(await odoo.read('res.partner', [10], ['name'])).toEqual([{ id: 10, name: 'Ana Paula Ferreira' }]);
			const paths = v17.requests.slice(start).map((request) => request.path);
			expect(paths[0]).toBe('/json/version');
			expect(paths.slice(1).every((path) => path === '/jsonrpc')).toBe(true);
		});
	});
});
