import { existsSync } from 'node:fs';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { BINDING_META, type Binding } from '../../nodes/Odoo/profile';
import { ODOO_MAJORS, type RealOdoo } from '../../scripts/lib/odoo-instance';
import { OMNICREW_MCP_BIN } from '../support/mcp-http';
import { rawReader, type Data, type Row } from '../support/odoo-contract';
import { describeRealOdoo } from '../support/real-odoo';

// a project's testTimeout does not reach its tests when jest runs several projects
jest.setTimeout(120_000);

type Result = { isError?: boolean; structuredContent?: Data; content: Array<{ text: string }> };

/** Every way a customer writes +55 11 98765-4321, the last without the ninth digit (numbers kept from before 2016). */
const SAME_PHONE = ['+55 11 98765-4321', '(11) 98765-4321', '11987654321', '5511987654321', '011 98765 4321', '+55 (11) 9 8765-4321', '(11) 8765-4321'];

const idOf = (value: unknown): number => (Array.isArray(value) ? Number(value[0]) : Number(value));

/**
 * The acceptance of the Odoo server as a user starts it: `omnicrew-mcp odoo` (the built binary, over stdio) with an
 * API key against real Odoo 17 and 18 (JSON-RPC) and 19 (JSON-2): one customer however the phone is written, a
 * quotation at Odoo's own price, a free slot booked as a calendar.event with the customer attending, and the order's
 * status in plain words, every answer checked against what Odoo then holds.
 */
