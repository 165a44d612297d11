import { formatMoney, formatQuantity } from '../../responder/locale';
import { answerDraft, fold, handoffDraft, type Draft, type TurnContext } from '../context';

interface Product {
	id: number;
	name: string;
	default_code: string | null;
	list_price: number;
	currency: string | null;
	qty_available: number | null;
	in_stock: boolean;
}

// Words that frame a question but name no product: removed so the search sees the product.
const FILLERS = new Set(
	(
		'oi ola ola bom boa dia tarde noite tudo bem blz vcs voces voce vc tem tém teem têm tenho ter queria quero gostaria saber qual quais quanto quanta qto qnto custa custam ' +
		'preco precos valor valores sai fica esta estao ta tao disponivel disponiveis estoque em no na nos nas de do da dos das o a os as um uma uns umas pra para por favor pfv pf ' +
		'me manda passa informa ai aí? e é ainda algum alguma modelo modelos hola buenas buenos tienen tiene tienes cuanto cuesta cuestan precio stock hay el la los las unos del ' +
		'hi hello do you have how much is are the a an price prices cost costs in any for please pls plz' 
	).split(/\s+/),
);

export function productQuery(text: string): string {
	const words = fold(text)
		.replace(/[^\p{L}\p{N}\s-]/gu, ' ')
		.split(/\s+/)
		.filter((w) => w.length > 1 && !FILLERS.has(w));
	return words.join(' ').trim() || text.trim();
}

const price = (ctx: TurnContext, p: Product) => formatMoney(p.list_price, p.currency || 'BRL', ctx.lang);
const qty = (ctx: TurnContext, p: Product) => (p.qty_available === null ? null : formatQuantity(p.qty_available, ctx.lang));

async function search(ctx: TurnContext, query: string, limit: number): Promise<Product[] | null> {
	const found = await ctx.tools.call<{ products: Product[] }>('odoo_product_search', { query, limit });
	return found.ok ? (found.data?.products ?? []) : null;
}

/** Price and stock from Odoo; alternatives in stock when the product is out. */
export async function salesDraft(ctx: TurnContext): Promise<Draft> {
	if (!ctx.tools.has('odoo_product_search')) return handoffDraft(ctx, 'no_catalog', ctx.phrases.nothingGrounded);
	const query = productQuery(ctx.text);
	let products = query.length >= 2 ? await search(ctx, query, 5) : [];
	if (products === null) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
	if (products.length === 0) {
		// Long messages: retry with the two longest words, which usually name the product.
		const keywords = query.split(' ').sort((a, b) => b.length - a.length).slice(0, 2).join(' ');
		if (keywords && keywords !== query) products = (await search(ctx, keywords, 5)) ?? [];
	}
	if (products.length === 0) return handoffDraft(ctx, 'product_not_found', ctx.phrases.productNotFound);
	const [top] = products;
	const lines: string[] = [];
	if (top.in_stock) {
		lines.push(top.qty_available === null ? ctx.phrases.service(top.name, price(ctx, top)) : ctx.phrases.inStock(top.name, price(ctx, top), qty(ctx, top)));
		return answerDraft(lines.join('\n'), { labels: ['sales'] });
	}
	lines.push(ctx.phrases.outOfStock(top.name, price(ctx, top)));
	let alternatives = products.filter((p) => p.id !== top.id && p.in_stock);
	if (alternatives.length === 0) {
		// The first word of the product's name is usually its kind ("Cadeira", "Notebook").
		const kind = top.name.split(/\s+/)[0];
		alternatives = ((await search(ctx, kind, 10)) ?? []).filter((p) => p.id !== top.id && p.in_stock);
	}
	if (alternatives.length === 0) return { ...handoffDraft(ctx, 'out_of_stock_no_alternative'), text: `${lines[0]}\n${ctx.phrases.noAlternatives}`, grounded: true };
	lines.push(ctx.phrases.alternatives, ...alternatives.slice(0, 3).map((p) => ctx.phrases.alternativeLine(p.name, price(ctx, p), qty(ctx, p))));
	return answerDraft(lines.join('\n'), { labels: ['sales', 'out_of_stock'] });
}
