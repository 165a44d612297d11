import { handoffDraft, type Draft, type TurnContext } from '../context';
import { documentDraft, findAnswer, nothingFoundDraft } from './knowledge';

/**
 * The policy that answers the question, quoted from the tenant's business rules (its relevant
 * sentences); a procedure from the other collections when the rules have nothing that fits.
 */
export async function rulesDraft(ctx: TurnContext, collections = ['business_rules']): Promise<Draft> {
	const answer = await findAnswer(ctx, collections);
	if (answer === null) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
	if (!answer.hit) return nothingFoundDraft(ctx, 'no_policy_found');
	return documentDraft(ctx, answer);
}
