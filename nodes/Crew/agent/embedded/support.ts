import { formatMoney } from '../../responder/locale';
import { answerDraft, fold, handoffDraft, type Draft, type TurnContext } from '../context';
import { citationsOf, searchKnowledge, topicOf } from './knowledge';

interface Order {
	reference: string;
	status_text: string;
	status_text_pt: string;
	amount_total: number;
	currency: string | null;
}

const ORDER_REF = /\b([A-Z]{1,4}-?\d{3,})\b|#\s?(\d{3,})\b|\b(?:pedido|encomenda|order|orden|compra)\s*(?:n[º°o.]*\s*|#\s*|numero\s*|number\s*)?(\d{3,})\b/i;
const ORDER_WORDS = /\b(pedido|encomenda|entrega|rastreio|rastreamento|chegou|chego|status|compra|order|tracking|delivery|shipped|arrive|orden|envio|llego|paquete)\b/;

export function orderReference(text: string): string | null {
	const match = ORDER_REF.exec(text);
	if (!match) return null;
	return (match[1] ?? match[2] ?? match[3] ?? '').toUpperCase() || null;
}

/** Splits a procedure into numbered steps: its own lines or numbering, else its sentences. */
export function stepsOf(text: string, max = 8): string[] {
	const lines = text
		.split(/\n+|(?:^|\s)(?=\d{1,2}[.)]\s)/)
		.map((line) => line.replace(/^\s*(?:\d{1,2}[.)]|[-•*])\s*/, '').trim())
		.filter(Boolean);
	const parts = lines.length > 1 ? lines : text.split(/(?<=[.!?])\s+(?=\p{Lu})/u).map((s) => s.trim()).filter(Boolean);
	return parts.slice(0, max);
}

async function orderDraft(ctx: TurnContext, reference: string | null): Promise<Draft> {
	if (!ctx.tools.has('odoo_order_status')) return handoffDraft(ctx, 'no_order_tool', ctx.phrases.nothingGrounded);
	if (!(await ctx.tools.bindCustomer())) {
		if (ctx.tools.upstreamFailure) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
		return handoffDraft(ctx, 'customer_unknown');
	}
	const found = await ctx.tools.call<{ orders: Order[] }>('odoo_order_status', reference ? { reference } : { limit: 1 });
	if (!found.ok) return found.kind === 'upstream' || found.kind === 'internal' ? handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage) : handoffDraft(ctx, 'order_lookup_refused');
	const [order] = found.data?.orders ?? [];
	if (!order) return answerDraft(ctx.phrases.noOrders, { grounded: false, labels: ['order_status'] });
	const status = ctx.lang === 'pt' ? order.status_text_pt : order.status_text;
	const total = order.amount_total ? formatMoney(order.amount_total, order.currency || 'BRL', ctx.lang) : null;
	return answerDraft(ctx.phrases.orderStatus(order.reference, status, total), { labels: ['order_status'] });
}

/** Order status in plain words, or the troubleshooting procedure as numbered steps. */
export async function supportDraft(ctx: TurnContext): Promise<Draft> {
	const reference = orderReference(ctx.text);
	if (reference || ORDER_WORDS.test(fold(ctx.text))) {
		const order = await orderDraft(ctx, reference);
		if (!order.handoff || reference) return order;
	}
	const hits = await searchKnowledge(ctx, ['support_procedures'], 3);
	if (hits === null) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
	const [top] = hits;
	if (!top) return handoffDraft(ctx, 'no_procedure_found', ctx.phrases.nothingGrounded);
	const steps = stepsOf(top.text);
	const body = steps.length > 1 ? steps.map((step, i) => `${i + 1}. ${step}`).join('\n') : top.text.trim();
	return answerDraft(`${ctx.phrases.stepsIntro(topicOf(top))}\n${body}\n${ctx.phrases.stepsOutro}`, { citations: citationsOf([top]), labels: ['support'] });
}
