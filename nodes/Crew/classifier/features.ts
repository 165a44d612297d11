import * as snowball from 'snowball-stemmers';

import { conceptFeatures } from './concepts';
import data from './data/features.json';
import { detectLanguage } from './language';
import { normalizeText } from './normalize';
import type { Vocabulary } from './spelling';
import type { Language } from './types';
import { entries } from './wordlists';

const STEMMERS: Record<Language, { stem(word: string): string }> = {
	pt: snowball.newStemmer('portuguese'),
	es: snowball.newStemmer('spanish'),
	en: snowball.newStemmer('english'),
};

/**
 * Articles and bare prepositions only (data/features.json). Question words ("quando", "onde",
 * "como", "quanto"), pronouns ("meu", "my") and negations stay: "quando" leans to scheduling,
 * "meu pedido" to support, "quanto" to sales.
 */
const FILLERS = new Set(entries(data.lists.fillers));

export interface FeatureOptions {
	/** Snowball stems, so "agendar", "agendamento" and "agende" share a feature. */
	stems: boolean;
	/** Adjacent word pairs: "meu pedido" and "pedido minimo" mean different things. */
	bigrams: boolean;
	/** Character n-gram sizes taken inside words, so "agendamneto" still shares most pieces with "agendamento". */
	charGrams: readonly number[];
	/** Words shorter than this get no character n-grams (they add noise, not typo tolerance). */
	minCharGramWord: number;
	/** Drop articles and bare prepositions from unigrams (bigrams keep them). */
	dropFillers: boolean;
	/** One token for the message length band: one-word messages behave differently. */
	lengthBand: boolean;
	/** Cross-language notions (concepts.ts), each counted this many times (0 = off). */
	conceptCopies: number;
	/** At prediction, replace an unknown word by the known word one edit away (spelling.ts). */
	spelling: boolean;
	/**
	 * At prediction, character n-grams only for words the training data never had: a known word
	 * is better evidence than its pieces (n-grams of every word measured worse), an unknown one
	 * (a typo, a new inflection) has nothing else to go on.
	 */
	charGramsForUnknownOnly: boolean;
}

export const DEFAULT_FEATURES: FeatureOptions = Object.freeze({
	stems: true,
	bigrams: true,
	charGrams: [3, 4],
	minCharGramWord: 4,
	dropFillers: true,
	lengthBand: true,
	conceptCopies: 3,
	spelling: true,
	charGramsForUnknownOnly: true,
});

const band = (count: number): string => (count <= 1 ? '1' : count <= 3 ? '2-3' : count <= 8 ? '4-8' : '9+');

/**
 * The tokens the naive Bayes model counts for one message, each with a prefix naming its kind
 * (w: word, s: stem, b: bigram, c: character n-gram, e: emoji mood, x: shape of the message)
 * so a stem never collides with a word that happens to be spelt the same.
 */
export function intentFeatures(
	text: string,
	options: FeatureOptions = DEFAULT_FEATURES,
	language: Language = detectLanguage(text),
	vocabulary?: Vocabulary,
): string[] {
	const normalized = normalizeText(text, language);
	const moods = normalized.moods;
	// a word the model never saw is most often a typo of one it did: fix it before anything else
	const words = vocabulary && options.spelling ? normalized.words.map((word) => (vocabulary.has(word) ? word : (vocabulary.correct(word) ?? word))) : normalized.words;
	const stemmer = STEMMERS[language];
	const out: string[] = [];
	for (const word of words) {
		const shape = word.startsWith('#');
		if (!(options.dropFillers && FILLERS.has(word))) out.push(`w:${word}`);
		if (shape || /\d/.test(word)) continue;
		if (options.stems && word.length >= 4) {
			const stem = stemmer.stem(word);
			if (stem !== word) out.push(`s:${stem}`);
		}
		if (word.length >= options.minCharGramWord && !(options.charGramsForUnknownOnly && vocabulary?.has(word))) {
			const padded = `<${word}>`;
			for (const n of options.charGrams) for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
		}
	}
	if (options.bigrams) for (let i = 0; i + 1 < words.length; i++) out.push(`b:${words[i]}_${words[i + 1]}`);
	if (options.conceptCopies > 0) {
		for (const concept of conceptFeatures(words, text)) for (let copy = 0; copy < options.conceptCopies; copy++) out.push(copy ? `${concept}#${copy}` : concept);
	}
	for (const mood of moods) out.push(`e:${mood}`);
	if (options.lengthBand) out.push(`x:len${band(words.length)}`);
	if (text.includes('?')) out.push('x:question');
	return out;
}
