/**
 * The sales agent's sentences per language. Every figure in them is passed in, formatted from a
 * tool result or computed from one (a line total, the sum of the lines); these strings never
 * carry a price, a quantity or a date of their own.
 */
import type { Lang } from '../../../responder/locale';

export interface SalesPhrases {
	inStock(name: string, price: string, qty: string | null, where: string | null): string;
	service(name: string, price: string): string;
	outOfStock(name: string, price: string): string;
	/** One product of a list: "- **name** — price" and, when several, "× 2 = total". */
	line(name: string, price: string, quantity: string | null, subtotal: string | null, stock: string | null): string;
	inStockNote(qty: string): string;
	outOfStockNote: string;
	onlyNote(qty: string): string;
	where(qty: string, warehouse: string): string;
	total(amount: string): string;
	listIntro: string;
	optionsIntro: string;
	moreOptions: string;
	inexact: string;
	alternatives: string;
	noAlternatives: string;
	offer: string;
	quoteDone(reference: string): string;
	quoteTotal(amount: string): string;
	quoteNext: string;
	quoteFailed: string;
	quoteNeedsContact: string;
	askProduct: string;
}

export const SALES_PHRASES: Record<Lang, SalesPhrases> = {
	pt: {
		inStock: (name, price, qty, where) => `Temos sim! **${name}** sai por ${price}${qty ? ` e temos ${qty} unidades em estoque${where ? ` (${where})` : ''}` : ''}.`,
		service: (name, price) => `**${name}** sai por ${price}.`,
		outOfStock: (name, price) => `**${name}** (${price}) está sem estoque no momento.`,
		line: (name, price, quantity, subtotal, stock) => `- ${quantity ? `${quantity} × ` : ''}**${name}** — ${price}${subtotal ? ` cada = ${subtotal}` : ''}${stock ? ` (${stock})` : ''}`,
		inStockNote: (qty) => `${qty} em estoque`,
		outOfStockNote: 'sem estoque no momento',
		onlyNote: (qty) => `temos só ${qty} em estoque`,
		where: (qty, warehouse) => `${qty} unidades em ${warehouse}`,
		total: (amount) => `Total: ${amount}`,
		listIntro: 'Segue o valor de cada item:',
		optionsIntro: 'Temos estas opções:',
		moreOptions: 'Temos outras opções também; me diga qual você procura.',
		inexact: 'Não temos exatamente esse modelo; o mais próximo no nosso catálogo:',
		alternatives: 'Opções disponíveis agora:',
		noAlternatives: 'No momento não tenho uma alternativa disponível; se quiser, um atendente avisa você quando chegar.',
		offer: 'Quer que eu prepare um orçamento com esses itens?',
		quoteDone: (reference) => `Prontinho! Gerei o orçamento **${reference}**:`,
		quoteTotal: (amount) => `Total do orçamento: ${amount}`,
		quoteNext: 'Nossa equipe confirma os detalhes de pagamento e entrega com você.',
		quoteFailed: 'Não consegui gerar o orçamento agora; vou pedir para um atendente finalizar para você.',
		quoteNeedsContact: 'Para gerar o orçamento preciso do seu cadastro; vou chamar um atendente para finalizar com você.',
		askProduct: 'Qual produto você procura? Me diga o nome ou o código que eu confiro preço e estoque.',
	},
	es: {
		inStock: (name, price, qty, where) => `¡Sí tenemos! **${name}** cuesta ${price}${qty ? ` y hay ${qty} unidades en stock${where ? ` (${where})` : ''}` : ''}.`,
		service: (name, price) => `**${name}** cuesta ${price}.`,
		outOfStock: (name, price) => `**${name}** (${price}) está sin stock por ahora.`,
		line: (name, price, quantity, subtotal, stock) => `- ${quantity ? `${quantity} × ` : ''}**${name}** — ${price}${subtotal ? ` c/u = ${subtotal}` : ''}${stock ? ` (${stock})` : ''}`,
		inStockNote: (qty) => `${qty} en stock`,
		outOfStockNote: 'sin stock por ahora',
		onlyNote: (qty) => `solo hay ${qty} en stock`,
		where: (qty, warehouse) => `${qty} unidades en ${warehouse}`,
		total: (amount) => `Total: ${amount}`,
		listIntro: 'Estos son los precios:',
		optionsIntro: 'Tenemos estas opciones:',
		moreOptions: 'También hay otras opciones; dime cuál buscas.',
		inexact: 'No tenemos exactamente ese modelo; lo más parecido en nuestro catálogo:',
		alternatives: 'Opciones disponibles ahora:',
		noAlternatives: 'Por ahora no tengo una alternativa disponible; si quieres, un asesor te avisa cuando llegue.',
		offer: '¿Quieres que te prepare un presupuesto con estos productos?',
		quoteDone: (reference) => `¡Listo! Preparé el presupuesto **${reference}**:`,
		quoteTotal: (amount) => `Total del presupuesto: ${amount}`,
		quoteNext: 'Nuestro equipo confirma contigo el pago y la entrega.',
		quoteFailed: 'No pude generar el presupuesto ahora; le pido a un asesor que lo termine contigo.',
		quoteNeedsContact: 'Para generar el presupuesto necesito tus datos; te paso con un asesor para terminarlo.',
		askProduct: '¿Qué producto buscas? Dime el nombre o el código y te confirmo precio y stock.',
	},
	en: {
		inStock: (name, price, qty, where) => `Yes, we have it! **${name}** is ${price}${qty ? ` and we have ${qty} units in stock${where ? ` (${where})` : ''}` : ''}.`,
		service: (name, price) => `**${name}** is ${price}.`,
		outOfStock: (name, price) => `**${name}** (${price}) is out of stock right now.`,
		line: (name, price, quantity, subtotal, stock) => `- ${quantity ? `${quantity} × ` : ''}**${name}** — ${price}${subtotal ? ` each = ${subtotal}` : ''}${stock ? ` (${stock})` : ''}`,
		inStockNote: (qty) => `${qty} in stock`,
		outOfStockNote: 'out of stock right now',
		onlyNote: (qty) => `only ${qty} in stock`,
		where: (qty, warehouse) => `${qty} units at ${warehouse}`,
		total: (amount) => `Total: ${amount}`,
		listIntro: 'Here are the prices:',
		optionsIntro: 'We have these options:',
		moreOptions: 'There are other options too; tell me which one you are looking for.',
		inexact: 'We do not have that exact model; the closest in our catalog:',
		alternatives: 'Available right now:',
		noAlternatives: 'I have no alternative in stock right now; if you like, a colleague will let you know when it is back.',
		offer: 'Shall I prepare a quotation with these items?',
		quoteDone: (reference) => `Done! I prepared quotation **${reference}**:`,
		quoteTotal: (amount) => `Quotation total: ${amount}`,
		quoteNext: 'Our team will confirm payment and delivery with you.',
		quoteFailed: 'I could not create the quotation right now; a colleague will finish it with you.',
		quoteNeedsContact: 'To prepare the quotation I need your details; a colleague will finish it with you.',
		askProduct: 'Which product are you looking for? Tell me its name or code and I will check price and stock.',
	},
};
