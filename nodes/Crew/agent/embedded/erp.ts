import { answerDraft, type Draft, type TurnContext } from '../context';
import { orderReference, supportDraft } from './support';
import { salesDraft } from './sales';

/**
 * The ERP agent without a model: the lookups that need no interpretation (an order by its
 * reference, a product's price and stock). Anything else needs a chat model.
 */
export async function erpDraft(ctx: TurnContext): Promise<Draft> {
	if (orderReference(ctx.text)) return await supportDraft(ctx);
	if (ctx.tools.has('odoo_product_search')) {
		const product = await salesDraft(ctx);
		if (!product.handoff) return product;
	}
	return answerDraft(ctx.phrases.needsModel, { grounded: false, labels: ['needs_model'] });
}
