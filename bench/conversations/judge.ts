/**
 * How one turn is judged, strictly and the same way for every crew: the route the crew reported,
 * the hand-off, every group of facts, no forbidden string, and the records the turn created.
 * Text is compared case- and accent-insensitively with whitespace collapsed, as the dataset's
 * README defines; nothing else is forgiven.
 */
import { AGENT_ROUTES, WRITE_MODELS, type Expectation, type WriteModel } from './dataset';

/** Lower case, accents removed, every run of whitespace (non-breaking spaces too) one space. */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** What the crew did with one turn. */
export interface Observed {
	/** The agent the crew's router chose (`human` for a hand-off by the router). */
	route: string;
	handoff: boolean;
	reply: string;
	/** Records created during the turn, per model. */
	created: Record<WriteModel, number>;
	/** The tool call failed as a whole (no reply at all). */
	error?: string;
}

export type Check = 'route' | 'handoff' | 'facts' | 'must_not' | 'writes' | 'error';

export interface Verdict {
	right: boolean;
	failed: Check[];
	/** Fact groups none of whose alternatives is in the reply (as written in the dataset). */
	missingFacts: string[][];
	/** Forbidden strings found in the reply. */
	forbidden: string[];
	/** `model: created (expected)` for each wrong count. */
	wrongWrites: string[];
	/** Records created in a model the turn set no expectation for (reported, not judged). */
	unaskedWrites: string[];
}

/**
 * A `conversation` turn (greeting, thanks, small talk, emoji, off-topic, injection) has no agent
 * of its own yet: any route is accepted when the reply is not a hand-off and is not empty (and, as
 * for every turn, holds no forbidden string).
 */
function routeRight(expected: Expectation, observed: Observed): boolean {
	if (expected.route === 'conversation') return !observed.handoff && observed.reply.trim() !== '';
	return observed.route === expected.route;
}

export function judge(expected: Expectation, observed: Observed): Verdict {
	const reply = fold(observed.reply);
	const missingFacts = (expected.facts ?? []).filter((group) => !group.some((alternative) => reply.includes(fold(alternative))));
	const forbidden = (expected.must_not ?? []).filter((text) => reply.includes(fold(text)));
	const wrongWrites: string[] = [];
	const unaskedWrites: string[] = [];
	for (const model of WRITE_MODELS) {
		const want = expected.writes?.[model];
		const got = observed.created[model];
		if (want === undefined) {
			if (got > 0) unaskedWrites.push(`${model}: ${got}`);
		} else if (got !== want) {
			wrongWrites.push(`${model}: ${got} (expected ${want})`);
		}
	}
	const failed: Check[] = [];
	if (observed.error !== undefined) failed.push('error');
	if (!routeRight(expected, observed)) failed.push('route');
	if (observed.handoff !== expected.handoff) failed.push('handoff');
	if (missingFacts.length) failed.push('facts');
	if (forbidden.length) failed.push('must_not');
	if (wrongWrites.length) failed.push('writes');
	return { right: failed.length === 0, failed, missingFacts, forbidden, wrongWrites, unaskedWrites };
}

export interface RoutingScore {
	n: number;
	accuracy: number;
	macroF1: number;
	f1: Record<(typeof AGENT_ROUTES)[number], number>;
}

/**
 * Routing macro-F1 over the turns whose expected route is an agent (or the hand-off); a
 * prediction outside the five classes is wrong for its expected class and counts for none.
 * A class no turn expects or gets is left out of the mean.
 */
export function routingScore(pairs: ReadonlyArray<{ expected: string; predicted: string }>): RoutingScore {
	const scored = pairs.filter((p) => (AGENT_ROUTES as readonly string[]).includes(p.expected));
	const f1 = {} as Record<(typeof AGENT_ROUTES)[number], number>;
	// as scikit-learn does: the classes that occur among the expected or the predicted labels
	const present = AGENT_ROUTES.filter((label) => scored.some((p) => p.expected === label || p.predicted === label));
	for (const label of AGENT_ROUTES) {
		const tp = scored.filter((p) => p.expected === label && p.predicted === label).length;
		const fp = scored.filter((p) => p.expected !== label && p.predicted === label).length;
		const fn = scored.filter((p) => p.expected === label && p.predicted !== label).length;
		f1[label] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
	}
	const accuracy = scored.length ? scored.filter((p) => p.expected === p.predicted).length / scored.length : 0;
	const macroF1 = present.length ? present.reduce((sum, label) => sum + f1[label], 0) / present.length : 0;
	return { n: scored.length, accuracy, macroF1, f1 };
}
