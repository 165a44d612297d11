/**
 * A small cross-language lexicon of the notions the five intents turn on ("price", "book",
 * "shipping", "defect", "my order"…). Each message also yields one `k:` token per notion it
 * mentions, in whatever language or spelling: Spanish and English have about 36 training lines
 * per intent, too few for the model to learn "cita" and "appointment" on its own, while the
 * Portuguese "agendar" lines can teach it `k:book` for all three.
 *
 * Entries are accent-folded words after abbreviation expansion; `*` ends a prefix; a space
 * separates the words of a phrase.
 */
const LEXICON: Readonly<Record<string, readonly string[]>> = {
	price: ['preco*', 'precio*', 'price*', 'pricing', 'valor', 'valores', 'custa', 'custam', 'custo', 'cuesta*', 'costo*', 'cost', 'costs', 'quanto', 'quanta', 'cuanto', 'cuanta', 'how much', 'sai', 'barato*', 'cheap*', 'caro', 'expensive', 'budget', 'orcamento*', 'cotiza*', 'quote*', 'proposta', 'presupuesto*', '#money'],
	buy: ['compra', 'comprar', 'quero comprar', 'vende', 'vendem', 'vendes', 'venden', 'vender', 'sell', 'sells', 'buy', 'purchase', 'catalog*', 'estoque', 'stock', 'disponive*', 'disponible*', 'available', 'ainda tem', 'still have', 'carry', 'atacado', 'mayoreo', 'wholesale', 'bulk', 'interessad*', 'interesad*', 'interested'],
	product: ['modelo*', 'model*', 'cor', 'cores', 'color*', 'colour*', 'tamanho*', 'talla*', 'size*', 'voltage*', 'especifica*', 'spec*', 'diferenca', 'diferencia', 'difference', 'compar*', 'versus', 'vs', 'recomend*', 'recommend*', 'indica', 'indicam', 'melhor', 'mejor', 'better', 'best', 'vale a pena', 'worth it', 'serve', 'sirve para', 'compativel', 'compatible', 'tem em', 'tienen en', 'in stock', 'plano*', 'plan', 'plans', 'pacote*', 'paquete*', 'package*'],
	spec: ['gb', 'mb', 'mbps', 'mega', 'megas', 'giga', 'polegada*', 'pulgada*', 'inch*', 'kg', 'cm', 'mm', 'ml', 'litro*', 'liter*', 'watt*', 'btu*', 'volt*', 'voltagem', 'hz', 'mah', 'kwh', 'tecido', 'tela', 'material', 'fabric', 'espessura', 'peso', 'weight', 'medida*', 'dimens*', 'possuem', 'possui', 'trabalham com', 'trabajan con', 'work with', 'marca', 'brand', 'original', 'originais', 'generico*', 'generic', 'importado*'],
	discount: ['desconto*', 'descuento*', 'discount*', 'promo*', 'oferta*', 'offer', 'cupom', 'cupon', 'coupon', 'black friday'],
	book: ['agend*', 'marcar', 'marco', 'marca', 'reserv*', 'book', 'booking', 'appointment*', 'cita', 'citas', 'turno', 'turnos', 'vaga', 'vagas', 'slot*', 'horario disponivel', 'horarios disponiveis', 'remarc*', 'reagend*', 'reprogram*', 'reschedul*', 'desmarc*', 'encaixe', 'schedule', 'scheduling', 'calendar', 'consulta', 'aula', 'aulas', 'clase', 'clases', 'class', 'classes', 'demo', 'demonstra*', 'visita', 'visit', 'test drive', 'sessao', 'sesion', 'session', 'mesa para', 'mesa pra', 'table for', 'confirm*'],
	when: ['#time', '#date', 'hoje', 'amanha', 'hoy', 'manana', 'today', 'tomorrow', 'tonight', 'segunda', 'terca', 'quarta', 'quinta', 'sexta', 'sabado', 'domingo', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'semana que vem', 'proxima semana', 'next week', 'proxima', 'proximo', 'depois das', 'antes das', 'de manha', 'a tarde', 'a noite', 'morning', 'afternoon', 'evening'],
	returns: ['troca', 'trocar', 'devolu*', 'devolv*', 'return', 'returns', 'exchange', 'cambio', 'cambiar', 'reembolso', 'refund*', 'estorno', 'arrepend*', 'desist*', 'credito na loja', 'store credit'],
	warranty: ['garantia', 'warranty', 'guarantee'],
	shipping: ['frete*', 'envio', 'envios', 'enviam', 'envian', 'entregam', 'entregan', 'entregas', 'ship', 'ships', 'shipping', 'deliver', 'delivery', 'prazo de entrega', 'plazo de entrega', 'tarda en llegar', 'take to arrive', 'cep', 'correio*', 'sedex', 'transportadora', 'retir*', 'pick up', 'pickup', 'recoger'],
	payment: ['pagamento*', 'pagar', 'pago', 'pagos', 'pay', 'payment*', 'pix', 'cartao', 'tarjeta', 'card', 'credito', 'credit', 'debito', 'debit', 'boleto', 'parcel*', 'cuotas', 'meses sin intereses', 'installment*', 'efectivo', 'dinheiro', 'cash', 'transferencia', 'paypal', 'mercado pago', 'apple pay', 'klarna', 'afterpay', 'vale alimentacao', 'vale refeicao', 'aceitam', 'aceita', 'aceptan', 'accept'],
	invoice: ['nota fiscal', 'factura*', 'invoice*', 'receipt', 'recibo', 'cnpj', 'cpf', 'rfc', 'vat'],
	hours: ['horario de funcionamento', 'horario de atencion', 'horario de atendimento', 'abre', 'abrem', 'abren', 'fecha', 'fecham', 'cierran', 'cierra', 'open', 'opens', 'close', 'closes', 'opening hours', 'funciona aos', 'funcionam', 'feriado*', 'holiday*', 'festivo*', 'labor day', '24h', 'que horas', 'what time do you'],
	place: ['endereco', 'direccion', 'address', 'onde fica', 'donde queda', 'donde estan', 'located', 'location', 'estacionamento', 'estacionamiento', 'parking', 'unidade*', 'sucursal*', 'branch*', 'filial'],
	deadline: ['prazo*', 'plazo*', 'how long', 'how many days', 'quantos dias', 'cuantos dias', 'quanto tempo', 'cuanto tiempo', 'dias uteis', 'dias habiles', 'business days', 'demora', 'tarda', 'take to'],
	policy: ['politica*', 'policy', 'regra*', 'regla*', 'rule', 'rules', 'minimo', 'minimum', 'taxa', 'tarifa', 'fee', 'fees', 'multa', 'penalty', 'gratis', 'gratuit*', 'free', 'sem custo', 'sin costo', 'cobram', 'cobran', 'exige', 'exigem', 'precisa de', 'necesita', 'require*', 'autoriza*', 'menor de idade', 'menores', 'minors', 'idade minima', 'edad minima'],
	privacy: ['privacidade', 'privacy', 'lgpd', 'dados', 'datos', 'data', 'compartilh*', 'comparten', 'share my', 'excluir meus', 'delete my', 'borren'],
	terms: ['contrato', 'contract', 'fidelidade', 'permanencia', 'incluso', 'incluido', 'included', 'charge for', 'allowed', 'permitido*', 'pode levar', 'precisa de receita', 'prescription'],
	defect: ['defeito*', 'defect*', 'quebr*', 'roto', 'rota', 'rompio', 'broke', 'broken', 'nao funciona', 'no funciona', 'not working', 'stopped working', 'parou', 'dejo de funcionar', 'erro', 'error', 'falha', 'falla', 'problema', 'problem', 'issue', 'bug', 'trav*', 'congel*', 'freez*', 'crash*', 'lento', 'lenta', 'slow', 'caiu', 'cai', 'caindo', 'down', 'sem internet', 'sin internet', 'vazando', 'vazou', 'leak*', 'mancha*', 'riscad*', 'arranhad*', 'scratch*', 'rasgad*', 'torn', 'estragad*', 'podre', 'descol*', 'nao liga', 'no enciende', 'no prende', 'turn on', 'esquent*', 'overheat*', 'barulho', 'ruido', 'noise', 'squeak*', 'rangendo', 'dano', 'danificad*', 'damaged', 'amassad*', 'dented', 'murch*', 'sozinho', 'by itself'],
	howto: ['como faco', 'como instalo', 'como configur*', 'como uso', 'como usar', 'como conect*', 'como se usa', 'how do i', 'how to', 'set up', 'setup', 'configur*', 'instalar', 'install', 'manual', 'instruc*', 'instructions', 'tutorial', 'senha', 'password', 'contrasena', 'login', 'acesso', 'acceso', 'access', 'app', 'aplicativo', 'conta', 'cuenta', 'account', 'resetar', 'reset', 'atualiza*', 'update'],
	myorder: ['meu pedido', 'minha compra', 'minha encomenda', 'my order', 'my package', 'mi pedido', 'mi compra', 'mi paquete', 'rastre*', 'tracking', 'track', 'status', 'onde esta', 'where is', 'donde esta', 'cade', 'chegou', 'nao chegou', 'no llego', 'no ha llegado', 'never arrived', 'hasnt arrived', 'arrived', 'llego', 'veio', 'vino', 'came', 'recebi', 'recibi', 'received', 'got the', 'me llego', 'atrasad*', 'late', 'delayed', 'faltando', 'missing', 'falta', 'errado', 'errada', 'wrong', 'equivocad*', 'trocado'],
	charge: ['cobrado', 'cobraram', 'cobraron', 'cobro', 'charged', 'twice', 'duas vezes', 'dos veces', 'cobranca', 'cargo', 'fatura', 'bill', 'billing', 'nao reconheco', 'no reconozco', 'dont recognize', 'do not recognize', 'unrecognized', 'nao autorizei', 'unauthorized', 'recusad*', 'rechazad*', 'declined', 'paguei', 'pague', 'i paid', 'already paid', 'ja paguei', 'ya pague', 'comprovante', 'comprobante', 'receipt attached'],
	cancelorder: ['cancelar meu pedido', 'cancelar o pedido', 'cancel my order', 'cancelar mi pedido', 'cancelar el pedido', 'alterar o pedido', 'mudar o endereco', 'change my order'],
	owned: ['comprei', 'compre', 'bought', 'purchased', 'adquiri', 'contratei', 'contrate', 'instalaram', 'instalaron', 'installed', 'my', 'meu', 'minha', 'mi'],
};

