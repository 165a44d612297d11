import { expandQuery, type QueryTerm } from '../embeddings/expansion';
import { detectLanguage, terms, tokens, type Language } from '../embeddings/tokenizer';

/** Abbreviations whose period does not end a sentence ("Av. Sete de Setembro", "art. 49", "e.g. S00006"). */
const ABBREVIATIONS = new Set(['av', 'dr', 'dra', 'sr', 'sra', 'srta', 'prof', 'art', 'arts', 'n', 'no', 'nº', 'e.g', 'i.e', 'p.ex', 'ex', 'obs', 'tel', 'st', 'mr', 'mrs', 'ms', 'vs', 'aprox', 'approx', 'inc', 'ltda', 'cia']);

/**
 * Splits a text into sentences: after ".", "!" or "?" followed by a space and a capital letter
 * (or an opening mark before one), and at line breaks. Figures ("R$ 1.500,00",
 * "9:00 AM"), abbreviations and semicolons stay inside their sentence, so a condition is never
 * cut from the figure it qualifies.
 */
export function splitSentences(text: string): string[] {
	const out: string[] = [];
	for (const line of text.split(/\n+/)) {
		let start = 0;
		const boundary = /([.!?]+)["'»)]*\s+(?=["'«(¿¡]?\p{Lu})/gu;
		for (let match = boundary.exec(line); match; match = boundary.exec(line)) {
			const before = line.slice(start, match.index).split(/\s+/).pop() ?? '';
			if (match[1] === '.' && ABBREVIATIONS.has(before.toLowerCase().replace(/^\(/, ''))) continue;
			out.push(line.slice(start, match.index + match[0].trimEnd().length).trim());
			start = match.index + match[0].length;
		}
		out.push(line.slice(start).trim());
	}
	return out.filter(Boolean);
}

/**
 * Words that name the kind of document ("what is your return policy", "quais as regras") rather
 * than its subject: most policies never write them, and one that mentions "the returns policy" in
 * passing would win on them. Left out of searches and of passage scoring.
 */
export const DOCUMENT_WORDS = new Set('politica politicas regra regras norma normas policy policies rule rules'.split(' '));

/**
 * Words that ask about a subject in general ("how does the cashback work", "more details")
 * rather than about one of its details; they never narrow an answer down.
 */
const GENERIC = new Set(
	(
		'funciona funcionam funcionamento condicao condicoes informacao informacoes info detalhes explica explicar ' +
		'funcionan condiciones informacion detalles ' +
		'work works working terms conditions information details explain'
	).split(' '),
);

/** The question without the words that only name the kind of document (DOCUMENT_WORDS); the whole question when nothing else is left. */
export function searchText(question: string): string {
	const kept = tokens(question).filter((word) => !DOCUMENT_WORDS.has(word));
	return kept.length ? kept.join(' ') : question;
}

/** The question without its generic words (DOCUMENT_WORDS and GENERIC); the whole question when nothing else is left. */
export function focusText(question: string): string {
	const kept = tokens(question).filter((word) => !DOCUMENT_WORDS.has(word) && !GENERIC.has(word));
	return kept.length ? kept.join(' ') : question;
}

/**
 * The question's word groups a text contains. Every group stands for a word the customer typed
 * (with its cognates and glossary synonyms), so each counts fully however it was matched.
 */
function groupsIn(text: string, language: Language, query: QueryTerm[]): Set<string> {
	const present = new Set(terms(text, language));
	const matched = new Set<string>();
	for (const term of query) if (present.has(term.term)) matched.add(term.group);
	return matched;
}

/**
 * Whether a text holds a word of the question: as typed, as a glossary synonym, or as a figure or
 * code. Across languages a short stem is a coincidence ("tips" and the Portuguese "tipo" both stem
 * to "tip"), so a typed or cognate stem counts there only from five letters on (a name:
 * "Curitiba", "San Francisco").
 */
export function mentions(text: string, question: string | QueryTerm[], language: Language = detectLanguage(text), questionLanguage?: Language): boolean {
	const query = typeof question === 'string' ? questionTerms(question) : question;
	const asked = questionLanguage ?? (typeof question === 'string' ? detectLanguage(question) : language);
	const present = new Set(terms(text, language));
	return query.some((t) => {
		if (!present.has(t.term)) return false;
		if (t.kind === 'glossary' || t.term.startsWith('#')) return true;
		return (t.kind === 'typed' && asked === language) || t.term.length >= 5;
	});
}

/** A question's terms as passage and subject scoring use them: expanded, generic words left out. */
export const questionTerms = (question: string): QueryTerm[] => expandQuery(focusText(question));

/**
 * How strongly the document's subject (its title and topic) names what the question asks about:
 * each glossary concept of the question found there (a policy term: warranty, returns, shipping)
 * counts 1, any other word of the question 0.5 ("Pneu furado" names a detail of "garantia cobre
 * pneu furado?", not its subject). Question frames ("how long", "quanto custa") do not count.
 */
export function subjectMatches(question: string | QueryTerm[], subject: string, documentLanguage?: Language): number {
	const query = typeof question === 'string' ? questionTerms(question) : question;
	if (!subject.trim()) return 0;
	const frames = new Set(query.filter((t) => t.frame).map((t) => t.group));
	let sum = 0;
	for (const group of groupsIn(subject, documentLanguage ?? detectLanguage(subject), query)) if (!frames.has(group)) sum += group.startsWith('concept:') ? 1 : 0.5;
	return sum;
}

export interface PassageOptions {
	/** The document's title and topic: words of the question found there name the subject, not a detail. */
	subject?: string;
	/** At most this many sentences (default 3). */
	max?: number;
	/** A sentence is kept when it scores at least this share of the best one (default 0.4). */
	ratio?: number;
}

export interface Passage {
	text: string;
	/** Whether the whole document was kept (a question about the subject as a whole, or a short text). */
	whole: boolean;
	sentences: number;
}

/**
 * The sentences of a document that answer a question. Each sentence scores the question's word
 * groups it contains (a group once, however many of its synonyms appear), rarer groups within the
 * document counting more and words that only name the document's subject counting half. The
 * best sentence and those scoring at least `ratio` of it are kept in their original order. The
 * whole text is the answer when the question asks about nothing beyond the subject ("como
 * funciona o cashback?"), when it names a detail the text never mentions ("vocês entregam em
 * Portugal?": the text says it another way, so only a reader of all of it can tell), or when the
 * selection would keep most of the text anyway.
 */
export function relevantPassage(text: string, question: string, options: PassageOptions = {}): Passage {
	const sentences = splitSentences(text);
	const whole: Passage = { text: text.trim(), whole: true, sentences: sentences.length };
	if (sentences.length <= 1) return whole;
	const language = detectLanguage(text);
	const query = questionTerms(question);
	const frames = new Set(query.filter((t) => t.frame).map((t) => t.group));
	const subject = new Set([...(options.subject ? groupsIn(options.subject, language, query) : [])].filter((group) => !frames.has(group)));
	const perSentence = sentences.map((sentence) => groupsIn(sentence, language, query));
	const df = new Map<string, number>();
	for (const matched of perSentence) for (const group of matched) df.set(group, (df.get(group) ?? 0) + 1);
	const details = new Set(query.map((t) => t.group).filter((group) => !frames.has(group) && !subject.has(group)));
	if (details.size > 0 && ![...details].some((group) => df.has(group))) return whole;
	if (![...df.keys()].some((group) => !subject.has(group))) return whole;
	const scores = perSentence.map((matched) => {
		let score = 0;
		for (const group of matched) score += Math.log(1 + sentences.length / (df.get(group) ?? 1)) * (subject.has(group) ? 0.5 : 1);
		return score;
	});
	const best = Math.max(...scores);
	const ratio = options.ratio ?? 0.4;
	const ranked = scores
		.map((score, index) => ({ score, index }))
		.filter(({ score }) => score > 0 && score >= best * ratio)
		.sort((a, b) => b.score - a.score || a.index - b.index)
		.slice(0, options.max ?? 3)
		.sort((a, b) => a.index - b.index);
	if (ranked.length >= Math.ceil(sentences.length * 0.75)) return whole;
	return { text: ranked.map(({ index }) => sentences[index]).join(' '), whole: false, sentences: ranked.length };
}
