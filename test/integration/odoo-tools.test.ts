import type { McpSession } from '../../lib/mcp/client';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { BINDING_META, type Binding, type OdooProfile } from '../../nodes/Odoo/profile';
import { openOdooSession } from '../../nodes/Odoo/server';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';
import { odooContract, rawReader, type OdooTarget } from '../support/odoo-contract';

type Data = Record<string, unknown>;
const TENANT = 'acme';

/** Every Odoo tool against the emulator's Brazilian shop, under both profiles. */
describe('odoo tools against the Odoo emulator', () => {
	let emulator: OdooEmulator;
	let erp: McpSession;
	let customer: McpSession;

	const client = () =>
		new OdooClient({ url: emulator.url, db: emulator.db, username: emulator.users.admin.login, apiKey: emulator.users.admin.apiKey, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 } });
	const open = async (profile: OdooProfile) => openOdooSession({ odoo: client(), profile });

	async function call(session: McpSession, tool: string, args: Data, binding?: Binding): Promise<Data> {
		const outcome = await session.callTool(tool, { tenant_id: TENANT, ...args }, binding ? { [BINDING_META]: binding } : undefined);
		if (!outcome.ok) throw new Error(`${tool}: ${outcome.message}`);
		return outcome.data;
	}
	async function refusal(session: McpSession, tool: string, args: Data, binding?: Binding): Promise<{ kind: string; message: string }> {
		const outcome = await session.callTool(tool, { tenant_id: TENANT, ...args }, binding ? { [BINDING_META]: binding } : undefined);
		if (outcome.ok) throw new Error(`${tool} should have been refused, got ${JSON.stringify(outcome.data)}`);
		return outcome;
	}
	const records = async (model: string, domain: unknown[], fields: string[], context?: Data) =>
		(await call(erp, 'odoo_search_read', { model, domain, fields, limit: 200, ...(context ? { context } : {}) })).records as Data[];

	beforeAll(async () => {
		emulator = await startOdooEmulator({ seed: 'brazil' });
		erp = await open('erp_operator');
		customer = await open('customer');
	});
	afterAll(async () => {
		await erp?.close();
		await customer?.close();
		await emulator?.close();
	});

	describe('products and stock', () => {
		it('finds a product written without accents and quotes the price Odoo holds', async () => {
			const [chair] = await records('product.product', [['name', 'ilike', 'Cadeira Ergon']], ['id', 'name', 'list_price', 'default_code']);
			expect(chair).toBeDefined();
			const found = (await call(customer, 'odoo_product_search', { query: 'cadeira ergonomica' })).products as Data[];
			expect(found[0]).toMatchObject({ id: chair.id, list_price: chair.list_price, currency: 'BRL' });
			expect(Object.keys(found[0])).not.toContain('standard_price');
			const byCode = (await call(customer, 'odoo_product_search', { query: String(chair.default_code) })).products as Data[];
			expect(byCode[0].id).toBe(chair.id);
		});

		it('reports stock per warehouse as Odoo computes it, and an out-of-stock product as such', async () => {
			const products = await records('product.product', [['sale_ok', '=', true]], ['id', 'name', 'qty_available', 'type']);
			const out = products.find((p) => p.type !== 'service' && Number(p.qty_available) === 0);
			const stocked = products.find((p) => Number(p.qty_available) > 0);
			expect(out && stocked).toBeTruthy();
			const answer = (await call(customer, 'odoo_stock_availability', { product_ids: [stocked!.id as number, out!.id as number] })).products as Data[];
			const warehouses = (await records('stock.warehouse', [], ['id', 'name'])) as Array<{ id: number; name: string }>;
			expect(warehouses.length).toBeGreaterThanOrEqual(2);
			const stockedRow = answer.find((p) => p.id === stocked!.id)!;
			expect(stockedRow.on_hand).toBe(stocked!.qty_available);
			for (const w of warehouses) {
				const [inWarehouse] = await records('product.product', [['id', '=', stocked!.id]], ['qty_available'], { warehouse: w.id });
				expect((stockedRow.warehouses as Data[]).find((x) => x.warehouse === w.name)?.on_hand).toBe(inWarehouse.qty_available);
			}
			expect(answer.find((p) => p.id === out!.id)).toMatchObject({ on_hand: 0 });
			const search = (await call(customer, 'odoo_product_search', { query: String(out!.name) })).products as Data[];
			expect(search.find((p) => p.id === out!.id)).toMatchObject({ in_stock: false });
		});

		it('names the warehouses when the one asked for does not exist', async () => {
			expect((await refusal(customer, 'odoo_stock_availability', { query: 'cadeira', warehouse: 'Manaus' })).message).toMatch(/No warehouse matches "Manaus". Warehouses: .*São Paulo/);
		});
	});

	describe('the customer profile', () => {
		it.each([
			['odoo_search_read', { model: 'res.partner', domain: [] }],
			['odoo_read', { model: 'res.partner', ids: [1] }],
			['odoo_write', { model: 'res.partner', ids: [1], values: { name: 'x' } }],
			['odoo_delete', { model: 'product.product', ids: [1], confirm: true }],
			['odoo_call', { model: 'sale.order', method: 'action_confirm', ids: [1], confirm: true }],
			['odoo_post_message', { model: 'res.partner', res_id: 1, body: 'x' }],
		])('refuses %s, saying which profile and why', async (tool, args) => {
			const refused = await refusal(customer, tool, args);
			expect(refused.kind).toBe('refused');
			expect(refused.message).toMatch(new RegExp(`customer profile refuses ${tool}`));
		});

		it('finds the customer by a phone typed in another format, and creates a new one only once', async () => {
			const partners = await records('res.partner', [['phone', '!=', false]], ['id', 'name', 'phone']);
			const known = partners.find((p) => /^\(\d{2}\)/.test(String(p.phone))) ?? partners[0];
			const digits = String(known.phone).replace(/\D/g, '').replace(/^55/, '');
			const found = await call(customer, 'odoo_partner_find_or_create', {}, { phone: `+55 ${digits}` });
			expect(found).toMatchObject({ partner_id: known.id, created: false, matched_by: 'phone' });

			const created = await call(customer, 'odoo_partner_find_or_create', {}, { phone: '(31) 99111-2233', name: 'Nova Cliente' });
			expect(created).toMatchObject({ created: true, phone: '+5531991112233' });
			const again = await call(customer, 'odoo_partner_find_or_create', {}, { phone: '31991112233' });
			expect(again).toMatchObject({ partner_id: created.partner_id, created: false });
		});

		it('uses the conversation\'s phone, not the one the model passes', async () => {
			const bound = await call(customer, 'odoo_partner_find_or_create', { phone: '+55 11 90000-0000', name: 'Hacker' }, { phone: '(31) 99111-2233' });
			const other = await call(erp, 'odoo_partner_find_or_create', { phone: '(31) 99111-2233' });
			expect(bound.partner_id).toBe(other.partner_id);
			expect((await refusal(customer, 'odoo_partner_find_or_create', { phone: '+55 11 90000-0000' })).message).toMatch(/bound no phone or e-mail/);
		});

		it('refuses to act for another partner and to confirm orders', async () => {
			const me = (await call(customer, 'odoo_partner_find_or_create', {}, { phone: '(31) 99111-2233' })).partner_id as number;
			const someoneElse = (await records('res.partner', [['id', '!=', me], ['customer_rank', '>', 0]], ['id'])).at(0)?.id ?? 1;
			const [product] = await records('product.product', [['sale_ok', '=', true]], ['id']);
			expect((await refusal(customer, 'odoo_sale_order_create', { partner_id: someoneElse, lines: [{ product_id: product.id, quantity: 1 }] }, { partner_id: me })).message).toMatch(
				/only act for the conversation's own customer/,
			);
			expect((await refusal(customer, 'odoo_sale_order_create', { lines: [{ product_id: product.id, quantity: 1 }], confirm: true }, { partner_id: me })).message).toMatch(/refuses to confirm/);
			const quotation = await call(customer, 'odoo_sale_order_create', { lines: [{ product_id: product.id, quantity: 2, price_unit: 0.01 }] }, { partner_id: me });
			expect(quotation).toMatchObject({ state: 'draft' });
			const [line] = quotation.lines as Data[];
			expect(line.price_unit).not.toBe(0.01);
			const [order] = await records('sale.order', [['id', '=', quotation.order_id]], ['partner_id']);
			expect((order.partner_id as unknown[])[0]).toBe(me);
		});

		it('shows only the customer\'s own orders', async () => {
			const orders = await records('sale.order', [], ['id', 'name', 'partner_id', 'state']);
			const theirs = orders.find((o) => o.state !== 'draft') ?? orders[0];
			const owner = (theirs.partner_id as [number, string])[0];
			const mine = await call(customer, 'odoo_order_status', { reference: String(theirs.name) }, { partner_id: owner });
			expect((mine.orders as Data[])[0]).toMatchObject({ reference: theirs.name, status_text: expect.stringContaining(String(theirs.name)) });
			const intruder = (await call(customer, 'odoo_partner_find_or_create', {}, { phone: '(31) 99111-2233' })).partner_id as number;
			expect(await call(customer, 'odoo_order_status', { reference: String(theirs.name) }, { partner_id: intruder })).toEqual({ orders: [] });
		});
	});

	describe('calendar', () => {
		const nextMonday = () => {
			const d = new Date();
			d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7) + 7);
			return d.toISOString().slice(0, 10);
		};

		it('offers free slots around existing events, books one, refuses the same time twice, moves and cancels it', async () => {
			const day = nextMonday();
			const me = (await call(customer, 'odoo_partner_find_or_create', {}, { phone: '(31) 99111-2233' })).partner_id as number;
			const free = await call(customer, 'odoo_calendar_free_slots', { date_from: day, date_to: day, duration_minutes: 60, max_slots: 20 });
			const slots = free.slots as Array<{ start: string; start_utc: string }>;
			expect(slots.length).toBeGreaterThan(0);
			expect(slots.every((s) => s.start.startsWith(day))).toBe(true);

			const booked = await call(customer, 'odoo_calendar_book', { start: slots[0].start, duration_minutes: 60, title: 'Visita técnica' }, { partner_id: me });
			expect(booked.start).toBe(slots[0].start);
			const [event] = emulator.model('calendar.event').filter((e) => e.id === booked.event_id);
			expect(event).toMatchObject({ start: slots[0].start_utc.slice(0, 19).replace('T', ' ') });
			const after = (await call(customer, 'odoo_calendar_free_slots', { date_from: day, date_to: day, duration_minutes: 60, max_slots: 20 })).slots as Array<{ start: string }>;
			expect(after.map((s) => s.start)).not.toContain(slots[0].start);
			expect((await refusal(customer, 'odoo_calendar_book', { start: slots[0].start, duration_minutes: 30 }, { partner_id: me })).message).toMatch(/That time is taken/);

			const other = (await records('res.partner', [['id', '!=', me]], ['id'])).at(0)!.id as number;
			expect((await refusal(customer, 'odoo_calendar_reschedule', { event_id: booked.event_id, start: slots[1].start }, { partner_id: other })).message).toMatch(/not found for this customer/);
			const moved = await call(customer, 'odoo_calendar_reschedule', { event_id: booked.event_id, start: after[0].start }, { partner_id: me });
			expect(moved.start).toBe(after[0].start);

			const preview = await call(customer, 'odoo_calendar_cancel', { event_id: booked.event_id }, { partner_id: me });
			expect(preview).toMatchObject({ cancelled: false, needs_confirmation: true, would: expect.stringMatching(/cancel "Visita técnica"/) });
			expect(await call(customer, 'odoo_calendar_cancel', { event_id: booked.event_id, confirm: true }, { partner_id: me })).toEqual({ cancelled: true });
		});
	});

	describe('the erp_operator profile', () => {
		it('asks for confirmation before deleting, then deletes', async () => {
			const created = await call(erp, 'odoo_create', { model: 'res.partner', values: { name: 'Apagar Depois Ltda' } });
			const preview = await call(erp, 'odoo_delete', { model: 'res.partner', ids: [created.id as number] });
			expect(preview).toMatchObject({ needs_confirmation: true, would: expect.stringMatching(/delete 1 res.partner record\(s\): Apagar Depois Ltda/) });
			expect(await records('res.partner', [['id', '=', created.id]], ['id'])).toHaveLength(1);
			expect(await call(erp, 'odoo_delete', { model: 'res.partner', ids: [created.id as number], confirm: true })).toEqual({ deleted: 1 });
			expect(await records('res.partner', [['id', '=', created.id]], ['id'])).toHaveLength(0);
		});

		it('asks for confirmation before calling a method that changes data', async () => {
			const preview = await call(erp, 'odoo_call', { model: 'sale.order', method: 'action_confirm', ids: [1] });
			expect(preview).toMatchObject({ needs_confirmation: true, would: 'call sale.order.action_confirm on ids 1' });
			expect(await call(erp, 'odoo_call', { model: 'product.product', method: 'search_count', kwargs: { domain: [] } })).toMatchObject({ result: expect.any(Number) });
		});

		it('posts a message in a record\'s chatter', async () => {
			const [partner] = await records('res.partner', [], ['id']);
			expect(await call(erp, 'odoo_post_message', { model: 'res.partner', res_id: partner.id as number, body: 'Cliente pediu retorno.', kind: 'note' })).toMatchObject({ message_id: expect.any(Number) });
		});

		it('carries Odoo\'s own error kinds and messages', async () => {
			expect(await refusal(erp, 'odoo_search_read', { model: 'no.such.model', domain: [] })).toMatchObject({ kind: 'invalid_input', message: expect.stringMatching(/unknown model.*no.such.model/) });
			expect(await refusal(erp, 'odoo_search_read', { model: 'res.partner', domain: [['no_such_field', '=', 1]] })).toMatchObject({
				kind: 'invalid_input',
				message: expect.stringMatching(/invalid domain.*no_such_field/),
			});
			expect(await refusal(erp, 'odoo_write', { model: 'res.partner', ids: [999_999], values: { name: 'x' } })).toMatchObject({ kind: 'not_found' });
		});
	});

	describe('the client', () => {
		it('retries HTTP 5xx and then succeeds', async () => {
			emulator.failNext(/\/jsonrpc$/, 502, 2);
			expect(await client().searchCount('res.partner', [])).toBeGreaterThan(0);
		});

		it('says so when Odoo refuses the login', async () => {
			const wrong = new OdooClient({ url: emulator.url, db: emulator.db, username: 'admin', apiKey: 'wrong' });
			await expect(wrong.uid()).rejects.toMatchObject({ type: 'access_denied', message: expect.stringMatching(/refused by database/) });
		});
	});
});

