/**
 * Looking products up in Odoo for one turn: the query for odoo_product_search is built from the
 * customer's words — the most specific phrase first (their words in the singular, the tenant's
 * synonyms in place), then the same words with their translations, then one word at a time for
 * the product words nothing matched yet — and every result is scored here, so typos, plurals and
 * other languages still land on the right product. Results are cached for the turn.
 */
import type { TurnContext } from '../../context';
import { conceptsOf, translations, type Lang3 } from './lexicon';
import type { RememberedProduct } from '../../../state';
import { choose, MIN_SCORE, nameWords, REMEMBERED_BONUS, scoreProduct, TIE, unitsOfName, wordSimilarity, type Choice, type Product } from './match';
import { searchForm, type Unit } from './request';

/** Searches a turn may make: a long message with several products still answers in bounded time. */
const MAX_SEARCHES = 16;
const MAX_SINGLES = 4;
const QUERY_CHARS = 200;

function valid(p: unknown): p is Product {
	if (!p || typeof p !== 'object') return false;
	const v = p as Record<string, unknown>;
	return typeof v.id === 'number' && typeof v.name === 'string' && typeof v.list_price === 'number' && Number.isFinite(v.list_price);
}

export class Catalog {
	private readonly cache = new Map<string, Product[]>();
	private searches = 0;
	/** Odoo could not be reached: the turn ends in the outage fallback, not in "not found". */
	unavailable = false;

	constructor(
		private readonly ctx: TurnContext,
		readonly lang: Lang3,
	) {}

	async search(query: string): Promise<Product[]> {
		const q = query.replace(/\s+/g, ' ').trim().slice(0, QUERY_CHARS).trim();
		if (q.replace(/[^\p{L}\p{N}]/gu, '').length < 2) return [];
		const cached = this.cache.get(q);
		if (cached) return cached;
		if (this.searches >= MAX_SEARCHES || this.unavailable) return [];
		this.searches++;
		const found = await this.ctx.tools.call<{ products: unknown[] }>('odoo_product_search', { query: q, limit: 10 });
		if (!found.ok && (found.kind === 'upstream' || found.kind === 'internal')) this.unavailable = true;
		const products = found.ok ? (found.data?.products ?? []).filter(valid).map((p) => ({ ...p, default_code: p.default_code ?? null, currency: p.currency ?? null, qty_available: p.qty_available ?? null, in_stock: p.in_stock !== false })) : [];
		this.cache.set(q, products);
		return products;
	}

	/** Every product this turn's searches returned. */
	seen(): Product[] {
		const byId = new Map<number, Product>();
		for (const list of this.cache.values()) for (const p of list) byId.set(p.id, p);
		return [...byId.values()];
	}

	/** The product with this id, read fresh (its price and stock are this turn's, not a remembered turn's). */
	async fetch(remembered: { id: number; name: string; code: string | null }): Promise<Product | null> {
		for (const query of [remembered.code, remembered.name]) {
			if (!query) continue;
			const hit = (await this.search(query)).find((p) => p.id === remembered.id);
			if (hit) return hit;
		}
		return null;
	}

