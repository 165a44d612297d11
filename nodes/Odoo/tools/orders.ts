import { z } from 'zod/v4';

import { InvalidInputError, RefusedError } from '../../../lib/errors';
import { toolFactory } from '../../../lib/mcp/tool';
import { OdooError } from '../client/errors';
import type { OdooClient } from '../client/odoo-client';
import type { Domain, OdooRecord } from '../client/types';
import { LIMITS, boundPartner } from '../profile';
import { containsText, equalsIgnoringCase, searchText } from './domain';
import { langContext, many2oneId, many2oneName, tenantField, type OdooToolContext } from './fields';

const tool = toolFactory<OdooToolContext>();

const STATES: Record<string, [string, string]> = {
	draft: ['quotation, not confirmed yet', 'orçamento, ainda não confirmado'],
	sent: ['quotation sent, waiting for confirmation', 'orçamento enviado, aguardando confirmação'],
	sale: ['confirmed order', 'pedido confirmado'],
	// 'done' is Odoo 16's; from 17 on a completed order is 'sale' with locked = true
	done: ['order locked (completed)', 'pedido concluído'],
	cancel: ['cancelled', 'cancelado'],
};
const DELIVERY: Record<string, [string, string]> = {
	pending: ['not shipped yet', 'ainda não enviado'],
	// 18+: a delivery is done but no quantity delivered yet (e.g. the first step of a two-step delivery)
	started: ['delivery started', 'entrega iniciada'],
	partial: ['partially shipped', 'enviado parcialmente'],
	full: ['fully shipped', 'enviado por completo'],
};
const INVOICE: Record<string, [string, string]> = {
	'to invoice': ['to be invoiced', 'a faturar'],
	invoiced: ['invoiced', 'faturado'],
	upselling: ['upselling opportunity', 'oportunidade de venda adicional'],
	no: ['nothing to invoice', 'nada a faturar'],
};
const words = (table: Record<string, [string, string]>, key: unknown) => table[String(key)] ?? [String(key || 'unknown'), String(key || 'desconhecido')];

const ORDER_FIELDS = ['id', 'name', 'state', 'date_order', 'amount_total', 'currency_id', 'partner_id', 'invoice_status', 'delivery_status', 'commitment_date', 'client_order_ref'];

async function readOrders(odoo: OdooClient, domain: Domain, limit: number): Promise<OdooRecord[]> {
	// Odoo 17 dropped the 'done' state: a completed order is 'sale' and locked
	const fields = (await odoo.version()).major >= 17 ? [...ORDER_FIELDS, 'locked'] : ORDER_FIELDS;
	try {
		return await odoo.searchRead('sale.order', domain, { fields, limit, order: 'date_order desc, id desc' });
	} catch (error) {
		// delivery_status exists only with sale_stock; read without it
		if (!(error instanceof OdooError) || error.type !== 'bad_domain') throw error;
		return await odoo.searchRead('sale.order', domain, { fields: fields.filter((f) => f !== 'delivery_status'), limit, order: 'date_order desc, id desc' });
	}
}

/** A line's product as a customer reads it: Odoo's display name without the internal code ("[E-COM06] Corner Desk Right Sit"). */
const productLabel = (value: unknown): string => (many2oneName(value) ?? '').replace(/^\[[^\]]*\]\s*/, '');

/** Lines shown per order: enough for any order a customer asks about in a chat. */
const MAX_LINES = 20;

const lineOutput = z.object({
	product: z.string().describe('The product as Odoo names it, in the customer\'s language, without its internal code.'),
	quantity: z.number(),
	delivered: z.number().nullable().describe('Quantity delivered so far.'),
	subtotal: z.number(),
});

/** The product lines of the orders (section and note lines left out), by order id, in Odoo's order. */
async function readLines(odoo: OdooClient, orderIds: number[]): Promise<Map<number, Array<z.infer<typeof lineOutput>>>> {
	const byOrder = new Map<number, Array<z.infer<typeof lineOutput>>>();
	if (orderIds.length === 0) return byOrder;
	const rows = await odoo.searchRead('sale.order.line', [['order_id', 'in', orderIds], ['display_type', '=', false]], {
		fields: ['order_id', 'product_id', 'product_uom_qty', 'qty_delivered', 'price_subtotal'],
		order: 'order_id, sequence, id',
		limit: MAX_LINES * orderIds.length,
		context: await langContext(odoo),
	});
	for (const row of rows) {
		const order = many2oneId(row.order_id);
		if (order === null) continue;
		const list = byOrder.get(order) ?? [];
		if (list.length >= MAX_LINES) continue;
		list.push({
			product: productLabel(row.product_id),
			quantity: Number(row.product_uom_qty ?? 0),
			delivered: typeof row.qty_delivered === 'number' ? row.qty_delivered : null,
			subtotal: Number(row.price_subtotal ?? 0),
		});
		byOrder.set(order, list);
	}
	return byOrder;
}

