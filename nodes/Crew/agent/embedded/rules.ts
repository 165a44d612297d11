import { answerDraft, handoffDraft, type Draft, type TurnContext } from '../context';
import { citationsOf, searchKnowledge, topicOf } from './knowledge';

/** The policy text itself, quoted from the tenant's business rules. */
export async function rulesDraft(ctx: TurnContext, collections = ['business_rules']): Promise<Draft> {
	const hits = await searchKnowledge(ctx, collections, 3);
	if (hits === null) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
	const [top] = hits;
	if (!top) return handoffDraft(ctx, 'no_policy_found', ctx.phrases.nothingGrounded);
	return answerDraft(`${ctx.phrases.policyIntro(topicOf(top))}\n${top.text.trim()}`, { citations: citationsOf([top]), labels: ['policy'] });
}