interface Entry {
	concept: string;
	words: string[];
}

const ENTRIES: readonly Entry[] = Object.entries(LEXICON).flatMap(([concept, items]) => items.map((item) => ({ concept, words: item.split(' ') })));
const SINGLE_EXACT = new Map<string, string[]>();
const SINGLE_PREFIX: Array<[string, string]> = [];
const PHRASES: Entry[] = [];
for (const entry of ENTRIES) {
	if (entry.words.length > 1) PHRASES.push(entry);
	else if (entry.words[0].endsWith('*')) SINGLE_PREFIX.push([entry.words[0].slice(0, -1), entry.concept]);
	else SINGLE_EXACT.set(entry.words[0], [...(SINGLE_EXACT.get(entry.words[0]) ?? []), entry.concept]);
}
const EXACT_WORDS = [...SINGLE_EXACT.keys()].filter((word) => word.length >= 5 && !word.startsWith('#'));

const matches = (pattern: string, word: string): boolean => (pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern);

/** One edit (insert, delete, substitute, swap of neighbours) apart: the typos people make on phones. */
export function withinOneEdit(a: string, b: string): boolean {
	if (a === b) return true;
	if (Math.abs(a.length - b.length) > 1) return false;
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i]) i++;
	if (a.length === b.length) {
		if (a.slice(i + 1) === b.slice(i + 1)) return true;
		return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
	}
	return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function conceptsOfWord(word: string, fuzzy: boolean): string[] {
	const exact = SINGLE_EXACT.get(word);
	const found = exact ? [...exact] : [];
	for (const [prefix, concept] of SINGLE_PREFIX) if (word.startsWith(prefix)) found.push(concept);
	if (found.length > 0 || word.length < 5 || !fuzzy) return found;
	// a misspelt long word ("garantai", "devoluçao" typed "devolucao" is already folded) still counts
	for (const known of EXACT_WORDS) if (withinOneEdit(word, known)) found.push(...(SINGLE_EXACT.get(known) ?? []));
	for (const [prefix, concept] of SINGLE_PREFIX) if (prefix.length >= 5 && word.length >= prefix.length && withinOneEdit(word.slice(0, prefix.length), prefix)) found.push(concept);
	return found;
}

