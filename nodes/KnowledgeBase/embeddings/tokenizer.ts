import * as snowball from 'snowball-stemmers';

import { STOP_WORDS } from './stopwords';

export type Language = 'pt' | 'es' | 'en';

const STEMMERS: Record<Language, { stem(word: string): string }> = {
	pt: snowball.newStemmer('portuguese'),
	es: snowball.newStemmer('spanish'),
	en: snowball.newStemmer('english'),
};

export const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Guesses the language from stop words; Portuguese wins ties (OmniCrew's first language). */
export function detectLanguage(text: string): Language {
	const words = fold(text).split(/[^\p{L}]+/u).filter(Boolean);
	const score = (lang: Language) => words.filter((w) => STOP_WORDS[lang].has(w)).length;
	const pt = score('pt');
	const es = score('es');
	const en = score('en');
	if (en > pt && en > es) return 'en';
	if (es > pt) return 'es';
	return 'pt';
}

/** A folded text's words and codes, in order: the units `terms` and query expansion work on. */
export function tokens(text: string): string[] {
	return fold(text)
		.split(/[^\p{L}\p{N}-]+/u)
		.map((raw) => raw.replace(/^-+|-+$/g, ''))
		.filter(Boolean);
}

/**
 * Terms for lexical search. Words are accent-folded, stop words dropped and the rest stemmed;
 * anything holding a digit is a code or a figure ("12000", "i7", "a4", "cad-erg-01") and is
 * kept exactly, so "12000 BTUs" never matches "9000 BTUs".
 */
export function terms(text: string, language: Language = detectLanguage(text)): string[] {
	return tokens(text).flatMap((token) => tokenTerms(token, language));
}

/** The terms of one token (see `tokens`): a code's exact forms, or the stems of its words. */
export function tokenTerms(token: string, language: Language): string[] {
	const stemmer = STEMMERS[language];
	if (/\d/.test(token)) {
		const out = [`#${token}`];
		// "cad-erg-01" also matches "cad erg 01" and "caderg01" typed without the dashes
		if (token.includes('-')) {
			out.push(`#${token.replace(/-/g, '')}`);
			for (const part of token.split('-').filter(Boolean)) out.push(/\d/.test(part) ? `#${part}` : stemmer.stem(part));
		}
		return out;
	}
	const out: string[] = [];
	for (const word of token.split('-').filter(Boolean)) {
		if (word.length < 2 || STOP_WORDS[language].has(word)) continue;
		out.push(...wordTerms(stemmer.stem(singular(word, language)), language));
	}
	return out;
}

/**
 * Snowball's Portuguese rules for "-ções"/"-ção" need the accents that folding removed, so
 * "devolucoes" and "devolucao" would stem apart; the plural is brought back to the singular first.
 */
function singular(word: string, language: Language): string {
	return language === 'pt' && word.length >= 6 && word.endsWith('oes') ? `${word.slice(0, -3)}ao` : word;
}

/** Portuguese and Spanish nouns made from verbs ("pagamento", "instalação") keep a suffix Snowball leaves; their root is added too. */
const DERIVED: Record<Language, RegExp | null> = {
	pt: /^(.{3,}?)(?:ament|iment|aca|ica|ador|ment)$/,
	es: /^(.{3,}?)(?:mient|acion|cion|ador)$/,
	en: null,
};

function wordTerms(stem: string, language: Language): string[] {
	const derived = DERIVED[language]?.exec(stem);
	return derived ? [stem, derived[1]] : [stem];
}
