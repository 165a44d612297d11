import type { RouteResult } from '../router/route';
import { PHRASES } from './templates';

export interface HumanTurn {
	reply: string;
	handoff: true;
	handoff_reason: string;
	labels: string[];
}

/**
 * What a message routed to a person gets: the tenant's away message, or a short "a colleague
 * will answer" in the customer's language — and nothing when a person already has the
 * conversation, so the bot stays out of it.
 */
export function humanTurn(route: Pick<RouteResult, 'language' | 'away_message' | 'reasons'>): HumanTurn {
	const language = route.language === 'es' || route.language === 'en' ? route.language : 'pt';
	const withPerson = route.reasons.includes('conversation_with_a_person');
	return {
		reply: route.away_message ?? (withPerson ? '' : PHRASES[language].handoff),
		handoff: true,
		handoff_reason: route.reasons.filter((reason) => reason !== 'prompt_injection')[0] ?? 'human',
		labels: ['handoff'],
	};
}
