import { fold } from '../../KnowledgeBase/embeddings/tokenizer';

import data from './data/normalize.json';
import type { Language } from './types';
import { alternation, entries } from './wordlists';

export { fold };

/**
 * Chat abbreviations and slang (data/normalize.json), accent-folded, expanded to the words the
 * training data also uses in full: a customer who types "qto" and one who types "quanto" mean the
 * same thing, and the model only learns one of them if both reach it as the same word.
 */
const ABBREVIATIONS: Readonly<Record<Language | 'any', Readonly<Record<string, string>>>> = data.abbreviations;

export type EmojiMood = 'angry' | 'sad' | 'happy' | 'pleading' | 'other';

const MOODS: ReadonlyArray<[EmojiMood, string]> = [
	['angry', '😡🤬😠👿💢🖕'],
	['sad', '😢😭😞😔☹🙁😩😫😟😕💔😤👎'],
	['happy', '😀😃😄😁😊🙂😍🥰😘❤♥💕💖👍👏🙌🎉✨😂🤣😉😎🤩💯🥳👌'],
	['pleading', '🙏🥺'],
];

const MOOD_OF = new Map<string, EmojiMood>(MOODS.flatMap(([mood, chars]) => [...chars].map((char) => [char, mood] as [string, EmojiMood])));

/** Emojis grouped by the mood they signal; there are too many to learn one by one from a few hundred lines. */
export function emojiMoods(text: string): EmojiMood[] {
	const moods: EmojiMood[] = [];
	for (const match of text.matchAll(/\p{Extended_Pictographic}/gu)) moods.push(MOOD_OF.get(match[0]) ?? 'other');
	return moods;
}

/**
 * Figures become a few shape tokens (#money, #time, #date, #code, #num): "20h", "R$ 50" and
 * "pedido 45872" say scheduling, sales and support through their shape, never their value.
 */
const SHAPES: ReadonlyArray<[RegExp, string]> = [
	// "boa tarde" greets; "à tarde" books a slot: greetings must not count as time words
	[new RegExp(`\\b${alternation(data.lists.greetings)}\\b`, 'g'), ' #greeting '],
	[/(?:r\$|us\$|\$|€|£)\s*\d[\d.,]*/g, ' #money '],
	[new RegExp(`\\b\\d[\\d.,]*\\s*(?:${[...entries(data.lists.currency_words), 'usd', 'brl'].join('|')})\\b`, 'g'), ' #money '],
	[/\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g, ' #date '],
	[/\b\d{1,2}(?::\d{2})?\s*(?:h|hs|hrs|am|pm)(?:\d{2})?\b/g, ' #time '],
	[/\b\d{1,2}:\d{2}\b/g, ' #time '],
	[/#\s?\d+\b/g, ' #code '],
	[/\b[a-z]{1,4}-?\d{3,}\b/g, ' #code '],
	[/\b\d{4,}(?:-\d+)*\b/g, ' #code '],
	[/\b\d+(?:[.,]\d+)?\b/g, ' #num '],
];

export interface NormalizedText {
	/** Accent-folded, lower-cased words with abbreviations expanded and figures as shape tokens. */
	words: string[];
	moods: EmojiMood[];
}

// Own keys only: a customer who writes "constructor" must not reach Object.prototype.
const lookup = (table: Readonly<Record<string, string>>, word: string): string | undefined => (Object.hasOwn(table, word) ? table[word] : undefined);

export function expandAbbreviation(word: string, language: Language): string {
	return lookup(ABBREVIATIONS[language], word) ?? lookup(ABBREVIATIONS.any, word) ?? word;
}

/** Words of a message as the classifier and the rules see them, whatever the spelling or the case. */
export function normalizeText(text: string, language: Language): NormalizedText {
	let folded = fold(text).replace(/['’`´]/g, '');
	for (const [pattern, shape] of SHAPES) folded = folded.replace(pattern, shape);
	const words: string[] = [];
	for (const raw of folded.match(/#?[\p{L}\p{N}]+/gu) ?? []) {
		// "quantooo", "siiim", "pleeease": stretched letters are emphasis, not new words
		const word = raw.replace(/(\p{L})\1{2,}/gu, '$1');
		for (const part of expandAbbreviation(word, language).split(' ')) words.push(part);
	}
	return { words, moods: emojiMoods(text) };
}
