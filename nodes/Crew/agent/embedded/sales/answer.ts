/**
 * The reply for the products found: one product in a sentence (price, stock and where it is),
 * several as a list with each one's price — times the quantity when one was given — and their
 * total, an out-of-stock product with the alternatives in stock, and the offer of a quotation.
 * Every figure is a tool result or computed from tool results (and recorded as such).
 */
import type { TurnContext } from '../../context';
import type { Catalog } from './catalog';
import type { Product } from './match';
import { lineTotal, money, quantityText, sum } from './money';
import { SALES_PHRASES } from './phrases';
import type { Group } from './resolve';

export interface Answer {
	text: string;
	/** Every product the reply shows, in order (alternatives included). */
	shown: Product[];
	/** The quotation lines this answer stands for: the first product of each request still in stock. */
	offer: Array<{ product: Product; quantity: number }>;
	offered: boolean;
	outOfStock: boolean;
}

interface StockRow {
	id: number;
	warehouses?: Array<{ warehouse: string; on_hand: number }>;
}

/** "10 em Loja Centro, 6 em Depósito" when the stock is spread over warehouses; null when there is one. */
async function whereInStock(ctx: TurnContext, product: Product): Promise<string | null> {
	if (!ctx.tools.has('odoo_stock_availability') || product.qty_available === null) return null;
	const got = await ctx.tools.call<{ products: StockRow[] }>('odoo_stock_availability', { product_ids: [product.id] });
	const row = got.ok ? got.data?.products?.find((p) => p.id === product.id) : undefined;
	const places = row?.warehouses ?? [];
	if (places.length < 2) return null;
	const words = SALES_PHRASES[ctx.lang];
	const stocked = places.filter((w) => typeof w.on_hand === 'number' && w.on_hand > 0);
	return stocked.length ? stocked.map((w) => words.where(quantityText(w.on_hand, ctx.lang), w.warehouse)).join(', ') : null;
}

function stockNote(ctx: TurnContext, product: Product, quantity: number): string | null {
	const words = SALES_PHRASES[ctx.lang];
	if (!product.in_stock) return words.outOfStockNote;
	if (product.qty_available === null) return null;
	const qty = quantityText(product.qty_available, ctx.lang);
	return quantity > product.qty_available ? words.onlyNote(qty) : words.inStockNote(qty);
}

/** Same price and currency for every product of a request, so its total does not depend on which one is meant. */
function uniformPrice(group: Group): { price: number; currency: string | null } | null {
	const [first] = group.products;
	return group.products.every((p) => p.list_price === first.list_price && p.currency === first.currency) ? { price: first.list_price, currency: first.currency } : null;
}

export interface Wants {
	total: boolean;
	quote: boolean;
	/** Where the stock is: asked about stock or pickup ("tem na loja?", "hay stock?"). */
	where: boolean;
}

export async function composeAnswer(ctx: TurnContext, catalog: Catalog, groups: readonly Group[], wants: Wants): Promise<Answer> {
	const words = SALES_PHRASES[ctx.lang];
	const price = (p: Product) => money(p.list_price, p.currency, ctx.lang);
	const shown: Product[] = [];
	const lines: string[] = [];
	const offer = groups.filter((g) => g.products[0].in_stock).map((g) => ({ product: g.products[0], quantity: g.quantity }));
	const [only] = groups;

	if (groups.length === 1 && only.products.length === 1 && !only.explicit && !only.inexact) {
		const [product] = only.products;
		shown.push(product);
		if (product.in_stock) {
			if (product.qty_available === null) lines.push(words.service(product.name, price(product)));
			else lines.push(words.inStock(product.name, price(product), quantityText(product.qty_available, ctx.lang), wants.where ? await whereInStock(ctx, product) : null));
		} else {
			lines.push(words.outOfStock(product.name, price(product)));
			const alternatives = await catalog.alternatives(product, 3);
			if (alternatives.length) {
				lines.push(words.alternatives, ...alternatives.map((p) => words.line(p.name, price(p), null, null, stockNote(ctx, p, 1))));
				shown.push(...alternatives);
			} else lines.push(words.noAlternatives);
		}
		const offered = wants.quote && product.in_stock;
		if (offered) lines.push(words.offer);
		return { text: lines.join('\n'), shown, offer, offered, outOfStock: !product.in_stock };
	}

	if (groups.length > 1) lines.push(words.listIntro);
	else if (only.inexact) lines.push(words.inexact);
	else if (only.products.length > 1) lines.push(words.optionsIntro);
	const subtotals: number[] = [];
	const currencies = new Set<string | null>();
	let summable = true;
	for (const group of groups) {
		const many = group.quantity !== 1;
		for (const product of group.products) {
			const subtotal = lineTotal(product.list_price, group.quantity);
			lines.push(words.line(product.name, price(product), many ? quantityText(group.quantity, ctx.lang) : null, many ? money(subtotal, product.currency, ctx.lang) : null, stockNote(ctx, product, group.quantity)));
			shown.push(product);
		}
		if (group.more) lines.push(words.moreOptions);
		const uniform = uniformPrice(group);
		if (uniform && !group.inexact) {
			subtotals.push(lineTotal(uniform.price, group.quantity));
			currencies.add(uniform.currency);
		} else summable = false;
	}
	const total = summable && currencies.size === 1 && (groups.length > 1 || wants.total) ? sum(subtotals) : null;
	if (total !== null) lines.push(words.total(money(total, [...currencies][0], ctx.lang)));
	ctx.tools.derive('sales totals', {
		lines: groups.flatMap((g) => g.products.map((p) => ({ product_id: p.id, quantity: g.quantity, unit_price: p.list_price, subtotal: lineTotal(p.list_price, g.quantity) }))),
		...(total !== null ? { total } : {}),
	});
	// a request whose every match is out of stock (asked with a quantity, or several variants) still gets alternatives
	if (groups.length === 1 && only.products.every((p) => !p.in_stock)) {
		const alternatives = await catalog.alternatives(only.products[0], 3);
		if (alternatives.length) {
			lines.push(words.alternatives, ...alternatives.map((p) => words.line(p.name, price(p), null, null, stockNote(ctx, p, 1))));
			shown.push(...alternatives);
		}
	}
	const offered = offer.length > 0 && !groups.some((g) => g.inexact) && (wants.quote || wants.total || groups.length > 1 || groups.some((g) => g.explicit && g.quantity > 1));
	if (offered) lines.push(words.offer);
	return { text: lines.join('\n'), shown, offer, offered, outOfStock: groups.some((g) => g.products.some((p) => !p.in_stock)) };
}
