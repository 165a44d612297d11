import lexicon from './data/conversation.json';
import { conceptFeatures } from './concepts';
import { detectLanguage } from './language';
import { emojiMoods, fold, normalizeText, type EmojiMood } from './normalize';

/**
 * What a conversational message is: the reply depends on it ("oi" gets the shop's greeting,
 * "valeu" a "por nada", "é um robô?" an honest answer), and none of them needs a specialist.
 */
export type ConversationKind =
	| 'greeting'
	| 'thanks'
	| 'goodbye'
	| 'acknowledgement'
	| 'compliment'
	| 'small_talk'
	| 'help'
	| 'feeling'
	| 'bot_question'
	| 'language'
	| 'off_topic'
	| 'laughter'
	| 'emoji'
	| 'question_mark'
	| 'empty';

export interface ConversationSignal {
	/** Nothing in the message needs a specialist: greetings, thanks, small talk, "is this a bot?", emoji, "?", an attachment. */
	conversational: boolean;
	/** The kind that decides the reply (the most telling one when several are present). */
	kind: ConversationKind | null;
	kinds: ConversationKind[];
	/** The message opens with a greeting ("oi, quanto custa…" too). */
	greets: boolean;
	/** The message's non-conversational part, what a specialist must answer ("" when there is none). */
	content: string;
	/** The mood of the emojis of an emoji-only message. */
	mood: EmojiMood | null;
	reasons: string[];
}

type CoverKind = 'greeting' | 'thanks' | 'goodbye' | 'acknowledgement' | 'compliment' | 'laughter' | 'filler';

/** A lexicon entry as words; a word ending in `*` is a prefix. */
type Phrase = readonly string[];

/** "bom diaaa", "obrigadooo", "holaaa": emphasis is not a new word. Applied to the lexicon too, so "good" meets "goood". */
const collapse = (word: string): string => word.replace(/(\p{L})\1+/gu, '$1');

