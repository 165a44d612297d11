import type { Draft, TurnContext } from '../context';
import { erpDraft } from './erp';
import { rulesDraft } from './rules';
import { salesDraft } from './sales';
import { schedulingDraft } from './scheduling';
import { supportDraft } from './support';

/** The embedded responder: each role's answer composed from tool results, no model involved. */
export async function embeddedDraft(ctx: TurnContext): Promise<Draft> {
	switch (ctx.role) {
		case 'sales':
			return await salesDraft(ctx);
		case 'scheduling':
			return await schedulingDraft(ctx);
		case 'business_rules':
			return await rulesDraft(ctx);
		case 'support':
			return await supportDraft(ctx);
		case 'erp_operator':
			return await erpDraft(ctx);
		case 'custom':
			return await rulesDraft(ctx, ['business_rules', 'support_procedures', 'products']);
	}
}
