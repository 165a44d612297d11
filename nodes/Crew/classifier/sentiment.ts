import data from './data/sentiment.json';
import { emojiMoods, fold } from './normalize';
import { entries } from './wordlists';

/**
 * Polarity lexicon for pt, es and en (data/sentiment.json; accent-folded; `*` ends a prefix; a
 * space joins the words of a phrase). Weights are hand-set on a -1..1 scale: insults and "worst"
 * words near -1, plain dissatisfaction near -0.4, defect words tiny — a broken product described
 * calmly is a support case, not an angry customer, and must stay well above the router's -0.6
 * anger threshold.
 */
const LEXICON: ReadonlyArray<[string, number]> = data.weights.flatMap(({ weight, words }) => entries(words).map((word): [string, number] => [word, weight]));

const EXACT = new Map<string, number>();
const PREFIXES: Array<[string, number]> = [];
const PHRASES: Array<[string[], number]> = [];
for (const [entry, weight] of LEXICON) {
	if (entry.includes(' ')) PHRASES.push([entry.split(' '), weight]);
	else if (entry.endsWith('*')) PREFIXES.push([entry.slice(0, -1), weight]);
	else EXACT.set(entry, weight);
}

const NEGATORS = new Set(entries(data.lists.negators));
const INTENSIFIERS = new Set(entries(data.lists.intensifiers));
/** "bom dia", "buenas tardes", "good morning" are greetings, not praise. */
const GREETING_NEXT = new Set(entries(data.lists.greeting_next));
const MOOD_WEIGHT = { angry: -0.8, sad: -0.4, happy: 0.5, pleading: 0, other: 0 } as const;

function weightOf(word: string): number {
	const exact = EXACT.get(word);
	if (exact !== undefined) return exact;
	for (const [prefix, weight] of PREFIXES) if (word.startsWith(prefix)) return weight;
	return 0;
}

/**
 * -1 (furious) .. 1 (delighted), 0 for neutral text. Lexicon hits are summed with negation
 * (flips and halves the next three words), intensifiers (x1.5), SHOUTED words (x1.5), "!!"
 * and angry or happy emojis, then squashed with tanh so one strong word reads about ±0.7 and
 * several saturate towards ±1.
 */
export function sentimentScore(text: string): number {
	const rawWords = text.replace(/['’]/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
	const words = rawWords.map((word) => fold(word));
	const shouted = rawWords.map((word) => word.length >= 3 && /\p{Lu}/u.test(word) && word === word.toUpperCase());
	let total = 0;
	let negateFor = 0;
	let boost = 1;
	for (let i = 0; i < words.length; i++) {
		const word = words[i];
		let weight = weightOf(word);
		let span = 1;
		for (const [phrase, phraseWeight] of PHRASES) {
			if (phrase.length > span && phrase.every((part, j) => words[i + j] === part)) {
				weight = phraseWeight;
				span = phrase.length;
			}
		}
		// a neutral phrase ("vacina de raiva": rabies, not rage) keeps its angry-looking word from counting
		if (span > 1 && weight === 0) {
			i += span - 1;
			continue;
		}
		if (weight > 0 && GREETING_NEXT.has(words[i + 1] ?? '')) weight = 0;
		if (weight !== 0) {
			let value = weight * boost * (shouted[i] ? 1.5 : 1);
			if (negateFor > 0 && span === 1) value = -value * 0.5;
			total += value;
			boost = 1;
			negateFor = 0;
			i += span - 1;
			continue;
		}
		if (NEGATORS.has(word)) negateFor = 3;
		else if (negateFor > 0) negateFor--;
		boost = INTENSIFIERS.has(word) ? 1.5 : 1;
	}
	for (const mood of emojiMoods(text)) total += MOOD_WEIGHT[mood];
	if (total !== 0 && /!{2,}/.test(text)) total *= 1.3;
	if (total < 0 && isShouting(text)) total *= 1.3;
	return Math.tanh(total);
}

/** Mostly capital letters over a message of some length: typed in anger more often than not. */
export function isShouting(text: string): boolean {
	const letters = text.match(/\p{L}/gu) ?? [];
	if (letters.length < 8) return false;
	const upper = letters.filter((letter) => /\p{Lu}/u.test(letter)).length;
	return upper / letters.length >= 0.7;
}
