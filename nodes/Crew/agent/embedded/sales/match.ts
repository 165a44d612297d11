/**
 * How well a catalog product fits what the customer named: every unit of the request is looked
 * for among the product's name and reference words, as the same word (plural, gender and accents
 * aside), the same thing in another language, a typo, or an abbreviation. Ties are kept together
 * so that "conference chair" answers for both variants and "capacete preto M" for the M alone.
 */
import { classOf, sameConcept } from './lexicon';
import { numberValue, type Unit } from './request';
import { fold, isNumber, singulars, stems, tokens, typoClose } from './words';

/** A product as odoo_product_search returns it. */
export interface Product {
	id: number;
	name: string;
	default_code: string | null;
	list_price: number;
	currency: string | null;
	qty_available: number | null;
	in_stock: boolean;
}

export interface Scored {
	product: Product;
	/** Share of the customer's units found in the product, 0–1. */
	score: number;
	/** Share of the product's name words the customer named, 0–1. */
	precision: number;
	/** Product words (not attributes or numbers) the customer named that it has. */
	strongHits: number;
	/** A number the customer wrote ("aro 24") that the product does not have. */
	numberMissing: boolean;
	/** An attribute the customer gave that the product has otherwise ("bermuda P" for the Bermuda M). */
	attributeClash: boolean;
	/** Named by its internal reference. */
	byCode: boolean;
}

/** Classes of words that tell variants apart: a different one is a different product. */
const ATTRIBUTES = new Set(['colour', 'size', 'material', 'side']);

/** Name words that carry no meaning of their own. */
const NAME_STOP = new Set(['de', 'da', 'do', 'das', 'dos', 'com', 'para', 'e', 'a', 'o', 'em', 'with', 'for', 'and', 'the', 'of', 'y', 'con', 'del', 'la', 'el', 'en', 'sin', 'por']);

export function nameWords(product: Pick<Product, 'name' | 'default_code'>): string[] {
	const words = tokens(product.name).filter((w) => !NAME_STOP.has(w));
	const code = product.default_code ? fold(product.default_code) : '';
	return code ? [...words, code] : words;
}

const numeric = (word: string, lang: string) => (isNumber(word) ? Number(word.replace(',', '.')) : numberValue(word, lang));

/** 1 same word, 0.9 same thing in another language, 0.85 a typo, 0.8 an abbreviation, else 0. */
export function wordSimilarity(customer: string, catalog: string, lang = 'pt'): number {
	if (customer === catalog) return 1;
	const a = numeric(customer, lang);
	const b = numeric(catalog, lang);
	if (a !== null || b !== null) return a !== null && a === b ? 1 : 0;
	const left = stems(customer);
	const right = stems(catalog);
	if (left.some((s) => right.includes(s))) return 1;
	if (customer.length === 1 || catalog.length === 1) return 0;
	if (sameConcept(customer, catalog)) return 0.9;
	if (singulars(customer).some((c) => singulars(catalog).some((n) => typoClose(c, n)))) return 0.85;
	const [short, long] = customer.length <= catalog.length ? [customer, catalog] : [catalog, customer];
	if (short.length >= 4 && long.startsWith(short) && long.length - short.length <= 6) return 0.8;
	return 0;
}

/** Best share of one unit's words found among the product's, over the unit's alternatives, and which product words it used. */
function unitFit(unit: Unit, words: string[], lang: string): { fit: number; used: Set<number> } {
	let best = { fit: 0, used: new Set<number>() };
	for (const alt of unit.alts) {
		let sum = 0;
		const used = new Set<number>();
		for (const token of alt) {
			let top = 0;
			let at = -1;
			words.forEach((word, i) => {
				const similarity = wordSimilarity(token, word, lang);
				if (similarity > top) [top, at] = [similarity, i];
			});
			sum += top;
			if (top >= 0.8) used.add(at);
		}
		const fit = alt.length ? sum / alt.length : 0;
		if (fit > best.fit) best = { fit, used };
	}
	return best;
}