/**
 * The contract that real Odoo 17, 18 and 19 are held to (test/real-odoo/odoo-tools.test.ts), against the emulator's
 * recorded demo data: 17.0 and 18.0 over JSON-RPC with the password, 19.0 over JSON-2 with an API key and over JSON-RPC.
 */
const EMULATED: Array<{ version: '17.0' | '18.0' | '19.0'; protocol: 'jsonrpc' | 'json2' }> = [
	{ version: '17.0', protocol: 'jsonrpc' },
	{ version: '18.0', protocol: 'jsonrpc' },
	{ version: '19.0', protocol: 'json2' },
	{ version: '19.0', protocol: 'jsonrpc' },
];

for (const { version, protocol } of EMULATED) {
	describe(`the Odoo contract on the emulator ${version} over ${protocol === 'json2' ? 'JSON-2' : 'JSON-RPC'}`, () => {
		let emulator: OdooEmulator;
		let target: OdooTarget;
		beforeAll(async () => {
			emulator = await startOdooEmulator({ version, seed: 'brazil' });
			const { admin } = emulator.users;
			target = {
				name: `the emulator ${version} over ${protocol}`,
				major: Number.parseInt(version, 10),
				protocol,
				config: { url: emulator.url, db: emulator.db, username: admin.login, ...(protocol === 'json2' ? { apiKey: admin.apiKey } : { password: admin.password }) },
				raw: rawReader(emulator.url, emulator.db, admin.login, admin.password),
			};
		});
		afterAll(async () => {
			await emulator?.close();
		});
		odooContract(() => target);
	});
}
