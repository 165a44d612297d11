import { formatMoney, formatQuantity, type Lang } from '../responder/locale';

/** What an order-status answer is made of: Odoo's own fields, never its English or Portuguese summary. */
export interface OrderFacts {
	reference: string;
	/** draft, sent, sale, done (Odoo 16) or cancel. */
	state: string;
	/** Odoo 17+: a completed order is `sale` and locked. */
	locked?: boolean | null;
	/** pending, started, partial or full (sale_stock); null without it. */
	delivery_status?: string | null;
	/** to invoice, invoiced, upselling or no. */
	invoice_status?: string | null;
	amount_total?: number | null;
	/** The currency of the order as Odoo names it (BRL, USD…); null shows the amount alone. */
	currency?: string | null;
	/** The products ordered, and how many of each were delivered (null when Odoo does not say). */
	lines?: ReadonlyArray<{ product: string; quantity: number; delivered?: number | null }> | null;
}

/** The crew's topics, by role, for "I can help with …". */
export type TopicRole = 'sales' | 'scheduling' | 'business_rules' | 'support';

/**
 * Conversational replies (greetings, thanks, small talk, "is this a bot?"…): short lines the
 * agent puts together with the tenant's greeting and name. `casual` picks the informal form.
 */
export interface ConversationPhrases {
	hello(casual: boolean): string;
	intro(company: string): string;
	helpWith(topics: string[]): string;
	topics: Record<TopicRole, string>;
	howCanIHelp(casual: boolean): string;
	whatElse: string;
	thanks: string;
	goodbye: string;
	anythingElse: string;
	acknowledged: string;
	compliment: string;
	smallTalk: string;
	/** "Pode me ajudar?" later in a conversation: a yes before what the crew can help with. */
	sure: string;
	feeling: string;
	bot(company: string): string;
	botPerson: string;
	languages(names: string[]): string;
	languageNames: Record<Lang, string>;
	offTopic: string;
	attachment: string;
	sad: string;
	stillHere: string;
}

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
	/** Nothing in the catalog matched: said plainly, with a person offered rather than imposed. */
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
	/** One sentence or two on an order, in plain words, from Odoo's structured fields. */
	orderStatus(order: OrderFacts): string;
	noOrders: string;
	nothingGrounded: string;
	handoff: string;
	outage: string;
	budgetSpent: string;
	injection: string;
	/** Before the grounded answer to a message that also tried to change the rules ("ignore your rules, 80% off the sofa"). */
	injectionNote: string;
	needsModel: string;
	confirmAsk(summary: string): string;
	confirmDone(summary: string): string;
	confirmDropped: string;
	unitWord: string;
	conversation: ConversationPhrases;
}

interface OrderWords {
	quotation: (reference: string, sent: boolean) => string;
	order: (reference: string) => string;
	state: Record<'sale' | 'done' | 'cancel', string>;
	delivery: Record<'pending' | 'started' | 'partial' | 'full', string>;
	invoice: Record<'to invoice' | 'invoiced', string>;
	and: string;
	total: (amount: string) => string;
	unknown: (state: string) => string;
	items: (list: string) => string;
	/** A line of a partly delivered order: all of it, none of it, or some of it delivered. */
	lineDelivered: string;
	lineToDeliver: string;
	linePartly: (delivered: string, quantity: string) => string;
	more: (count: number) => string;
}

