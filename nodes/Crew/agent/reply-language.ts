import { languageEvidence } from '../classifier';
import type { Lang } from '../responder/locale';
import type { ConversationMemory } from '../state';
import type { Tenant } from '../../TenantConfig/schema/tenant';

export const tenantLanguage = (tenant: Tenant): Lang => tenant.locale.slice(0, 2).toLowerCase() as Lang;

/**
 * A message that shows no language ("👍", "ok", a photo) keeps the conversation's; a first one
 * gets the tenant's own language, or its fallback when the tenant's is not offered.
 */
export function customerLanguage(tenant: Tenant, text: string, memory: ConversationMemory): Lang {
	const seen = languageEvidence(text) ?? memory.language;
	if (seen) return seen;
	const own = tenantLanguage(tenant);
	return tenant.reply_language.supported.includes(own) ? own : tenant.reply_language.fallback;
}

/** The language the reply is written in, by the tenant's policy: always its own, or the customer's when offered. */
export function replyLanguage(tenant: Tenant, detected: Lang): Lang {
	const policy = tenant.reply_language;
	if (policy.mode === 'tenant') {
		const own = tenant.locale.slice(0, 2) as Lang;
		return policy.supported.includes(own) ? own : policy.fallback;
	}
	return policy.supported.includes(detected) ? detected : policy.fallback;
}

/** Whether a configured line (an e-mail opening) is written in the reply's language: its own words say so, else it is taken for the tenant's. */
export function sameLanguage(line: string | null | undefined, lang: Lang, tenantLang: Lang): boolean {
	if (!line) return false;
	return (languageEvidence(line.replace(/\{\w+\}/g, ' ')) ?? tenantLang) === lang;
}
