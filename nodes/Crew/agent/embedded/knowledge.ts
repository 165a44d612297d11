import { detectLanguage, tokens } from '../../../KnowledgeBase/embeddings/tokenizer';
import { mentions, questionTerms, relevantPassage, subjectMatches, type Passage } from '../../../KnowledgeBase/store/passage';
import type { QueryTerm } from '../../../KnowledgeBase/embeddings/expansion';
import type { Lang } from '../../responder/locale';
import { answerDraft, handoffDraft, type Citation, type Draft, type TurnContext } from '../context';

export interface Hit {
	id: string;
	title: string | null;
	text: string;
	score: number;
	collection: string;
	metadata?: Record<string, unknown>;
}

/** The collections that hold answers in prose: an agent whose own has nothing looks in the others. */
const ANSWER_COLLECTIONS = ['business_rules', 'support_procedures'] as const;

/**
 * Another collection's document replaces the agent's own only when it scores this much higher:
 * the agent's own collection is what its tenant set it up to answer from.
 */
const OTHER_COLLECTION_MARGIN = 2;

/** The agent's configured collections, else the role's own. */
function ownCollections(ctx: TurnContext, fallback: string[]): string[] {
	const configured = ctx.agent?.knowledge_collections ?? [];
	return configured.length ? [...configured] : fallback;
}

/** One knowledge_search call; null when the knowledge base failed. */
async function search(ctx: TurnContext, collections: string[], topK: number, query: string): Promise<Hit[] | null> {
	if (!ctx.tools.has('knowledge_search')) return [];
	const found = await ctx.tools.call<{ hits: Hit[] }>('knowledge_search', { query: query.slice(0, 2_000), collections, top_k: topK });
	return found.ok ? (found.data?.hits ?? []) : null;
}

export const citationsOf = (hits: Hit[]): Citation[] => hits.map((h) => ({ collection: h.collection, id: h.id, title: h.title }));

/** The title to introduce a passage with (the document id when it has none). */
export function topicOf(hit: Hit): string {
	const title = (hit.title ?? '').trim();
	return title || hit.id;
}

/** What a document is about, for telling the question's subject from its details: title and topic. */
export function subjectOf(hit: Hit): string {
	const topic = hit.metadata?.topic;
	return [hit.title ?? '', typeof topic === 'string' ? topic : ''].filter(Boolean).join(' . ');
}

/** How strongly a document's title and topic name what the question asks about (read in the document's language). */
export function subjectScore(question: string | QueryTerm[], hit: Hit): number {
	return subjectMatches(question, subjectOf(hit), detectLanguage(hit.text));
}

/**
 * A short follow-up ("e qnd libera?", "and what is the shipping cost?") leans on what was asked
 * before: the customer's earlier questions to the same agent are searched too, and a document's
 * score there adds CONTEXT_WEIGHT of itself to its score for the message alone.
 */
const FOLLOW_UP_WORDS = 6;
const CONTEXT_WEIGHT = 0.5;

/** The customer's questions just before this one that the same agent answered, latest first (two at most). */
export function previousQuestions(ctx: TurnContext, max = 2): string[] {
	const turns = ctx.memory.turns;
	const out: string[] = [];
	for (let i = turns.length - 1; i > 0 && out.length < max; i -= 2) {
		const [asked, answered] = [turns[i - 1], turns[i]];
		if (answered.role !== 'agent' || asked.role !== 'customer' || answered.agent !== ctx.role) break;
		out.push(asked.text);
	}
	return out;
}

/** Scores of the message alone plus CONTEXT_WEIGHT of the scores for the earlier questions, per document. */
function withContext(hits: Hit[], earlier: Hit[]): Hit[] {
	const merged = new Map<string, Hit>();
	for (const hit of hits) merged.set(`${hit.collection}\u0000${hit.id}`, { ...hit });
	for (const hit of earlier) {
		const key = `${hit.collection}\u0000${hit.id}`;
		const seen = merged.get(key);
		merged.set(key, seen ? { ...seen, score: seen.score + CONTEXT_WEIGHT * hit.score } : { ...hit, score: CONTEXT_WEIGHT * hit.score });
	}
	return [...merged.values()].sort((a, b) => b.score - a.score);
}

