import type { Language } from './types';

/**
 * The classifier's vocabulary lives in data/*.json, one list per notion with its entries by
 * language: adding a language, or a word to one, touches no code. An entry that several
 * languages share is listed once, under the first of pt, es, en that uses it.
 */

/** The languages of the word lists, in the order their entries are read (and tried, in a regex). */
export const LIST_LANGUAGES: readonly Language[] = ['pt', 'es', 'en'];

/** One list's entries by language. */
export type WordList = Readonly<Partial<Record<Language, readonly string[]>>>;

export type WordLists = Readonly<Record<string, WordList>>;

/** Every language's entries, pt then es then en. */
export function entries(list: WordList): string[] {
	return LIST_LANGUAGES.flatMap((language) => list[language] ?? []);
}

/** The entries as one regex group, `(?:a|b|c)`; entries are regex fragments without capturing groups. */
export function alternation(list: WordList): string {
	return `(?:${entries(list).join('|')})`;
}

/** A named list, or an error naming it: a missing list must never turn into a rule that matches nothing. */
export function listNamed(lists: WordLists, name: string): WordList {
	const list = Object.prototype.hasOwnProperty.call(lists, name) ? lists[name] : undefined;
	if (!list) throw new Error(`The classifier's word list "${name}" is missing from its data file.`);
	return list;
}

/**
 * A rule written over named lists: each `{name}` becomes that list's alternation, so
 * `\b{talk} {to} {people}\b` reads as the grammar it is while the words stay in the data.
 */
export function fillTemplate(template: string, lists: WordLists): string {
	return template.replace(/\{([a-z_]+)\}/g, (_placeholder, name: string) => alternation(listNamed(lists, name)));
}

/** A compiled rule from a template; `flags` as for RegExp. */
export const ruleOf = (template: string, lists: WordLists, flags = ''): RegExp => new RegExp(fillTemplate(template, lists), flags);
