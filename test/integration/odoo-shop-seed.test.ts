/**
 * The Odoo emulator seeded from a shop's catalog JSON (`seed: { shop }`), read through the real
 * OdooClient as the crew reads it. The catalogs are the conversation benchmark's
 * (bench/data/conversations/<shop>/catalog.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { parseShopCatalog, startOdooEmulator, type OdooEmulator, type ShopCatalog } from '../emulators/odoo';

const catalogJson = (shop: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', '..', 'bench', 'data', 'conversations', shop, 'catalog.json'), 'utf8'));

function clientOf(odoo: OdooEmulator): OdooClient {
	return new OdooClient({ url: odoo.url, db: odoo.db, username: 'admin', apiKey: odoo.users.admin.apiKey, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 20 } });
}

/** Local wall-clock hour and ISO weekday of a naive UTC Odoo datetime. */
function localTime(utc: string, timeZone: string): { hhmm: string; weekday: number } {
	const at = new Date(`${utc.replace(' ', 'T')}Z`);
	const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
	const day = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(at);
	return { hhmm, weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(day) + 1 };
}

describe('Odoo emulator seeded with a shop catalog', () => {
	describe('Pedal Forte (BRL, two warehouses, workshop Tuesday to Saturday)', () => {
		const shop = parseShopCatalog(catalogJson('shop-b'));
		const now = new Date('2026-03-03T13:30:00Z'); // a Tuesday, 10:30 in Curitiba
		let odoo: OdooEmulator;
		let client: OdooClient;
		beforeAll(async () => {
			odoo = await startOdooEmulator({ seed: { shop, lang: 'pt_BR', openDays: [2, 3, 4, 5, 6] }, now: () => now });
			client = clientOf(odoo);
		});
		afterAll(async () => await odoo.close());

		it('has the company in BRL and every product with its price in BRL', async () => {
			const [company] = await client.searchRead('res.company', [], { fields: ['name', 'currency_id'] });
			expect(company.currency_id).toEqual([6, 'BRL']);
			const products = await client.searchRead('product.product', [['sale_ok', '=', true]], { fields: ['name', 'default_code', 'list_price', 'currency_id'], limit: 100 });
			expect(products).toHaveLength(shop.products.length);
			const trail = products.find((p) => p.default_code === 'BIK-T29-PR');
			expect(trail).toMatchObject({ name: 'Bicicleta Aro 29 Trilha 21v Preta', list_price: 2199.9, currency_id: [6, 'BRL'] });
		});

		it('keeps stock per warehouse, and none for services', async () => {
			const warehouses = await client.searchRead('stock.warehouse', [], { fields: ['id', 'code'] });
			const byCode = Object.fromEntries(warehouses.map((w) => [String(w.code), w.id]));
			const [urbanCream] = await client.searchRead('product.product', [['default_code', '=', 'BIK-URB-CR']], { fields: ['id'] });
			const qty = async (warehouse: number) => (await client.read('product.product', [urbanCream.id], ['qty_available'], { warehouse }))[0].qty_available;
			expect(await qty(byCode.CTB)).toBe(0);
			expect(await qty(byCode.SJP)).toBe(5);
			const [service] = await client.searchRead('product.product', [['default_code', '=', 'SRV-BIKEFIT']], { fields: ['type', 'qty_available'] });
			expect(service).toMatchObject({ type: 'service', qty_available: 0 });
		});

		it('has the orders with their customers, states and lines', async () => {
			const [partial] = await client.searchRead('sale.order', [['name', '=', 'S00104']], { fields: ['partner_id', 'state', 'delivery_status', 'invoice_status', 'amount_total', 'client_order_ref'] });
			expect(partial).toMatchObject({ state: 'sale', delivery_status: 'partial', invoice_status: 'to invoice', amount_total: 2573.4, client_order_ref: 'PV-2025-031' });
			expect((partial.partner_id as [number, string])[1]).toBe('Assessoria Esportiva Pedal Verde Ltda');
			const [cancelled] = await client.searchRead('sale.order', [['name', '=', 'S00105']], { fields: ['state', 'delivery_status'] });
			expect(cancelled).toMatchObject({ state: 'cancel', delivery_status: false });
		});

		it('finds a customer by the phone as typed in the catalog', async () => {
			const found = await client.searchRead('res.partner', [['phone_mobile_search', 'ilike', '99812-3344']], { fields: ['name'] });
			expect(found.map((p) => p.name)).toEqual(['Mariana Teixeira']);
		});

		it('puts the busy workshop slots on the next open days, in the shop\'s time zone', async () => {
			const events = await client.searchRead('calendar.event', [], { fields: ['name', 'start'], order: 'start' });
			expect(events).toHaveLength(4);
			const first = localTime(String(events[0].start), 'America/Sao_Paulo');
			expect(first).toEqual({ hhmm: '09:00', weekday: 3 });
			for (const event of events) expect([2, 3, 4, 5, 6]).toContain(localTime(String(event.start), 'America/Sao_Paulo').weekday);
		});

		it('creates quotations in the shop\'s currency, named after the last order', async () => {
			const [partner] = await client.searchRead('res.partner', [['name', '=', 'Mariana Teixeira']], { fields: ['id'] });
			const id = await client.create('sale.order', { partner_id: partner.id, order_line: [[0, 0, { product_id: 15, product_uom_qty: 10 }]] });
			const [order] = await client.read('sale.order', [id], ['name', 'currency_id', 'amount_total']);
			expect(order).toMatchObject({ name: 'S00107', currency_id: [6, 'BRL'], amount_total: 349 });
		});
	});

	describe('Odoo 17 demo shop (USD)', () => {
		let odoo: OdooEmulator;
		let client: OdooClient;
		beforeAll(async () => {
			odoo = await startOdooEmulator({ seed: { shop: parseShopCatalog(catalogJson('odoo-demo')) } });
			client = clientOf(odoo);
		});
		afterAll(async () => await odoo.close());

		it('prices in USD, prices lines without a price from the product and keeps the demo order names', async () => {
			const [desk] = await client.searchRead('product.product', [['default_code', '=', 'E-COM09']], { fields: ['name', 'list_price', 'currency_id'] });
			expect(desk).toMatchObject({ name: 'Large Desk', list_price: 1799, currency_id: [1, 'USD'] });
			const [sent] = await client.searchRead('sale.order', [['name', '=', 'S00019']], { fields: ['state', 'amount_total', 'currency_id'] });
			expect(sent).toMatchObject({ state: 'sent', amount_total: 1740, currency_id: [1, 'USD'] });
			const [s3] = await client.searchRead('sale.order', [['name', '=', 'S00003']], { fields: ['amount_total'] });
			expect(s3.amount_total).toBe(307.5 + 70);
		});
	});

	it('refuses a catalog that does not hold together, naming each problem', () => {
		const broken = structuredClone(catalogJson('shop-b')) as ShopCatalog;
		broken.products[0].stock = [{ warehouse: 'XYZ', qty_available: 1 }];
		broken.orders[0].lines[0] = { ...broken.orders[0].lines[0], product: 'Bicicleta Voadora', default_code: 'BIK-VOA' };
		expect(() => parseShopCatalog(broken, 'broken.json')).toThrow(/product 1 has stock in unknown warehouse "XYZ"[\s\S]*order S00101: no product "Bicicleta Voadora"/);
		const noPrice = structuredClone(catalogJson('shop-b')) as { products: Array<Record<string, unknown>> };
		delete noPrice.products[2].list_price;
		expect(() => parseShopCatalog(noPrice, 'no-price.json')).toThrow(/no-price\.json is not a shop catalog[\s\S]*products\[2\]\.list_price/);
	});
});
