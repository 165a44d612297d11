/**
 * What a customer asks the sales agent, read from their words: the products they name (one
 * segment per product: "a bike urbana verde e o cadeado"), how many of each ("10 cadeiras",
 * "duas mesas", "3x", "uma dúzia"), and what they want done (a total, a quotation, the other one,
 * both of them). Nothing here knows the catalog: matching is match.ts's job.
 */
import { classOf, type WordClass } from './lexicon';
import { fold, isNumber, singulars, tokens } from './words';

/** One thing the customer named: a word, or a phrase the tenant's synonyms give other words for. */
export interface Unit {
	/** Word lists that may stand for it, the customer's own first ("bomba de pé" → [bomba, pe], [bomba, ar, piso]). */
	alts: string[][];
	cls: WordClass;
	/** Whether it can make a product match on its own: a product word, not an attribute, a number or a filler like "kit". */
	strong: boolean;
}

export interface Segment {
	units: Unit[];
	/** The quantity written for this product, null when none was ("quanto custa a mesa?"). */
	quantity: number | null;
	/** "2 de cada", "5 of each": the quantity applies to every product in play. */
	each: boolean;
	/** Internal references as written ("E-COM09", "FURN_8900"). */
	codes: string[];
	/** Joined to the previous segment by "com"/"con"/"with", which may still be the same product. */
	soft: boolean;
}

export interface SalesRequest {
	segments: Segment[];
	/** Asks for a quotation or an order ("faz o orçamento", "make me a quote", "pode fazer o pedido"). */
	quote: boolean;
	/** Starts with a yes ("sim", "pode", "fechado", "ok", "dale", "go ahead"). */
	affirmative: boolean;
	negative: boolean;
	/** "os dois", "as duas", "los dos", "both", "ambos". */
	both: boolean;
	/** "a outra", "el otro", "the other one". */
	other: boolean;
	/** "essa", "esse", "this one": the product just shown. */
	thisOne: boolean;
	/** "a primeira", "the second one": 0-based. */
	ordinal: number | null;
	/** Asks for a sum ("total", "tudo", "juntas", "together"). */
	total: boolean;
	/** Asks about stock or where to pick it up. */
	stock: boolean;
	/** Asks what the product is or comes with ("what does it include?", "o que vem?", "medidas"). */
	details: boolean;
	/** Asks for something to buy: a price, stock, a purchase ("quanto", "tem", "vendem", "how much", "hay"). */
	shopping: boolean;
}

export type Synonyms = Readonly<Record<string, string>>;

export const QUALIFIER_CLASSES: ReadonlySet<WordClass> = new Set<WordClass>(['colour', 'size', 'material', 'side', 'adjective', 'number']);

/** Whether a segment names a product or says which one ("preta", "M"); "5 de cada" or "cuánto es" name none. */
export const names = (segment: Segment): boolean => segment.codes.length > 0 || segment.units.some((u) => u.strong || QUALIFIER_CLASSES.has(u.cls));