const orderOutput = z.object({
	id: z.number(),
	reference: z.string(),
	state: z.string().describe('Odoo\'s own state: draft, sent, sale or cancel (16 also done).'),
	locked: z.boolean().describe('Whether the order is locked (Odoo 17+: a completed order).'),
	status_text: z.string().describe('State, delivery and invoice status in plain English.'),
	status_text_pt: z.string().describe('The same in Portuguese.'),
	date_order: z.string().nullable(),
	amount_total: z.number(),
	currency: z.string().nullable(),
	delivery_status: z.string().nullable(),
	invoice_status: z.string().nullable(),
	lines: z.array(lineOutput).describe(`The order's products (at most ${MAX_LINES}).`),
});

function describe(o: OdooRecord, lines: Array<z.infer<typeof lineOutput>>): z.infer<typeof orderOutput> {
	const [stateEn, statePt] = words(STATES, o.state === 'sale' && o.locked === true ? 'done' : o.state);
	const delivery = o.delivery_status ? words(DELIVERY, o.delivery_status) : null;
	const [invoiceEn, invoicePt] = words(INVOICE, o.invoice_status);
	return {
		id: o.id,
		reference: String(o.name),
		state: String(o.state),
		locked: o.locked === true || o.state === 'done',
		status_text: [`Order ${String(o.name)}: ${stateEn}`, delivery ? delivery[0] : null, invoiceEn].filter(Boolean).join('; '),
		status_text_pt: [`Pedido ${String(o.name)}: ${statePt}`, delivery ? delivery[1] : null, invoicePt].filter(Boolean).join('; '),
		date_order: o.date_order ? String(o.date_order) : null,
		amount_total: Number(o.amount_total ?? 0),
		currency: many2oneName(o.currency_id),
		delivery_status: o.delivery_status ? String(o.delivery_status) : null,
		invoice_status: o.invoice_status ? String(o.invoice_status) : null,
		lines,
	};
}

