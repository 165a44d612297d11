/**
 * One contract for the Odoo client and its 18 tools, run against every target: the emulator (17.0, 18.0, 19.0) and
 * real Odoo 17, 18 and 19 (19 over JSON-2 with an API key and over JSON-RPC with the password). Expected values are
 * read from the target itself, by hand over /jsonrpc, so the same cases hold on Odoo's demo data of any version.
 */
import type { McpSession } from '../../lib/mcp/client';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import type { OdooConfig } from '../../nodes/Odoo/client/types';
import { BINDING_META, type Binding, type OdooProfile } from '../../nodes/Odoo/profile';
import { openOdooSession } from '../../nodes/Odoo/server';

export type Data = Record<string, unknown>;
export type Row = Data & { id: number };

/** A running Odoo (or stand-in) the contract runs against. */
export interface OdooTarget {
	/** e.g. "real Odoo 19 over JSON-2". */
	name: string;
	major: number;
	protocol: 'jsonrpc' | 'json2';
	/** What the OdooClient under test gets. */
	config: OdooConfig;
	/** execute_kw by hand over /jsonrpc as the administrator: the reference every answer is checked against. */
	raw<T>(model: string, method: string, args: unknown[], kwargs?: Data): Promise<T>;
}

/** An execute_kw reader for any Odoo (or the emulator) that speaks /jsonrpc. */
export function rawReader(url: string, db: string, login: string, password: string): OdooTarget['raw'] {
	let uid: Promise<unknown> | undefined;
	const call = async (service: string, method: string, args: unknown[], label: string): Promise<unknown> => {
		const response = await fetch(`${url}/jsonrpc`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }),
		});
		const answer = (await response.json()) as { result?: unknown; error?: { data?: { message?: string } } };
		if (answer.error) throw new Error(`${label}: ${answer.error.data?.message ?? JSON.stringify(answer.error)}`);
		return answer.result;
	};
	return async <T>(model: string, method: string, args: unknown[], kwargs: Data = {}): Promise<T> => {
		uid ??= call('common', 'authenticate', [db, login, password, {}], 'authenticate');
		return (await call('object', 'execute_kw', [db, await uid, password, model, method, args, kwargs], `${model}.${method}`)) as T;
	};
}

const FAST_RETRY = { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 };
const DAY_MS = 86_400_000;

const odooUtc = (iso: string): string => iso.slice(0, 19).replace('T', ' ');
const idOf = (value: unknown): number => (Array.isArray(value) ? Number(value[0]) : Number(value));

/** A weekday `weeks` weeks ahead (Monday + `plus` days), as YYYY-MM-DD: never today, never a weekend. */
function futureWeekday(weeks: number, plus = 0): string {
	const date = new Date(Date.now() + weeks * 7 * DAY_MS);
	const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS);
	return new Date(monday.getTime() + plus * DAY_MS).toISOString().slice(0, 10);
}

/** A UTC instant as the wall clock of `tz`, by Intl alone (not by the code under test): "2026-12-01 14:30". */
function wallClock(utc: string, tz: string): string {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
			.formatToParts(new Date(`${utc.replace(' ', 'T')}Z`))
			.map((part) => [part.type, part.value]),
	);
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Every way a customer writes one Brazilian mobile, from its 8 subscriber digits after the 9. */
export function phoneForms(eight: string): string[] {
	const [a, b] = [eight.slice(0, 4), eight.slice(4)];
	return [`+55 11 9${a}-${b}`, `(11) 9${a}-${b}`, `119${eight}`, `55119${eight}`, `011 9${a} ${b}`, `+5511 9${a}${b}`, `(11) ${a}-${b}`];
}

