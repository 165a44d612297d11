import { linkInProcess, type McpSession } from '../../lib/mcp/client';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { BINDING_META, type Binding, type OdooProfile } from '../../nodes/Odoo/profile';
import { createOdooServer } from '../../nodes/Odoo/server';
import { ODOO_MAJORS } from '../../scripts/lib/odoo-instance';
import { describeRealOdoo, executeKw } from '../support/real-odoo';

type Data = Record<string, unknown>;
type Row = Data & { id: number };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const odooUtc = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/**
 * Each of the 18 Odoo tools once against a real Odoo, every answer checked against what Odoo
 * itself holds (read back by hand over /jsonrpc). 17 and 18 over JSON-RPC with the password,
 * 19 over JSON-2 with an API key.
 */
for (const version of ODOO_MAJORS) {
	describeRealOdoo(version, 'the Odoo tools', (odoo) => {
		let erp: McpSession;
		let customer: McpSession;
		const raw = <T>(model: string, method: string, args: unknown[], kwargs: Data = {}) => executeKw<T>(odoo(), model, method, args, kwargs);

		async function call(session: McpSession, tool: string, args: Data, binding?: Binding): Promise<Data> {
			const outcome = await session.callTool(tool, { tenant_id: '1', ...args }, binding ? { [BINDING_META]: binding } : undefined);
			if (!outcome.ok) throw new Error(`${tool}: ${outcome.message}`);
			return outcome.data;
		}

		beforeAll(async () => {
			const secret = version >= 19 ? { apiKey: odoo().apiKey } : { password: odoo().password };
			const open = async (profile: OdooProfile) =>
				await linkInProcess(createOdooServer({ odoo: new OdooClient({ url: odoo().url, db: odoo().db, username: odoo().login, ...secret, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 } }), profile }));
			erp = await open('erp_operator');
			customer = await open('customer');
		});
		afterAll(async () => {
			await erp?.close();
			await customer?.close();
		});

		async function furn0096(): Promise<Row> {
			const [product] = await raw<Row[]>('product.product', 'search_read', [[['default_code', '=', 'FURN_0096']]], { fields: ['id', 'name', 'list_price', 'qty_available'] });
			return product;
		}

		it('odoo_search_read, odoo_read, odoo_count and odoo_fields answer what Odoo holds', async () => {
			const domain = [['customer_rank', '>', 0]];
			const expected = await raw<Row[]>('res.partner', 'search_read', [domain], { fields: ['id', 'name'], order: 'id', limit: 5 });
			expect((await call(erp, 'odoo_search_read', { model: 'res.partner', domain, fields: ['id', 'name'], order: 'id', limit: 5 })).records).toEqual(expected);
			const ids = expected.map((row) => row.id);
			expect((await call(erp, 'odoo_read', { model: 'res.partner', ids, fields: ['name'] })).records).toEqual(await raw('res.partner', 'read', [ids], { fields: ['name'] }));
			expect((await call(erp, 'odoo_count', { model: 'res.partner', domain })).count).toBe(await raw('res.partner', 'search_count', [domain]));
			const fields = (await call(erp, 'odoo_fields', { model: 'res.partner' })).fields as Record<string, Data>;
			expect(fields.name).toMatchObject({ type: 'char' });
			expect(fields.parent_id).toMatchObject({ type: 'many2one', relation: 'res.partner' });
		});

		it('odoo_create, odoo_write and odoo_delete change the record in Odoo', async () => {
			const { id } = (await call(erp, 'odoo_create', { model: 'res.partner', values: { name: `Tools ${version}`, email: 'tools@example.com' } })) as { id: number };
			expect(await raw('res.partner', 'read', [[id]], { fields: ['name'] })).toEqual([{ id, name: `Tools ${version}` }]);
			await call(erp, 'odoo_write', { model: 'res.partner', ids: [id], values: { phone: '+5511912345678' } });
			expect(await raw('res.partner', 'read', [[id]], { fields: ['phone'] })).toEqual([{ id, phone: '+5511912345678' }]);
			expect(await call(erp, 'odoo_delete', { model: 'res.partner', ids: [id] })).toMatchObject({ needs_confirmation: true });
			expect(await raw('res.partner', 'search_count', [[['id', '=', id]]])).toBe(1);
			expect(await call(erp, 'odoo_delete', { model: 'res.partner', ids: [id], confirm: true })).toMatchObject({ deleted: 1 });
			expect(await raw('res.partner', 'search_count', [[['id', '=', id]]])).toBe(0);
		});

		it('odoo_call runs a read method at once and a changing one only when confirmed', async () => {
			const found = await call(erp, 'odoo_call', { model: 'product.product', method: 'name_search', kwargs: { name: 'Desk', limit: 3 } });
			expect(found.result).toEqual(await raw('product.product', 'name_search', [], { name: 'Desk', limit: 3 }));
			const [draft] = await raw<Row[]>('sale.order', 'search_read', [[['state', '=', 'draft']]], { fields: ['id'], limit: 1, order: 'id' });
			expect(await call(erp, 'odoo_call', { model: 'sale.order', method: 'action_confirm', ids: [draft.id] })).toMatchObject({ needs_confirmation: true });
			expect(await raw('sale.order', 'read', [[draft.id]], { fields: ['state'] })).toEqual([{ id: draft.id, state: 'draft' }]);
			await call(erp, 'odoo_call', { model: 'sale.order', method: 'action_confirm', ids: [draft.id], confirm: true });
			expect(await raw('sale.order', 'read', [[draft.id]], { fields: ['state'] })).toEqual([{ id: draft.id, state: 'sale' }]);
		});

		it('odoo_product_search finds FURN_0096 with the price and stock Odoo holds', async () => {
			const product = await furn0096();
			const [found] = (await call(customer, 'odoo_product_search', { query: 'FURN_0096' })).products as Data[];
			expect(found).toMatchObject({ id: product.id, default_code: 'FURN_0096', list_price: product.list_price, qty_available: product.qty_available, in_stock: true });
		});

		it('odoo_stock_availability gives the stock per warehouse that the quants hold', async () => {
			const product = await furn0096();
			const [row] = (await call(customer, 'odoo_stock_availability', { product_ids: [product.id] })).products as Array<Data & { warehouses: Data[] }>;
			expect(row.on_hand).toBe(product.qty_available);
			const warehouses = await raw<Row[]>('stock.warehouse', 'search_read', [[]], { fields: ['id', 'name'] });
			for (const warehouse of warehouses) {
				const quants = await raw<Array<{ quantity: number }>>('stock.quant', 'search_read', [[['product_id', '=', product.id], ['location_id.usage', '=', 'internal'], ['location_id.warehouse_id', '=', warehouse.id]]], { fields: ['quantity'] });
				expect(row.warehouses.find((w) => w.warehouse === warehouse.name)?.on_hand).toBe(quants.reduce((sum, quant) => sum + quant.quantity, 0));
			}
		});

		describe('a customer conversation: partner, quotation, order status, appointment, message', () => {
			let partnerId: number;

			// made by hand, so that each tool below is proven on its own
			beforeAll(async () => {
				const created = await raw<number | number[]>('res.partner', 'create', [[{ name: `Cliente ${version}`, phone: '+5511987654321' }]]);
				partnerId = Array.isArray(created) ? created[0] : created;
			});

			it('odoo_partner_find_or_create finds the customer by another phone format, and creates a new one only once', async () => {
				expect(await call(erp, 'odoo_partner_find_or_create', { phone: '(11) 98765-4321' })).toMatchObject({ partner_id: partnerId, created: false, matched_by: 'phone' });
				const created = await call(customer, 'odoo_partner_find_or_create', {}, { phone: '(21) 99876-5432', name: `Nova ${version}` });
				expect(created).toMatchObject({ created: true, phone: '+5521998765432' });
				const newId = created.partner_id as number;
				expect(await raw('res.partner', 'read', [[newId]], { fields: ['name', 'phone'] })).toEqual([{ id: newId, name: `Nova ${version}`, phone: '+5521998765432' }]);
				expect(await call(erp, 'odoo_partner_find_or_create', { phone: '+55 21 99876-5432' })).toMatchObject({ partner_id: newId, created: false, matched_by: 'phone' });
			});

			it('odoo_sale_order_create makes a draft quotation for the customer, and odoo_order_status reports it', async () => {
				const product = await furn0096();
				const quotation = await call(customer, 'odoo_sale_order_create', { lines: [{ product_id: product.id, quantity: 2 }] }, { partner_id: partnerId });
				const [order] = await raw<Row[]>('sale.order', 'read', [[quotation.order_id]], { fields: ['name', 'state', 'partner_id', 'amount_total'] });
				expect(order).toMatchObject({ name: quotation.reference, state: 'draft', partner_id: [partnerId, expect.any(String)], amount_total: quotation.amount_total });
				const lines = await raw<Row[]>('sale.order.line', 'search_read', [[['order_id', '=', order.id]]], { fields: ['product_id', 'product_uom_qty', 'price_unit'] });
				expect(lines).toEqual([expect.objectContaining({ product_id: [product.id, expect.any(String)], product_uom_qty: 2, price_unit: product.list_price })]);
				const [status] = (await call(customer, 'odoo_order_status', { reference: String(quotation.reference) }, { partner_id: partnerId })).orders as Data[];
				expect(status).toMatchObject({ id: order.id, reference: order.name, state: 'draft' });
			});

			it('books, moves and cancels an appointment at free times, as Odoo then holds it', async () => {
				const { slots } = (await call(customer, 'odoo_calendar_free_slots', { date_from: day(1), date_to: day(3), duration_minutes: 60 })) as { slots: Array<{ start: string; start_utc: string }> };
				expect(slots.length).toBeGreaterThan(3);
				const booked = await call(customer, 'odoo_calendar_book', { start: slots[0].start, duration_minutes: 60, title: 'Visita' }, { partner_id: partnerId });
				const eventId = booked.event_id as number;
				const [event] = await raw<Row[]>('calendar.event', 'read', [[eventId]], { fields: ['start', 'partner_ids', 'duration'] });
				expect(event).toMatchObject({ start: odooUtc(slots[0].start_utc), duration: 1 });
				expect(event.partner_ids).toContain(partnerId);

				await call(customer, 'odoo_calendar_reschedule', { event_id: eventId, start: slots[3].start }, { partner_id: partnerId });
				expect(await raw('calendar.event', 'read', [[eventId]], { fields: ['start'] })).toEqual([{ id: eventId, start: odooUtc(slots[3].start_utc) }]);

				expect(await call(customer, 'odoo_calendar_cancel', { event_id: eventId }, { partner_id: partnerId })).toMatchObject({ cancelled: false, needs_confirmation: true });
				expect(await call(customer, 'odoo_calendar_cancel', { event_id: eventId, confirm: true }, { partner_id: partnerId })).toMatchObject({ cancelled: true });
				expect(await raw('calendar.event', 'search_count', [[['id', '=', eventId]]])).toBe(0);
			});

			it('odoo_post_message posts in the customer\'s chatter', async () => {
				const { message_id: messageId } = (await call(erp, 'odoo_post_message', { model: 'res.partner', res_id: partnerId, body: 'Pedido a caminho' })) as { message_id: number };
				const [message] = await raw<Row[]>('mail.message', 'read', [[messageId]], { fields: ['model', 'res_id', 'body', 'message_type'] });
				expect(message).toMatchObject({ model: 'res.partner', res_id: partnerId, message_type: 'comment' });
				expect(String(message.body)).toContain('Pedido a caminho');
			});
		});
	});
}
