import type { Lang } from '../responder/locale';

/**
 * The embedded responder's words, per language. Every figure in them is filled in from tool
 * results by the caller; these strings never carry a price, a quantity or a date of their own.
 */
export interface Phrases {
	inStock(name: string, price: string, qty: string | null): string;
	service(name: string, price: string): string;
	outOfStock(name: string, price: string): string;
	alternatives: string;
	alternativeLine(name: string, price: string, qty: string | null): string;
	noAlternatives: string;
	moreOptions: string;
	productNotFound: string;
	slotsOffer: string;
	/** The slot the customer picked was booked by someone else meanwhile. */
	slotTaken: string;
	slotsAsk: string;
	noSlots: string;
	booked(when: string): string;
	policyIntro(title: string): string;
	stepsIntro(title: string): string;
	stepsOutro: string;
	orderStatus(reference: string, status: string, total: string | null): string;
	noOrders: string;
	nothingGrounded: string;
	handoff: string;
	outage: string;
	budgetSpent: string;
	injection: string;
	needsModel: string;
	confirmAsk(summary: string): string;
	confirmDone(summary: string): string;
	confirmDropped: string;
	unitWord: string;
}

export const PHRASES: Record<Lang, Phrases> = {
	pt: {
		inStock: (name, price, qty) => `Temos sim! **${name}** sai por ${price}${qty ? ` e temos ${qty} unidades em estoque` : ''}.`,
		service: (name, price) => `**${name}** sai por ${price}.`,
		outOfStock: (name, price) => `**${name}** (${price}) está sem estoque no momento.`,
		alternatives: 'Opções disponíveis agora:',
		alternativeLine: (name, price, qty) => `- **${name}** — ${price}${qty ? ` (${qty} em estoque)` : ''}`,
		noAlternatives: 'Não encontrei uma alternativa disponível agora; vou pedir para um atendente verificar a reposição para você.',
		moreOptions: 'Também encontrei:',
		productNotFound: 'Não encontrei esse produto no nosso catálogo. Vou chamar um atendente para te ajudar.',
		slotsOffer: 'Tenho estes horários livres:',
		slotTaken: 'Esse horário acabou de ser reservado por outra pessoa.',
		slotsAsk: 'Qual fica melhor para você?',
		noSlots: 'Não encontrei horário livre nos próximos dias. Vou chamar um atendente para combinar com você.',
		booked: (when) => `Prontinho, agendado para ${when}. Até lá!`,
		policyIntro: (title) => `Sobre ${title}:`,
		stepsIntro: (title) => `Vamos resolver (${title}). Siga estes passos:`,
		stepsOutro: 'Se não resolver, me avise que chamo um técnico.',
		orderStatus: (reference, status, total) => `Seu pedido **${reference}**: ${status}${total ? ` Total: ${total}.` : ''}`,
		noOrders: 'Não encontrei pedidos no seu cadastro. Pode me passar o número do pedido?',
		nothingGrounded: 'Não tenho essa informação confirmada aqui. Vou chamar um atendente para te responder certinho.',
		handoff: 'Vou te passar para um atendente humano, só um momento. 🙂',
		outage: 'Estamos com uma instabilidade para consultar essa informação agora. Já chamei um atendente para te ajudar.',
		budgetSpent: 'Vou te passar para um atendente para continuar o atendimento, só um momento.',
		injection: 'Posso ajudar com produtos, preços, agendamentos, nossas políticas e suporte dos seus pedidos. Como posso ajudar?',
		needsModel: 'Sem um modelo de linguagem conectado consigo consultar estoque, preço e pedidos por número. Para outras operações, conecte um modelo ao agente.',
		confirmAsk: (summary) => `Antes de continuar, confirme: ${summary}. Responda "sim" para confirmar ou "não" para cancelar.`,
		confirmDone: (summary) => `Feito: ${summary}.`,
		confirmDropped: 'Tudo bem, não fiz a alteração.',
		unitWord: 'unidades',
	},
	es: {
		inStock: (name, price, qty) => `¡Sí tenemos! **${name}** cuesta ${price}${qty ? ` y hay ${qty} unidades en stock` : ''}.`,
		service: (name, price) => `**${name}** cuesta ${price}.`,
		outOfStock: (name, price) => `**${name}** (${price}) está sin stock por ahora.`,
		alternatives: 'Opciones disponibles ahora:',
		alternativeLine: (name, price, qty) => `- **${name}** — ${price}${qty ? ` (${qty} en stock)` : ''}`,
		noAlternatives: 'No encontré una alternativa disponible ahora; le pido a un asesor que revise la reposición.',
		moreOptions: 'También encontré:',
		productNotFound: 'No encontré ese producto en nuestro catálogo. Te paso con un asesor.',
		slotsOffer: 'Tengo estos horarios libres:',
		slotTaken: 'Ese horario acaba de ser reservado por otra persona.',
		slotsAsk: '¿Cuál te queda mejor?',
		noSlots: 'No encontré horarios libres en los próximos días. Te paso con un asesor para coordinar.',
		booked: (when) => `Listo, agendado para ${when}. ¡Hasta entonces!`,
		policyIntro: (title) => `Sobre ${title}:`,
		stepsIntro: (title) => `Vamos a resolverlo (${title}). Sigue estos pasos:`,
		stepsOutro: 'Si no se resuelve, avísame y te paso con un técnico.',
		orderStatus: (reference, status, total) => `Tu pedido **${reference}**: ${status}${total ? ` Total: ${total}.` : ''}`,
		noOrders: 'No encontré pedidos a tu nombre. ¿Me pasas el número del pedido?',
		nothingGrounded: 'No tengo esa información confirmada. Te paso con un asesor para responderte bien.',
		handoff: 'Te paso con un asesor humano, un momento. 🙂',
		outage: 'Tenemos una falla para consultar esa información ahora. Ya llamé a un asesor para ayudarte.',
		budgetSpent: 'Te paso con un asesor para continuar la atención, un momento.',
		injection: 'Puedo ayudarte con productos, precios, citas, nuestras políticas y el soporte de tus pedidos. ¿En qué te ayudo?',
		needsModel: 'Sin un modelo de lenguaje conectado puedo consultar stock, precios y pedidos por número.',
		confirmAsk: (summary) => `Antes de seguir, confirma: ${summary}. Responde "sí" para confirmar o "no" para cancelar.`,
		confirmDone: (summary) => `Hecho: ${summary}.`,
		confirmDropped: 'Está bien, no hice el cambio.',
		unitWord: 'unidades',
	},
	en: {
		inStock: (name, price, qty) => `Yes, we have it! **${name}** is ${price}${qty ? ` and we have ${qty} units in stock` : ''}.`,
		service: (name, price) => `**${name}** is ${price}.`,
		outOfStock: (name, price) => `**${name}** (${price}) is out of stock right now.`,
		alternatives: 'Available right now:',
		alternativeLine: (name, price, qty) => `- **${name}** — ${price}${qty ? ` (${qty} in stock)` : ''}`,
		noAlternatives: 'I found no alternative in stock right now; I am asking a colleague to check the restock for you.',
		moreOptions: 'I also found:',
		productNotFound: 'I could not find that product in our catalog. Let me bring in a colleague to help you.',
		slotsOffer: 'These times are free:',
		slotTaken: 'Someone else has just booked that time.',
		slotsAsk: 'Which one works for you?',
		noSlots: 'I found no free time in the next days. A colleague will arrange it with you.',
		booked: (when) => `All set, booked for ${when}. See you then!`,
		policyIntro: (title) => `About ${title}:`,
		stepsIntro: (title) => `Let's fix it (${title}). Follow these steps:`,
		stepsOutro: 'If that does not solve it, tell me and I will bring in a technician.',
		orderStatus: (reference, status, total) => `Your order **${reference}**: ${status}${total ? ` Total: ${total}.` : ''}`,
		noOrders: 'I found no orders under your name. Could you send me the order number?',
		nothingGrounded: 'I do not have that information confirmed here. Let me bring in a colleague to answer you properly.',
		handoff: 'I am passing you to a human colleague, one moment. 🙂',
		outage: 'We cannot look that up right now because of a technical problem. A colleague has been called to help you.',
		budgetSpent: 'I am passing you to a colleague to continue, one moment.',
		injection: 'I can help with products, prices, appointments, our policies and support for your orders. How can I help?',
		needsModel: 'Without a language model connected I can look up stock, prices and orders by number.',
		confirmAsk: (summary) => `Before I go on, please confirm: ${summary}. Reply "yes" to confirm or "no" to cancel.`,
		confirmDone: (summary) => `Done: ${summary}.`,
		confirmDropped: 'Alright, I did not make the change.',
		unitWord: 'units',
	},
};
