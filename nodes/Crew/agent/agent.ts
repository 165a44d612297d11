import { createHash } from 'node:crypto';

import type { JsonValue } from '../../../lib/json';
import { detectConversation, detectInjection, languageEvidence, type ConversationSignal } from '../classifier';
import type { ChatMessage } from '../llm/port';
import { dropOpening, formatReply } from '../responder/format';
import type { Lang } from '../responder/locale';
import { crewChannel, type CrewServices } from '../services';
import { loadMemory, saveMemory, type ConversationMemory } from '../state';
import { localNow } from '../hours';
import type { Agent } from '../../TenantConfig/schema/crew';
import type { Tenant } from '../../TenantConfig/schema/tenant';
import { fold, type AgentRoleName, type Citation, type Draft, type TurnContext } from './context';
import { embeddedDraft } from './embedded';
import { conversationDraft, openingOf, toneStyle } from './embedded/conversation';
import { llmTurn, modelTools } from './llm-agent';
import { PHRASES } from './templates';
import { Toolbox, type ToolCallRecord } from './toolbox';

export const AGENT_ROLES: readonly AgentRoleName[] = ['sales', 'scheduling', 'business_rules', 'support', 'erp_operator', 'custom'];

export interface AgentInput {
	tenant_id: string;
	channel: string;
	role: AgentRoleName;
	text: string;
	conversation_id?: string | number | null;
	/** The conversation's customer as the channel knows them; binds Odoo lookups to them. */
	contact?: { name?: string | null; phone?: string | null; email?: string | null } | null;
	/** For custom roles: which custom agent of the crew. */
	agent_name?: string | null;
	/** The router's intent; "conversation" (greetings, thanks, small talk…) is answered without tools. */
	intent?: string | null;
}

export interface AgentUsage {
	llm_calls: number;
	tokens_in: number;
	tokens_out: number;
	cache_hits: number;
}

export interface AgentResult {
	reply: string;
	handoff: boolean;
	handoff_reason: string | null;
	labels: string[];
	citations: Citation[];
	tool_calls: ToolCallRecord[];
	usage: AgentUsage;
	agent: AgentRoleName;
	language: Lang;
	method: 'embedded' | 'llm' | 'cache' | 'guard';
}

/** What an injection attempt may never trigger, whatever the embedded answer would do. */
const WRITE_TOOLS = new Set(['odoo_sale_order_create', 'odoo_calendar_book', 'odoo_calendar_reschedule', 'odoo_calendar_cancel']);

const AFFIRMATIVE = /^\s*(sim|s|pode|confirmo|confirma|confirmado|ok|yes|y|si|sí|dale|claro|isso)\b/;
const NEGATIVE = /^\s*(nao|não|n|cancela|cancelar|no|nope)\b/;
const BUDGET_TTL = 2 * 86_400;

/** The tools a role gets when its crew entry names none (ERP: every Odoo tool). */
const ROLE_TOOLS: Record<Exclude<AgentRoleName, 'erp_operator'>, string[]> = {
	sales: ['odoo_product_search', 'odoo_stock_availability', 'knowledge_search'],
	scheduling: ['odoo_calendar_free_slots', 'odoo_calendar_book', 'odoo_partner_find_or_create'],
	business_rules: ['knowledge_search'],
	support: ['knowledge_search', 'odoo_order_status', 'odoo_partner_find_or_create'],
	custom: ['knowledge_search'],
};

const tenantLanguage = (tenant: Tenant): Lang => tenant.locale.slice(0, 2).toLowerCase() as Lang;

/**
 * A message that shows no language ("👍", "ok", a photo) keeps the conversation's; a first one
 * gets the tenant's own language, or its fallback when the tenant's is not offered.
 */
function customerLanguage(tenant: Tenant, text: string, memory: ConversationMemory): Lang {
	const seen = languageEvidence(text) ?? memory.language;
	if (seen) return seen;
	const own = tenantLanguage(tenant);
	return tenant.reply_language.supported.includes(own) ? own : tenant.reply_language.fallback;
}