for (const version of ODOO_MAJORS) {
	describeRealOdoo(version, 'omnicrew-mcp odoo (built binary)', (odoo) => {
		const clients: Client[] = [];
		let customer: Client;
		let erp: Client;
		let raw: ReturnType<typeof rawReader>;

		const start = async (instance: RealOdoo, profile: string): Promise<Client> => {
			const client = new Client({ name: 'acceptance', version: '1' });
			await client.connect(
				new StdioClientTransport({
					command: process.execPath,
					args: [OMNICREW_MCP_BIN, 'odoo'],
					env: { PATH: process.env.PATH ?? '', ODOO_URL: instance.url, ODOO_DB: instance.db, ODOO_USERNAME: instance.login, ODOO_API_KEY: instance.apiKey, ODOO_PROFILE: profile },
					stderr: 'pipe',
				}),
			);
			clients.push(client);
			return client;
		};
		const call = async (client: Client, name: string, args: Data, binding?: Binding): Promise<Result> =>
			(await client.callTool({ name, arguments: { tenant_id: 'acceptance', ...args }, ...(binding ? { _meta: { [BINDING_META]: binding } } : {}) })) as Result;
		const data = async (client: Client, name: string, args: Data, binding?: Binding): Promise<Data> => {
			const result = await call(client, name, args, binding);
			if (result.isError || !result.structuredContent) throw new Error(`${name}: ${result.content.map((c) => c.text).join(' ')}`);
			return result.structuredContent;
		};

		beforeAll(async () => {
			if (!existsSync(OMNICREW_MCP_BIN)) throw new Error(`${OMNICREW_MCP_BIN} is missing: build first (node scripts/build.mjs)`);
			raw = rawReader(odoo().url, odoo().db, odoo().login, odoo().password);
			customer = await start(odoo(), 'customer');
			erp = await start(odoo(), 'erp_operator');
		});
		afterAll(async () => {
			await Promise.all(clients.map(async (client) => await client.close()));
		});

		let partnerId: number;
		let orderId: number;
		let reference: string;

		it(`speaks ${version >= 19 ? 'JSON-2' : 'JSON-RPC'} with the API key`, async () => {
			// the server logs in when it starts; a tool answering proves the key and the protocol were accepted
			expect((await data(erp, 'odoo_count', { model: 'res.partner', domain: [] })).count).toBe(await raw('res.partner', 'search_count', [[]]));
		});

		it('finds or creates the customer once, however the phone is written', async () => {
			const first = await data(customer, 'odoo_partner_find_or_create', {}, { phone: SAME_PHONE[0], name: 'Ana Paula Ferreira' });
			expect(first).toMatchObject({ created: true, matched_by: 'created', phone: '+5511987654321' });
			partnerId = first.partner_id as number;
			for (const phone of SAME_PHONE.slice(1)) {
				expect(await data(customer, 'odoo_partner_find_or_create', {}, { phone, name: 'Outra Pessoa' })).toMatchObject({ partner_id: partnerId, created: false, matched_by: 'phone' });
			}
			expect(await raw('res.partner', 'search_read', [[['phone', 'like', '8765']]], { fields: ['id', 'name', 'phone'] })).toEqual([{ id: partnerId, name: 'Ana Paula Ferreira', phone: '+5511987654321' }]);
			// without the area code a number is no one's: the tool says what to ask for
			const local = await call(customer, 'odoo_partner_find_or_create', {}, { phone: '98765-4321' });
			expect(local.isError).toBe(true);
			expect(local.content[0].text).toMatch(/with the area code/);
		});

		it('makes a quotation at Odoo\'s own price, in Odoo\'s currency', async () => {
			const [product] = (await data(customer, 'odoo_product_search', { query: 'FURN_0098' })).products as Row[];
			// a variant with an extra price: the template says 750, the variant 800.40
			const [held] = await raw<Row[]>('product.product', 'read', [[product.id]], { fields: ['list_price', 'lst_price', 'currency_id'] });
			expect(held.lst_price).not.toBe(held.list_price);
			expect(product).toMatchObject({ default_code: 'FURN_0098', list_price: held.lst_price, currency: (held.currency_id as [number, string])[1] });
			const quotation = await data(customer, 'odoo_sale_order_create', { lines: [{ product_id: product.id, quantity: 2 }] }, { partner_id: partnerId });
			orderId = quotation.order_id as number;
			reference = String(quotation.reference);
			const [order] = await raw<Row[]>('sale.order', 'read', [[orderId]], { fields: ['name', 'state', 'partner_id', 'amount_total', 'currency_id'] });
			expect(order).toMatchObject({ name: reference, state: 'draft', amount_total: quotation.amount_total });
			expect(idOf(order.partner_id)).toBe(partnerId);
			expect(quotation.currency).toBe((order.currency_id as [number, string])[1]);
			const [line] = await raw<Row[]>('sale.order.line', 'search_read', [[['order_id', '=', orderId]]], { fields: ['price_unit', 'product_uom_qty'] });
			expect(line).toMatchObject({ price_unit: held.lst_price, product_uom_qty: 2 });
			expect((quotation.lines as Data[])[0]).toMatchObject({ price_unit: held.lst_price, quantity: 2 });
		});

		it('books a free slot as a calendar.event with the customer attending, at the local time it offered', async () => {
			const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
			const until = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
			const free = await data(customer, 'odoo_calendar_free_slots', { date_from: day, date_to: until, duration_minutes: 60 });
			const [slot] = free.slots as Array<{ start: string; start_utc: string }>;
			const booked = await data(customer, 'odoo_calendar_book', { start: slot.start, duration_minutes: 60, title: 'Visita técnica' }, { partner_id: partnerId });
			const [event] = await raw<Row[]>('calendar.event', 'read', [[booked.event_id]], { fields: ['name', 'start', 'stop', 'partner_ids', 'attendee_ids'] });
			expect(event).toMatchObject({ name: 'Visita técnica', start: slot.start_utc.slice(0, 19).replace('T', ' ') });
			expect(event.partner_ids).toContain(partnerId);
			const attendees = await raw<Row[]>('calendar.attendee', 'read', [event.attendee_ids], { fields: ['partner_id'] });
			expect(attendees.map((attendee) => idOf(attendee.partner_id))).toContain(partnerId);
			// the slot's local time is the login's own time zone (Preferences), as Odoo shows the event to that user
			const { tz } = await raw<{ tz: string }>('res.users', 'context_get', []);
			expect(free.timezone).toBe(tz);
			const local = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' }).format(new Date(`${String(event.start).replace(' ', 'T')}Z`));
			expect(local).toBe(slot.start);
		});

		it('tells the order\'s status in plain words, before and after a person confirms it', async () => {
			const [draft] = (await data(customer, 'odoo_order_status', { reference }, { partner_id: partnerId })).orders as Data[];
			expect(draft).toMatchObject({ id: orderId, state: 'draft', status_text: expect.stringMatching(new RegExp(`^Order ${reference}: quotation, not confirmed yet`)) });
			expect(draft.status_text_pt).toMatch(new RegExp(`^Pedido ${reference}: orçamento, ainda não confirmado`));
			expect(await data(erp, 'odoo_call', { model: 'sale.order', method: 'action_confirm', ids: [orderId] })).toMatchObject({ needs_confirmation: true });
			await data(erp, 'odoo_call', { model: 'sale.order', method: 'action_confirm', ids: [orderId], confirm: true });
			const [confirmed] = (await data(customer, 'odoo_order_status', { reference }, { partner_id: partnerId })).orders as Data[];
			const [held] = await raw<Row[]>('sale.order', 'read', [[orderId]], { fields: ['state', 'delivery_status', 'invoice_status'] });
			expect(confirmed).toMatchObject({ state: 'sale', delivery_status: held.delivery_status || null, invoice_status: held.invoice_status });
			// the demo's furniture is invoiced on delivery: nothing to invoice until it ships
			expect(confirmed.status_text).toMatch(new RegExp(`^Order ${reference}: confirmed order; not shipped yet; nothing to invoice`));
			expect(confirmed.status_text_pt).toMatch(new RegExp(`^Pedido ${reference}: pedido confirmado; ainda não enviado; nada a faturar`));
		});
	});
}
