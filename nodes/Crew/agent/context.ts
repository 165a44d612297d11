import type { Agent, Crew } from '../../TenantConfig/schema/crew';
import type { Tenant } from '../../TenantConfig/schema/tenant';
import type { Lang } from '../responder/locale';
import type { ConversationMemory } from '../state';
import type { Phrases } from './templates';
import type { Toolbox } from './toolbox';

export type AgentRoleName = 'sales' | 'scheduling' | 'business_rules' | 'support' | 'erp_operator' | 'custom';

export interface Citation {
	collection: string;
	id: string;
	title: string | null;
}

/** What one role's embedded logic produced: a grounded reply, or a reason to hand off. */
export interface Draft {
	text: string;
	handoff: boolean;
	reason: string | null;
	citations: Citation[];
	labels: string[];
	/** Whether the draft states facts from tools (a model may rephrase it). */
	grounded: boolean;
}

export interface TurnContext {
	text: string;
	lang: Lang;
	role: AgentRoleName;
	tenant: Tenant;
	crew: Crew;
	agent: Agent | null;
	tools: Toolbox;
	memory: ConversationMemory;
	now: Date;
	phrases: Phrases;
}

export const handoffDraft = (ctx: TurnContext, reason: string, text = ctx.phrases.handoff): Draft => ({
	text,
	handoff: true,
	reason,
	citations: [],
	labels: ['handoff'],
	grounded: false,
});

export const answerDraft = (text: string, extra: Partial<Draft> = {}): Draft => ({ text, handoff: false, reason: null, citations: [], labels: [], grounded: true, ...extra });

/** Folds accents and case, for matching customer words. */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}
