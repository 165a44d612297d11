import { InvalidInputError } from '../../../lib/errors';

/** One `[field, operator, value]` leaf of an Odoo domain. */
export type Leaf = [string, string, unknown];

/**
 * Text as a SQL LIKE pattern that matches only itself.
 *
 * Odoo escapes nothing: it hands the value of `like`/`ilike` (wrapped in `%…%`) and of `=like`/`=ilike` (as it is)
 * to PostgreSQL's LIKE/ILIKE, where `%` and `_` are wildcards and the backslash is the escape character. Unescaped,
 * an e-mail `deco%@…` or `a_b@…` would match other people's addresses.
 */
export function literalLike(text: string): string {
	return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Search text without surrounding blanks. Blank text is refused: `ilike ''` would match every record. */
export function searchText(text: string, what: string): string {
	const trimmed = text.trim();
	if (!trimmed) throw new InvalidInputError(`${what} is empty: give the text to search for.`);
	return trimmed;
}

/** `field` contains `text`, ignoring case (Odoo `ilike`), taken literally. */
export function containsText(field: string, text: string, what: string): Leaf {
	return [field, 'ilike', literalLike(searchText(text, what))];
}

/** `field` equals `text`, ignoring case (Odoo `=ilike`), taken literally. */
export function equalsIgnoringCase(field: string, text: string, what: string): Leaf {
	return [field, '=ilike', literalLike(searchText(text, what))];
}

/** Characters of an unaccented word that may stand for an accented one in a stored name. */
const ACCENTABLE = /[aeiouc]/gi;

/**
 * `field` contains `word`, where each unaccented vowel (and `c`) of the word may be any one character: Odoo's ilike
 * is accent-sensitive and customers skip accents ("ergonomica" for "Ergonômica"). The rest of the word is literal.
 * A word that already has accents, or that would become wildcards only (and so match nearly any name), is searched
 * as it is.
 */
export function containsAccentTolerant(field: string, word: string, what: string): Leaf {
	const literal = literalLike(searchText(word, what));
	// escapes are `\\`, `\%` and `\_`: none holds a vowel or `c`, so only the customer's letters become wildcards
	const tolerant = literal.replace(ACCENTABLE, '_');
	const accented = [...word].some((char) => char.charCodeAt(0) > 127);
	const allWildcards = !/[^aeiouc]/i.test(word.trim());
	return [field, 'ilike', accented || allWildcards ? literal : tolerant];
}