/**
 * The agent's own best hit, unless another collection's is clearly better: it scores
 * OTHER_COLLECTION_MARGIN times more, or it scores more and its title names more of the question
 * ("a nota saiu com o CNPJ errado" asked of support: "Compras com CNPJ e nota fiscal" names both
 * the invoice and the company, the procedure "Segunda via de nota fiscal" only the invoice).
 */
export function chooseHit(hits: Hit[], own: readonly string[], question: string): Hit | undefined {
	const mine = hits.find((h) => own.includes(h.collection));
	const theirs = hits.find((h) => !own.includes(h.collection));
	if (!mine || !theirs) return mine ?? theirs;
	if (theirs.score > mine.score * OTHER_COLLECTION_MARGIN) return theirs;
	const query = questionTerms(question);
	return theirs.score > mine.score && subjectScore(query, theirs) > subjectScore(query, mine) ? theirs : mine;
}

export interface Answer {
	hit: Hit;
	/** The question the passage is chosen for (the customer's message, or what it asks besides an order). */
	question: string;
}

/**
 * The document that answers the customer: the best of the agent's own collections, or of the
 * tenant's other policy/procedure collections when the agent's own hold nothing or something
 * clearly weaker ("preciso de nota fiscal com CNPJ" asked of support finds the business rule).
 * A short follow-up is read with the questions before it. A document that shares only cognate
 * stems with the question is no answer. Null when the knowledge base failed; `hit` null when
 * nothing matched.
 */
export async function findAnswer(ctx: TurnContext, fallback: string[], question = ctx.text): Promise<Answer | { hit: null } | null> {
	const own = ownCollections(ctx, fallback);
	const collections = [...own, ...ANSWER_COLLECTIONS.filter((c) => !own.includes(c))];
	const hits = await answering(ctx, collections, question);
	if (hits === null) return null;
	const context = tokens(question).length <= FOLLOW_UP_WORDS ? previousQuestions(ctx) : [];
	const earlier = context.length ? await answering(ctx, collections, context.join('\n')) : null;
	const pick = chooseHit(earlier ? withContext(hits, earlier) : hits, own, question);
	return pick ? { hit: pick, question } : { hit: null };
}

/** The hits that hold a word of the question as typed or as a glossary synonym; null when the knowledge base failed. */
async function answering(ctx: TurnContext, collections: string[], question: string): Promise<Hit[] | null> {
	const found = await search(ctx, collections, 6, question);
	if (found === null) return null;
	const query = questionTerms(question);
	const asked = detectLanguage(question);
	return found.filter((hit) => mentions(`${hit.title ?? ''}. ${hit.text}`, query, detectLanguage(hit.text), asked));
}

/**
 * A policy answered with the sentences that answer the question (figures and conditions as
 * written), under a one-line lead-in in the customer's language; the policy keeps its own language.
 */
export function policyDraft(ctx: TurnContext, hit: Hit, question = ctx.text): Draft {
	const passage = policyPassage(hit, question);
	return answerDraft(`${ctx.phrases.policyIntro(topicOf(hit))}\n${passage.text}`, { citations: citationsOf([hit]), labels: passage.whole ? ['policy'] : ['policy', 'passage'] });
}

/** The sentences of a policy that answer the question (the whole text when it asks about the policy as a whole). */
export const policyPassage = (hit: Hit, question: string): Passage => relevantPassage(hit.text, question, { subject: subjectOf(hit) });

/** Splits a procedure into numbered steps: its own lines or numbering, else its sentences. */
export function stepsOf(text: string, max = 8): string[] {
	const lines = text
		.split(/\n+|(?:^|\s)(?=\d{1,2}[.)]\s)/)
		.map((line) => line.replace(/^\s*(?:\d{1,2}[.)]|[-•*])\s*/, '').trim())
		.filter(Boolean);
	const parts = lines.length > 1 ? lines : text.split(/(?<=[.!?])\s+(?=\p{Lu})/u).map((s) => s.trim()).filter(Boolean);
	return parts.slice(0, max);
}

/**
 * A procedure with sections ("Nota fiscal: 1. … Boleto: 1. …") split into them; one section
 * (the whole text) when it has none.
 */