const STOP = new Set(
	(
		// pt
		'oi ola olá bom boa bons boas dia dias tarde tardes noite noites tudo bem blz beleza opa eai vcs voces vc voce tem tém teem têm tens tenho ter temos tinha teria tiver queria quero quer querem gostaria gostava ' +
		'saber sabe qual quais quanto quanta quantos quantas qto qtos qnto qnt qt custa custam custaria custo custos preco precos valor valores sai saem sairia fica ficam ficaria da dá dao daria ' +
		'esta estao ta tao disponivel disponiveis disponibilidade estoque em no na nos nas num numa de do dos das o a os as um uma uns umas pra pro pras pros para por ' +
		'favor pfv pf pfvr pls plz me manda mandar mande mandem passa passar passe informa informar informe ai e ainda algum alguma alguns algumas modelo modelos tipo tipos cor cores tamanho tamanhos numero ' +
		'unidade unidades unid und un peca pecas item itens produto produtos esse essa esses essas este estes estas isso isto aquele aquela outro outros outras mesmo mesma so apenas tambem ' +
		'outra otra mais menos muito muita ate entao agora hoje hj amanha ja vou vai ir eu meu minha meus minhas seu sua nosso nossa vendem vende vender venda vendas comprar compra compro levar levo leva pegar ' +
		'preciso precisa precisamos necessito orcamento orcamentos cotacao cotacoes proposta pedido pedidos fazer faz faca fazem gerar gera gere gerem fecha fechar fechado fechou feche ' +
		'comecar empezar start inclui incluem incluye incluyen include includes included vem viene vienen comes come descricao descripcion description detalhe detalhes detalle detalles details detail especificacao especificacoes especificaciones specs medida medidas dimensoes dimensiones dimensions enviar envia enviem envie total tudo todos todas junto juntos juntas ambos ambas cada qualquer q que se nao sim ok okay certo oq vi ver olhar achei acho existe existem ha trabalham trabalha ' +
		'retirar buscar loja valeu obrigado obrigada obg vlw diferenca comparar parecido parecida parecidos similar semelhante opcao opcoes alternativa alternativas acabou esgotado esgotou chegou repor ' +
		'gostei legal top show perfeito pode podem poderia seria serao sera insta instagram site anuncio vista avista pix cartao parcelar parcela parcelado vezes frete entrega envio ' +
		'att atenciosamente abraco abs grato grata cliente empresa grupo pessoal galera ser seja sera fico como quando onde porque pq receber recebo chega chegar entregar pagar pago usar uso funciona serve cabe sei vejo vendo posso consigo conseguir ajuda ajudar ' +
		// es
		'hola buenas buenos buen tal sale es eso son sea tienen tiene tienes tenes hay habra cuanto cuantos cuantas cuesta cuestan costaria cuestaria salen saldria serian precio valen vale ' +
		'el la los las lo un unos unas del al en por porfa mi mis su sus quiero quisiera necesito necesitamos busco buscando llevar pedir pido presupuesto presupuestos cotizacion cotizaciones ' +
		'hacer hace haces hace arma armame armar pasar pasas pasame mandame enviar envio existencia existencias tienda almacen deposito talle talla tamano color unidad unidades pieza piezas ' +
		'articulo articulos producto productos ese esos esas eso esto otro otros otras tambien si tus gracias saludos cordiales atentamente solicito solicitamos favor usted ustedes ' +
		'cual cuales donde alguna alguno algun juntos juntas todo todos total seria cuando porque puedo puede ayuda ayudar quedo llevo ' +
		// en
		'when where why who help option options opcion opciones hi hello hey good morning afternoon evening the an of for to in on at by is are was were be been do does did you your we our us i im me my have has had how much many what whats ' +
		'which price prices pricing cost costs costing quote quotes quotation quotations estimate need needs want wants would like could can please thanks thank any some available availability ' +
		'stock units unit pieces piece pcs items item product products this that these those one ones it its they them there their here get buy take send give make put together all each ' +
		'both other another same also just only size colour color model type ok okay yes sure go ahead sell sells carry got tell if best regards sincerely cheers dear shipping delivery ' +
		'looking look interested formal about will so there and or y ou ' +
		// discounts asked for and the words of an attempt to override the crew's rules: never a product
		'desconto descontos descuento descuentos discount discounts off promocao promocion promo cupom cupon coupon aplica aplicar aplique aplicame aplicale apply dame deme give ' +
		'prepara preparar prepare preparame ignore ignora ignorar esqueca esquece esquecer olvida olvidate olvidar forget regra regras regla reglas rule rules instrucoes instrucciones instructions autorizo autoriza authorize ceo dono dueno owner'
	)
		.split(/\s+/)
		.filter(Boolean)
		.map(fold),
);

/** Words that sell something by the unit: the number before them is how many ("6 pares", "3 horas", "2 units"). */
const QUANTITY_UNITS = new Set(['unidade', 'unidades', 'unid', 'und', 'un', 'unidad', 'unit', 'units', 'peca', 'pecas', 'pieza', 'piezas', 'piece', 'pieces', 'pc', 'pcs', 'par', 'pares', 'pair', 'pairs', 'hora', 'horas', 'hour', 'hours', 'x']);

/** Words after a number that make it a specification of the product, not a quantity ("800 lumens", "4 pessoas", "12 velocidades"). */
const SPEC_UNITS = new Set([
	'lumen', 'lumens', 'ml', 'l', 'litro', 'litros', 'liter', 'liters', 'w', 'watt', 'watts', 'v', 'volt', 'volts', 'velocidade', 'velocidades', 'velocidad', 'velocidades', 'speeds',
	'pessoa', 'pessoas', 'persona', 'personas', 'person', 'people', 'lugar', 'lugares', 'plaza', 'plazas', 'seat', 'seats', 'seater', 'cm', 'mm', 'm', 'kg', 'g', 'gb', 'tb', 'polegada', 'polegadas',
	'pulgada', 'pulgadas', 'inch', 'inches', 'btu', 'btus', 'folhas', 'folha', 'gavetas', 'gaveta', 'portas', 'porta', 'puertas', 'doors', 'materias', 'marchas', 'marcha', 'gears',
]);

