import { createHash } from 'node:crypto';

import type { ListedTool, McpSession } from '../../../lib/mcp/client';
import type { JsonValue } from '../../../lib/json';
import { localNow } from '../hours';
import type { ChatMessage, ChatModelPort, ToolSpec } from '../llm/port';
import { fold, type Draft } from './context';
import { llmTurn, modelTools, type LlmOutcome } from './llm-agent';
import type { Turn, TurnOutcome } from './turn';

const BUDGET_TTL = 2 * 86_400;

/** Labels of services that failed without deciding the reply. */
export const CACHE_UNAVAILABLE = 'cache_unavailable';
export const TOOLS_UNAVAILABLE = 'tools_unavailable';

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

function channelRules(channel: string): string {
	switch (channel) {
		case 'whatsapp':
			return 'Channel WhatsApp: short messages, *bold* for product names, short lists.';
		case 'facebook':
		case 'instagram':
			return 'Channel Instagram/Facebook: short, plain text, no markdown.';
		case 'email':
			return 'Channel e-mail: complete sentences in short paragraphs; the greeting and signature are added for you.';
		case 'mercadolivre':
			return 'Channel Mercado Livre: at most 2000 characters, plain text; never write phone numbers, e-mails, links or invitations to talk outside Mercado Livre.';
		default:
			return 'Channel web chat: concise, light markdown allowed.';
	}
}

/**
 * Redis bookkeeping (the token budget, the answer cache) and tool listings help a turn but never
 * decide it: when one fails the turn goes on without it, and its result says so in `labels`.
 */
async function unlessUnavailable<T>(turn: Turn, label: string, fallback: T, operation: () => Promise<T>): Promise<T> {
	try {
		return await operation();
	} catch {
		turn.degraded.add(label);
		return fallback;
	}
}

/** A model phrases a draft only within the tenant's budget, and never a hand-off caused by an outage. */
function modelFor(turn: Turn, draft: Draft): ChatModelPort | null {
	const llm = turn.services.llm;
	if (!llm || !(turn.ctx.tenant.token_budget_per_day > 0)) return null;
	if (draft.handoff && !turn.erp) return null;
	return draft.reason === 'upstream_unavailable' ? null : llm;
}

async function tokensSpent(turn: Turn, day: string): Promise<number | null> {
	const cache = turn.services.cache;
	if (!cache) return null;
	return await unlessUnavailable(turn, CACHE_UNAVAILABLE, 0, () => cache.count(turn.input.tenant_id, `llm_tokens:${day}`, 0, BUDGET_TTL));
}

/** The same normalised question, with the same grounding, for the same role, language and channel. */
function answerKey(turn: Turn): string {
	const { input, ctx, channel } = turn;
	return `answer:${input.role}:${ctx.lang}:${hash(`${channel}|${fold(input.text).replace(/\s+/g, ' ').trim()}|${ctx.tools.grounding.join('\n')}`)}`;
}

async function cachedAnswer(turn: Turn, key: string): Promise<string | null> {
	const cache = turn.services.cache;
	if (!cache || turn.erp) return null;
	const hit = await unlessUnavailable(turn, CACHE_UNAVAILABLE, null, () => cache.get(turn.input.tenant_id, 'llm_answer', key));
	return hit?.hit && typeof hit.value === 'string' ? hit.value : null;
}

const listed = async (turn: Turn, session: McpSession | undefined): Promise<ListedTool[]> =>
	session ? await unlessUnavailable(turn, TOOLS_UNAVAILABLE, [], () => session.listTools()) : [];

/**
 * Grounding is our code's job: a customer-facing draft that already states the facts goes to
 * the model to be phrased, without the raw tool results and our tool definitions (~1,000 prompt
 * tokens a call). Both are given when the draft found nothing to state, and always to the ERP
 * agent; tools wired to the node on the canvas are always offered.
 */
async function toolsForModel(turn: Turn, offerTools: boolean): Promise<{ specs: ToolSpec[]; writeTools: Set<string> }> {
	const { services, erp } = turn;
	const offered = offerTools ? [...(await listed(turn, erp ? services.odooErp : services.odoo)), ...(await listed(turn, services.knowledge))] : [];
	const specs = [
		...modelTools(offered, turn.allowed, erp),
		...(services.extraTools ?? []).map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
	];
	return { specs, writeTools: new Set(erp ? offered.filter((t) => t.annotations.readOnlyHint !== true).map((t) => t.name) : []) };
}

/** Counts the tokens against the day's budget, keeps a pending ERP write, and caches a plain answer for the next asker. */
async function recordModelTurn(turn: Turn, day: string, key: string, outcome: LlmOutcome): Promise<void> {
	const { services, input, erp } = turn;
	const cache = services.cache;
	turn.usage.llm_calls = outcome.usage.calls;
	turn.usage.tokens_in = outcome.usage.input;
	turn.usage.tokens_out = outcome.usage.output;
	if (cache) await unlessUnavailable(turn, CACHE_UNAVAILABLE, 0, () => cache.count(input.tenant_id, `llm_tokens:${day}`, outcome.usage.input + outcome.usage.output, BUDGET_TTL));
	if (outcome.pending) turn.ctx.memory.pending = outcome.pending;
	if (!outcome.handoff && !outcome.pending && cache && !erp) {
		await unlessUnavailable(turn, CACHE_UNAVAILABLE, undefined, async () => {
			await cache.set(input.tenant_id, 'llm_answer', key, outcome.text as JsonValue);
		});
	}
}

/**
 * The optional model step: within the tenant's daily token budget and through the answer cache,
 * a chat model phrases the embedded draft (or, when it found nothing, answers from the tool
 * results); llmTurn checks every figure of its reply against them. When the model fails or
 * times out, the documented fallback applies: the embedded draft stands, labelled
 * `llm_unavailable`.
 */
export async function phraseWithModel(turn: Turn, draft: Draft): Promise<TurnOutcome> {
	const llm = modelFor(turn, draft);
	if (!llm) return { draft, method: 'embedded' };
	const { ctx, erp } = turn;

	const day = localNow(ctx.now, ctx.tenant.timezone).date;
	const spent = await tokensSpent(turn, day);
	if (spent !== null && spent >= ctx.tenant.token_budget_per_day) {
		return { draft: { text: ctx.phrases.budgetSpent, handoff: true, reason: 'token_budget_spent', citations: draft.citations, labels: ['handoff', 'budget'], grounded: false }, method: 'embedded' };
	}

	const key = answerKey(turn);
	const cached = await cachedAnswer(turn, key);
	if (cached !== null) {
		turn.usage.cache_hits = 1;
		return { draft: { ...draft, text: cached }, method: 'cache' };
	}

	const offerTools = erp || !draft.grounded;
	const { specs, writeTools } = await toolsForModel(turn, offerTools);
	const history: ChatMessage[] = ctx.memory.turns.slice(-4).map((past) => ({ role: past.role === 'customer' ? 'user' : 'assistant', content: past.text }));
	let outcome: LlmOutcome;
	try {
		outcome = await llmTurn(llm, ctx, draft, specs, history, { channelRules: channelRules(turn.channel), writeTools, phraseOnly: !offerTools });
	} catch {
		draft.labels.push('llm_unavailable');
		return { draft, method: 'embedded' };
	}
	await recordModelTurn(turn, day, key, outcome);
	return {
		draft: { ...draft, text: outcome.text, handoff: outcome.handoff, reason: outcome.reason, labels: outcome.handoff ? [...draft.labels, 'handoff'] : draft.labels },
		method: 'llm',
	};
}
