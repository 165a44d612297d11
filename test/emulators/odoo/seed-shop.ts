/**
 * `seed: { shop }`: any shop described by a catalog JSON (the shape of `bench/data/conversations/<shop>/catalog.json`):
 * company and currency, warehouses, products with prices and stock per warehouse, customers (and their contacts),
 * sales orders with states and lines, and busy calendar slots. It reuses the `brazil` seed's model definitions and
 * stock computations (on hand from quants per warehouse, outgoing from confirmed orders not fully delivered) and
 * replaces every record that seed puts in with the shop's, so the Odoo tools read the shop as a real Odoo would hold it.
 */
import { z } from 'zod/v4';

import { seedBrazil } from './seed-brazil';
import type { Store } from './orm/store';
import type { Rec, Version } from './orm/types';

const CODE = z.string().trim().min(1);
const money = z.number().finite().nonnegative();

const productSchema = z.object({
	id: z.number().int().positive(),
	name: CODE,
	default_code: z.string().trim().min(1).nullable().optional(),
	list_price: money,
	kind: z.enum(['storable', 'consumable', 'service']),
	category: CODE,
	description_sale: z.string().optional(),
	uom: z.string().optional(),
	stock: z.array(z.object({ warehouse: CODE, qty_available: z.number().finite().nonnegative() })).optional(),
});

const customerSchema = z.object({
	id: z.union([z.number().int(), CODE]),
	name: CODE,
	email: z.string().optional(),
	phone: z.string().optional(),
	street: z.string().optional(),
	city: z.string().optional(),
	zip: z.string().optional(),
	vat: z.string().optional(),
	company: z.boolean().optional(),
	contacts: z.array(CODE).optional(),
});

const orderSchema = z.object({
	name: CODE,
	customer_id: z.union([z.number().int(), CODE]).optional(),
	customer: CODE,
	state: z.enum(['draft', 'sent', 'sale', 'done', 'cancel']),
	delivery_status: z.enum(['none', 'pending', 'started', 'partial', 'full']).optional(),
	invoice_status: z.enum(['no', 'nothing to invoice', 'to invoice', 'invoiced', 'upselling']).optional(),
	warehouse: CODE.optional(),
	days_ago: z.number().finite().nonnegative().optional(),
	client_ref: z.string().optional(),
	lines: z
		.array(
			z.object({
				product: CODE,
				default_code: z.string().nullable().optional(),
				qty: z.number().finite().positive(),
				price_unit: money.nullable().optional(),
				qty_delivered: z.number().finite().nonnegative().optional(),
			}),
		)
		.min(1),
});

const busySchema = z.object({
	day: z.number().int().nonnegative(),
	start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM' }),
	duration_h: z.number().finite().positive(),
	name: CODE,
	customer: z.union([z.number().int(), CODE]),
	location: z.string().optional(),
});

export const ShopCatalogSchema = z.object({
	shop: CODE,
	company: z.object({ name: CODE, partner_name: z.string().optional(), vat: z.string().optional(), email: z.string().optional(), phone: z.string().optional(), street: z.string().optional(), city: z.string().optional(), zip: z.string().optional() }),
	currency: CODE,
	warehouses: z.array(z.object({ code: CODE, name: CODE })).min(1),
	products: z.array(productSchema).min(1),
	customers: z.array(customerSchema),
	orders: z.array(orderSchema),
	calendar: z.object({ timezone: CODE, busy: z.array(busySchema).optional() }),
});

export type ShopCatalog = z.output<typeof ShopCatalogSchema>;

/** What `startOdooEmulator({ seed })` takes for a shop. */
export interface ShopSeed {
	shop: ShopCatalog;
	/** The users' language, e.g. "pt_BR" (default "en_US"). */
	lang?: string;
	/** ISO weekdays (1 = Monday) the calendar's `busy[].day` counts (default Monday to Friday). */
	openDays?: number[];
}