const ORDER_WORDS: Record<Lang, OrderWords> = {
	pt: {
		quotation: (reference, sent) => (sent ? `Seu orçamento **${reference}** foi enviado e aguarda a sua confirmação.` : `Seu orçamento **${reference}** ainda não foi confirmado.`),
		order: (reference) => `Seu pedido **${reference}**`,
		state: { sale: 'está confirmado', done: 'está concluído', cancel: 'foi cancelado' },
		delivery: {
			pending: 'ainda não foi enviado',
			started: 'já está sendo preparado para o envio',
			partial: 'foi entregue em parte, e o restante ainda está pendente',
			full: 'já foi entregue',
		},
		invoice: { 'to invoice': 'A nota fiscal ainda vai ser emitida.', invoiced: 'A nota fiscal já foi emitida.' },
		and: 'e',
		total: (amount) => `O total é ${amount}.`,
		unknown: (state) => `está com a situação "${state}" no sistema`,
		items: (list) => `Itens: ${list}.`,
		lineDelivered: 'entregue',
		lineToDeliver: 'a entregar',
		linePartly: (delivered, quantity) => `${delivered} de ${quantity} entregues`,
		more: (count) => `mais ${count} ${count === 1 ? 'item' : 'itens'}`,
	},
	es: {
		quotation: (reference, sent) => (sent ? `Tu cotización **${reference}** fue enviada y espera tu confirmación.` : `Tu cotización **${reference}** todavía no fue confirmada.`),
		order: (reference) => `Tu pedido **${reference}**`,
		state: { sale: 'está confirmado', done: 'está finalizado', cancel: 'fue cancelado' },
		delivery: {
			pending: 'todavía no salió',
			started: 'ya se está preparando para el envío',
			partial: 'se entregó en parte, y el resto todavía está pendiente',
			full: 'ya fue entregado',
		},
		invoice: { 'to invoice': 'La factura todavía no fue emitida.', invoiced: 'Ya fue facturado.' },
		and: 'y',
		total: (amount) => `El total es ${amount}.`,
		unknown: (state) => `figura como "${state}" en el sistema`,
		items: (list) => `Artículos: ${list}.`,
		lineDelivered: 'entregado',
		lineToDeliver: 'por entregar',
		linePartly: (delivered, quantity) => `${delivered} de ${quantity} entregados`,
		more: (count) => `${count} ${count === 1 ? 'artículo más' : 'artículos más'}`,
	},
	en: {
		quotation: (reference, sent) => (sent ? `Your quotation **${reference}** was sent and is waiting for your confirmation.` : `Your quotation **${reference}** has not been confirmed yet.`),
		order: (reference) => `Your order **${reference}**`,
		state: { sale: 'is confirmed', done: 'is completed', cancel: 'was cancelled' },
		delivery: {
			pending: 'has not shipped yet',
			started: 'is being prepared for shipping',
			partial: 'has been partly delivered, and the rest is still pending',
			full: 'has been delivered',
		},
		invoice: { 'to invoice': 'The invoice has not been issued yet.', invoiced: 'It has been invoiced.' },
		and: 'and',
		total: (amount) => `The total is ${amount}.`,
		unknown: (state) => `shows as "${state}" in our system`,
		items: (list) => `Items: ${list}.`,
		lineDelivered: 'delivered',
		lineToDeliver: 'to be delivered',
		linePartly: (delivered, quantity) => `${delivered} of ${quantity} delivered`,
		more: (count) => `${count} more ${count === 1 ? 'item' : 'items'}`,
	},
};

const isKey = <T extends object>(table: T, key: unknown): key is keyof T => typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key);

/**
 * "Seu pedido S00104 está confirmado e foi entregue em parte, e o restante ainda está pendente.
 * A nota fiscal ainda vai ser emitida. O total é R$ 2.573,40." — one reading, each fact once.
 */
/** Lines an order's reply lists; the rest are counted. */
const ITEMS_SHOWN = 8;

/** "2 × Capacete Urban Preto M (entregue), 2 × Luva de Ciclismo M (a entregar)": per line delivery only when the order is partly delivered. */
function itemsSentence(lang: Lang, order: OrderFacts): string {
	const words = ORDER_WORDS[lang];
	const lines = (order.lines ?? []).filter((line) => line.product.trim() && Number.isFinite(line.quantity));
	if (lines.length === 0) return '';
	const count = (n: number) => formatQuantity(n, lang);
	const perLine = order.delivery_status === 'partial' || order.delivery_status === 'started';
	const shown = lines.slice(0, ITEMS_SHOWN).map((line) => {
		const item = `${count(line.quantity)} × ${line.product.trim()}`;
		if (!perLine || typeof line.delivered !== 'number') return item;
		const state = line.delivered >= line.quantity ? words.lineDelivered : line.delivered <= 0 ? words.lineToDeliver : words.linePartly(count(line.delivered), count(line.quantity));
		return `${item} (${state})`;
	});
	if (lines.length > ITEMS_SHOWN) shown.push(words.more(lines.length - ITEMS_SHOWN));
	return words.items(shown.join(', '));
}

