import { detectInjection, detectLanguage, type Intent } from '../classifier';
import { conceptFeatures } from '../classifier/concepts';
import { fold, normalizeText } from '../classifier/normalize';

/**
 * What the tenant's own data says about a message, which the classifier, trained on other shops,
 * cannot know: that "capacete" or "flipover" is something this shop sells, or that "S00106" is
 * one of its orders.
 */
export interface RouteHint {
	intent: Intent;
	reason: string;
}

/**
 * Notions that make a message about something else than buying, even when it names a product:
 * policies, bookings, a problem, and the customer's own things ("my desk", "minha bike").
 */
export const NOT_BUYING: ReadonlySet<string> = new Set(['warranty', 'returns', 'shipping', 'shipping-fee', 'payment', 'invoice', 'hours', 'place', 'deadline', 'policy', 'privacy', 'terms', 'defect', 'howto', 'myorder', 'charge', 'cancelorder', 'book', 'when', 'past', 'owned']);
/** "my e-bike order", "o pedido da bicicleta": an order, not a product to buy. */
export const ORDER_WORD = /\b(?:pedido|encomenda|order|orden|compra)\b/;
/** Notions that an order reference does not turn into a status question ("quero devolver o S00106" is about returns). */
const NOT_STATUS = new Set(['book', 'returns', 'warranty', 'shipping', 'shipping-fee', 'payment', 'invoice', 'defect', 'howto', 'charge', 'cancelorder', 'hours', 'place']);

/** Odoo's order names (S00106, SO042) or "pedido 4821", "order #4821". */
const ORDER_REFERENCE = /\b(?:s|so)\d{4,6}\b|\b(?:pedido|encomenda|order|orden)\s*(?:n[º°o.]*\s*|#\s*|numero\s*|number\s*|no\.?\s*)?\d{3,}\b/i;
/** Asking to confirm, approve or pay a quotation is sales' (or a person's), not a status question. */
const ACTS_ON_ORDER = /\b(?:confirm\w*|aprov\w*|approv\w*|fech\w*|cerr\w*|pag\w*|pay\w*|cancel\w*)\b/;

/** "pode gerar o orçamento", "make the quotation", "armame el presupuesto": a quotation asked for is sales' to prepare. */
const ASKS_QUOTE =
	/\b(?:gera|gerar|gere|faz|fazer|faca|manda|mandar|mande|monta|montar|fecha|fechar|prepara|preparar|emite|emitir|make|prepare|send|create|draw up|haz|hazme|arma|armame|preparame|mandame|enviame)\b[^.?!]{0,20}\b(?:orcamento|cotacao|proposta|quote|quotation|presupuesto|cotizacion)\b/;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "tem luva P?", "vcs têm…", "¿tienen…?", "hay…", "do you have…", "got any…": a stock question from its first words. */
const ASKS_STOCK = /^(?:(?:e|y|and|so|oi|ola|hola|hi|hello)\s+)?(?:(?:vcs?|voces?|ustedes|you)\s+)?(?:tem|teem|tens|tienen|tiene|tenes|hay|ha|do you have|do you guys have|have you got|got any|any)\b/;
/** "how many do you have?", "quantas tem?", "¿cuántas quedan?": how many of a product there are. */
const ASKS_COUNT = /\b(?:how many (?:do you have|have you got|are (?:there|left)|(?:are |do you have )?in stock|left)|quant[oa]s (?:tem|tens|temos|ainda tem|tem em estoque|unidades|sobraram|restam)|cuant[oa]s (?:tienen|tiene|hay|quedan|unidades))\b/;
/** "acabou?", "esgotou", "se agotó", "sold out": about stock, not something that happened to the customer. */
const STOCK_OUT = /\b(?:acabou|acabaram|esgotou|esgotaram|esgotad[oa]s?|agot(?:o|aron|ad[oa]s?)|sold out|ran out)\b/;

/** The cross-language notions a message mentions (concepts.ts), exact words only; a stock question counts as buying. */
export function notions(text: string): Set<string> {
	const found = new Set(conceptFeatures(normalizeText(text, detectLanguage(text)).words, text, false).map((token) => token.slice(2)));
	const folded = fold(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
	if (ASKS_STOCK.test(folded) || STOCK_OUT.test(folded) || ASKS_COUNT.test(folded)) found.add('buy');
	if (STOCK_OUT.test(folded)) found.delete('past');
	return found;
}

/** The first catalog word of the tenant's synonyms (either side) the message names, plurals included. */
export function catalogWordIn(text: string, synonyms: Readonly<Record<string, string>>): string | null {
	const folded = fold(text);
	const words = new Set<string>();
	for (const [customer, catalog] of Object.entries(synonyms)) for (const word of [customer, catalog]) if (fold(word).trim().length >= 3) words.add(fold(word).trim());
	for (const word of [...words].sort((a, b) => b.length - a.length)) {
		const pattern = escape(word).replace(/\s+/g, '\\s+');
		if (new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?:s|es)?(?![\\p{L}\\p{N}])`, 'u').test(folded)) return word;
	}
	return null;
}

export function orderReferenceIn(text: string): string | null {
	return ORDER_REFERENCE.exec(fold(text))?.[0] ?? null;
}

/**
 * A correction of the classifier's intent from the tenant's data, or null: a message that names
 * one of the shop's products and asks nothing about policies, bookings or a problem goes to
 * sales ("tem capacete urban branco M?", "flipover available?"); one that names an order and does
 * not ask to act on it goes to support ("é o S00106", "what's happening with my quote S00001?").
 */
export function routeHint(text: string, classified: Intent, synonyms: Readonly<Record<string, string>>): RouteHint | null {
	if (classified === 'human') return null;
	const found = notions(text);
	const reference = orderReferenceIn(text);
	if (reference && classified !== 'support' && ![...found].some((notion) => NOT_STATUS.has(notion)) && !ACTS_ON_ORDER.test(fold(text))) {
		return { intent: 'support', reason: `order_reference: ${reference}` };
	}
	// sure of it even when the classifier already said sales: an ongoing conversation elsewhere must not keep it
	if (!reference && ASKS_QUOTE.test(fold(text)) && !found.has('cancelorder')) return { intent: 'sales', reason: 'asks_for_a_quotation' };
	// "any discount for 12?", "pix tem desconto?": what discounts there are is a rule of the shop (a price asked with it stays sales')
	if (classified === 'sales' && !reference && found.has('discount') && !found.has('price') && !detectInjection(text).injection) return { intent: 'business_rules', reason: 'asks_about_discounts' };
	if (classified === 'sales' || reference) return null;
	// "how many do you have?" after a product was shown: stock is sales' answer
	if (ASKS_COUNT.test(fold(text)) && ![...found].some((notion) => NOT_BUYING.has(notion))) return { intent: 'sales', reason: 'asks_how_many' };
	const product = catalogWordIn(text, synonyms);
	if (!product || [...found].some((notion) => NOT_BUYING.has(notion)) || ORDER_WORD.test(fold(text))) return null;
	// the shop's services are booked too ("revisão completa sábado?"): from scheduling, only a price or stock question moves
	if (classified === 'scheduling' && !found.has('price') && !found.has('buy')) return null;
	return { intent: 'sales', reason: `catalog_word: ${product}` };
}
