import { fold } from './context';
import type { Turn, TurnOutcome } from './turn';

const AFFIRMATIVE = /^\s*(sim|s|pode|confirmo|confirma|confirmado|ok|yes|y|si|sí|dale|claro|isso)\b/;
const NEGATIVE = /^\s*(nao|não|n|cancela|cancelar|no|nope)\b/;

/**
 * The ERP agent's pending write (asked for by the model, described back to the user) runs only
 * on a "sim"/"yes" in the next message; a "não"/"no" drops it. Any other answer drops it too and
 * the turn goes on as a new request: returns null then.
 */
export async function confirmPendingWrite(turn: Turn): Promise<TurnOutcome | null> {
	const { ctx } = turn;
	const pending = ctx.memory.pending;
	if (!turn.erp || !pending) return null;
	const answer = fold(turn.input.text);
	ctx.memory.pending = null;
	if (AFFIRMATIVE.test(answer)) {
		const done = await ctx.tools.call(pending.tool, { ...pending.args, confirm: true });
		const text = done.ok ? ctx.phrases.confirmDone(pending.summary) : `${ctx.phrases.outage} (${done.message ?? ''})`;
		return { draft: { text, handoff: !done.ok, reason: done.ok ? null : 'write_failed', citations: [], labels: ['confirmed'], grounded: done.ok }, method: 'embedded' };
	}
	if (NEGATIVE.test(answer)) {
		return { draft: { text: ctx.phrases.confirmDropped, handoff: false, reason: null, citations: [], labels: ['cancelled'], grounded: false }, method: 'embedded' };
	}
	return null;
}