/**
 * A bare "ok" or "👍" right after the agent offered slots, a quotation or a change to confirm
 * answers that offer: the agent of the conversation reads it, not the small-talk reply.
 */
function answersAnOffer(signal: ConversationSignal, memory: ConversationMemory): boolean {
	const bare = signal.kinds.length > 0 && signal.kinds.every((kind) => kind === 'acknowledgement' || (kind === 'emoji' && signal.mood !== 'sad' && signal.mood !== 'angry'));
	const offered = (memory.offered_slots?.length ?? 0) > 0 || Boolean(memory.pending) || memory.sales?.offer?.asked === true || memory.sales?.person_offered === true;
	return bare && offered;
}

/** Whether a configured line (an e-mail opening) is written in the reply's language: its own words say so, else it is taken for the tenant's. */
function sameLanguage(line: string | null | undefined, lang: Lang, tenantLang: Lang): boolean {
	if (!line) return false;
	return (languageEvidence(line.replace(/\{\w+\}/g, ' ')) ?? tenantLang) === lang;
}

function replyLanguage(tenant: Tenant, detected: Lang): Lang {
	const policy = tenant.reply_language;
	if (policy.mode === 'tenant') {
		const own = tenant.locale.slice(0, 2) as Lang;
		return policy.supported.includes(own) ? own : policy.fallback;
	}
	return policy.supported.includes(detected) ? detected : policy.fallback;
}

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

const emptyUsage = (): AgentUsage => ({ llm_calls: 0, tokens_in: 0, tokens_out: 0, cache_hits: 0 });
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

function findAgent(agents: readonly Agent[], role: AgentRoleName, name?: string | null): Agent | null {
	if (role === 'erp_operator') return null;
	if (role === 'custom' && name) return agents.find((a) => a.role === 'custom' && a.name.toLowerCase() === name.toLowerCase()) ?? null;
	return agents.find((a) => a.role === role) ?? null;
}

/**
 * One turn of a Specialist Agent: embedded grounding from the tools its role allows, an
 * optional model to phrase it (within the tenant's budget, through the answer cache), channel
 * formatting, and memory. Always returns a reply: failures become a polite hand-off.
 */
