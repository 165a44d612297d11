import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { OdooError } from '../../nodes/Odoo/client/errors';
import type { OdooConfig } from '../../nodes/Odoo/client/types';
import { ODOO_MAJORS, type OdooMajor, type RealOdoo } from '../../scripts/lib/odoo-instance';
import { describeRealOdoo, executeKw } from '../support/real-odoo';

type Row = Record<string, unknown> & { id: number };

const FAST_RETRY = { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 };

// a project's testTimeout does not reach its tests when jest runs several projects
jest.setTimeout(120_000);

function clientFor(odoo: RealOdoo, secret: Pick<OdooConfig, 'apiKey' | 'password'>): OdooClient {
	return new OdooClient({ url: odoo.url, db: odoo.db, username: odoo.login, ...secret, retry: FAST_RETRY });
}

/** What every protocol must answer alike: login, version, a product, its stock, a new partner. */
function sharedBehaviour(version: OdooMajor, odoo: () => RealOdoo, client: () => OdooClient): void {
	it('authenticates as the administrator', async () => {
		const [admin] = await executeKw<Row[]>(odoo(), 'res.users', 'search_read', [[['login', '=', odoo().login]]], { fields: ['id'] });
		expect(await client().uid()).toBe(admin.id);
	});

	it('reports the server version and its major', async () => {
		const version_ = await client().version();
		expect(version_).toMatchObject({ server_serie: `${version}.0`, major: version });
		expect(version_.server_version).toMatch(new RegExp(`^${version}\\.0`));
	});

	it('finds the demo product "Large Desk" as Odoo holds it', async () => {
		const fields = ['id', 'name', 'default_code', 'list_price', 'product_tmpl_id'];
		const domain: Array<[string, string, unknown]> = [['name', '=', 'Large Desk']];
		const found = await client().searchRead('product.product', domain, { fields, order: 'id' });
		expect(found).toEqual(await executeKw<Row[]>(odoo(), 'product.product', 'search_read', [domain], { fields, order: 'id' }));
		if (version >= 19) {
			// 19's demo data makes Large Desk a template with three variants and no code
			expect(found).toHaveLength(3);
			expect(new Set(found.map((row) => JSON.stringify(row.product_tmpl_id))).size).toBe(1);
		} else {
			expect(found).toEqual([expect.objectContaining({ default_code: 'E-COM09', list_price: 1799 })]);
		}
	});

	it('reads the stock of FURN_0096 that its quants hold', async () => {
		const [product] = await client().searchRead('product.product', [['default_code', '=', 'FURN_0096']], { fields: ['id', 'qty_available'] });
		const quants = await executeKw<Array<{ quantity: number }>>(odoo(), 'stock.quant', 'search_read', [[['product_id', '=', product.id], ['location_id.usage', '=', 'internal']]], {
			fields: ['quantity'],
		});
		expect(product.qty_available).toBe(quants.reduce((sum, quant) => sum + quant.quantity, 0));
		expect(product.qty_available).toBe(45);
	});

	it('learns the login\'s language and time zone, as Odoo\'s web client sends them', async () => {
		const context = await executeKw<{ lang: string; tz: string }>(odoo(), 'res.users', 'context_get', []);
		// the template loads pt_BR for admin; the demo data sets Europe/Brussels
		expect(context).toMatchObject({ lang: 'pt_BR', tz: 'Europe/Brussels' });
		expect(await client().userContext()).toEqual({ lang: context.lang, tz: context.tz });
		const [desk] = await client().searchRead('product.product', [['default_code', '=', 'FURN_0096']], { fields: ['name'], context: { lang: context.lang } });
		expect(desk.name).toBe('Mesa personalizável');
	});

	it('creates a partner that Odoo then holds', async () => {
		const name = `OmniCrew real ${version} ${Date.now()}`;
		const id = await client().create('res.partner', { name, email: 'real-odoo@example.com' });
		expect(Number.isInteger(id) && id > 0).toBe(true);
		const [stored] = await executeKw<Row[]>(odoo(), 'res.partner', 'read', [[id]], { fields: ['name', 'email'] });
		expect(stored).toMatchObject({ id, name, email: 'real-odoo@example.com' });
	});
}

for (const version of ODOO_MAJORS) {
	describeRealOdoo(version, 'the Odoo client', (odoo) => {
		describe('over JSON-RPC with the password', () => {
			let client: OdooClient;
			beforeAll(() => {
				client = clientFor(odoo(), { password: odoo().password });
			});
			it('speaks JSON-RPC', async () => {
				expect(await client.protocol()).toBe('jsonrpc');
			});
			sharedBehaviour(version, odoo, () => client);
		});

		if (version >= 19) {
			describe('over JSON-2 with an API key', () => {
				let client: OdooClient;
				beforeAll(() => {
					client = clientFor(odoo(), { apiKey: odoo().apiKey });
				});
				it('speaks JSON-2', async () => {
					expect(await client.protocol()).toBe('json2');
				});
				sharedBehaviour(version, odoo, () => client);

				it('is refused with a wrong key, as access denied', async () => {
					const wrong = clientFor(odoo(), { apiKey: `${odoo().apiKey.slice(0, -4)}0000` });
					// the version comes from GET /json/version and needs no key; the refusal comes from /json/2, the login
					// check included (JSON-2 has no authenticate: the user id comes from res.users.context_get)
					await expect(wrong.uid()).rejects.toMatchObject({ type: 'access_denied' });
					await expect(wrong.searchRead('res.partner', [], { limit: 1 })).rejects.toMatchObject({ type: 'access_denied' });
					await expect(wrong.searchRead('res.partner', [], { limit: 1 })).rejects.toBeInstanceOf(OdooError);
				});
			});
		} else {
			describe('over JSON-RPC with an API key', () => {
				it('accepts the key in place of the password', async () => {
					const client = clientFor(odoo(), { apiKey: odoo().apiKey });
					expect(await client.protocol()).toBe('jsonrpc');
					const admins = await client.searchRead('res.users', [['login', '=', odoo().login]], { fields: ['id', 'partner_id'] });
					expect(admins).toEqual(await executeKw<Row[]>(odoo(), 'res.users', 'search_read', [[['login', '=', odoo().login]]], { fields: ['id', 'partner_id'] }));
					expect(admins).toHaveLength(1);
				});
			});
		}
	});
}
