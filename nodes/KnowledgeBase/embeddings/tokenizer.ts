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

/**
 * Terms for lexical search. Words are accent-folded, stop words dropped and the rest stemmed;
 * anything holding a digit is a code or a figure ("12000", "i7", "a4", "cad-erg-01") and is
 * kept exactly, so "12000 BTUs" never matches "9000 BTUs".
 */
export function terms(text: string, language: Language = detectLanguage(text)): string[] {
	const out: string[] = [];
	const stemmer = STEMMERS[language];
	for (const raw of fold(text).split(/[^\p{L}\p{N}-]+/u)) {
		const token = raw.replace(/^-+|-+$/g, '');
		if (!token) continue;
		if (/\d/.test(token)) {
			out.push(`#${token}`);
			// "cad-erg-01" also matches "cad erg 01" and "caderg01" typed without the dashes
			if (token.includes('-')) {
				out.push(`#${token.replace(/-/g, '')}`);
				for (const part of token.split('-').filter(Boolean)) out.push(/\d/.test(part) ? `#${part}` : stemmer.stem(part));
			}
			continue;
		}
		for (const word of token.split('-').filter(Boolean)) {
			if (word.length < 2 || STOP_WORDS[language].has(word)) continue;
			out.push(...wordTerms(stemmer.stem(word), language));
		}
	}
	return out;
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
