import type { McpSession } from '../../lib/mcp/client';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { BINDING_META, type Binding } from '../../nodes/Odoo/profile';
import { openOdooSession } from '../../nodes/Odoo/server';
import { ODOO_MAJORS, type RealOdoo } from '../../scripts/lib/odoo-instance';
import { odooContract, rawReader, type Data, type OdooTarget, type Row } from '../support/odoo-contract';
import { describeRealOdoo } from '../support/real-odoo';

const FAST_RETRY = { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 };

// a project's testTimeout does not reach its tests when jest runs several projects
jest.setTimeout(120_000);

function targetOf(odoo: RealOdoo, db: string, protocol: 'jsonrpc' | 'json2'): OdooTarget {
	return {
		name: `real Odoo ${odoo.version} over ${protocol === 'json2' ? 'JSON-2' : 'JSON-RPC'}`,
		major: odoo.version,
		protocol,
		config: { url: odoo.url, db, username: odoo.login, ...(protocol === 'json2' ? { apiKey: odoo.apiKey } : { password: odoo.password }) },
		raw: rawReader(odoo.url, db, odoo.login, odoo.password),
	};
}

/** What only a real Odoo shows: its demo data of each version, and a login that is not the administrator. */
function realOnly(odoo: () => RealOdoo, target: () => OdooTarget): void {
	let customer: McpSession;
	beforeAll(async () => {
		customer = openOdooSession({ odoo: new OdooClient({ ...target().config, retry: FAST_RETRY }), profile: 'customer' });
	});
	afterAll(async () => {
		await customer?.close();
	});
	const call = async (session: McpSession, tool: string, args: Data, binding?: Binding): Promise<Data> => {
		const outcome = await session.callTool(tool, { tenant_id: 'real', ...args }, binding ? { [BINDING_META]: binding } : undefined);
		if (!outcome.ok) throw new Error(`${tool}: ${outcome.message}`);
		return outcome.data;
	};

	it('holds the partner\'s mobile up to 18 and not in 19, where the phone alone is searched', async () => {
		const fields = await target().raw<Data>('res.partner', 'fields_get', [], { attributes: ['type'] });
		expect('mobile' in fields).toBe(odoo().version < 19);
		expect(fields.phone_mobile_search).toMatchObject({ type: 'char' });
	});

	it('tells the demo\'s "Large Desk" and "Customizable Desk" variants apart, at each variant\'s price', async () => {
		for (const query of ['Large Desk', 'Customizable Desk']) {
			const held = await target().raw<Row[]>('product.product', 'search_read', [[['name', '=', query]]], { fields: ['id', 'default_code', 'lst_price', 'product_template_variant_value_ids'] });
			const found = ((await call(customer, 'odoo_product_search', { query, limit: 10 })).products as Row[]).filter((row) => held.some((h) => h.id === row.id));
			expect(found).toHaveLength(held.length);
			expect(new Set(found.map((row) => row.name)).size).toBe(held.length);
			for (const row of found) expect(row.list_price).toBe(held.find((h) => h.id === row.id)?.lst_price);
		}
		// 19's demo data made Large Desk a template of three variants without a code (Glass costs 50 more)
		const large = ((await call(customer, 'odoo_product_search', { query: 'Large Desk', limit: 10 })).products as Row[]).filter((row) => String(row.name).startsWith('Large Desk'));
		if (odoo().version >= 19) {
			expect(large.map((row) => [row.name, row.default_code, row.list_price]).sort()).toEqual([
				['Large Desk (Glass)', null, 1849],
				['Large Desk (Metal)', null, 1799],
				['Large Desk (Wood)', null, 1799],
			]);
		} else {
			expect(large.map((row) => [row.name, row.default_code, row.variant])).toEqual([['Large Desk', 'E-COM09', null]]);
		}
	});

	it('answers a Portuguese query in pt_BR, the login\'s language, from the demo\'s translations', async () => {
		const [desk] = (await call(customer, 'odoo_product_search', { query: 'FURN_0096' })).products as Row[];
		const [english] = await target().raw<Row[]>('product.product', 'read', [[desk.id]], { fields: ['name'] });
		const [portuguese] = await target().raw<Row[]>('product.product', 'read', [[desk.id]], { fields: ['name'], context: { lang: 'pt_BR' } });
		expect(portuguese.name).not.toBe(english.name);
		expect(String(desk.name).startsWith(String(portuguese.name))).toBe(true);
		const found = (await call(customer, 'odoo_product_search', { query: String(portuguese.name).toLowerCase() })).products as Row[];
		expect(found.map((row) => row.id)).toContain(desk.id);
	});
}