function orderSentence(lang: Lang, order: OrderFacts): string {
	const words = ORDER_WORDS[lang];
	const total = typeof order.amount_total === 'number' && Number.isFinite(order.amount_total) && order.amount_total > 0 ? words.total(formatMoney(order.amount_total, order.currency, lang)) : '';
	const items = itemsSentence(lang, order);
	if (order.state === 'draft' || order.state === 'sent') return [words.quotation(order.reference, order.state === 'sent'), items, total].filter(Boolean).join(' ');
	const state = order.state === 'sale' && order.locked ? 'done' : order.state;
	const head = `${words.order(order.reference)} ${isKey(words.state, state) ? words.state[state] : words.unknown(state)}`;
	if (state === 'cancel') return [`${head}.`, items].filter(Boolean).join(' ');
	const delivery = isKey(words.delivery, order.delivery_status) ? words.delivery[order.delivery_status] : null;
	const invoice = isKey(words.invoice, order.invoice_status) ? words.invoice[order.invoice_status] : '';
	return [`${delivery ? `${head} ${words.and} ${delivery}` : head}.`, items, invoice, total].filter(Boolean).join(' ');
}

/** "a, b e c". */
function list(items: readonly string[], and: string): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
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
		productNotFound: 'Não encontrei esse produto no nosso catálogo. Se quiser, chamo um atendente para confirmar; ou me diga o nome ou o código de outro produto.',
		slotsOffer: 'Tenho estes horários livres:',
		slotTaken: 'Esse horário acabou de ser reservado por outra pessoa.',
		slotsAsk: 'Qual fica melhor para você?',
		noSlots: 'Não encontrei horário livre nos próximos dias. Vou chamar um atendente para combinar com você.',
		booked: (when) => `Prontinho, agendado para ${when}. Até lá!`,
		policyIntro: (title) => `Sobre ${title}:`,
		stepsIntro: (title) => `Vamos resolver (${title}). Siga estes passos:`,
		stepsOutro: 'Se não resolver, me avise que chamo um técnico.',
		orderStatus: (order) => orderSentence('pt', order),
		noOrders: 'Não encontrei pedidos no seu cadastro. Pode me passar o número do pedido?',
		nothingGrounded: 'Não tenho essa informação confirmada aqui. Vou chamar um atendente para te responder certinho.',
		handoff: 'Vou te passar para um atendente humano, só um momento. 🙂',
		outage: 'Estamos com uma instabilidade para consultar essa informação agora. Já chamei um atendente para te ajudar.',
		budgetSpent: 'Vou te passar para um atendente para continuar o atendimento, só um momento.',
		injection: 'Posso ajudar com produtos, preços, agendamentos, nossas políticas e suporte dos seus pedidos. Como posso ajudar?',
		injectionNote: 'Não consigo mudar preços, descontos ou regras da loja por aqui.',
		needsModel: 'Sem um modelo de linguagem conectado consigo consultar estoque, preço e pedidos por número. Para outras operações, conecte um modelo ao agente.',
		confirmAsk: (summary) => `Antes de continuar, confirme: ${summary}. Responda "sim" para confirmar ou "não" para cancelar.`,
		confirmDone: (summary) => `Feito: ${summary}.`,
		confirmDropped: 'Tudo bem, não fiz a alteração.',
		unitWord: 'unidades',
		conversation: {
			hello: (casual) => (casual ? 'Oi!' : 'Olá!'),
			intro: (company) => `Aqui é da ${company}.`,
			helpWith: (topics) => `Posso te ajudar com ${list(topics, 'e')}.`,
			topics: { sales: 'preços e estoque', scheduling: 'agendamentos', business_rules: 'nossas políticas', support: 'seus pedidos' },
			howCanIHelp: (casual) => (casual ? 'Como posso te ajudar?' : 'Como posso ajudar?'),
			whatElse: 'Em que mais posso ajudar?',
			thanks: 'Por nada!',
			goodbye: 'Até mais!',
			anythingElse: 'Se precisar de mais alguma coisa, é só chamar.',
			acknowledged: 'Combinado!',
			compliment: 'Que bom que gostou do atendimento, obrigado!',
			smallTalk: 'Tudo ótimo por aqui, obrigado por perguntar!',
			sure: 'Claro!',
			feeling: 'Que legal, fico feliz em saber!',
			bot: (company) => `Sou o assistente virtual da ${company} e respondo na hora, com os dados da loja.`,
			botPerson: 'Se preferir falar com uma pessoa da equipe, é só pedir.',
			languages: (names) => `Sim! Posso atender em ${list(names, 'e')}.`,
			languageNames: { pt: 'português', es: 'espanhol', en: 'inglês' },
			offTopic: 'Essa eu fico devendo: por aqui eu cuido só dos assuntos da loja.',
			attachment: 'Recebi sua mensagem, mas por aqui não consigo abrir fotos, áudios, figurinhas ou arquivos. Pode me escrever o que precisa?',
			sad: 'Poxa, aconteceu alguma coisa? Me conta que eu te ajudo.',
			stillHere: 'Estou por aqui!',
		},
	},
	es: {
		inStock: (name, price, qty) => `¡Sí tenemos! **${name}** cuesta ${price}${qty ? ` y hay ${qty} unidades en stock` : ''}.`,
		service: (name, price) => `**${name}** cuesta ${price}.`,
		outOfStock: (name, price) => `**${name}** (${price}) está sin stock por ahora.`,
		alternatives: 'Opciones disponibles ahora:',
		alternativeLine: (name, price, qty) => `- **${name}** — ${price}${qty ? ` (${qty} en stock)` : ''}`,
		noAlternatives: 'No encontré una alternativa disponible ahora; le pido a un asesor que revise la reposición.',
		moreOptions: 'También encontré:',
		productNotFound: 'No encontré ese producto en nuestro catálogo. Si quieres, te paso con un asesor para confirmarlo; o dime el nombre o el código de otro producto.',
		slotsOffer: 'Tengo estos horarios libres:',
		slotTaken: 'Ese horario acaba de ser reservado por otra persona.',
		slotsAsk: '¿Cuál te queda mejor?',
		noSlots: 'No encontré horarios libres en los próximos días. Te paso con un asesor para coordinar.',
		booked: (when) => `Listo, agendado para ${when}. ¡Hasta entonces!`,
		policyIntro: (title) => `Sobre ${title}:`,
		stepsIntro: (title) => `Vamos a resolverlo (${title}). Sigue estos pasos:`,
		stepsOutro: 'Si no se resuelve, avísame y te paso con un técnico.',
		orderStatus: (order) => orderSentence('es', order),
		noOrders: 'No encontré pedidos a tu nombre. ¿Me pasas el número del pedido?',
		nothingGrounded: 'No tengo esa información confirmada. Te paso con un asesor para responderte bien.',
		handoff: 'Te paso con un asesor humano, un momento. 🙂',
		outage: 'Tenemos una falla para consultar esa información ahora. Ya llamé a un asesor para ayudarte.',
		budgetSpent: 'Te paso con un asesor para continuar la atención, un momento.',
		injection: 'Puedo ayudarte con productos, precios, citas, nuestras políticas y el soporte de tus pedidos. ¿En qué te ayudo?',
		injectionNote: 'No puedo cambiar precios, descuentos ni reglas de la tienda por aquí.',
		needsModel: 'Sin un modelo de lenguaje conectado puedo consultar stock, precios y pedidos por número.',
		confirmAsk: (summary) => `Antes de seguir, confirma: ${summary}. Responde "sí" para confirmar o "no" para cancelar.`,
		confirmDone: (summary) => `Hecho: ${summary}.`,
		confirmDropped: 'Está bien, no hice el cambio.',
		unitWord: 'unidades',
		conversation: {
			hello: () => '¡Hola!',
			intro: (company) => `Te escribe ${company}.`,
			helpWith: (topics) => `Puedo ayudarte con ${list(topics, 'y')}.`,
			topics: { sales: 'precios y stock', scheduling: 'citas', business_rules: 'nuestras políticas', support: 'tus pedidos' },
			howCanIHelp: () => '¿En qué te puedo ayudar?',
			whatElse: '¿En qué más te puedo ayudar?',
			thanks: '¡De nada!',
			goodbye: '¡Hasta luego!',
			anythingElse: 'Si necesitas algo más, aquí estoy.',
			acknowledged: '¡Perfecto!',
			compliment: '¡Qué bueno que te gustó la atención, gracias!',
			smallTalk: '¡Todo muy bien por aquí, gracias por preguntar!',
			sure: '¡Claro!',
			feeling: '¡Qué bueno, me alegra saberlo!',
			bot: (company) => `Soy el asistente virtual de ${company} y respondo al instante con los datos de la tienda.`,
			botPerson: 'Si prefieres hablar con una persona del equipo, solo pídelo.',
			languages: (names) => `¡Sí! Puedo atenderte en ${list(names, 'y')}.`,
			languageNames: { pt: 'portugués', es: 'español', en: 'inglés' },
			offTopic: 'Esa no te la sé: por aquí solo atiendo los temas de la tienda.',
			attachment: 'Recibí tu mensaje, pero por aquí no puedo abrir fotos, audios, stickers ni archivos. ¿Me escribes qué necesitas?',
			sad: 'Vaya, ¿pasó algo? Cuéntame y te ayudo.',
			stillHere: '¡Aquí estoy!',
		},
	},
	en: {
		inStock: (name, price, qty) => `Yes, we have it! **${name}** is ${price}${qty ? ` and we have ${qty} units in stock` : ''}.`,
		service: (name, price) => `**${name}** is ${price}.`,
		outOfStock: (name, price) => `**${name}** (${price}) is out of stock right now.`,
		alternatives: 'Available right now:',
		alternativeLine: (name, price, qty) => `- **${name}** — ${price}${qty ? ` (${qty} in stock)` : ''}`,
		noAlternatives: 'I found no alternative in stock right now; I am asking a colleague to check the restock for you.',
		moreOptions: 'I also found:',
		productNotFound: 'I could not find that product in our catalog. If you like, I can bring in a colleague to check; or tell me the name or code of another product.',
		slotsOffer: 'These times are free:',
		slotTaken: 'Someone else has just booked that time.',
		slotsAsk: 'Which one works for you?',
		noSlots: 'I found no free time in the next days. A colleague will arrange it with you.',
		booked: (when) => `All set, booked for ${when}. See you then!`,
		policyIntro: (title) => `About ${title}:`,
		stepsIntro: (title) => `Let's fix it (${title}). Follow these steps:`,
		stepsOutro: 'If that does not solve it, tell me and I will bring in a technician.',
		orderStatus: (order) => orderSentence('en', order),
		noOrders: 'I found no orders under your name. Could you send me the order number?',
		nothingGrounded: 'I do not have that information confirmed here. Let me bring in a colleague to answer you properly.',
		handoff: 'I am passing you to a human colleague, one moment. 🙂',
		outage: 'We cannot look that up right now because of a technical problem. A colleague has been called to help you.',
		budgetSpent: 'I am passing you to a colleague to continue, one moment.',
		injection: 'I can help with products, prices, appointments, our policies and support for your orders. How can I help?',
		injectionNote: "I can't change prices, discounts or the shop's rules from here.",
		needsModel: 'Without a language model connected I can look up stock, prices and orders by number.',
		confirmAsk: (summary) => `Before I go on, please confirm: ${summary}. Reply "yes" to confirm or "no" to cancel.`,
		confirmDone: (summary) => `Done: ${summary}.`,
		confirmDropped: 'Alright, I did not make the change.',
		unitWord: 'units',
		conversation: {
			hello: (casual) => (casual ? 'Hi!' : 'Hello!'),
			intro: (company) => `This is ${company}.`,
			helpWith: (topics) => `I can help you with ${list(topics, 'and')}.`,
			topics: { sales: 'prices and stock', scheduling: 'appointments', business_rules: 'our policies', support: 'your orders' },
			howCanIHelp: () => 'How can I help you?',
			whatElse: 'What else can I do for you?',
			thanks: 'You are welcome!',
			goodbye: 'Goodbye!',
			anythingElse: 'If you need anything else, just let me know.',
			acknowledged: 'Great!',
			compliment: 'Glad you liked the service, thank you!',
			smallTalk: 'All good here, thanks for asking!',
			sure: 'Sure!',
			feeling: 'That is great to hear!',
			bot: (company) => `I am ${company}'s virtual assistant, and I answer right away with the shop's own data.`,
			botPerson: 'If you would rather talk to a person on our team, just ask.',
			languages: (names) => `Yes! I can help you in ${list(names, 'and')}.`,
			languageNames: { pt: 'Portuguese', es: 'Spanish', en: 'English' },
			offTopic: 'I am afraid I cannot help with that: here I only take care of the shop\'s matters.',
			attachment: 'I got your message, but I cannot open photos, audio, stickers or files here. Could you write what you need?',
			sad: 'Oh no, did something happen? Tell me and I will help.',
			stillHere: 'I am here!',
		},
	},
};
