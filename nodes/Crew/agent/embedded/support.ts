import type { OrderFacts } from '../templates';
import { answerDraft, fold, handoffDraft, type Draft, type TurnContext } from '../context';
import { documentDraft, findAnswer, nothingFoundDraft, previousQuestions, stepsOf, subjectScore, type Answer } from './knowledge';

export { stepsOf };

/** The fields of an odoo_order_status result the answer is written from. */
type Order = OrderFacts;

const ORDER_REF = /\b([A-Z]{1,4}-?\d{3,})\b|#\s?(\d{3,})\b|\b(?:pedido|encomenda|order|orden|compra)\s*(?:n[º°o.]*\s*|#\s*|numero\s*|number\s*)?(\d{3,})\b/i;
const ORDER_WORDS = /\b(pedido|encomenda|entrega|rastreio|rastreamento|chegou|chego|status|compra|order|tracking|delivery|shipped|arrive|orden|envio|llego|paquete)\b/;

export function orderReference(text: string): string | null {
	const match = ORDER_REF.exec(text);
	if (!match) return null;
	return (match[1] ?? match[2] ?? match[3] ?? '').toUpperCase() || null;
}

async function orderDraft(ctx: TurnContext, reference: string | null): Promise<Draft> {
	if (!ctx.tools.has('odoo_order_status')) return handoffDraft(ctx, 'no_order_tool', ctx.phrases.nothingGrounded);
	// the ERP operator is an Odoo user looking any order up by its reference: no customer to bind
	if (ctx.role !== 'erp_operator' && !(await ctx.tools.bindCustomer())) {
		if (ctx.tools.upstreamFailure) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
		return handoffDraft(ctx, 'customer_unknown');
	}
	const found = await ctx.tools.call<{ orders: Order[] }>('odoo_order_status', reference ? { reference } : { limit: 1 });
	if (!found.ok) return found.kind === 'upstream' || found.kind === 'internal' ? handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage) : handoffDraft(ctx, 'order_lookup_refused');
	const [order] = found.data?.orders ?? [];
	if (!order) return answerDraft(ctx.phrases.noOrders, { grounded: false, labels: ['order_status'] });
	return answerDraft(ctx.phrases.orderStatus(order), { labels: ['order_status'] });
}

/**
 * The procedure a message about an order asks for ("quero cancelar meu pedido S00008, como faço?",
 * "I need a copy of my invoice for S00006"): the support procedure whose title names what is asked
 * besides the order itself. A message with an order reference may also continue the question
 * asked before it ("como cancelo um pedido?" … "é o S00006"). Undefined when nothing but the order
 * is asked about.
 */
async function orderProcedure(ctx: TurnContext, reference: string | null): Promise<Answer | undefined> {
	const besidesOrder = (text: string) => fold(text).replace(new RegExp(ORDER_REF.source, 'gi'), ' ').replace(new RegExp(ORDER_WORDS.source, 'g'), ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
	const questions = [ctx.text, ...(reference ? previousQuestions(ctx, 1) : [])].map(besidesOrder).filter((q) => /\p{L}{3,}/u.test(q));
	for (const question of questions) {
		const answer = await findAnswer(ctx, ['support_procedures'], question);
		if (answer?.hit && answer.hit.collection === 'support_procedures' && subjectScore(question, answer.hit) > 0) return answer;
	}
	return undefined;
}

/** "quais itens tem nele?", "what's in it?", "¿qué productos tiene?": about the contents of an order already named. */
const ASKS_CONTENTS = /\b(?:itens|item|produtos|items|products|articulos|productos|nele|nela|in it|o que veio|o que tem|que tiene|what was in)\b/;
/** Turns looked back through for the order the conversation is about. */
const RECALL_TURNS = 4;

/** The last order reference the conversation named (the customer's or the agent's words). */
function recentReference(ctx: TurnContext): string | null {
	for (const turn of ctx.memory.turns.slice(-RECALL_TURNS).reverse()) {
		const found = orderReference(turn.text.replace(/\*+/g, ''));
		if (found) return found;
	}
	return null;
}

/** Order status in plain words, or the troubleshooting procedure as numbered steps. */
export async function supportDraft(ctx: TurnContext): Promise<Draft> {
	const reference = orderReference(ctx.text) ?? (ASKS_CONTENTS.test(fold(ctx.text)) ? recentReference(ctx) : null);
	if (reference || ORDER_WORDS.test(fold(ctx.text))) {
		const order = await orderDraft(ctx, reference);
		const procedure = await orderProcedure(ctx, reference);
		if (procedure) {
			const steps = documentDraft(ctx, procedure);
			// without a reference, "no orders found" or a refused lookup adds nothing to the steps
			if (!reference && (order.handoff || !order.grounded)) return steps;
			if (!order.handoff) return { ...steps, text: `${order.text}\n${steps.text}`, labels: [...order.labels, ...steps.labels] };
		}
		if (!order.handoff || reference) return order;
	}
	const answer = await findAnswer(ctx, ['support_procedures']);
	if (answer === null) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
	if (!answer.hit) return nothingFoundDraft(ctx, 'no_procedure_found');
	return documentDraft(ctx, answer);
}