	/**
	 * The products that answer one request. Products the conversation showed (`remembered`) win a
	 * tie, and are read again when the searches did not bring them back, so "2 cadeiras" after
	 * the Office Chair Black was shown is that chair.
	 */
	async find(units: readonly Unit[], codes: readonly string[], remembered: readonly RememberedProduct[] = []): Promise<Choice | null> {
		const pool: Product[] = [];
		const ids = new Set(remembered.map((r) => r.id));
		const decide = () => choose(pool, units, codes, this.lang, ids);
		const complete = () => (decide()?.score ?? 0) >= 0.99;
		const settle = async () => {
			const best = decide()?.score ?? 0;
			for (const r of remembered) {
				if (pool.some((p) => p.id === r.id)) continue;
				const fit = scoreProduct({ id: r.id, name: r.name, default_code: r.code, list_price: 0, currency: null, qty_available: null, in_stock: true }, units, codes, this.lang, REMEMBERED_BONUS);
				if (fit.strongHits === 0 || fit.score < MIN_SCORE || fit.score < best - TIE) continue;
				const fresh = await this.fetch(r);
				if (fresh) pool.push(fresh);
			}
			return decide();
		};
		for (const code of codes) {
			pool.push(...(await this.search(code)));
			if (decide()?.score === 1) return await settle();
		}
		if (units.length === 0) return await settle();
		const primary = units.map(primaryWords);
		pool.push(...(await this.search(primary.join(' '))));
		if (complete()) return await settle();
		const bag = [...new Set(units.flatMap((unit, i) => [primary[i], ...unit.alts.flat().flatMap((w) => translations(w, this.lang))]))].join(' ');
		if (bag !== primary.join(' ')) pool.push(...(await this.search(bag)));
		if (complete()) return await settle();
		// fewer words: each product word nothing matched yet, on its own and in the catalog's language
		let singles = 0;
		for (const unit of units.filter((u) => u.strong)) {
			if (singles >= MAX_SINGLES) break;
			if (pool.some((p) => matchedIn(unit, p, this.lang))) continue;
			const word = unit.alts[0].join(' ');
			const forms = [...new Set([primaryWords(unit), ...unit.alts.flat().flatMap((w) => translations(w, this.lang)).slice(0, 3), word])];
			for (const form of forms) {
				if (singles >= MAX_SINGLES) break;
				singles++;
				const found = await this.search(form);
				pool.push(...found);
				if (found.length) break;
			}
		}
		return await settle();
	}

	/**
	 * Products in stock like `product`: ones that share its kind (its head word: "Luva" of
	 * "Luva … G", "Desk" of "Corner Desk Right Sit"), the closest first ("Trilha Vermelha" → the
	 * Trilha Preta before the other bikes).
	 */
	async alternatives(product: Product, count: number): Promise<Product[]> {
		const units = unitsOfName(product);
		const head = headOf(product, this.lang);
		if (!head) return [];
		await this.search(head.alts[0][0]);
		return this.seen()
			// a service is no alternative to goods (nor goods to a service): stock is tracked for one kind only
			.filter((p) => p.id !== product.id && p.in_stock && (p.qty_available === null) === (product.qty_available === null) && matchedIn(head, p, this.lang))
			.map((p) => ({ p, overlap: units.filter((u) => matchedIn(u, p, this.lang)).length }))
			.sort((a, b) => b.overlap - a.overlap || a.p.name.length - b.p.name.length)
			.slice(0, count)
			.map((s) => s.p);
	}
}

/**
 * The word of a product name that says what kind of thing it is: the first product word in
 * Portuguese and Spanish ("Bomba de Ar de Piso"), the last one before its features in English
 * ("Corner Desk Right Sit", "Desk Stand with Screen"). Words the lexicon knows as products win.
 */
function headOf(product: Product, lang: Lang3): Unit | null {
	const main = product.name.split(/\s(?:with|for)\s|[(,]/i)[0];
	const strong = unitsOfName({ name: lang === 'en' ? main : product.name, default_code: null }).filter((u) => u.strong);
	const known = strong.filter((u) => conceptsOf(u.alts[0][0]).length > 0);
	const pool = known.length ? known : strong;
	return (lang === 'en' ? pool[pool.length - 1] : pool[0]) ?? null;
}

/** What to search for a unit: the tenant's catalog words for a synonym, else the customer's word in the singular. */
function primaryWords(unit: Unit): string {
	const words = unit.alts.length > 1 ? unit.alts[unit.alts.length - 1] : unit.alts[0];
	return words.map(searchForm).join(' ');
}

function matchedIn(unit: Unit, product: Product, lang: string): boolean {
	const words = nameWords(product);
	return unit.alts.some((alt) => alt.every((token) => words.some((w) => wordSimilarity(token, w, lang) >= 0.8)));
}