export function sectionsOf(text: string): Array<{ heading: string | null; body: string }> {
	const heading = /(?:^|(?<=[.!?]\s))([\p{Lu}][^.:!?\d]{1,60}):\s+(?=1[.)]\s)/gu;
	const starts = [...text.matchAll(heading)];
	if (starts.length < 2) return [{ heading: null, body: text }];
	const sections: Array<{ heading: string | null; body: string }> = [];
	if (starts[0].index > 0 && text.slice(0, starts[0].index).trim()) sections.push({ heading: null, body: text.slice(0, starts[0].index).trim() });
	starts.forEach((match, i) => {
		const end = i + 1 < starts.length ? starts[i + 1].index : text.length;
		sections.push({ heading: match[1].trim(), body: text.slice(match.index + match[0].length, end).trim() });
	});
	return sections;
}

/** The section of a procedure the question is about: the one whose heading or steps it names most; all when none stands out. */
function relevantSections(text: string, question: string): Array<{ heading: string | null; body: string }> {
	const sections = sectionsOf(text);
	if (sections.length < 2) return sections;
	const query = questionTerms(question);
	const scored = sections.map((section) => ({ section, score: 2 * subjectMatches(query, section.heading ?? '', detectLanguage(text)) + subjectMatches(query, section.body, detectLanguage(text)) }));
	const best = Math.max(...scored.map((s) => s.score));
	const top = scored.filter((s) => s.score === best);
	return best > 0 && top.length === 1 ? [top[0].section] : sections;
}

/** A procedure's steps, numbered (only the section the question is about, when it has sections). */
export function procedureSteps(hit: Hit, question: string): string {
	return relevantSections(hit.text, question)
		.map(({ heading, body }) => {
			const steps = stepsOf(body);
			const list = steps.length > 1 ? steps.map((step, i) => `${i + 1}. ${step}`).join('\n') : body.trim();
			return heading ? `${heading}:\n${list}` : list;
		})
		.join('\n');
}

/** A procedure as numbered steps under a lead-in in the customer's language. */
export function procedureDraft(ctx: TurnContext, hit: Hit, question = ctx.text): Draft {
	const text = [ctx.phrases.stepsIntro(topicOf(hit)), procedureSteps(hit, question), ctx.phrases.stepsOutro].join('\n');
	return answerDraft(text, { citations: citationsOf([hit]), labels: ['support'] });
}

/** A document as the answer: a procedure as steps, a policy (or anything else) as its relevant sentences. */
export function documentDraft(ctx: TurnContext, answer: Answer): Draft {
	return answer.hit.collection === 'support_procedures' ? procedureDraft(ctx, answer.hit, answer.question) : policyDraft(ctx, answer.hit, answer.question);
}

/**
 * Said before the hand-off when nothing matched and the customer writes in another language than
 * the shop's: lexical search without a language model matches words, so a question in English
 * rarely finds a policy written in Portuguese beyond the glossary's terms.
 */
const OTHER_LANGUAGE: Record<Lang, (shop: string) => string> = {
	pt: (shop) => `Nossas políticas estão escritas em ${shop} e não achei a resposta para a sua pergunta nelas.`,
	es: (shop) => `Nuestras políticas están escritas en ${shop} y no encontré la respuesta a tu pregunta en ellas.`,
	en: (shop) => `Our policies are written in ${shop} and I could not find the answer to your question in them.`,
};

const LANGUAGE_NAMES: Record<Lang, Record<Lang, string>> = {
	pt: { pt: 'português', es: 'espanhol', en: 'inglês' },
	es: { pt: 'portugués', es: 'español', en: 'inglés' },
	en: { pt: 'Portuguese', es: 'Spanish', en: 'English' },
};

/** The hand-off when the knowledge base has nothing for the question, saying why when languages differ. */
export function nothingFoundDraft(ctx: TurnContext, reason: string): Draft {
	const shop = (ctx.tenant.locale ?? '').slice(0, 2).toLowerCase();
	if (shop !== ctx.lang && (shop === 'pt' || shop === 'es' || shop === 'en')) {
		return handoffDraft(ctx, reason, `${OTHER_LANGUAGE[ctx.lang](LANGUAGE_NAMES[ctx.lang][shop])} ${ctx.phrases.nothingGrounded}`);
	}
	return handoffDraft(ctx, reason, ctx.phrases.nothingGrounded);
}
