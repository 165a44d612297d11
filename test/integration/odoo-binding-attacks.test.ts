import type { McpSession } from '../../lib/mcp/client';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { BINDING_META, type Binding, type OdooProfile } from '../../nodes/Odoo/profile';
import { openOdooSession } from '../../nodes/Odoo/server';
import { odooTools } from '../../nodes/Odoo/tools';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';

type Data = Record<string, unknown>;
type Outcome = { ok: true; data: Data } | { ok: false; kind: string; message: string };

const TENANT = 'acme';
// two of Odoo 17's demo partners (odoo/addons/base/data/res_partner_demo.xml): their e-mails hold `_` and `.`
const DECO_EMAIL = 'deco_addict@yourcompany.example.com';
const GEMINI_EMAIL = 'gemini_furniture@fake.geminifurniture.com';

/**
 * Customers who choose their own contact details (web chat, e-mail) try to be taken for someone else: SQL LIKE
 * wildcards and escapes in e-mails, phones, references and names must match only themselves.
 */
describe('odoo tools: crafted customer text matches literally', () => {
	let emulator: OdooEmulator;
	let erp: McpSession;
	let customer: McpSession;
	let deco: number;
	let gemini: number;
	let ana: number;
	let decoOrder: string;

	const open = async (profile: OdooProfile) => {
		const odoo = new OdooClient({ url: emulator.url, db: emulator.db, username: emulator.users.admin.login, apiKey: emulator.users.admin.apiKey, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } });
		return openOdooSession({ odoo, profile });
	};
	const attempt = async (session: McpSession, tool: string, args: Data, binding?: Binding): Promise<Outcome> =>
		(await session.callTool(tool, { tenant_id: TENANT, ...args }, binding ? { [BINDING_META]: binding } : undefined)) as Outcome;
	async function call(session: McpSession, tool: string, args: Data, binding?: Binding): Promise<Data> {
		const outcome = await attempt(session, tool, args, binding);
		if (!outcome.ok) throw new Error(`${tool}: ${outcome.message}`);
		return outcome.data;
	}
	const partnerIds = () => new Set(emulator.model('res.partner').map((p) => p.id as number));

	/** Binds a conversation by its contact's details, as the crew does, and returns what it may then see. */
	async function bindAs(binding: Binding): Promise<{ outcome: Outcome; before: Set<number> }> {
		const before = partnerIds();
		return { outcome: await attempt(customer, 'odoo_partner_find_or_create', {}, binding), before };
	}

	/** Either refused as bad input, or a partner of its own (new), whose order list is empty. */
	async function expectNobodyElse(binding: Binding): Promise<void> {
		const { outcome, before } = await bindAs(binding);
		if (!outcome.ok) {
			expect(outcome.kind).toBe('invalid_input');
			return;
		}
		const partner = outcome.data.partner_id as number;
		expect({ binding, partner, created: outcome.data.created }).toEqual({ binding, partner: expect.any(Number), created: true });
		expect(before.has(partner)).toBe(false);
		expect(await call(customer, 'odoo_order_status', {}, { partner_id: partner })).toEqual({ orders: [] });
	}

	beforeAll(async () => {
		emulator = await startOdooEmulator({ seed: 'brazil' });
		erp = await open('erp_operator');
		customer = await open('customer');
		deco = (await call(erp, 'odoo_create', { model: 'res.partner', values: { name: 'Deco Addict', email: DECO_EMAIL, customer_rank: 1 } })).id as number;
		gemini = (await call(erp, 'odoo_create', { model: 'res.partner', values: { name: 'Gemini Furniture', email: GEMINI_EMAIL, customer_rank: 1 } })).id as number;
		const [product] = emulator.model('product.product').filter((p) => p.sale_ok === true && p.active !== false);
		decoOrder = (await call(erp, 'odoo_sale_order_create', { partner_id: deco, lines: [{ product_id: product.id, quantity: 1 }] })).reference as string;
		await call(erp, 'odoo_sale_order_create', { partner_id: gemini, lines: [{ product_id: product.id, quantity: 2 }] });
		ana = emulator.model('res.partner').find((p) => p.name === 'Ana Paula Ferreira')!.id as number;
	});
	afterAll(async () => {
		await erp?.close();
		await customer?.close();
		await emulator?.close();
	});

	describe('tenant_id', () => {
		it.each(odooTools.map((t) => t.name))('%s refuses a call without tenant_id', async (tool) => {
			const outcome = (await erp.callTool(tool, {})) as Outcome;
			expect(outcome.ok).toBe(false);
			expect(!outcome.ok && outcome.message).toMatch(/tenant_id is required/);
		});
	});

	describe('binding by e-mail', () => {
		it('would have matched the real customers with the raw values (generic domains keep Odoo\'s semantics)', async () => {
			const raw = async (pattern: string) =>
				((await call(erp, 'odoo_search_read', { model: 'res.partner', domain: [['email', '=ilike', pattern]], fields: ['id'] })).records as Data[]).map((r) => r.id);
			expect(await raw('deco%@yourcompany.example.com')).toEqual([deco]);
			expect(await raw('gemini_furniture@fake_geminifurniture.com')).toEqual([gemini]);
			expect(await raw('deco\\_addict@yourcompany.example.com')).toEqual([deco]);
		});

		it.each([
			'deco%@yourcompany.example.com',
			'gemini_furniture@fake_geminifurniture.com',
			'%@yourcompany.example.com',
			'_%@yourcompany.example.com',
			'\\%@yourcompany.example.com',
			'deco\\_addict@yourcompany.example.com',
			'deco_addict@yourcompany.example.co_',
			'%@%',
			'%',
			'_%',
			'\\%',
		])('%j binds no other customer and shows no other customer\'s orders', async (email) => {
			await expectNobodyElse({ email });
		});

		it('binds the real customer by the exact address in any case, and shows only their orders', async () => {
			const found = await call(customer, 'odoo_partner_find_or_create', {}, { email: 'DECO_ADDICT@YourCompany.Example.com' });
			expect(found).toMatchObject({ partner_id: deco, created: false, matched_by: 'email' });
			const orders = (await call(customer, 'odoo_order_status', {}, { partner_id: deco })).orders as Data[];
			expect(orders.map((o) => o.reference)).toEqual([decoOrder]);
			expect(await call(customer, 'odoo_partner_find_or_create', {}, { email: ` ${GEMINI_EMAIL.toUpperCase()} ` })).toMatchObject({ partner_id: gemini, matched_by: 'email' });
		});
	});

	describe('binding by phone', () => {
		it.each(['%', '_____', '1', '4321', '87654321', '98765-4321', '+55 11 4321', '+1 98765-4321', '+44 11 98765-4321', '+55 21 98765-4321', '%11987654321', '11 98765-4321 _'])(
			'%j binds no other customer',
			async (phone) => {
				await expectNobodyElse({ phone });
			},
		);

		it.each([
			['Ana Paula Ferreira', ['+5511987654321', '(11) 98765-4321', '11987654321', '011 98765-4321', '0055 11 98765 4321', '5511987654321', '(11) 8765-4321', '+55 11 8765-4321']],
			['Bruno Carvalho', ['+55 21 99876-5432', '21998765432', '(21) 9876-5432']],
			['Eduarda Lima', ['(21) 3456-7890', '+552134567890', '021 3456-7890']],
			['Tiago Ribeiro', ['+55 11 98222-3333', '11 98222 3333']],
		])('binds %s by every usual way of writing the number', async (name, phones) => {
			const id = emulator.model('res.partner').find((p) => p.name === name)!.id;
			for (const phone of phones) {
				expect({ typed: phone, ...(await call(customer, 'odoo_partner_find_or_create', {}, { phone })) }).toMatchObject({ typed: phone, partner_id: id, matched_by: 'phone' });
			}
		});
	});

	describe('order references', () => {
		it.each(['_%', '\\%', '%%', '%_', 'S%', 'S0000_', '#%'])('%j finds none of the customer\'s orders, let alone others\'', async (reference) => {
			expect(await call(customer, 'odoo_order_status', { reference }, { partner_id: ana })).toEqual({ orders: [] });
			expect(await call(erp, 'odoo_order_status', { reference })).toEqual({ orders: [] });
		});

		it('still finds an order by its exact reference, in any case, or by its number', async () => {
			const [own] = (await call(customer, 'odoo_order_status', {}, { partner_id: ana })).orders as Data[];
			const reference = String(own.reference);
			expect(((await call(customer, 'odoo_order_status', { reference: reference.toLowerCase() }, { partner_id: ana })).orders as Data[])[0]).toMatchObject({ reference });
			const number = reference.replace(/^\D+0*/, '');
			const byNumber = (await call(customer, 'odoo_order_status', { reference: `#${number.padStart(2, '0')}` }, { partner_id: ana })).orders as Data[];
			expect(byNumber.map((o) => o.reference)).toContain(reference);
		});
	});

	describe('products and warehouses', () => {
		it('takes % and _ in a reference literally', async () => {
			const search = async (query: string) => ((await call(customer, 'odoo_product_search', { query })).products as Data[]).map((p) => p.default_code);
			expect(await search('CAD-ERG-01')).toEqual(['CAD-ERG-01']);
			expect(await search('C%01')).toEqual([]);
			expect(await search('_AD-ERG-01')).toEqual([]);
		});

		it.each(['%', '_', '\\', '%%'])('matches no warehouse for %j', async (warehouse) => {
			const outcome = await attempt(customer, 'odoo_stock_availability', { query: 'cadeira ergonomica', warehouse });
			expect(outcome.ok ? outcome.data : outcome.message).toMatch(/No warehouse matches/);
		});

		it('refuses a blank warehouse and still finds one by code in any case or by part of its name', async () => {
			const blank = await attempt(customer, 'odoo_stock_availability', { query: 'cadeira ergonomica', warehouse: '   ' });
			expect(blank).toMatchObject({ ok: false, kind: 'invalid_input', message: expect.stringMatching(/warehouse is empty/) });
			const names = async (warehouse: string) =>
				(((await call(customer, 'odoo_stock_availability', { query: 'cadeira ergonomica', warehouse })).products as Data[])[0].warehouses as Data[]).map((w) => w.warehouse);
			expect(await names('sp')).toEqual(['São Paulo']);
			expect(await names('Rio')).toEqual(['Rio de Janeiro']);
		});
	});
});