/** The generic tools and odoo_post_message: not for the customer profile. */
export const ERP_ONLY_TOOLS: Array<[string, Data]> = [
	['odoo_search_read', { model: 'res.partner', domain: [] }],
	['odoo_read', { model: 'res.partner', ids: [1] }],
	['odoo_count', { model: 'res.partner', domain: [] }],
	['odoo_fields', { model: 'res.partner' }],
	['odoo_create', { model: 'res.partner', values: { name: 'x' } }],
	['odoo_write', { model: 'res.partner', ids: [1], values: { name: 'x' } }],
	['odoo_delete', { model: 'res.partner', ids: [1], confirm: true }],
	['odoo_call', { model: 'sale.order', method: 'action_confirm', ids: [1], confirm: true }],
	['odoo_post_message', { model: 'res.partner', res_id: 1, body: 'x' }],
];

/** The contract: every tool under both profiles, each answer checked against what the target holds. */
export function odooContract(target: () => OdooTarget): void {
	let erp: McpSession;
	let customer: McpSession;
	const raw = <T>(model: string, method: string, args: unknown[], kwargs: Data = {}) => target().raw<T>(model, method, args, kwargs);

	async function call(session: McpSession, tool: string, args: Data, binding?: Binding): Promise<Data> {
		const outcome = await session.callTool(tool, { tenant_id: 'contract', ...args }, binding ? { [BINDING_META]: binding } : undefined);
		if (!outcome.ok) throw new Error(`${tool} on ${target().name}: ${outcome.message}`);
		return outcome.data;
	}
	async function refusal(session: McpSession, tool: string, args: Data, binding?: Binding): Promise<{ kind: string; message: string }> {
		const outcome = await session.callTool(tool, { tenant_id: 'contract', ...args }, binding ? { [BINDING_META]: binding } : undefined);
		if (outcome.ok) throw new Error(`${tool} on ${target().name} should have been refused, got ${JSON.stringify(outcome.data)}`);
		return outcome;
	}

	/** What the target says of itself: the login's language and time zone, the company's currency, two customers. */
	const facts = {} as { lang: string; tz: string | false; currency: string; me: Row; other: Row; myOrders: Row[]; otherOrder: Row };

	beforeAll(async () => {
		const open = async (profile: OdooProfile) => openOdooSession({ odoo: new OdooClient({ ...target().config, retry: FAST_RETRY }), profile });
		erp = await open('erp_operator');
		customer = await open('customer');
		const context = await raw<{ lang: string; tz: string | false; uid: number }>('res.users', 'context_get', []);
		const [user] = await raw<Row[]>('res.users', 'read', [[context.uid]], { fields: ['company_id'] });
		const [company] = await raw<Row[]>('res.company', 'read', [[idOf(user.company_id)]], { fields: ['currency_id'] });
		const orders = await raw<Row[]>('sale.order', 'search_read', [[['state', 'in', ['sale', 'done']]]], { fields: ['id', 'name', 'partner_id', 'state'], order: 'id' });
		const meId = idOf(orders[0].partner_id);
		const otherOrder = orders.find((order) => idOf(order.partner_id) !== meId);
		if (!otherOrder) throw new Error(`${target().name}: the demo data needs confirmed orders of two customers`);
		const partners = await raw<Row[]>('res.partner', 'read', [[meId, idOf(otherOrder.partner_id)]], { fields: ['id', 'name'] });
		Object.assign(facts, {
			lang: context.lang,
			tz: context.tz,
			currency: (company.currency_id as [number, string])[1],
			me: partners.find((p) => p.id === meId),
			other: partners.find((p) => p.id !== meId),
			myOrders: orders.filter((order) => idOf(order.partner_id) === meId),
			otherOrder,
		});
	});
	afterAll(async () => {
		await erp?.close();
		await customer?.close();
	});

	const VARIANT_FIELDS = ['id', 'name', 'display_name', 'default_code', 'list_price', 'lst_price', 'currency_id', 'product_tmpl_id'];
	let ownVariants: Promise<Row[]> | undefined;

	/**
	 * A template with two variants made as Odoo's forms make one (an attribute line; no codes, like 19's "Large Desk"),
	 * one value with an extra price: its variants in the login's language, as Odoo holds them.
	 */
	async function variantsOfATemplate(): Promise<Row[]> {
		ownVariants ??= (async () => {
			const attribute = idOf(await raw<number | number[]>('product.attribute', 'create', [[{ name: 'Tampo', value_ids: [[0, 0, { name: 'Vidro' }], [0, 0, { name: 'Madeira' }]] }]]));
			const [{ value_ids: values }] = await raw<Array<{ value_ids: number[] }>>('product.attribute', 'read', [[attribute]], { fields: ['value_ids'] });
			const template = idOf(
				await raw<number | number[]>('product.template', 'create', [[{ name: 'Mesa Contrato', list_price: 500, sale_ok: true, attribute_line_ids: [[0, 0, { attribute_id: attribute, value_ids: [[6, 0, values]] }]] }]]),
			);
			const glass = await raw<number[]>('product.template.attribute.value', 'search', [[['product_tmpl_id', '=', template], ['name', '=', 'Vidro']]]);
			await raw('product.template.attribute.value', 'write', [glass, { price_extra: 49.5 }]);
			return await raw<Row[]>('product.product', 'search_read', [[['product_tmpl_id', '=', template]]], { fields: VARIANT_FIELDS, order: 'id', context: { lang: facts.lang } });
		})();
		return await ownVariants;
	}

	/** Every template with several variants among the products for sale (on real Odoo also the demo's), variants grouped. */
	async function variantGroups(): Promise<Row[][]> {
		await variantsOfATemplate();
		const products = await raw<Row[]>('product.product', 'search_read', [[['sale_ok', '=', true]]], { fields: VARIANT_FIELDS, order: 'id', context: { lang: facts.lang } });
		const groups = new Map<number, Row[]>();
		for (const product of products) groups.set(idOf(product.product_tmpl_id), [...(groups.get(idOf(product.product_tmpl_id)) ?? []), product]);
		return [...groups.values()].filter((group) => group.length > 1);
	}
	const label = (p: Row) => String(p.display_name).replace(p.default_code ? `[${String(p.default_code)}] ` : '\u0000', '');

	describe('the client', () => {
		it('learns the login\'s own language and time zone', async () => {
			const client = new OdooClient({ ...target().config, retry: FAST_RETRY });
			expect(await client.protocol()).toBe(target().protocol);
			expect((await client.version()).major).toBe(target().major);
			expect(await client.userContext()).toEqual({ lang: facts.lang, ...(facts.tz ? { tz: facts.tz } : {}) });
		});
	});

	describe('the customer profile', () => {
		it.each(ERP_ONLY_TOOLS)('refuses %s, saying which profile and why', async (tool, args) => {
			const refused = await refusal(customer, tool, args, { partner_id: facts.me.id });
			expect(refused.kind).toBe('refused');
			expect(refused.message).toMatch(new RegExp(`customer profile refuses ${tool}`));
		});

		it('tells the variants of one product apart, each at its own price in Odoo\'s currency', async () => {
			const groups = await variantGroups();
			expect(groups.length).toBeGreaterThan(0);
			for (const variants of groups) {
				const found = (await call(customer, 'odoo_product_search', { query: String(variants[0].name), limit: 10 })).products as Row[];
				for (const variant of variants) {
					expect(found.find((row) => row.id === variant.id)).toMatchObject({
						name: label(variant),
						default_code: variant.default_code || null,
						list_price: variant.lst_price,
						currency: (variant.currency_id as [number, string])[1],
					});
				}
				const names = found.filter((row) => variants.some((v) => v.id === row.id)).map((row) => row.name);
				expect(new Set(names).size).toBe(variants.length);
				expect(found.every((row) => row.currency === facts.currency)).toBe(true);
			}
			const own = await variantsOfATemplate();
			expect(own.map((variant) => variant.lst_price).sort()).toEqual([500, 549.5]);
			const glass = ((await call(customer, 'odoo_product_search', { query: 'mesa contrato vidro' })).products as Row[])[0];
			expect(glass).toMatchObject({ name: 'Mesa Contrato (Vidro)', variant: 'Vidro', list_price: 549.5, default_code: null });
		});

		it('finds a product by its name in the login\'s language and in Odoo\'s own English', async () => {
			// on real Odoo the first template with variants is a demo one, translated (pt_BR "Mesa personalizável")
			const [[variant]] = await variantGroups();
			const [english] = await raw<Row[]>('product.product', 'read', [[variant.id]], { fields: ['name'] });
			for (const query of new Set([String(variant.name), String(english.name)])) {
				const found = (await call(customer, 'odoo_product_search', { query, limit: 10 })).products as Row[];
				expect(found.map((row) => row.id)).toContain(variant.id);
			}
		});

		it('gives the stock per warehouse that the quants hold', async () => {
			const [product] = await raw<Row[]>('product.product', 'search_read', [[['qty_available', '>', 0], ['sale_ok', '=', true]]], { fields: ['id', 'qty_available'], limit: 1, order: 'id' });
			const [row] = (await call(customer, 'odoo_stock_availability', { product_ids: [product.id] })).products as Array<Data & { warehouses: Data[] }>;
			expect(row.on_hand).toBe(product.qty_available);
			const warehouses = await raw<Row[]>('stock.warehouse', 'search_read', [[]], { fields: ['id', 'name', 'lot_stock_id'] });
			let total = 0;
			for (const warehouse of warehouses) {
				const quants = await raw<Array<{ quantity: number }>>('stock.quant', 'search_read', [[['product_id', '=', product.id], ['location_id', 'child_of', idOf(warehouse.lot_stock_id)]]], { fields: ['quantity'] });
				const held = quants.reduce((sum, quant) => sum + quant.quantity, 0);
				total += held;
				expect(row.warehouses.find((w) => w.warehouse === warehouse.name)?.on_hand).toBe(held);
			}
			expect(total).toBe(product.qty_available);
		});

		it('finds or creates the customer once, however the phone is written', async () => {
			const forms = phoneForms('87650123');
			const first = await call(customer, 'odoo_partner_find_or_create', {}, { phone: forms[0], name: 'Cliente Contrato' });
			expect(first).toMatchObject({ created: true, matched_by: 'created', phone: '+5511987650123' });
			for (const phone of forms.slice(1)) {
				expect(await call(customer, 'odoo_partner_find_or_create', {}, { phone, name: 'Outro Nome' })).toMatchObject({ partner_id: first.partner_id, created: false, matched_by: 'phone' });
			}
			expect(await raw('res.partner', 'search_count', [[['name', 'in', ['Cliente Contrato', 'Outro Nome']]]])).toBe(1);
			expect(await raw('res.partner', 'read', [[first.partner_id]], { fields: ['name', 'phone'] })).toEqual([{ id: first.partner_id, name: 'Cliente Contrato', phone: '+5511987650123' }]);
			expect((await refusal(customer, 'odoo_partner_find_or_create', {}, { phone: '98765-0123' })).message).toMatch(/with the area code/);
		});

		it('finds a customer by e-mail in any case, and binds a demo customer as it is', async () => {
			const id = await raw<number | number[]>('res.partner', 'create', [[{ name: 'Cliente Email', email: 'Cliente.Email@Example.com' }]]);
			expect(await call(customer, 'odoo_partner_find_or_create', {}, { email: 'cliente.email@example.com' })).toMatchObject({ partner_id: idOf(id), matched_by: 'email', created: false });
			expect(await call(customer, 'odoo_partner_find_or_create', {}, { partner_id: facts.me.id, phone: '+5511955509999' })).toMatchObject({ partner_id: facts.me.id, name: facts.me.name, matched_by: 'binding' });
		});

		it('neither binds nor finds an archived customer', async () => {
			const archived = idOf(await raw<number | number[]>('res.partner', 'create', [[{ name: 'Cliente Arquivado', phone: '+5511955507777' }]]));
			await raw('res.partner', 'write', [[archived], { active: false }]);
			const bound = await call(customer, 'odoo_partner_find_or_create', {}, { partner_id: archived, phone: '(11) 95550-7777', name: 'Cliente Novo' });
			expect(bound).toMatchObject({ created: true, matched_by: 'created' });
			expect(bound.partner_id).not.toBe(archived);
		});

		it('makes a draft quotation for the bound customer at Odoo\'s own prices, in Odoo\'s currency', async () => {
			const variants = await variantsOfATemplate();
			const lines = variants.slice(0, 2).map((variant) => ({ product_id: variant.id, quantity: 2, price_unit: 0.01 }));
			const quotation = await call(customer, 'odoo_sale_order_create', { lines }, { partner_id: facts.me.id });
			const [order] = await raw<Row[]>('sale.order', 'read', [[quotation.order_id]], { fields: ['name', 'state', 'partner_id', 'amount_total', 'currency_id', 'company_id'] });
			expect(order).toMatchObject({ name: quotation.reference, state: 'draft', amount_total: quotation.amount_total });
			expect(idOf(order.partner_id)).toBe(facts.me.id);
			expect(quotation.currency).toBe((order.currency_id as [number, string])[1]);
			expect(quotation.currency).toBe(facts.currency);
			const held = await raw<Row[]>('sale.order.line', 'search_read', [[['order_id', '=', order.id]]], { fields: ['product_id', 'product_uom_qty', 'price_unit'], order: 'id' });
			expect(held.map((line) => [idOf(line.product_id), line.product_uom_qty, line.price_unit])).toEqual(variants.slice(0, 2).map((v) => [v.id, 2, v.lst_price]));
			expect((quotation.lines as Data[]).map((line) => line.price_unit)).toEqual(variants.slice(0, 2).map((v) => v.lst_price));
		});

		it('refuses another customer, a confirmation and a product not for sale', async () => {
			const [product] = await variantsOfATemplate();
			const line = [{ product_id: product.id, quantity: 1 }];
			expect((await refusal(customer, 'odoo_sale_order_create', { partner_id: facts.other.id, lines: line }, { partner_id: facts.me.id })).message).toMatch(/only act for the conversation's own customer/);
			expect((await refusal(customer, 'odoo_sale_order_create', { lines: line, confirm: true }, { partner_id: facts.me.id })).message).toMatch(/refuses to confirm/);
			expect((await refusal(customer, 'odoo_sale_order_create', { lines: line })).message).toMatch(/no customer is bound/);
			const archived = idOf(await raw<number | number[]>('product.product', 'create', [[{ name: 'Produto Arquivado', sale_ok: true, list_price: 10 }]]));
			await raw('product.product', 'write', [[archived], { active: false }]);
			const before = await raw<number>('sale.order', 'search_count', [[]]);
			expect((await refusal(customer, 'odoo_sale_order_create', { lines: [{ product_id: archived, quantity: 1 }] }, { partner_id: facts.me.id })).message).toMatch(new RegExp(`product ${archived} is not for sale`));
			expect(await raw('sale.order', 'search_count', [[]])).toBe(before);
			expect(((await call(customer, 'odoo_product_search', { query: 'Produto Arquivado' })).products as Row[]).map((p) => p.id)).not.toContain(archived);
		});

		it('reports the customer\'s own orders in plain words, with the states Odoo has', async () => {
			const fields = await raw<Record<string, { selection?: Array<[string, string]> }>>('sale.order', 'fields_get', [], { attributes: ['selection'] });
			const states = (fields.state.selection ?? []).map(([key]) => key);
			const [mine] = facts.myOrders;
			const [status] = (await call(customer, 'odoo_order_status', { reference: String(mine.name) }, { partner_id: facts.me.id })).orders as Data[];
			expect(status).toMatchObject({ id: mine.id, reference: mine.name, state: mine.state, currency: facts.currency });
			expect(states).toContain(status.state);
			expect(String(status.status_text)).toMatch(new RegExp(`^Order ${String(mine.name)}: (confirmed order|order locked \\(completed\\))`));
			expect(String(status.status_text_pt)).toMatch(new RegExp(`^Pedido ${String(mine.name)}: pedido (confirmado|concluído)`));
			if (status.delivery_status !== null) expect((fields.delivery_status?.selection ?? []).map(([key]) => key)).toContain(status.delivery_status);
			// the products ordered, as Odoo has them (section and note lines left out), without internal codes
			const ordered = await raw<Row[]>('sale.order.line', 'search_read', [[['order_id', '=', mine.id], ['display_type', '=', false]]], { fields: ['product_uom_qty', 'price_subtotal'] });
			const lines = status.lines as Data[];
			expect(lines.length).toBeGreaterThan(0);
			expect(lines.map((line) => line.quantity).sort()).toEqual(ordered.map((line) => line.product_uom_qty).sort());
			expect(lines.map((line) => line.subtotal).sort()).toEqual(ordered.map((line) => line.price_subtotal).sort());
			for (const line of lines) expect(String(line.product)).toMatch(/^[^[]\S*/);
			expect((fields.invoice_status.selection ?? []).map(([key]) => key)).toContain(status.invoice_status);
			const recent = (await call(customer, 'odoo_order_status', { limit: 10 }, { partner_id: facts.me.id })).orders as Data[];
			expect(recent.length).toBeGreaterThan(0);
			const ids = recent.map((order) => order.id);
			expect(await raw('sale.order', 'search_count', [[['id', 'in', ids], ['partner_id', 'child_of', facts.me.id]]])).toBe(ids.length);
		});

		it('does not show another customer\'s order, as if it did not exist', async () => {
			expect(await call(customer, 'odoo_order_status', { reference: String(facts.otherOrder.name) }, { partner_id: facts.me.id })).toEqual({ orders: [] });
			expect((await refusal(customer, 'odoo_order_status', { reference: String(facts.otherOrder.name) })).message).toMatch(/no customer is bound/);
		});

		describe('appointments', () => {
			it('offers slots in the login\'s own time zone and books one that Odoo shows at that local time, with the customer attending', async () => {
				const tz = facts.tz || 'America/Sao_Paulo';
				const day = futureWeekday(3);
				const free = await call(customer, 'odoo_calendar_free_slots', { date_from: day, date_to: day, duration_minutes: 60 });
				expect(free.timezone).toBe(tz);
				const slots = free.slots as Array<{ start: string; start_utc: string }>;
				expect(slots.length).toBeGreaterThan(2);
				const booked = await call(customer, 'odoo_calendar_book', { start: slots[1].start, duration_minutes: 60, title: 'Visita técnica' }, { partner_id: facts.me.id });
				const [event] = await raw<Row[]>('calendar.event', 'read', [[booked.event_id]], { fields: ['start', 'stop', 'partner_ids', 'attendee_ids', 'user_id', 'allday'] });
				expect(event).toMatchObject({ start: odooUtc(slots[1].start_utc), allday: false });
				expect(wallClock(String(event.start), tz)).toBe(slots[1].start);
				expect(event.partner_ids).toContain(facts.me.id);
				const attendees = await raw<Row[]>('calendar.attendee', 'read', [event.attendee_ids], { fields: ['partner_id'] });
				expect(attendees.map((attendee) => idOf(attendee.partner_id))).toContain(facts.me.id);
				const after = (await call(customer, 'odoo_calendar_free_slots', { date_from: day, date_to: day, duration_minutes: 60 })).slots as Array<{ start: string }>;
				expect(after.map((slot) => slot.start)).not.toContain(slots[1].start);
				expect((await refusal(customer, 'odoo_calendar_book', { start: slots[1].start, duration_minutes: 30 }, { partner_id: facts.me.id })).message).toMatch(/That time is taken/);
			});

			it('moves and cancels only the customer\'s own appointment', async () => {
				const day = futureWeekday(4);
				const slots = (await call(customer, 'odoo_calendar_free_slots', { date_from: day, date_to: day, duration_minutes: 30 })).slots as Array<{ start: string; start_utc: string }>;
				const { event_id: eventId } = (await call(customer, 'odoo_calendar_book', { start: slots[0].start, duration_minutes: 30 }, { partner_id: facts.me.id })) as { event_id: number };
				expect((await refusal(customer, 'odoo_calendar_reschedule', { event_id: eventId, start: slots[4].start }, { partner_id: facts.other.id })).message).toMatch(/not found for this customer/);
				expect((await refusal(customer, 'odoo_calendar_cancel', { event_id: eventId, confirm: true }, { partner_id: facts.other.id })).message).toMatch(/not found for this customer/);
				expect(await call(customer, 'odoo_calendar_reschedule', { event_id: eventId, start: slots[4].start }, { partner_id: facts.me.id })).toMatchObject({ start: slots[4].start });
				expect(await raw('calendar.event', 'read', [[eventId]], { fields: ['start', 'duration'] })).toEqual([{ id: eventId, start: odooUtc(slots[4].start_utc), duration: 0.5 }]);
				expect(await call(customer, 'odoo_calendar_cancel', { event_id: eventId }, { partner_id: facts.me.id })).toMatchObject({ cancelled: false, needs_confirmation: true });
				expect(await raw('calendar.event', 'search_count', [[['id', '=', eventId]]])).toBe(1);
				expect(await call(customer, 'odoo_calendar_cancel', { event_id: eventId, confirm: true }, { partner_id: facts.me.id })).toEqual({ cancelled: true });
				expect(await raw('calendar.event', 'search_count', [[['id', '=', eventId]]])).toBe(0);
			});

			it('keeps a whole day free of slots for an all-day event, in the business time zone', async () => {
				const day = futureWeekday(5, 2);
				const tz = 'America/Sao_Paulo';
				const before = (await call(customer, 'odoo_calendar_free_slots', { date_from: day, date_to: day, duration_minutes: 60, timezone: tz, max_slots: 20 })).slots as Data[];
				expect(before.length).toBeGreaterThan(5);
				await raw('calendar.event', 'create', [[{ name: 'Inventário', allday: true, start: `${day} 08:00:00`, stop: `${day} 18:00:00`, start_date: day, stop_date: day, partner_ids: [[6, 0, []]] }]]);
				expect(((await call(customer, 'odoo_calendar_free_slots', { date_from: day, date_to: day, duration_minutes: 60, timezone: tz })).slots as Data[])).toEqual([]);
			});
		});
	});

	describe('the erp_operator profile', () => {
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
			expect(Object.keys(fields).sort()).toEqual(Object.keys(await raw<Data>('res.partner', 'fields_get', [], { attributes: ['type'] })).sort());
		});

		it('odoo_create, odoo_write and odoo_delete change the record, deleting only when confirmed', async () => {
			const { id } = (await call(erp, 'odoo_create', { model: 'res.partner', values: { name: 'Contrato ERP', email: 'erp@example.com' } })) as { id: number };
			expect(await raw('res.partner', 'read', [[id]], { fields: ['name'] })).toEqual([{ id, name: 'Contrato ERP' }]);
			await call(erp, 'odoo_write', { model: 'res.partner', ids: [id], values: { phone: '+5511912345678' } });
			expect(await raw('res.partner', 'read', [[id]], { fields: ['phone'] })).toEqual([{ id, phone: '+5511912345678' }]);
			expect(await call(erp, 'odoo_delete', { model: 'res.partner', ids: [id] })).toMatchObject({ needs_confirmation: true, would: expect.stringMatching(/Contrato ERP/) });
			expect(await raw('res.partner', 'search_count', [[['id', '=', id]]])).toBe(1);
			expect(await call(erp, 'odoo_delete', { model: 'res.partner', ids: [id], confirm: true })).toEqual({ deleted: 1 });
			expect(await raw('res.partner', 'search_count', [[['id', '=', id]]])).toBe(0);
		});

		it('odoo_call runs a read method at once and a changing one only when confirmed', async () => {
			const found = await call(erp, 'odoo_call', { model: 'res.partner', method: 'name_search', kwargs: { name: String(facts.me.name).slice(0, 4), limit: 3 } });
			expect(found.result).toEqual(await raw('res.partner', 'name_search', [], { name: String(facts.me.name).slice(0, 4), limit: 3 }));
			const [product] = await variantsOfATemplate();
			const { order_id: orderId } = (await call(erp, 'odoo_sale_order_create', { partner_id: facts.other.id, lines: [{ product_id: product.id, quantity: 1 }] })) as { order_id: number };
			expect(await call(erp, 'odoo_call', { model: 'sale.order', method: 'action_confirm', ids: [orderId] })).toMatchObject({ needs_confirmation: true });
			expect(await raw('sale.order', 'read', [[orderId]], { fields: ['state'] })).toEqual([{ id: orderId, state: 'draft' }]);
			await call(erp, 'odoo_call', { model: 'sale.order', method: 'action_confirm', ids: [orderId], confirm: true });
			expect(await raw('sale.order', 'read', [[orderId]], { fields: ['state'] })).toEqual([{ id: orderId, state: 'sale' }]);
		});

		it('confirms an order at a negotiated price and reports it as confirmed', async () => {
			const [product] = await variantsOfATemplate();
			const order = await call(erp, 'odoo_sale_order_create', { partner_id: facts.other.id, lines: [{ product_id: product.id, quantity: 3, price_unit: 99.5, discount: 10 }], confirm: true });
			expect(order).toMatchObject({ state: 'sale', currency: facts.currency });
			const [line] = await raw<Row[]>('sale.order.line', 'search_read', [[['order_id', '=', order.order_id]]], { fields: ['price_unit', 'discount', 'price_subtotal'] });
			expect(line).toMatchObject({ price_unit: 99.5, discount: 10, price_subtotal: 268.65 });
			const statuses = (await call(erp, 'odoo_order_status', { partner_id: facts.other.id, reference: String(order.reference) })).orders as Data[];
			expect(statuses.find((status) => status.id === order.order_id)).toMatchObject({ state: 'sale', locked: false, status_text: expect.stringContaining('confirmed order') });
		});

		it('odoo_post_message posts in a record\'s chatter', async () => {
			const { message_id: messageId } = (await call(erp, 'odoo_post_message', { model: 'res.partner', res_id: facts.me.id, body: 'Pedido a caminho', kind: 'note' })) as { message_id: number };
			const [message] = await raw<Row[]>('mail.message', 'read', [[messageId]], { fields: ['model', 'res_id', 'body', 'message_type'] });
			expect(message).toMatchObject({ model: 'res.partner', res_id: facts.me.id, message_type: 'comment' });
			expect(String(message.body)).toContain('Pedido a caminho');
		});

		it('carries Odoo\'s own error kinds', async () => {
			expect(await refusal(erp, 'odoo_search_read', { model: 'no.such.model', domain: [] })).toMatchObject({ kind: 'invalid_input', message: expect.stringMatching(/unknown model/) });
			expect(await refusal(erp, 'odoo_search_read', { model: 'res.partner', domain: [['no_such_field', '=', 1]] })).toMatchObject({ kind: 'invalid_input', message: expect.stringMatching(/no_such_field/) });
			expect(await refusal(erp, 'odoo_write', { model: 'res.partner', ids: [999_999], values: { name: 'x' } })).toMatchObject({ kind: 'not_found' });
		});
	});
}