/**
 * The customer profile acting as Odoo's demo user (Marc Demo: Sales / User: Own Documents Only, no Settings) over
 * JSON-RPC with his password: what a deployment's dedicated integration user needs.
 */
function asNonAdmin(target: () => OdooTarget): void {
	let asDemo: McpSession;
	beforeAll(async () => {
		asDemo = openOdooSession({ odoo: new OdooClient({ ...target().config, username: 'demo', password: 'demo', apiKey: undefined, retry: FAST_RETRY }), profile: 'customer' });
	});
	afterAll(async () => {
		await asDemo?.close();
	});
	const call = async (tool: string, args: Data, binding?: Binding): Promise<Data> => {
		const outcome = await asDemo.callTool(tool, { tenant_id: 'real', ...args }, binding ? { [BINDING_META]: binding } : undefined);
		if (!outcome.ok) throw new Error(`${tool}: ${outcome.message}`);
		return outcome.data;
	};

	it('as the demo user: finds products, finds or creates the customer, quotes, reports the order and books', async () => {
		const [product] = (await call('odoo_product_search', { query: 'FURN_0096' })).products as Row[];
		expect(product).toMatchObject({ default_code: 'FURN_0096' });
		const partner = await call('odoo_partner_find_or_create', {}, { phone: '+55 21 98111-2233', name: 'Cliente do Demo' });
		expect(partner).toMatchObject({ created: true });
		const binding = { partner_id: partner.partner_id as number };
		const quotation = await call('odoo_sale_order_create', { lines: [{ product_id: product.id, quantity: 1 }] }, binding);
		expect(await target().raw('sale.order', 'read', [[quotation.order_id]], { fields: ['state', 'amount_total'] })).toEqual([{ id: quotation.order_id, state: 'draft', amount_total: quotation.amount_total }]);
		expect(((await call('odoo_order_status', {}, binding)).orders as Data[]).map((order) => order.id)).toContain(quotation.order_id);
		const day = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
		const slots = (await call('odoo_calendar_free_slots', { date_from: day, date_to: addDays(day, 3), duration_minutes: 60 })).slots as Array<{ start: string }>;
		const booked = await call('odoo_calendar_book', { start: slots[0].start, duration_minutes: 60 }, binding);
		const [event] = await target().raw<Row[]>('calendar.event', 'read', [[booked.event_id]], { fields: ['partner_ids', 'user_id'] });
		expect(event.partner_ids).toContain(binding.partner_id);
	});
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The contract (test/support/odoo-contract.ts) against real Odoo 17 and 18 over JSON-RPC with the password, and 19
 * over JSON-2 with an API key and, on a copy of the database, over JSON-RPC with the password.
 */
for (const version of ODOO_MAJORS) {
	describeRealOdoo(version, 'the Odoo tools', (odoo) => {
		if (version >= 19) {
			describe('over JSON-2 with an API key', () => {
				let target: OdooTarget;
				beforeAll(() => {
					target = targetOf(odoo(), odoo().db, 'json2');
				});
				odooContract(() => target);
				realOnly(odoo, () => target);
			});
			describe('over JSON-RPC with the password (a copy of the database)', () => {
				let target: OdooTarget;
				beforeAll(async () => {
					target = targetOf(odoo(), await odoo().cloneDb('jsonrpc'), 'jsonrpc');
				}, 120_000);
				odooContract(() => target);
				asNonAdmin(() => target);
			});
		} else {
			describe('over JSON-RPC with the password', () => {
				let target: OdooTarget;
				beforeAll(() => {
					target = targetOf(odoo(), odoo().db, 'jsonrpc');
				});
				odooContract(() => target);
				realOnly(odoo, () => target);
				asNonAdmin(() => target);
			});
		}
	});
}