const PT_NOT_PAST = new Set(['estou', 'meu', 'seu', 'teu', 'ateu', 'judeu', 'museu', 'europeu', 'chapeu', 'pneu', 'breu', 'plebeu', 'sou', 'vou', 'dou', 'tou']);
const EN_NOT_PAST = new Set(['included', 'required', 'allowed', 'interested', 'used', 'based', 'limited', 'unlimited', 'detailed', 'advanced', 'certified', 'refurbished', 'sealed', 'speed', 'seed', 'feed', 'need', 'indeed', 'breed', 'embed', 'hundred', 'insured', 'licensed', 'experienced', 'scheduled', 'wired', 'bed']);

/**
 * Something already happened to the customer ("quebrou", "cobraram", "se cayó", "stopped"):
 * past-tense verbs are most of what tells a support case from a question asked before buying.
 * Spanish preterites are read from the raw text, where "llegó" still differs from "llego".
 */
function tellsWhatHappened(words: readonly string[], rawText: string): boolean {
	for (const word of words) {
		if (word.length >= 4 && /(?:ou|eu|iu|aram|eram|iram)$/.test(word) && !PT_NOT_PAST.has(word)) return true;
		if (word.length >= 5 && /(?:aron|ieron)$/.test(word)) return true;
		if (word.length >= 5 && word.endsWith('ed') && !EN_NOT_PAST.has(word)) return true;
	}
	return /\p{L}{2,}(?:ó|ió)(?![\p{L}])/u.test(rawText.toLowerCase());
}

/**
 * The notions a message mentions, as `k:` tokens (each notion once per message). `fuzzy` also
 * counts words one typo away from a lexicon word: right for the classifier, which weighs every
 * notion, too loose for a yes/no test ("preto" is one letter from "preco").
 */
export function conceptFeatures(words: readonly string[], rawText = '', fuzzy = true): string[] {
	const found = new Set<string>();
	// "25w", "4k", "256gb", "i7", "s23": a letter-and-digit token is nearly always a product spec
	if (words.some((word) => /^(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]{2,8}$/.test(word))) found.add('spec');
	if (tellsWhatHappened(words, rawText)) found.add('past');
	for (const word of words) for (const concept of conceptsOfWord(word, fuzzy)) found.add(concept);
	for (const { concept, words: phrase } of PHRASES) {
		for (let i = 0; i + phrase.length <= words.length; i++) {
			if (phrase.every((pattern, j) => matches(pattern, words[i + j]))) {
				found.add(concept);
				break;
			}
		}
	}
	// pairs naive Bayes cannot see on its own, since it weighs each notion apart
	if (found.has('price') && found.has('shipping')) found.add('shipping-fee');
	return [...found].sort().map((concept) => `k:${concept}`);
}
