import data from './data/concepts.json';
import { entries, type WordList } from './wordlists';

/**
 * A small cross-language lexicon of the notions the five intents turn on ("price", "book",
 * "shipping", "defect", "my order"…), in data/concepts.json. Each message also yields one `k:`
 * token per notion it mentions, in whatever language or spelling: Spanish and English have about
 * 36 training lines per intent, too few for the model to learn "cita" and "appointment" on their
 * own, while the Portuguese "agendar" lines can teach it `k:book` for all three.
 *
 * Entries are accent-folded words after abbreviation expansion; `*` ends a prefix; a space
 * separates the words of a phrase.
 */
const CONCEPTS: Readonly<Record<string, WordList>> = data.concepts;

/** Figures (normalize.ts turns them into shape tokens) that mention a notion in any language. */
const SHAPE_NOTIONS: Readonly<Record<string, readonly string[]>> = { price: ['#money'], when: ['#time', '#date'] };

const LEXICON: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
	Object.entries(CONCEPTS).map(([concept, list]) => [concept, [...entries(list), ...(SHAPE_NOTIONS[concept] ?? [])]]),
);

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

/** Words that end like a past tense ("-ou", "-eu"; "-ed") but are none ("estou", "meu"; "need", "included"). */
const PT_NOT_PAST = new Set(data.lists.not_past.pt);
const EN_NOT_PAST = new Set(data.lists.not_past.en);

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