/** Words before a number that make it a specification ("aro 29", "talla 40", "size 10"). */
const SPEC_MARKERS = new Set(['aro', 'rodado', 'rin', 'tamanho', 'talla', 'talle', 'size', 'numero', 'n', 'no', 'modelo', 'model', 'serie', 'series', 'versao', 'version', 'tipo']);

const NUMBER_WORDS: Readonly<Record<string, number>> = {
	dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, onze: 11, doze: 12, quinze: 15, vinte: 20, trinta: 30, cem: 100,
	cuatro: 4, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12, quince: 15, veinte: 20, treinta: 30, cien: 100,
	two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, hundred: 100,
};
/** Only counts when nothing else in its segment names a product ("quero uma", "I'll take one"). */
const ONE_WORDS = new Set(['um', 'uma', 'uno', 'una', 'un', 'one']);
const DOZEN = new Set(['duzia', 'duzias', 'docena', 'docenas', 'dozen', 'dozens']);

/** Fillers and verbs that are product-ish but name nothing on their own ("quero montar um kit"). */
const WEAK = new Set(['kit', 'kits', 'set', 'conjunto', 'jogo', 'pack', 'combo', 'base', 'linha', 'line', 'tipo', 'montar', 'armar', 'assemble', 'trocar', 'lavar', 'revisar']);

/** The value of a number written in digits or words, "3x"/"x3" included; null when it is none. */
export function numberValue(word: string, lang: string): number | null {
	if (/^\d{1,6}$/.test(word)) return Number(word);
	const times = /^(\d{1,5})x$|^x(\d{1,5})$/.exec(word);
	if (times) return Number(times[1] ?? times[2]);
	if (word === 'dos') return lang === 'es' ? 2 : null;
	return NUMBER_WORDS[word] ?? null;
}

const CODE = /(?<![\p{L}\p{N}_-])(?=[\w-]*\d)(?=[\w-]*[A-Z_-])[A-Za-z][\w-]{2,30}(?![\p{L}\p{N}_-])/gu;

/** The most likely singular, for a search: the shortest reading, which a longer name still contains. */
export function searchForm(word: string): string {
	return singulars(word).reduce((best, form) => (form.length < best.length ? form : best), word);
}

const strongWord = (word: string) => word.length >= 3 && !isNumber(word) && !WEAK.has(word) && classOf(word) === 'noun';

function unitOf(alts: string[][]): Unit {
	const classes = alts[0].map(classOf);
	const numeric = alts[0].every(isNumber);
	const cls: WordClass = numeric ? 'number' : classes.every((c) => c === classes[0]) ? classes[0] : 'noun';
	return { alts, cls, strong: !numeric && alts.some((alt) => alt.some(strongWord)) };
}

/** Synonym keys and values as word lists, longest key first. */
function synonymTable(synonyms: Synonyms | undefined): Array<{ key: string[]; value: string[] }> {
	const table: Array<{ key: string[]; value: string[] }> = [];
	for (const [key, value] of Object.entries(synonyms ?? {})) {
		if (typeof key !== 'string' || typeof value !== 'string') continue;
		const k = tokens(key);
		const v = tokens(value).filter((w) => !STOP.has(w));
		if (k.length && v.length) table.push({ key: k, value: v });
	}
	return table.sort((a, b) => b.key.length - a.key.length);
}

const matchesAt = (words: string[], at: number, key: string[]) => key.every((k, i) => words[at + i] === k || (words[at + i] !== undefined && singulars(words[at + i]).includes(k)));

interface Parsed {
	units: Unit[];
	quantity: number | null;
	each: boolean;
}

