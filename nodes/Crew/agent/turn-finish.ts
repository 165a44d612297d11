import { languageEvidence } from '../classifier';
import { dropOpening, formatReply } from '../responder/format';
import { saveMemory } from '../state';
import { openingOf, toneStyle } from './embedded/conversation';
import { sameLanguage, tenantLanguage } from './reply-language';
import type { AgentResult, Turn, TurnOutcome } from './turn';

/**
 * The greeting a reply needs: in a running conversation a model's "Olá!" is a second greeting
 * and goes; on a first message that greets ("oi, quanto custa…?") the customer is greeted back,
 * then answered. Conversational replies and hand-offs carry their own words.
 */
function withOpening(turn: Turn, { draft, method }: TurnOutcome): string {
	const { ctx, channel } = turn;
	const conversational = draft.labels.includes('conversation');
	if (conversational && turn.first) ctx.memory.greeted = true;
	if (turn.erp || conversational || draft.handoff) return draft.text;
	if (!turn.first) return method === 'llm' || method === 'cache' ? dropOpening(draft.text) : draft.text;
	if (!turn.conversation.greets || channel === 'email') return draft.text;
	ctx.memory.greeted = true;
	return `${openingOf(ctx, toneStyle(ctx.agent?.tone ?? ctx.crew.agents[0]?.tone)).opening}\n${draft.text}`;
}

/** The reply as the channel shows it, within the agent's and the crew's length limits. */
function formatForChannel(turn: Turn, text: string): string {
	const { ctx, channel } = turn;
	const { crew, agent, lang, tenant } = ctx;
	return formatReply(text, {
		channel,
		lang,
		maxLength: Math.min(agent?.max_reply_length ?? 4_000, crew.formatting.max_length ?? 4_000),
		// the crew's e-mail opening is written in one language (the built-in one in Portuguese); another language gets its own
		greeting: sameLanguage(crew.formatting.greeting, lang, tenantLanguage(tenant)) ? crew.formatting.greeting : undefined,
		signature: crew.formatting.signature,
		customerName: turn.input.contact?.name ?? null,
	});
}

/** Keeps the exchange, and the customer's language when the message showed one, in the conversation's memory. */
async function remember(turn: Turn, reply: string): Promise<void> {
	const { services, input, ctx } = turn;
	const seen = languageEvidence(input.text);
	if (seen) ctx.memory.language = seen;
	const at = ctx.now.toISOString();
	ctx.memory.turns.push({ role: 'customer', text: input.text.slice(0, 2_000), at }, { role: 'agent', text: reply.slice(0, 2_000), agent: input.role, at });
	await saveMemory(services.cache, input.tenant_id, turn.conversationId, ctx.memory);
}

/** Formats the settled draft for the channel, remembers the exchange and reports the turn. */
export async function finishTurn(turn: Turn, outcome: TurnOutcome): Promise<AgentResult> {
	const reply = formatForChannel(turn, withOpening(turn, outcome));
	await remember(turn, reply);
	const { draft, method } = outcome;
	return {
		reply,
		handoff: draft.handoff,
		handoff_reason: draft.handoff ? draft.reason : null,
		labels: [...new Set([...draft.labels, ...turn.degraded])],
		citations: draft.citations,
		tool_calls: turn.ctx.tools.calls,
		usage: turn.usage,
		agent: turn.input.role,
		language: turn.ctx.lang,
		method,
	};
}
