/**
 * The quotation the customer agreed to: created in Odoo (odoo_sale_order_create, a draft for the
 * conversation's own customer) with the products and quantities the conversation settled on, and
 * told back with the reference, lines and total exactly as Odoo computed them.
 */
import type { RememberedProduct, SalesMemory } from '../../../state';
import { answerDraft, handoffDraft, type Draft, type TurnContext } from '../../context';
import { money, quantityText } from './money';
import { SALES_PHRASES } from './phrases';

export interface QuoteLine {
	product: RememberedProduct;
	quantity: number;
}

interface CreatedOrder {
	reference: string;
	amount_total: number;
	currency: string | null;
	lines: Array<{ product: string; quantity: number; price_unit: number; subtotal: number }>;
}

export async function createQuotation(ctx: TurnContext, sales: SalesMemory, lines: readonly QuoteLine[]): Promise<Draft> {
	const words = SALES_PHRASES[ctx.lang];
	if (!ctx.tools.has('odoo_sale_order_create')) return handoffDraft(ctx, 'quotation_not_allowed', words.quoteFailed);
	if (!(await ctx.tools.bindCustomer())) {
		if (ctx.tools.upstreamFailure) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
		return handoffDraft(ctx, 'quotation_needs_customer', words.quoteNeedsContact);
	}
	const created = await ctx.tools.call<CreatedOrder>('odoo_sale_order_create', { lines: lines.map((l) => ({ product_id: l.product.id, quantity: l.quantity })) });
	if (!created.ok || !created.data) {
		if (created.kind === 'upstream' || created.kind === 'internal') return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
		return handoffDraft(ctx, 'quotation_failed', words.quoteFailed);
	}
	const order = created.data;
	const currency = order.currency;
	const text = [
		words.quoteDone(order.reference),
		...order.lines.map((l) => words.line(l.product, money(l.price_unit, currency, ctx.lang), l.quantity === 1 ? null : quantityText(l.quantity, ctx.lang), l.quantity === 1 ? null : money(l.subtotal, currency, ctx.lang), null)),
		words.quoteTotal(money(order.amount_total, currency, ctx.lang)),
		words.quoteNext,
	].join('\n');
	sales.offer = null;
	sales.quotes = [...sales.quotes, order.reference].slice(-5);
	return answerDraft(text, { labels: ['sales', 'quotation'] });
}