/** Units and quantity of one segment's words. */
function parseWords(words: string[], lang: string, table: ReturnType<typeof synonymTable>): Parsed {
	let quantity: number | null = null;
	let each = false;
	let oneWord = false;
	const units: Unit[] = [];
	let seenContent = false;
	for (let i = 0; i < words.length; i++) {
		const word = words[i];
		if (word === 'cada' || word === 'each') each = true;
		const synonym = table.find((s) => matchesAt(words, i, s.key));
		if (synonym) {
			const own = synonym.key.filter((w) => !STOP.has(w));
			units.push(unitOf([own.length ? own : synonym.value, synonym.value]));
			seenContent = true;
			i += synonym.key.length - 1;
			continue;
		}
		if (DOZEN.has(word)) {
			const before = i > 0 ? numberValue(words[i - 1], lang) : null;
			quantity = (words[i - 1] === 'meia' || words[i - 1] === 'media' || words[i - 1] === 'half' ? 0.5 : before ?? 1) * 12;
			continue;
		}
		const value = numberValue(word, lang);
		const previous = i > 0 ? words[i - 1] : '';
		const next = words[i + 1] ?? '';
		// before any product word ("10 camaras"), or after a filler and before one ("our startup needs 8 office chairs");
		// "aro 29", "800 lumens" and "iphone 15 pro" are specifications
		const startsProduct = (STOP.has(previous) || QUANTITY_UNITS.has(previous)) && next.length >= 3 && !STOP.has(next) && numberValue(next, lang) === null && classOf(next) === 'noun';
		if (value !== null && !SPEC_MARKERS.has(previous) && !SPEC_UNITS.has(next) && (!seenContent || startsProduct || /x/.test(word)) && quantity === null) {
			quantity = value;
			continue;
		}
		if (ONE_WORDS.has(word)) {
			oneWord = true;
			continue;
		}
		if (STOP.has(word) || QUANTITY_UNITS.has(word)) continue;
		if (word.length < 2 && !/^[pmgsl]$/.test(word) && !/\d/.test(word)) continue;
		units.push(unitOf([[word]]));
		seenContent = true;
	}
	if (quantity === null && oneWord && units.length === 0) quantity = 1;
	return { units, quantity, each };
}

// Separators between products. Hard: punctuation, "e"/"y"/"and"/"ou"/"or". Soft: "com"/"con"/"with",
// which also join a product to its own feature ("bermuda com forro", "cabinet with doors").
const HARD = /[,;:!?\n+()[\]{}]|\.(?=\s|$)|\s(?:e|y|and|&|ou|or)\s|(?<=\p{L})\/(?=\p{L})/giu;
const SOFT = /\s(?:com|con|with)\s/giu;

function pieces(text: string): Array<{ text: string; soft: boolean }> {
	const out: Array<{ text: string; soft: boolean }> = [];
	for (const hard of text.split(HARD)) {
		const parts = hard.split(SOFT);
		parts.forEach((part, i) => out.push({ text: part, soft: i > 0 }));
	}
	return out.filter((p) => p.text.trim());
}

const has = (text: string, pattern: RegExp) => pattern.test(text);

const SHOPPING =
	/\b(?:quanto|quanta|qto|qnto|qnt|preco|precos|valor|valores|custa|custam|custo|tem|tens|temos|teem|vende|vendem|venda|estoque|disponive(?:l|is)|comprar|compro|quero|queria|preciso|orcamento|cotacao|price|prices|cost|costs|how much|how many|have|sell|sells|stock|available|buy|need|want|quote|quotation|cuanto|cuanta|cuantos|cuantas|precio|precios|cuesta|cuestan|sale|salen|hay|tienen|tiene|tenes|venden|quiero|necesito|busco|presupuesto|cotizacion|disponibles?)\b/;
const AFFIRMATIVE = /^\s*(?:sim|s|pode|ok|okay|claro|fechado|fechou|fecha|bora|isso|perfeito|beleza|blz|combinado|yes|yeah|yep|sure|go ahead|great|si|dale|de acuerdo|perfecto|listo|vale|hace|hacelo|armame)\b/;
const QUOTE_NOUN = /\b(?:orcamento|orcamentos|cotacao|cotizacao|cotizacion|presupuesto|quote|quotation|proposta|pedido|order)\b/;
/** A quotation word alone may be a question about one ("o orçamento vale quanto tempo?"): only asking for one creates it. */
const QUOTE_ACTION = /\b(?:faz|fazer|faca|fazem|gera|gerar|gere|fecha|fechar|feche|manda|mandar|mande|envia|enviar|envie|enviem|passa|passar|pasas|pasame|prepara|preparar|prepare|monta|montar|pode|podem|poderia|quero|queria|gostaria|finaliza|finalizar|confirma|confirmar|confirmo|make|send|create|put together|draw up|go ahead|place|arma|armame|armar|hace|hacer|haz|hacelo|preparame|manda|mandame|envia|enviame|quiero|necesito|solicito|can you|could you|please)\b/;

