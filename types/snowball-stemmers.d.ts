/** snowball-stemmers (CommonJS) ships no typings; this is the part OmniCrew uses. */
declare module 'snowball-stemmers' {
	interface Stemmer {
		stem(word: string): string;
	}
	export function newStemmer(language: string): Stemmer;
	export function algorithms(): string[];
}