export const odooOrderStatus = tool({
	name: 'odoo_order_status',
	title: 'Order status',
	description: 'Status of sales orders, by order reference (e.g. "S00042") or by customer: state, delivery and invoice status in plain words, and the products ordered and delivered. Quote order states only from this result.',
	input: z.object({
		tenant_id: tenantField,
		reference: z.string().trim().min(2).max(64).optional().describe('Order reference as the customer writes it, e.g. "S00042", "#4821" or "4821".'),
		partner_id: z.number().int().positive().optional().describe('Customer (res.partner) id; under the customer profile the conversation\'s own customer is used.'),
		limit: z.number().int().min(1).max(20).optional().describe('Most recent orders to return (default 3).'),
	}),
	output: z.object({ orders: z.array(orderOutput) }),
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { odoo, profile }, call) => {
		const partner = profile === 'customer' ? boundPartner(profile, call, undefined, 'odoo_order_status') : args.partner_id;
		if (!args.reference && !partner) throw new InvalidInputError('Give an order reference or a partner_id.');
		const domain: Domain = [];
		if (args.reference) {
			const ref = searchText(args.reference.replace(/^#/, ''), 'reference');
			// a bare number ("4821") is part of the order name (S04821); anything else is the whole name or the customer's own reference
			const other = /^\d+$/.test(ref) ? containsText('name', ref, 'reference') : equalsIgnoringCase('client_order_ref', ref, 'reference');
			domain.push('|', equalsIgnoringCase('name', ref, 'reference'), other);
		}
		// other customers' orders stay invisible: they look exactly like orders that do not exist
		if (partner) domain.push(['partner_id', 'child_of', partner]);
		const orders = await readOrders(odoo, domain, Math.min(args.limit ?? 3, LIMITS[profile].maxResults));
		const lines = await readLines(odoo, orders.map((o) => o.id));
		return { orders: orders.map((o) => describe(o, lines.get(o.id) ?? [])) };
	},
});

/**
 * Odoo itself accepts an order line for an archived product or one not for sale (only its forms hide
 * them): a customer-facing agent may quote neither.
 */
async function assertSellable(odoo: OdooClient, ids: number[]): Promise<void> {
	const wanted = [...new Set(ids)];
	const found = await odoo.read('product.product', wanted, ['id', 'active', 'sale_ok']);
	const sellable = new Set(found.filter((p) => p.active !== false && p.sale_ok !== false).map((p) => p.id));
	const refused = wanted.filter((id) => !sellable.has(id));
	if (refused.length) {
		throw new RefusedError(`The customer profile refuses odoo_sale_order_create: product ${refused.join(', ')} is not for sale (archived, not sellable or missing). Offer products from odoo_product_search.`);
	}
}

export const odooSaleOrderCreate = tool({
	name: 'odoo_sale_order_create',
	title: 'Create a quotation or order',
	description:
		'Creates a sales quotation for a customer with product lines (prices come from Odoo). With confirm: true (erp_operator profile only) the order is confirmed. The customer profile creates draft quotations for the conversation\'s own customer only.',
	input: z.object({
		tenant_id: tenantField,
		partner_id: z.number().int().positive().optional().describe('Customer id (erp_operator). Under the customer profile the conversation\'s customer is used, and any other id is refused.'),
		lines: z
			.array(
				z.object({
					product_id: z.number().int().positive().describe('Product (variant) id from odoo_product_search.'),
					quantity: z.number().positive().max(100_000).describe('Quantity in the product\'s unit.'),
					price_unit: z.number().min(0).optional().describe('erp_operator only: a negotiated unit price; otherwise Odoo\'s price applies.'),
					discount: z.number().min(0).max(100).optional().describe('erp_operator only: discount in percent.'),
				}),
			)
			.min(1, { error: 'lines needs at least one product' })
			.max(50)
			.describe('Products and quantities.'),
		confirm: z.boolean().optional().describe('Whether to confirm the order (erp_operator profile; the user must have confirmed).'),
		note: z.string().max(2_000).optional().describe('A note printed on the quotation.'),
	}),
	output: z.object({
		order_id: z.number(),
		reference: z.string(),
		state: z.string(),
		amount_total: z.number(),
		currency: z.string().nullable(),
		lines: z.array(z.object({ product: z.string().describe('The product without its internal code.'), quantity: z.number(), price_unit: z.number(), subtotal: z.number() })),
	}),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
	run: async (args, { odoo, profile }, call) => {
		const partner = boundPartner(profile, call, args.partner_id, 'odoo_sale_order_create');
		if (!partner) throw new InvalidInputError('partner_id is required.');
		if (profile === 'customer' && args.confirm) throw new RefusedError('The customer profile refuses to confirm orders: it creates draft quotations; a person confirms them.');
		if (profile === 'customer') await assertSellable(odoo, args.lines.map((line) => line.product_id));
		const orderLines = args.lines.map((line) => [
			0,
			0,
			{
				product_id: line.product_id,
				product_uom_qty: line.quantity,
				...(profile === 'erp_operator' && line.price_unit !== undefined ? { price_unit: line.price_unit } : {}),
				...(profile === 'erp_operator' && line.discount !== undefined ? { discount: line.discount } : {}),
			},
		]);
		const id = await odoo.create('sale.order', { partner_id: partner, order_line: orderLines, ...(args.note ? { note: args.note } : {}) });
		if (args.confirm) await odoo.call('sale.order', 'action_confirm', { ids: [id] });
		const [order] = await odoo.read('sale.order', [id], ['name', 'state', 'amount_total', 'currency_id', 'order_line']);
		const lineIds = Array.isArray(order.order_line) ? (order.order_line as number[]) : [];
		const lines = lineIds.length ? await odoo.read('sale.order.line', lineIds, ['product_id', 'product_uom_qty', 'price_unit', 'price_subtotal'], await langContext(odoo)) : [];
		return {
			order_id: id,
			reference: String(order.name),
			state: String(order.state),
			amount_total: Number(order.amount_total ?? 0),
			currency: many2oneName(order.currency_id),
			lines: lines
				.filter((l) => many2oneId(l.product_id) !== null)
				.map((l) => ({ product: productLabel(l.product_id), quantity: Number(l.product_uom_qty), price_unit: Number(l.price_unit), subtotal: Number(l.price_subtotal) })),
		};
	},
});