export function parseRequest(text: string, lang: string, synonyms?: Synonyms): SalesRequest {
	let normalised = String(text ?? '')
		// "80% de desconto" is a share, never a quantity
		.replace(/\d+(?:[.,]\d+)?\s*(?:%|por\s*cento|por\s*ciento|percent\b)/gi, ' ')
		.replace(/['’](?:s|re|ll|ve|d|m|t)\b/gi, '')
		.replace(/['’]/g, '')
		.replace(/\b[pP]\/\s*/g, 'para ')
		.replace(/\b[cC]\/\s*/g, 'com ')
		.replace(/\b(\d{2})er\b/g, 'aro $1');
	const folded = ` ${fold(normalised).replace(/\s+/g, ' ')} `;
	// "as duas", "the two" point back only when no product word follows ("as duas cadeiras" is a quantity)
	const bothPattern = /\b(?:(?:os|as|dos|das|los|las|the|de los|de las|nos|nas)\s+(?:dois|duas|dos|two|2)(?=\s*(?:$|[,.!?;]|(?:juntas|juntos|juntas|together|de cada|of each|por favor|pfv|please|entao|ai|mesmo|mesmas|mesmos|ones|then|pf)\b))|both|ambos|ambas)\b/giu;
	const both = has(folded, bothPattern);
	normalised = fold(normalised).replace(bothPattern, ' ');
	const table = synonymTable(synonyms);
	const segments: Segment[] = [];
	for (const piece of pieces(normalised)) {
		const parsed = parseWords(tokens(piece.text), lang, table);
		const codes = [...String(text).matchAll(CODE)].map((m) => m[0]).filter((code) => fold(piece.text).includes(fold(code)));
		if (parsed.units.length === 0 && parsed.quantity === null) continue;
		segments.push({ units: parsed.units, quantity: parsed.quantity, each: parsed.each && parsed.quantity !== null, codes, soft: piece.soft });
	}
	return {
		segments,
		quote: has(folded, QUOTE_NOUN) && (has(folded, QUOTE_ACTION) || has(folded, AFFIRMATIVE)),
		affirmative: has(folded, AFFIRMATIVE),
		negative: has(folded, /^\s*(?:nao|no|nope|agora nao|ainda nao|mejor no|not now|deixa|deja)\b/),
		both,
		other: has(folded, /\b(?:a outra|o outro|la otra|el otro|the other)\b/),
		thisOne: has(folded, /\b(?:essa|esse|essa ai|esse ai|este|esta mesmo|this one|that one|esa|ese|esa misma|ese mismo)\b/),
		ordinal: ordinalOf(folded),
		total: has(folded, /\b(?:total|tudo|todo|todos|juntos|juntas|junto|together|somando|soma|in all|altogether|en total)\b/) || both,
		details: has(folded, /\b(?:inclui|incluye|include|includes|included|vem com|vem junto|viene con|comes with|o que vem|que trae|que incluye|descricao|descripcion|description|detalhes|detalles|details|especificac\w*|specs|medidas|dimensoes|dimensiones|dimensions|what is it made|feito de|hecho de)\b/),
		shopping: has(folded, SHOPPING),
		stock: has(folded, /\b(?:tem|tens|temos|estoque|disponive(?:l|is)|hay|stock|disponibles?|available|in stock|how many|quantos|quantas|cuantos|cuantas|retirar|pickup|pick up|loja|tienda|store|deposito)\b/),
	};
}

function ordinalOf(folded: string): number | null {
	const words: Array<[RegExp, number]> = [
		[/\b(?:primeir[oa]|primer[oa]?|first|1o|1a|1st)\b/, 0],
		[/\b(?:segund[oa]|second|2o|2a|2nd)\b/, 1],
		[/\b(?:terceir[oa]|tercer[oa]?|third|3o|3a|3rd)\b/, 2],
	];
	for (const [pattern, index] of words) if (pattern.test(folded)) return index;
	return null;
}