export function scoreProduct(product: Product, units: readonly Unit[], codes: readonly string[], lang: string, bonus = 0): Scored {
	const words = nameWords(product);
	const code = fold(product.default_code ?? '');
	const byCode = code !== '' && codes.some((c) => fold(c) === code);
	let total = 0;
	let weight = 0;
	let strongHits = 0;
	let numberMissing = false;
	let attributeClash = false;
	const used = new Set<number>();
	for (const unit of units) {
		const { fit, used: hits } = unitFit(unit, words, lang);
		total += fit;
		weight += 1;
		if (unit.strong && fit >= 0.8) strongHits++;
		if (unit.cls === 'number' && fit < 0.8) numberMissing = true;
		if (ATTRIBUTES.has(unit.cls) && fit < 0.8 && words.some((w) => classOf(w) === unit.cls)) attributeClash = true;
		for (const hit of hits) used.add(hit);
	}
	const meaningful = words.filter((w) => w !== code).length || 1;
	const named = [...used].filter((i) => words[i] !== code).length;
	const score = byCode ? 1 : weight ? total / weight : 0;
	return { product, score: score + bonus, precision: Math.min(1, named / meaningful), strongHits: byCode ? Math.max(1, strongHits) : strongHits, numberMissing: byCode ? false : numberMissing, attributeClash: byCode ? false : attributeClash, byCode };
}

/** What a product of the conversation gains over an equally good one it did not show. */
export const REMEMBERED_BONUS = 0.05;

/** Products within this much of the best score are equally good answers. */
export const TIE = 0.02;
/** Below this share of the customer's words, a product is not what they asked for. */
export const MIN_SCORE = 0.3;
/** At most this many equally good products are shown for one request. */
export const MAX_OPTIONS = 4;

export interface Choice {
	/** The products that answer the request, best first (several when the customer's words fit them equally). */
	products: Product[];
	/** More products fit as well as those shown. */
	more: boolean;
	/** The best fit lacks a number the customer gave ("aro 24"): the closest, not the product asked for. */
	inexact: boolean;
	score: number;
}

/**
 * The answer to one request among the candidates: nothing unless a product word matched; the
 * best-fitting products, and only the one whose every name word the customer gave when there is
 * such a one ("office chair" is the Office Chair, not also the Office Chair Black).
 */
export function choose(candidates: readonly Product[], units: readonly Unit[], codes: readonly string[], lang: string, remembered: ReadonlySet<number> = new Set()): Choice | null {
	const seen = new Set<number>();
	const scored = candidates
		.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)))
		.map((p) => scoreProduct(p, units, codes, lang, remembered.has(p.id) ? REMEMBERED_BONUS : 0))
		.filter((s) => s.byCode || (s.strongHits > 0 && s.score >= MIN_SCORE));
	if (scored.length === 0) return null;
	const coded = scored.filter((s) => s.byCode);
	if (coded.length) return { products: coded.map((s) => s.product), more: false, inexact: false, score: 1 };
	const best = Math.max(...scored.map((s) => s.score));
	const top = scored.filter((s) => s.score >= best - TIE);
	const exact = top.filter((s) => s.precision >= 0.999);
	const alone = exact.length === 1 ? exact[0] : null;
	const shown = alone ? [alone] : [...top].sort((a, b) => Number(b.product.in_stock) - Number(a.product.in_stock) || b.precision - a.precision || b.score - a.score || a.product.name.length - b.product.name.length);
	return { products: shown.slice(0, MAX_OPTIONS).map((s) => s.product), more: shown.length > MAX_OPTIONS, inexact: shown[0].numberMissing || shown[0].attributeClash, score: shown[0].score };
}

/** Units of a product's own name, to look for its siblings ("Luva … G" → the other Luvas) or a variant of it. */
export function unitsOfName(product: Pick<Product, 'name' | 'default_code'>): Unit[] {
	return tokens(product.name)
		.filter((w) => !NAME_STOP.has(w))
		.map((w) => ({ alts: [[w]], cls: isNumber(w) ? 'number' : classOf(w), strong: !isNumber(w) && w.length >= 3 && classOf(w) === 'noun' }));
}
