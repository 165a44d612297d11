import type { Intent } from '../classifier';
import { subjectScore, type Hit } from '../agent/embedded/knowledge';
import { fold } from '../classifier/normalize';
import { conceptsOf } from '../agent/embedded/sales/lexicon';
import { tokens } from '../agent/embedded/sales/words';
import { NOT_BUYING, notions, ORDER_WORD, orderReferenceIn, type RouteHint } from './hints';

/** Which agent answers from which collection of the tenant's knowledge base. */
const ROLE_OF: Readonly<Record<string, Intent>> = { products: 'sales', business_rules: 'business_rules', support_procedures: 'support' };

/** Above this the classifier is trusted over the tenant's documents. */
export const KNOWLEDGE_HINT_BELOW = 0.9;
/** A document of another agent's collection must outscore the classified agent's best by this factor. */
const MARGIN = 1.5;
/** A product must name at least one word of the message in its name; a prose document a whole notion or two words. */
const PRODUCT_SUBJECT = 0.5;
const PROSE_SUBJECT = 1;

/** Something that happened to the customer or their order stays a support case, whatever document it resembles. */
const SUPPORT_CASE = ['past', 'defect', 'myorder', 'charge', 'owned'];

/** Translations added per product word: enough to meet a catalog written in another language. */
const WORDS_PER_LANGUAGE = 2;

/**
 * The message with its product words also in the other languages ("gabinetes con puertas" →
 * "armario gabinete cabinet cupboard porta puerta door"): without a model the search matches
 * words, and a shop's catalog is often written in another language than its customers'.
 */
export function productQuery(text: string): string {
	const extra = new Set<string>();
	for (const word of tokens(text)) {
		for (const concept of conceptsOf(word)) {
			if (concept.class !== 'noun') continue;
			for (const list of Object.values(concept.words)) for (const other of list.slice(0, WORDS_PER_LANGUAGE)) if (other !== word) extra.add(other);
		}
	}
	return extra.size ? `${text} ${[...extra].join(' ')}` : text;
}

/**
 * What the tenant's own documents say a message is about, when the classifier (trained on other
 * shops) is unsure: the best match among its products, business rules and support procedures
 * points at the agent that answers from that collection. "bomba de pé com manômetro tem?" names
 * a product; "minha marcha tá pulando" is the subject of a procedure; "o cashback vale junto com
 * o desconto para empresas?" the subject of a rule. Only documents whose title names what the
 * message asks about count, and only when they clearly beat the classified agent's own.
 *
 * `hits` are the knowledge search's for `productQuery(text)` (best first); `roles` the crew's agents.
 */
export function knowledgeHint(text: string, classified: Intent, confidence: number, hits: readonly Hit[], roles: ReadonlySet<string>): RouteHint | null {
	if (classified === 'human' || confidence >= KNOWLEDGE_HINT_BELOW || orderReferenceIn(text)) return null;
	const best = hits[0];
	const target = best ? ROLE_OF[best.collection] : undefined;
	if (!best || !target || target === classified || !roles.has(target)) return null;
	const found = notions(text);
	const subject = subjectScore(best.collection === 'products' ? productQuery(text) : text, best);
	if (target === 'sales') {
		if (subject < PRODUCT_SUBJECT || [...found].some((notion) => NOT_BUYING.has(notion)) || ORDER_WORD.test(fold(text))) return null;
		// the shop's services are booked too: from scheduling, only a price or stock question moves
		if (classified === 'scheduling' && !found.has('price') && !found.has('buy')) return null;
		return { intent: 'sales', reason: `knowledge_product: ${best.id}` };
	}
	const own = hits.find((hit) => ROLE_OF[hit.collection] === classified);
	if (subject < PROSE_SUBJECT || (own && (subjectScore(text, own) >= subject || own.score * MARGIN > best.score))) return null;
	if (classified === 'support' && (SUPPORT_CASE.some((notion) => found.has(notion)) || ORDER_WORD.test(fold(text)))) return null;
	if (classified === 'scheduling' && found.has('book')) return null;
	if (classified === 'sales' && (found.has('price') || found.has('buy'))) return null;
	return { intent: target, reason: `knowledge_${best.collection}: ${best.id}` };
}
