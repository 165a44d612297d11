import { detectConversation, type ConversationSignal } from '../classifier';
import type { Lang } from '../responder/locale';
import { crewChannel, type CrewServices } from '../services';
import { loadMemory } from '../state';
import type { ChannelName } from '../../TenantConfig/schema/channels';
import type { Agent } from '../../TenantConfig/schema/crew';
import type { Binding } from '../../Odoo/profile';
import type { AgentRoleName, Citation, Draft, TurnContext } from './context';
import { customerLanguage, replyLanguage } from './reply-language';
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

/** What a step of the turn settled on: the draft to send and how it was reached. */
export interface TurnOutcome {
	draft: Draft;
	method: AgentResult['method'];
}

/** Everything the steps of one turn share, read once at its start. */
export interface Turn {
	services: CrewServices;
	input: AgentInput;
	ctx: TurnContext;
	channel: ChannelName;
	conversationId: string | null;
	/** The conversation's first turn: the bot has neither answered nor greeted yet. */
	first: boolean;
	conversation: ConversationSignal;
	erp: boolean;
	/** The tools the role may call; null for the ERP agent, which has every Odoo tool. */
	allowed: ReadonlySet<string> | null;
	/** The customer the channel names, which Odoo lookups are bound to. */
	binding: Binding;
	usage: AgentUsage;
	/** Labels for services that failed without deciding the reply (a cache that did not answer). */
	degraded: Set<string>;
}

/** The tools a role gets when its crew entry names none (ERP: every Odoo tool). */
const ROLE_TOOLS: Record<Exclude<AgentRoleName, 'erp_operator'>, string[]> = {
	sales: ['odoo_product_search', 'odoo_stock_availability', 'knowledge_search'],
	scheduling: ['odoo_calendar_free_slots', 'odoo_calendar_book', 'odoo_partner_find_or_create'],
	business_rules: ['knowledge_search'],
	support: ['knowledge_search', 'odoo_order_status', 'odoo_partner_find_or_create'],
	custom: ['knowledge_search'],
};

function findAgent(agents: readonly Agent[], role: AgentRoleName, name?: string | null): Agent | null {
	if (role === 'erp_operator') return null;
	if (role === 'custom' && name) return agents.find((a) => a.role === 'custom' && a.name.toLowerCase() === name.toLowerCase()) ?? null;
	return agents.find((a) => a.role === role) ?? null;
}

/** Reads what the turn needs: the tenant's crew, the conversation's memory, the reply language and the role's tools. */
export async function openTurn(services: CrewServices, input: AgentInput): Promise<Turn> {
	const now = services.now?.() ?? new Date();
	const channel = crewChannel(input.channel);
	const conversationId = input.conversation_id === undefined || input.conversation_id === null || input.conversation_id === '' ? null : String(input.conversation_id);
	const [{ crew }, { tenant }] = await Promise.all([services.config.getCrew(input.tenant_id, channel), services.config.getTenant(input.tenant_id)]);
	const agent = findAgent(crew.agents, input.role, input.agent_name);
	const memory = await loadMemory(services.cache, input.tenant_id, conversationId);
	const lang = replyLanguage(tenant, customerLanguage(tenant, input.text, memory));
	const erp = input.role === 'erp_operator';
	const allowed = erp ? null : new Set(agent?.tools?.length ? agent.tools : ROLE_TOOLS[input.role as Exclude<AgentRoleName, 'erp_operator'>]);
	const contact = input.contact ?? {};
	const binding: Binding = { phone: contact.phone ?? undefined, email: contact.email ?? undefined, name: contact.name ?? undefined };
	const tools = new Toolbox(input.tenant_id, { odoo: erp ? services.odooErp : services.odoo, knowledge: services.knowledge }, allowed, binding, services.extraTools ?? []);
	return {
		services,
		input,
		ctx: { text: input.text, lang, role: input.role, tenant, crew, agent, tools, memory, now, phrases: PHRASES[lang] },
		channel,
		conversationId,
		first: memory.turns.length === 0 && memory.greeted !== true,
		conversation: detectConversation(input.text),
		erp,
		allowed,
		binding,
		usage: { llm_calls: 0, tokens_in: 0, tokens_out: 0, cache_hits: 0 },
		degraded: new Set(),
	};
}