/** A catalog JSON checked against the shape the seed needs; the error names every wrong field. */
export function parseShopCatalog(json: unknown, source = 'catalog'): ShopCatalog {
	const parsed = ShopCatalogSchema.safeParse(json);
	if (!parsed.success) throw new Error(`${source} is not a shop catalog:\n${z.prettifyError(parsed.error)}`);
	const catalog = parsed.data;
	const warehouses = new Set(catalog.warehouses.map((w) => w.code));
	const problems: string[] = [];
	if (!CURRENCIES[catalog.currency]) problems.push(`currency "${catalog.currency}" is not one of ${Object.keys(CURRENCIES).join(', ')}`);
	for (const product of catalog.products) {
		for (const row of product.stock ?? []) if (!warehouses.has(row.warehouse)) problems.push(`product ${product.id} has stock in unknown warehouse "${row.warehouse}"`);
	}
	const ids = catalog.products.map((p) => p.id);
	if (new Set(ids).size !== ids.length) problems.push('product ids repeat');
	for (const order of catalog.orders) {
		if (!customerOf(catalog, order.customer_id ?? order.customer)) problems.push(`order ${order.name}: no customer "${String(order.customer_id ?? order.customer)}"`);
		if (order.warehouse && !warehouses.has(order.warehouse)) problems.push(`order ${order.name}: unknown warehouse "${order.warehouse}"`);
		for (const line of order.lines) if (!productOf(catalog, line.product, line.default_code)) problems.push(`order ${order.name}: no product "${line.product}"`);
	}
	for (const busy of catalog.calendar.busy ?? []) if (!customerOf(catalog, busy.customer)) problems.push(`calendar event "${busy.name}": no customer "${String(busy.customer)}"`);
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: catalog.calendar.timezone });
	} catch {
		problems.push(`calendar.timezone "${catalog.calendar.timezone}" is not an IANA time zone`);
	}
	if (problems.length) throw new Error(`${source} is not a usable shop catalog:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
	return catalog;
}

/** Currencies a shop may use: Odoo's ids for them, and the country they imply for partners. */
const CURRENCIES: Record<string, { id: number; symbol: string; full: string; country: number }> = {
	USD: { id: 1, symbol: '$', full: 'United States dollar', country: 233 },
	BRL: { id: 6, symbol: 'R$', full: 'Brazilian real', country: 31 },
};

/** A customer by catalog id (number or XML id) or by name. */
function customerOf(catalog: ShopCatalog, key: number | string) {
	return catalog.customers.find((c) => c.id === key) ?? catalog.customers.find((c) => typeof key === 'string' && c.name === key);
}

/** An order line's product: by name (default codes may repeat in a catalog), else by reference. */
function productOf(catalog: ShopCatalog, name: string, code: string | null | undefined) {
	return catalog.products.find((p) => p.name === name) ?? (code ? catalog.products.find((p) => p.default_code === code) : undefined);
}

/** First partner id of the shop's customers; their contacts follow the last customer. */
const FIRST_CUSTOMER = 10;

/** Partner ids of the shop's customers, by catalog id. */
export function shopPartnerIds(catalog: ShopCatalog): Map<number | string, number> {
	return new Map(catalog.customers.map((c, i) => [c.id, FIRST_CUSTOMER + i]));
}

/** The session's user context of a shop seed (language and time zone of its users). */
export function shopUserContext(seed: ShopSeed): { lang: string; tz: string } {
	return { lang: seed.lang ?? 'en_US', tz: seed.shop.calendar.timezone };
}

// ---- time --------------------------------------------------------------------------------------------

function utcString(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** The time zone's offset from UTC at an instant, in ms (local minus UTC). */
function offsetMs(at: Date, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(at.getTime() / 1000) * 1000;
}

/** A wall-clock time of a day in the time zone, as an instant (DST-aware). */
function zonedInstant(day: [number, number, number], hhmm: string, timeZone: string): Date {
	const naive = Date.UTC(day[0], day[1], day[2], Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)));
	const first = naive - offsetMs(new Date(naive), timeZone);
	return new Date(naive - offsetMs(new Date(first), timeZone));
}

/** The next `count` open days after today in the time zone, as [y, m, d]. */
function nextOpenDays(now: Date, timeZone: string, openDays: readonly number[], count: number): Array<[number, number, number]> {
	const local = new Date(now.getTime() + offsetMs(now, timeZone));
	const out: Array<[number, number, number]> = [];
	for (let offset = 1; out.length < count && offset < 60; offset++) {
		const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + offset));
		const iso = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
		if (openDays.includes(iso)) out.push([day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()]);
	}
	return out;
}

// ---- seed ----------------------------------------------------------------------------------------------

/** Models the brazil seed fills and this seed fills again with the shop's records. */
const REPLACED = [
	'product.product', 'product.template', 'product.category', 'res.partner', 'sale.order', 'sale.order.line', 'stock.warehouse', 'stock.location',
	'stock.quant', 'stock.lot', 'stock.picking', 'calendar.event', 'calendar.attendee', 'discuss.channel', 'discuss.channel.member', 'mail.message',
	'res.company',
];

const INVOICE_STATUS: Record<string, string> = { 'nothing to invoice': 'no' };

export function seedShop(store: Store, version: Version, seed: ShopSeed): void {
	const catalog = seed.shop;
	const currency = CURRENCIES[catalog.currency];
	if (!currency) throw new Error(`shop seed: currency "${catalog.currency}" is not one of ${Object.keys(CURRENCIES).join(', ')}`);
	const tz = catalog.calendar.timezone;
	const lang = seed.lang ?? 'en_US';
	const portuguese = lang.startsWith('pt');
	seedBrazil(store, version);
	for (const name of REPLACED) {
		if (!store.has(name)) continue;
		const state = store.model(name);
		state.records.clear();
		state.nextId = 1;
		state.labels = {};
	}
	const now = store.now();
	const daysAgo = (days: number) => utcString(new Date(now.getTime() - days * 86400_000));

	// currency, company, users
	if (!store.model('res.currency').records.has(currency.id)) {
		store.insert('res.currency', { id: currency.id, name: catalog.currency, symbol: currency.symbol, full_name: currency.full, position: 'before', rounding: 0.01, decimal_places: 2, active: true, display_name: catalog.currency });
	}
	const company = catalog.company;
	store.insert('res.company', { id: 1, name: company.name, partner_id: 1, currency_id: currency.id, country_id: currency.country, email: company.email ?? false, phone: company.phone ?? false, vat: company.vat ?? false });
	const users = store.model('res.users');
	const user = (id: number, values: Record<string, unknown>) => users.records.set(id, { ...(users.records.get(id) ?? { id }), ...values, id });
	user(2, { name: 'Mitchell Admin', login: 'admin', partner_id: 3, tz, lang, company_id: 1, active: true, display_name: 'Mitchell Admin' });
	user(6, { name: 'Marc Demo', login: 'demo', partner_id: 7, tz, lang, company_id: 1, active: true, display_name: 'Marc Demo' });
	user(7, { name: 'Portal User', login: 'portal', partner_id: 8, tz, lang, company_id: 1, active: true, display_name: 'Portal User' });

	// partners: the company, OdooBot, the users' partners, then the customers and their contacts
	const partner = (values: Rec) =>
		store.insert('res.partner', {
			active: true, type: 'contact', is_company: false, company_type: 'person', company_id: false, country_id: currency.country, lang, tz, customer_rank: 0, parent_id: false,
			child_ids: [], category_id: [], user_ids: [], phone: false, mobile: false, email: false, street: false, city: false, zip: false, vat: false, ...values,
		});
	partner({ id: 1, name: company.partner_name ?? company.name, is_company: true, company_type: 'company', email: company.email ?? false, phone: company.phone ?? false, street: company.street ?? false, city: company.city ?? false, zip: company.zip ?? false, vat: company.vat ?? false, company_id: 1, child_ids: [3, 7] });
	partner({ id: 2, name: 'OdooBot', active: false, email: 'odoobot@example.com', country_id: false, tz: false, lang: 'en_US', user_ids: [1] });
	partner({ id: 3, name: 'Mitchell Admin', parent_id: 1, company_id: 1, user_ids: [2] });
	partner({ id: 7, name: 'Marc Demo', parent_id: 1, company_id: 1, user_ids: [6] });
	partner({ id: 8, name: 'Portal User', user_ids: [7] });
	const partnerIds = shopPartnerIds(catalog);
	let contactId = FIRST_CUSTOMER + catalog.customers.length;
	for (const customer of catalog.customers) {
		const id = partnerIds.get(customer.id) as number;
		const children = (customer.contacts ?? []).map((name) => {
			const child = contactId++;
			partner({ id: child, name, parent_id: id, customer_rank: 0 });
			return child;
		});
		partner({
			id, name: customer.name, email: customer.email ?? false, phone: customer.phone ?? false, street: customer.street ?? false, city: customer.city ?? false, zip: customer.zip ?? false,
			vat: customer.vat ?? false, is_company: customer.company === true, company_type: customer.company ? 'company' : 'person', customer_rank: 1, child_ids: children,
		});
	}

	// categories: one root and the catalog's categories under it
	const root = portuguese ? 'Todos' : 'All';
	const categories = [...new Set(catalog.products.map((p) => p.category))];
	store.insert('product.category', { id: 1, name: root, parent_id: false, child_id: categories.map((_, i) => i + 2) });
	categories.forEach((name, i) => store.insert('product.category', { id: i + 2, name, parent_id: 1, child_id: [] }));

	// units: the catalog may sell services by the hour
	const uoms = store.model('uom.uom');
	const uomId = (name: string | undefined): number => {
		if (!name || /^units?$/i.test(name)) return 1;
		const wanted = name.toLowerCase().replace(/s$/, '');
		const found = [...uoms.records.values()].find((u) => typeof u.name === 'string' && u.name.toLowerCase().replace(/s$/, '') === wanted);
		if (found) return found.id;
		const label = `${name.charAt(0).toUpperCase()}${name.slice(1)}${name.endsWith('s') ? '' : 's'}`;
		return store.insert('uom.uom', { id: uoms.nextId, name: label, display_name: label, category_id: 1, factor: 1, factor_inv: 1, rounding: 0.01, active: true, uom_type: 'reference' }).id;
	};

	// products: product.product id = product.template id = the catalog id, one variant each
	for (const product of catalog.products) {
		const type = product.kind === 'service' ? 'service' : version === '17.0' && product.kind === 'storable' ? 'product' : 'consu';
		const uom = uomId(product.uom);
		const common: Record<string, unknown> = {
			name: product.name, default_code: product.default_code ?? false, barcode: false, list_price: product.list_price, lst_price: product.list_price, standard_price: 0, price_extra: 0,
			description_sale: product.description_sale ?? false, description: false, sale_ok: true, purchase_ok: product.kind !== 'service', active: true, type,
			categ_id: categories.indexOf(product.category) + 2, uom_id: uom, uom_po_id: uom, tracking: 'none', sale_line_warn: 'no-message', currency_id: currency.id, taxes_id: [], weight: 0,
			product_variant_count: 1, write_date: daysAgo(30), create_date: daysAgo(30),
		};
		if (version === '18.0') common.is_storable = product.kind === 'storable';
		else common.detailed_type = type;
		store.insert('product.template', { id: product.id, ...common, product_variant_ids: [product.id], product_variant_id: product.id });
		store.insert('product.product', { id: product.id, ...common, product_tmpl_id: product.id, __incoming: {} });
	}

	// warehouses: a view location and a stock location each, then the partner locations
	const warehouseIds = new Map<string, number>();
	const stockLocation = new Map<number, number>();
	catalog.warehouses.forEach((warehouse, i) => {
		const id = i + 1;
		const view = 2 * i + 1;
		const stock = 2 * i + 2;
		warehouseIds.set(warehouse.code, id);
		stockLocation.set(id, stock);
		const stockName = `${warehouse.code}/${portuguese ? 'Estoque' : 'Stock'}`;
		store.insert('stock.location', { id: view, name: warehouse.code, complete_name: warehouse.code, display_name: warehouse.code, usage: 'view', location_id: false, warehouse_id: id, company_id: 1, active: true });
		store.insert('stock.location', { id: stock, name: portuguese ? 'Estoque' : 'Stock', complete_name: stockName, display_name: stockName, usage: 'internal', location_id: view, warehouse_id: id, company_id: 1, active: true });
		store.insert('stock.warehouse', { id, name: warehouse.name, code: warehouse.code, lot_stock_id: stock, view_location_id: view, company_id: 1, partner_id: 1, active: true });
	});
	const partnerLocations = 2 * catalog.warehouses.length;
	for (const [offset, name, complete, usage] of [[1, portuguese ? 'Clientes' : 'Customers', portuguese ? 'Parceiros/Clientes' : 'Partners/Customers', 'customer'], [2, portuguese ? 'Fornecedores' : 'Vendors', portuguese ? 'Parceiros/Fornecedores' : 'Partners/Vendors', 'supplier']] as const) {
		store.insert('stock.location', { id: partnerLocations + offset, name, complete_name: complete, display_name: complete, usage, location_id: false, warehouse_id: false, company_id: false, active: true });
	}

	// on hand: quants for storable products only (Odoo keeps no quants of consumables and services)
	let quantId = 1;
	for (const product of catalog.products) {
		if (product.kind !== 'storable') continue;
		for (const row of product.stock ?? []) {
			if (row.qty_available <= 0) continue;
			const warehouse = warehouseIds.get(row.warehouse) as number;
			store.insert('stock.quant', { id: quantId++, product_id: product.id, location_id: stockLocation.get(warehouse), warehouse_id: warehouse, lot_id: false, quantity: row.qty_available, inventory_quantity: 0, company_id: 1 });
		}
	}

	// sales orders: the id is the number in the name (S00101 → 101), as Odoo's sequence gives them
	let lineId = 1;
	let nextOrderId = Math.max(0, ...catalog.orders.map((o) => Number(/^S(\d+)$/.exec(o.name)?.[1] ?? 0))) + 1;
	for (const order of catalog.orders) {
		const id = Number(/^S(\d+)$/.exec(order.name)?.[1] ?? nextOrderId++);
		const customer = customerOf(catalog, order.customer_id ?? order.customer);
		const partnerId = partnerIds.get(customer?.id ?? '') as number;
		const lineIds: number[] = [];
		for (const line of order.lines) {
			const product = productOf(catalog, line.product, line.default_code);
			if (!product) throw new Error(`shop seed: order ${order.name} has no product "${line.product}"`);
			store.insert('sale.order.line', {
				id: lineId, order_id: id, product_id: product.id, name: product.default_code ? `[${product.default_code}] ${product.name}` : product.name, sequence: 10, display_type: false,
				product_uom_qty: line.qty, product_uom: uomId(product.uom), price_unit: line.price_unit ?? product.list_price, discount: 0, tax_id: [], qty_delivered: line.qty_delivered ?? 0,
				qty_invoiced: order.invoice_status === 'invoiced' ? line.qty : 0,
			});
			lineIds.push(lineId++);
		}
		const confirmed = order.state === 'sale' || order.state === 'done';
		const delivery = order.delivery_status && order.delivery_status !== 'none' ? order.delivery_status : confirmed && order.delivery_status === undefined ? 'pending' : false;
		const invoice = order.invoice_status ? (INVOICE_STATUS[order.invoice_status] ?? order.invoice_status) : confirmed ? 'to invoice' : 'no';
		store.insert('sale.order', {
			id, name: order.name, partner_id: partnerId, partner_invoice_id: partnerId, partner_shipping_id: partnerId, client_order_ref: order.client_ref ?? false,
			state: version === '18.0' && order.state === 'done' ? 'sale' : order.state, locked: order.state === 'done', invoice_status: invoice, delivery_status: delivery,
			warehouse_id: order.warehouse ? warehouseIds.get(order.warehouse) : 1, date_order: daysAgo(order.days_ago ?? 0), order_line: lineIds, currency_id: currency.id, company_id: 1,
			user_id: 2, pricelist_id: false, note: false, picking_ids: [],
		});
	}
	const orders = store.model('sale.order');
	orders.nextId = Math.max(orders.nextId, nextOrderId);
	// quotations the tools create are in the company's currency, as Odoo's default pricelist gives them
	orders.spec = { ...orders.spec, defaults: { ...(orders.spec.defaults ?? {}), currency_id: () => currency.id } };

	// calendar: busy slots on the next open days (day 0 = the first open day after today)
	const busy = catalog.calendar.busy ?? [];
	const days = nextOpenDays(now, tz, seed.openDays ?? [1, 2, 3, 4, 5], Math.max(0, ...busy.map((b) => b.day)) + 1);
	let attendeeId = 1;
	busy.forEach((event, index) => {
		const id = index + 1;
		const start = zonedInstant(days[event.day], event.start, tz);
		const stop = new Date(start.getTime() + event.duration_h * 3600_000);
		const customer = customerOf(catalog, event.customer);
		const partners = [3, partnerIds.get(customer?.id ?? '') as number];
		const attendees = partners.map((partnerId) => {
			const attendee = store.model('res.partner').records.get(partnerId);
			store.insert('calendar.attendee', { id: attendeeId, event_id: id, partner_id: partnerId, state: partnerId === 3 ? 'accepted' : 'needsAction', common_name: attendee?.name ?? false, email: attendee?.email ?? false });
			return attendeeId++;
		});
		store.insert('calendar.event', {
			id, name: event.name, start: utcString(start), stop: utcString(stop), duration: event.duration_h, allday: false, start_date: false, stop_date: false, partner_ids: partners,
			attendee_ids: attendees, user_id: 2, location: event.location ?? false, description: false, event_tz: tz, active: true,
		});
	});
}
