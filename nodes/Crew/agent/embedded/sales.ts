import type { Tenant } from '../../../TenantConfig/schema/tenant';
import type { SalesMemory } from '../../state';
import { answerDraft, handoffDraft, type Draft, type TurnContext } from '../context';
import { composeAnswer } from './sales/answer';
import { Catalog } from './sales/catalog';
import { describe } from './sales/details';
import type { Lang3 } from './sales/lexicon';
import { hasProducts, known, readSales, recordAnswer, remember } from './sales/memory';
import { money } from './sales/money';
import { SALES_PHRASES } from './sales/phrases';
import { createQuotation, type QuoteLine } from './sales/quote';
import { names, parseRequest, type SalesRequest, type Synonyms } from './sales/request';
import { resolve } from './sales/resolve';

/** Earlier customer messages read for the product a follow-up points at, when no sales answer showed one. */
const HISTORY_TURNS = 3;

/** The tenant's own words for catalog names; read defensively, as older configurations have none. */
function synonymsOf(tenant: Tenant): Synonyms {
	const raw = (tenant as { synonyms?: unknown }).synonyms;
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
	return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The language product names are written in: the tenant's own. */
function catalogLanguage(tenant: Tenant): Lang3 {
	const lang = String(tenant.locale ?? '').slice(0, 2).toLowerCase();
	return lang === 'es' || lang === 'en' ? lang : 'pt';
}

/** The quotation lines a yes agrees to: the ones offered, with a quantity the customer gives now ("quero uma"). */
function agreedLines(request: SalesRequest, sales: SalesMemory): QuoteLine[] {
	const lines: QuoteLine[] = sales.offer?.lines.map((l) => ({ ...l })) ?? sales.last.map((g) => ({ product: g.products[0], quantity: g.quantity }));
	const given = request.segments.find((s) => s.quantity !== null);
	if (given?.quantity && (given.each || lines.length === 1)) for (const line of lines) line.quantity = given.quantity;
	return lines;
}

/**
 * A follow-up ("e o preto?", "qto custa?") in a conversation whose product question another
 * agent answered: the product is read from the customer's earlier messages.
 */
async function recallFromHistory(ctx: TurnContext, catalog: Catalog, sales: SalesMemory, synonyms: Synonyms): Promise<void> {
	const earlier = ctx.memory.turns.filter((t) => t.role === 'customer').slice(-HISTORY_TURNS).reverse();
	for (const turn of earlier) {
		const request = parseRequest(turn.text, ctx.lang, synonyms);
		if (!request.segments.some((s) => s.codes.length > 0 || s.units.some((u) => u.strong))) continue;
		const { groups } = await resolve(catalog, request, sales, []);
		if (groups.length === 0) continue;
		recordAnswer(sales, groups, groups.flatMap((g) => g.products));
		return;
	}
}

/**
 * Sales as customers ask: the products of the message (several at once, with quantities),
 * price × quantity and the total in Odoo's currency, stock and where it is, alternatives in stock
 * for what is out, follow-ups resolved from the conversation, and a quotation created in Odoo once
 * the customer says yes. Nothing found: said plainly with a person offered (a yes hands over),
 * never an invented figure.
 */
export async function salesDraft(ctx: TurnContext): Promise<Draft> {
	if (!ctx.tools.has('odoo_product_search')) return handoffDraft(ctx, 'no_catalog', ctx.phrases.nothingGrounded);
	const words = SALES_PHRASES[ctx.lang];
	const sales = readSales(ctx.memory);
	ctx.memory.sales = sales;
	const synonyms = synonymsOf(ctx.tenant);
	const request = parseRequest(ctx.text, ctx.lang, synonyms);
	const namesNothing = !request.segments.some(names);
	// "pode ser essa", "a segunda": a pick among the products just shown, not a yes to all of them
	const picking = request.thisOne || request.ordinal !== null;

	// "Não encontrei… se quiser, chamo um atendente" — "sim, por favor"
	const personOffered = sales.person_offered === true;
	sales.person_offered = false;
	if (personOffered && namesNothing && request.affirmative && !request.negative && !request.quote) return handoffDraft(ctx, 'product_not_found', ctx.phrases.handoff);

	// "sim, pode fazer o orçamento", "fecha o orçamento", "ok go ahead and make the quotation"
	if (namesNothing && !picking && !request.negative && hasProducts(sales) && (request.quote || (request.affirmative && sales.offer?.asked === true))) {
		const lines = agreedLines(request, sales);
		if (lines.length) return await createQuotation(ctx, sales, lines);
	}

	const catalog = new Catalog(ctx, catalogLanguage(ctx.tenant));
	const pointsBack = !request.segments.some((s) => s.codes.length > 0 || s.units.some((u) => u.strong));
	if (pointsBack && !hasProducts(sales)) await recallFromHistory(ctx, catalog, sales, synonyms);
	const resolution = await resolve(catalog, request, sales, known(sales));
	if (catalog.unavailable) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
	const { groups } = resolution;
	if (groups.length === 0) {
		// "not found" is for a product the customer asked for; small talk that reached sales gets a question back
		if (resolution.nothingNamed || (namesNothing && !hasProducts(sales)) || !request.shopping) return answerDraft(words.askProduct, { labels: ['sales'], grounded: false });
		// a plain answer with a person offered: handing off every unmatched word ends most conversations
		sales.person_offered = true;
		return answerDraft(ctx.phrases.productNotFound, { labels: ['sales', 'product_not_found'], grounded: false });
	}

	// a quotation asked for products the customer has already seen priced: no need to ask twice
	if (request.quote && !request.negative && groups.every((g) => g.remembered) && groups.every((g) => g.products.length === 1 && g.products[0].in_stock)) {
		return await createQuotation(ctx, sales, groups.map((g) => ({ product: remember(g.products[0]), quantity: g.quantity })));
	}

	if (request.details && groups.length === 1) {
		const [product] = groups[0].products;
		const description = await describe(ctx, product);
		if (description) {
			recordAnswer(sales, groups, [product]);
			return answerDraft(`**${product.name}** (${money(product.list_price, product.currency, ctx.lang)}): ${description}`, { labels: ['sales'] });
		}
	}

	const answer = await composeAnswer(ctx, catalog, groups, { total: request.total, quote: request.quote || (picking && request.affirmative), where: request.stock });
	recordAnswer(sales, groups, answer.shown);
	sales.offer = answer.offer.length ? { lines: answer.offer.map((l) => ({ product: remember(l.product), quantity: l.quantity })), asked: answer.offered } : null;
	return answerDraft(answer.text, { labels: answer.outOfStock ? ['sales', 'out_of_stock'] : ['sales'] });
}
