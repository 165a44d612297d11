import type { CrewServices } from '../services';
import { embeddedDraft } from './embedded';
import { confirmPendingWrite } from './turn-confirm';
import { conversationalReply } from './turn-conversation';
import { finishTurn } from './turn-finish';
import { guardInjection } from './turn-guard';
import { phraseWithModel } from './turn-model';
import { openTurn, type AgentInput, type AgentResult } from './turn';

export { AGENT_ROLES, type AgentInput, type AgentResult, type AgentUsage } from './turn';

/**
 * One turn of a Specialist Agent, in named steps:
 *   open     — the tenant's crew, the conversation's memory, the reply language, the role's tools;
 *   guard    — an injection attempt gets the read-only embedded answer or the scope of the service;
 *   confirm  — the ERP agent's pending write runs on a "yes" or is dropped;
 *   converse — greetings, thanks and small talk get a short reply, no tools;
 *   draft    — the role's embedded answer, grounded in the tools it calls;
 *   phrase   — optionally a model phrases it (budget, answer cache, figures checked against the tools);
 *   finish   — channel formatting, memory, and the result.
 * Upstream failures (Odoo, the knowledge base, the model) end in the documented fallback: a polite
 * hand-off with its reason, or the embedded answer labelled `llm_unavailable`. A failing cache or
 * tool listing is labelled and does not stop the turn. Any other error propagates.
 */
export async function handleAgentTurn(services: CrewServices, input: AgentInput): Promise<AgentResult> {
	const turn = await openTurn(services, input);
	const settled = (await guardInjection(turn)) ?? (await confirmPendingWrite(turn)) ?? conversationalReply(turn);
	if (settled) return await finishTurn(turn, settled);
	const draft = await embeddedDraft(turn.ctx);
	return await finishTurn(turn, await phraseWithModel(turn, draft));
}