/** Accent-folded, lower-case words without apostrophes ("how's" → "hows"), repeated letters collapsed. */
export function conversationWords(text: string): string[] {
	// "AI" in capitals is artificial intelligence; in lower case "ai" is Portuguese "aí" as often as not
	const marked = text.replace(/\bA\.?I\b\.?/g, ' ia ');
	return (fold(marked).replace(/['’`´]/g, '').match(/[\p{L}\p{N}]+/gu) ?? []).map(collapse);
}

const phrases = (list: readonly string[]): Phrase[] =>
	list
		.map((entry) => conversationWords(entry.replace(/\*/g, ' STAR ')).join(' ').replace(/ star/g, '*').split(' '))
		.filter((words) => words.length > 0 && words[0] !== '')
		.sort((a, b) => b.length - a.length);

const COVER: ReadonlyArray<[CoverKind, Phrase[]]> = (Object.entries(lexicon.cover) as Array<[CoverKind, string[]]>).map(([kind, list]) => [kind, phrases(list)]);
const SMALL_TALK = phrases(lexicon.small_talk);
const FEELINGS = phrases(lexicon.feelings);
const CLOSING = phrases(lexicon.closing);
const REQUESTS = phrases(lexicon.requests);
const BOT_IDENTITY = phrases(lexicon.bot.identity);
const BOT_FRAMES = phrases(lexicon.bot.frames);
const BOT_WHO = phrases(lexicon.bot.who);
const LANGUAGE = phrases(lexicon.language);
const OFF_TOPIC = phrases(lexicon.off_topic);
const HELP_ASKS = phrases(lexicon.help.asks);
const HELP_FILLERS = new Set(lexicon.help.fillers);
const OR_WORDS = new Set(['o', 'ou', 'or']);

/**
 * Notions that make a message a question for a specialist even among friendly words: prices,
 * stock, bookings, delivery, payment, returns, orders, defects ("valeu, e o frete?").
 */
const BUSINESS = new Set(['price', 'buy', 'discount', 'book', 'returns', 'warranty', 'shipping', 'shipping-fee', 'payment', 'invoice', 'deadline', 'policy', 'defect', 'myorder', 'charge', 'cancelorder', 'place']);

const wordMatches = (pattern: string, word: string | undefined): boolean =>
	word !== undefined && (pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern);

const matchesAt = (words: readonly string[], at: number, phrase: Phrase): boolean => phrase.every((pattern, j) => wordMatches(pattern, words[at + j]));

/** Index of the first occurrence of any phrase, or -1. */
function find(words: readonly string[], list: readonly Phrase[], from = 0): number {
	for (let i = from; i < words.length; i++) if (list.some((phrase) => matchesAt(words, i, phrase))) return i;
	return -1;
}

const has = (words: readonly string[], list: readonly Phrase[]): boolean => find(words, list) >= 0;

interface Segment {
	raw: string;
	words: string[];
	question: boolean;
	covered: boolean[];
	coverKinds: Set<CoverKind>;
}

/** Splits at sentence and clause ends; a segment remembers whether it asked something. */
function segmentsOf(text: string): Segment[] {
	const out: Segment[] = [];
	const pattern = /([^.!?;,\n¡¿]*)([.!?;,\n¡¿]*)/g;
	for (const match of text.matchAll(pattern)) {
		const [, body, ends] = match;
		if (!body && !ends) continue;
		const words = conversationWords(body);
		if (words.length === 0) {
			// "?" after a segment belongs to it ("tudo bem ?")
			if (ends.includes('?') && out.length) out[out.length - 1].question = true;
			continue;
		}
		out.push({ raw: body.trim(), words, question: ends.includes('?'), covered: words.map(() => false), coverKinds: new Set() });
	}
	return out;
}

/** Marks the words greetings, thanks, goodbyes, "ok"s and their fillers account for, longest phrase first. */
function cover(segment: Segment): void {
	const { words } = segment;
	let i = 0;
	while (i < words.length) {
		let best: { kind: CoverKind; length: number } | null = null;
		for (const [kind, list] of COVER) {
			for (const phrase of list) {
				if (phrase.length <= (best?.length ?? 0)) break;
				if (matchesAt(words, i, phrase)) {
					best = { kind, length: phrase.length };
					break;
				}
			}
		}
		if (!best) {
			i++;
			continue;
		}
		for (let j = i; j < i + best.length; j++) segment.covered[j] = true;
		segment.coverKinds.add(best.kind);
		i += best.length;
	}
}

function businessConcepts(text: string): string[] {
	const words = normalizeText(text, detectLanguage(text)).words;
	return conceptFeatures(words, text, false)
		.map((token) => token.slice(2))
		.filter((concept) => BUSINESS.has(concept));
}

/** "é um robô?", "am I talking to a real person?", "real person or AI?", "qm ta respondendo aí?" */
function isBotQuestion(words: readonly string[], question: boolean): boolean {
	if (has(words, BOT_WHO)) return true;
	const identity = find(words, BOT_IDENTITY);
	if (identity < 0) return false;
	const frame = find(words, BOT_FRAMES);
	if (frame >= 0 && frame < identity) return true;
	// "una persona o una máquina", "humano ou robô"
	const second = find(words, BOT_IDENTITY, identity + 1);
	if (second > identity && words.slice(identity + 1, second).some((word) => OR_WORDS.has(word))) return true;
	// "robô?" alone, "chatgpt?"
	return question && words.length <= 2;
}

/** "pode me ajudar?", "tengo una duda", "can you help me?": a request for help, longest phrase first, with nothing but fillers around it. */
function asksForHelp(segment: Segment): boolean {
	const { words } = segment;
	const at = find(words, HELP_ASKS);
	if (at < 0) return false;
	const phrase = HELP_ASKS.find((candidate) => matchesAt(words, at, candidate))!;
	return words.every((word, i) => (i >= at && i < at + phrase.length) || segment.covered[i] || HELP_FILLERS.has(word));
}

const KIND_ORDER: readonly ConversationKind[] = [
	'bot_question',
	'language',
	'off_topic',
	'help',
	'small_talk',
	'feeling',
	'greeting',
	'goodbye',
	'thanks',
	'compliment',
	'acknowledgement',
	'laughter',
	'emoji',
	'question_mark',
	'empty',
];

const signal = (kinds: Iterable<ConversationKind>, extra: Partial<ConversationSignal>): ConversationSignal => {
	const list = KIND_ORDER.filter((kind) => [...kinds].includes(kind));
	return { conversational: list.length > 0, kind: list[0] ?? null, kinds: list, greets: false, content: '', mood: null, reasons: [], ...extra };
};

/**
 * Whether a customer message needs no specialist, and what kind of conversational turn it is.
 * The message is cut into clauses; each must be a greeting, thanks, goodbye, acknowledgement or
 * their fillers, small talk, a question about the bot, or off-topic — and a plain statement
 * (no question, request, figure or business notion) counts when it shares its message with a
 * feeling ("to animado demais") or closes the conversation ("blz, vou buscar hoje"). A single
 * clause asking anything about prices, stock, bookings, orders or policies makes the whole message
 * a question for a specialist, with `greets` saying that it opened with a greeting. Human
 * hand-off rules are not decided here: the router runs them first.
 */
export function detectConversation(text: string): ConversationSignal {
	const raw = String(text ?? '');
	const segments = segmentsOf(raw);
	if (segments.length === 0) {
		const moods = emojiMoods(raw);
		if (moods.length) {
			const mood = moods.includes('angry') ? 'angry' : moods.includes('sad') ? 'sad' : moods.includes('happy') ? 'happy' : moods.includes('pleading') ? 'pleading' : 'other';
			return signal(['emoji'], { mood, reasons: [`emoji only (${mood})`] });
		}
		if (raw.includes('?')) return signal(['question_mark'], { reasons: ['punctuation only'] });
		return signal(['empty'], { reasons: [raw.trim() ? 'no words' : 'empty message (an attachment, a sticker or an audio)'] });
	}

	const kinds = new Set<ConversationKind>();
	const reasons: string[] = [];
	const content: Segment[] = [];
	for (const segment of segments) {
		cover(segment);
		const { words } = segment;
		const all = segment.covered.every(Boolean);
		const coverKinds = [...segment.coverKinds].filter((kind) => kind !== 'filler') as ConversationKind[];
		if (all && coverKinds.length) {
			coverKinds.forEach((kind) => kinds.add(kind));
			continue;
		}
		if (all && segment.question) {
			// "tudo bem?", "e você?"
			kinds.add('small_talk');
			continue;
		}
		const business = businessConcepts(segment.raw);
		if (business.length === 0 && asksForHelp(segment)) {
			kinds.add('help');
			coverKinds.forEach((kind) => kinds.add(kind));
			reasons.push(`asks for help: "${segment.raw}"`);
			continue;
		}
		const request = has(words, REQUESTS);
		if (business.length === 0 && !request && isBotQuestion(words, segment.question)) {
			kinds.add('bot_question');
			reasons.push(`bot question: "${segment.raw}"`);
			continue;
		}
		if (business.length === 0 && has(words, LANGUAGE)) {
			kinds.add('language');
			reasons.push(`language question: "${segment.raw}"`);
			continue;
		}
		if (business.length === 0 && !request && has(words, SMALL_TALK)) {
			kinds.add('small_talk');
			reasons.push(`small talk: "${segment.raw}"`);
			continue;
		}
		if (business.length === 0 && has(words, OFF_TOPIC)) {
			kinds.add('off_topic');
			reasons.push(`off topic: "${segment.raw}"`);
			continue;
		}
		coverKinds.forEach((kind) => kinds.add(kind));
		content.push(segment);
	}

	const greets = segments[0].coverKinds.has('greeting') && segments[0].covered[0];
	const leftover = (segment: Segment) => segment.words.filter((_, i) => !segment.covered[i]);
	// a plain statement: no question, request, figure or business notion
	const plain = (segment: Segment) =>
		!segment.question && !/\d/.test(segment.raw) && !has(segment.words, REQUESTS) && businessConcepts(segment.raw).length === 0;
	if (content.length > 0 && content.every(plain)) {
		const feeling = segments.some((segment) => has(segment.words, FEELINGS));
		const friendly = kinds.has('thanks') || kinds.has('goodbye') || kinds.has('acknowledgement') || kinds.has('compliment');
		if (feeling) {
			kinds.add('feeling');
			reasons.push(`statement with a feeling: "${content.map((s) => s.raw).join(' / ')}"`);
			return signal(kinds, { greets, reasons });
		}
		if (friendly && content.every((segment) => has(leftover(segment), CLOSING))) {
			kinds.add('acknowledgement');
			reasons.push(`closing statement: "${content.map((s) => s.raw).join(' / ')}"`);
			return signal(kinds, { greets, reasons });
		}
	}
	if (content.length > 0) {
		return { conversational: false, kind: null, kinds: [], greets, content: content.map((s) => s.raw).join('\n'), mood: null, reasons };
	}
	return signal(kinds, { greets, reasons: reasons.length ? reasons : [`${[...kinds].join(', ')}`] });
}
