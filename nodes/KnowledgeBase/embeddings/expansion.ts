import { GLOSSARY, type GlossaryConcept } from './glossary';
import { STOP_WORDS } from './stopwords';
import { detectLanguage, tokenTerms, tokens, type Language } from './tokenizer';

const LANGUAGES: readonly Language[] = ['pt', 'es', 'en'];

/** How much a term found only by expansion counts next to one the customer typed. */
export const WEIGHTS = {
	/** A word the customer wrote, stemmed in the question's language. */
	typed: 1,
	/** Another word of the same glossary concept, in any language. */
	glossary: 0.8,
	/** The customer's word stemmed as another language would stem it ("garantía" → "garant"). */
	cognate: 0.4,
	/** A word of a question-frame concept ("prazo", "how long", "quanto custa"), typed or not: many texts hold them. */
	frame: 0.4,
} as const;

/** Words shorter than this are not stemmed as the other languages would: short words collide too often. */
const COGNATE_MIN_LENGTH = 5;

/**
 * One search term of a question. Terms that stand for the same thing share a group: the word's
 * own stem, its derived root, its cognate stems and, when the word belongs to a glossary concept,
 * every word of that concept. Passage scoring counts a group once.
 */
export interface QueryTerm {
	term: string;
	weight: number;
	group: string;
	/** How the term was found: typed by the customer, a glossary synonym, or a cognate stem. */
	kind: 'typed' | 'glossary' | 'cognate';
	/** Whether the group is a question frame (see GlossaryConcept.frame). */
	frame: boolean;
}

interface CompiledConcept {
	concept: GlossaryConcept;
	/** Single words by language, as that language's terms (stem and derived root). */
	stems: Record<Language, Set<string>>;
	/** Phrases (two words or more), folded. */
	phrases: string[][];
	/** Folded single words of every language, matched as written. */
	words: Set<string>;
	/** Every term the concept adds to a query, each stemmed in its own language. */
	terms: string[];
}

function compile(concept: GlossaryConcept): CompiledConcept {
	const stems = { pt: new Set<string>(), es: new Set<string>(), en: new Set<string>() };
	const phrases: string[][] = [];
	const words = new Set<string>();
	const added = new Set<string>();
	for (const language of LANGUAGES) {
		for (const entry of concept[language]) {
			const entryTokens = tokens(entry);
			if (entryTokens.length === 1) {
				words.add(entryTokens[0]);
				for (const term of tokenTerms(entryTokens[0], language)) stems[language].add(term);
			} else if (entryTokens.length > 1) phrases.push(entryTokens);
			for (const token of entryTokens) for (const term of tokenTerms(token, language)) added.add(term);
		}
	}
	return { concept, stems, phrases, words, terms: [...added] };
}

let compiled: CompiledConcept[] | null = null;
const concepts = (): CompiledConcept[] => (compiled ??= GLOSSARY.map(compile));

/** Where a phrase occurs in a list of words, if it does. */
function phraseAt(words: string[], phrase: string[]): number {
	for (let i = 0; i + phrase.length <= words.length; i++) if (phrase.every((w, j) => words[i + j] === w)) return i;
	return -1;
}

/**
 * The concept a word's stem belongs to: in the question's language first, then in the other two
 * (a short question is easily taken for the wrong language: "política de devoluciones" reads as
 * Portuguese, but "devoluciones" is still a return).
 */
function byStem(word: string, language: Language): CompiledConcept | undefined {
	for (const lang of [language, ...LANGUAGES.filter((l) => l !== language)]) {
		const own = tokenTerms(word, lang);
		const found = concepts().find((entry) => own.some((term) => entry.stems[lang].has(term)));
		if (found) return found;
	}
	return undefined;
}

/**
 * The glossary concept each word of a question belongs to: a phrase of a concept ("nota fiscal",
 * "dinheiro de volta") claims its words first; then a word written exactly as one of a concept's
 * words in any language ("warranty" inside a Portuguese sentence; "taller" is the workshop, not
 * "talla", though Snowball stems both to "tall"); then a word whose stem is one of a concept's
 * (`byStem`).
 */
export function conceptsOfWords(words: string[], language: Language): Array<GlossaryConcept | undefined> {
	const owner: Array<CompiledConcept | undefined> = words.map(() => undefined);
	for (const entry of concepts()) {
		for (const phrase of entry.phrases) {
			const at = phraseAt(words, phrase);
			if (at >= 0) for (let i = at; i < at + phrase.length; i++) owner[i] ??= entry;
		}
	}
	words.forEach((word, i) => {
		if (owner[i] || /\d/.test(word)) return;
		owner[i] = concepts().find((entry) => entry.words.has(word)) ?? byStem(word, language);
	});
	return owner.map((entry) => entry?.concept);
}

/** The glossary concepts a question names (see `conceptsOfWords`). */
export function conceptsOf(text: string, language: Language = detectLanguage(text)): Map<string, GlossaryConcept> {
	const found = new Map<string, GlossaryConcept>();
	for (const concept of conceptsOfWords(tokens(text), language)) if (concept) found.set(concept.id, concept);
	return found;
}

/**
 * A question's search terms: its own words stemmed in its language (weight 1), the same words as
 * Portuguese, Spanish and English would stem them (cognates: "garantía" meets "garantia"), and
 * the words of every glossary concept it names, in all three languages. Lexical search cannot
 * do more across languages: a word that is neither a cognate nor in the glossary finds nothing
 * written in another language.
 */
export function expandQuery(text: string, language: Language = detectLanguage(text)): QueryTerm[] {
	const out = new Map<string, QueryTerm>();
	const add = (term: string, kind: QueryTerm['kind'], group: string, frame: boolean) => {
		const weight = frame ? WEIGHTS.frame : WEIGHTS[kind];
		const seen = out.get(term);
		if (!seen || seen.weight < weight) out.set(term, { term, weight, group, kind, frame });
	};
	const words = tokens(text);
	const owners = conceptsOfWords(words, language);
	const named = new Map<string, GlossaryConcept>();
	words.forEach((word, i) => {
		const concept = owners[i];
		if (concept) named.set(concept.id, concept);
		const own = tokenTerms(word, language);
		if (own.length === 0) return;
		const group = concept ? `concept:${concept.id}` : `word:${own[0]}`;
		const frame = concept?.frame === true;
		for (const term of own) add(term, 'typed', group, frame);
		// short words collide across languages ("tips" would meet "tipo")
		if (/\d/.test(word) || word.length < COGNATE_MIN_LENGTH) return;
		for (const other of LANGUAGES) {
			if (other === language || STOP_WORDS[other].has(word)) continue;
			for (const term of tokenTerms(word, other)) add(term, 'cognate', group, frame);
		}
	});
	for (const concept of named.values()) {
		const entry = concepts().find((c) => c.concept.id === concept.id);
		for (const term of entry?.terms ?? []) add(term, 'glossary', `concept:${concept.id}`, concept.frame === true);
	}
	return [...out.values()];
}