export async function handleAgentTurn(services: CrewServices, input: AgentInput): Promise<AgentResult> {
	const now = services.now?.() ?? new Date();
	const channel = crewChannel(input.channel);
	const conversationId = input.conversation_id === undefined || input.conversation_id === null || input.conversation_id === '' ? null : String(input.conversation_id);
	const [{ crew }, { tenant }] = await Promise.all([services.config.getCrew(input.tenant_id, channel), services.config.getTenant(input.tenant_id)]);
	const agent = findAgent(crew.agents, input.role, input.agent_name);
	const memory: ConversationMemory = await loadMemory(services.cache, input.tenant_id, conversationId);
	const lang = replyLanguage(tenant, customerLanguage(tenant, input.text, memory));
	const phrases = PHRASES[lang];
	// the conversation's first turn: the bot has neither answered nor greeted yet
	const first = memory.turns.length === 0 && memory.greeted !== true;
	const conversation = detectConversation(input.text);
	const erp = input.role === 'erp_operator';
	const allowed = erp ? null : new Set(agent?.tools?.length ? agent.tools : ROLE_TOOLS[input.role as Exclude<AgentRoleName, 'erp_operator'>]);
	const contact = input.contact ?? {};
	const tools = new Toolbox(
		input.tenant_id,
		{ odoo: erp ? services.odooErp : services.odoo, knowledge: services.knowledge },
		allowed,
		{ phone: contact.phone ?? undefined, email: contact.email ?? undefined, name: contact.name ?? undefined },
		services.extraTools ?? [],
	);
	const ctx: TurnContext = { text: input.text, lang, role: input.role, tenant, crew, agent, tools, memory, now, phrases };
	const usage = emptyUsage();
	let method: AgentResult['method'] = 'embedded';

	const finish = async (draft: Draft): Promise<AgentResult> => {
		const maxLength = Math.min(agent?.max_reply_length ?? 4_000, crew.formatting.max_length ?? 4_000);
		let text = draft.text;
		const conversational = draft.labels.includes('conversation');
		if (!erp && !conversational && !draft.handoff) {
			if (!first) {
				// in a running conversation a model's "Olá!" is a second greeting
				text = method === 'llm' || method === 'cache' ? dropOpening(text) : text;
			} else if (conversation.greets && channel !== 'email') {
				// "oi, quanto custa…?" on a first message: greeted back, then answered
				text = `${openingOf(ctx, toneStyle(agent?.tone ?? crew.agents[0]?.tone)).opening}\n${text}`;
				memory.greeted = true;
			}
		}
		if (conversational && first) memory.greeted = true;
		const reply = formatReply(text, {
			channel,
			lang,
			maxLength,
			// the crew's e-mail opening is written in one language (the built-in one in Portuguese); another language gets its own
			greeting: sameLanguage(crew.formatting.greeting, lang, tenantLanguage(tenant)) ? crew.formatting.greeting : undefined,
			signature: crew.formatting.signature,
			customerName: contact.name ?? null,
		});
		const seen = languageEvidence(input.text);
		if (seen) memory.language = seen;
		const at = now.toISOString();
		memory.turns.push({ role: 'customer', text: input.text.slice(0, 2_000), at }, { role: 'agent', text: reply.slice(0, 2_000), agent: input.role, at });
		await saveMemory(services.cache, input.tenant_id, conversationId, memory);
		return {
			reply,
			handoff: draft.handoff,
			handoff_reason: draft.handoff ? draft.reason : null,
			labels: [...new Set(draft.labels)],
			citations: draft.citations,
			tool_calls: tools.calls,
			usage,
			agent: input.role,
			language: lang,
			method,
		};
	};

	// Customer text is data: an injection attempt never reaches a model. The embedded answer, which
	// only states what the tools return ("the helmet is R$ 189,90", never the price it was told),
	// stands when it found something; otherwise the customer gets the scope of the service.
	if (!erp && detectInjection(input.text).injection) {
		method = 'guard';
		const readOnly = new Set([...(allowed ?? [])].filter((tool) => !WRITE_TOOLS.has(tool)));
		const guarded = new Toolbox(input.tenant_id, { odoo: services.odoo, knowledge: services.knowledge }, readOnly, { phone: contact.phone ?? undefined, email: contact.email ?? undefined, name: contact.name ?? undefined });
		const grounded = await embeddedDraft({ ...ctx, tools: guarded }).catch(() => null);
		tools.calls.push(...guarded.calls);
		if (grounded && !grounded.handoff && grounded.grounded) return await finish({ ...grounded, text: `${phrases.injectionNote}\n${grounded.text}`, labels: [...grounded.labels, 'prompt_injection'] });
		return await finish({ text: phrases.injection, handoff: false, reason: null, citations: [], labels: ['prompt_injection'], grounded: false });
	}

	if (erp && memory.pending) {
		const pending = memory.pending;
		const answer = fold(input.text);
		if (AFFIRMATIVE.test(answer)) {
			memory.pending = null;
			const done = await tools.call(pending.tool, { ...pending.args, confirm: true });
			const text = done.ok ? phrases.confirmDone(pending.summary) : `${phrases.outage} (${done.message ?? ''})`;
			return await finish({ text, handoff: !done.ok, reason: done.ok ? null : 'write_failed', citations: [], labels: ['confirmed'], grounded: done.ok });
		}
		if (NEGATIVE.test(answer)) {
			memory.pending = null;
			return await finish({ text: phrases.confirmDropped, handoff: false, reason: null, citations: [], labels: ['cancelled'], grounded: false });
		}
		memory.pending = null;
	}

	// Greetings, thanks, small talk, "is this a bot?", emoji, attachments: a short reply, no tools.
	if (!erp && (input.intent === 'conversation' || conversation.conversational) && !answersAnOffer(conversation, memory)) {
		return await finish(conversationDraft(ctx, conversation, first));
	}

	const draft = await embeddedDraft(ctx);
	const llm = services.llm;
	const useModel = llm && tenant.token_budget_per_day > 0 && (!draft.handoff || erp) && draft.reason !== 'upstream_unavailable';
	if (!useModel) return await finish(draft);

	const day = localNow(now, tenant.timezone).date;
	if (services.cache) {
		const spent = await services.cache.count(input.tenant_id, `llm_tokens:${day}`, 0, BUDGET_TTL).catch(() => 0);
		if (spent >= tenant.token_budget_per_day) {
			return await finish({ text: phrases.budgetSpent, handoff: true, reason: 'token_budget_spent', citations: draft.citations, labels: ['handoff', 'budget'], grounded: false });
		}
	}

	const cacheKey = `answer:${input.role}:${lang}:${hash(`${channel}|${fold(input.text).replace(/\s+/g, ' ').trim()}|${tools.grounding.join('\n')}`)}`;
	if (services.cache && !erp) {
		const hit = await services.cache.get(input.tenant_id, 'llm_answer', cacheKey).catch(() => undefined);
		if (hit?.hit && typeof hit.value === 'string') {
			usage.cache_hits = 1;
			method = 'cache';
			return await finish({ ...draft, text: hit.value });
		}
	}

	// Grounding is our code's job: a customer-facing draft that already states the facts goes to
	// the model to be phrased, without the raw tool results and our tool definitions (~1,000
	// prompt tokens a call). Both are given when the draft found nothing to state, and always to
	// the ERP agent; tools wired to the node on the canvas are always offered.
	const offerTools = erp || !draft.grounded;
	const listed = offerTools
		? [
				...(erp ? await services.odooErp?.listTools().catch(() => []) ?? [] : await services.odoo?.listTools().catch(() => []) ?? []),
				...(await services.knowledge?.listTools().catch(() => []) ?? []),
			]
		: [];
	const specs = [
		...modelTools(listed, allowed, erp),
		...(services.extraTools ?? []).map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
	];
	const writeTools = new Set(erp ? listed.filter((t) => t.annotations.readOnlyHint !== true).map((t) => t.name) : []);
	const history: ChatMessage[] = memory.turns.slice(-4).map((turn) => ({ role: turn.role === 'customer' ? 'user' : 'assistant', content: turn.text }));
	try {
		const outcome = await llmTurn(llm, ctx, draft, specs, history, { channelRules: channelRules(channel), writeTools, phraseOnly: !offerTools });
		usage.llm_calls = outcome.usage.calls;
		usage.tokens_in = outcome.usage.input;
		usage.tokens_out = outcome.usage.output;
		method = 'llm';
		if (services.cache) await services.cache.count(input.tenant_id, `llm_tokens:${day}`, outcome.usage.input + outcome.usage.output, BUDGET_TTL).catch(() => undefined);
		if (outcome.pending) memory.pending = outcome.pending;
		if (!outcome.handoff && !outcome.pending && services.cache && !erp) {
			await services.cache.set(input.tenant_id, 'llm_answer', cacheKey, outcome.text as JsonValue).catch(() => undefined);
		}
		return await finish({
			...draft,
			text: outcome.text,
			handoff: outcome.handoff,
			reason: outcome.reason,
			labels: outcome.handoff ? [...draft.labels, 'handoff'] : draft.labels,
		});
	} catch (error) {
		// The model failed or timed out: the embedded answer stands.
		draft.labels.push('llm_unavailable');
		void error;
		return await finish(draft);
	}
}
