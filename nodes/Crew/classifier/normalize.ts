import { fold } from '../../KnowledgeBase/embeddings/tokenizer';

import type { Language } from './types';

export { fold };

/**
 * Chat abbreviations and slang, accent-folded, expanded to the words the training data also
 * uses in full: a customer who types "qto" and one who types "quanto" mean the same thing, and
 * the model only learns one of them if both reach it as the same word.
 */
const SHARED: Readonly<Record<string, string>> = {
	info: 'informacao',
	msg: 'mensagem',
	asap: 'urgente',
};

const ABBREVIATIONS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
	pt: {
		vc: 'voce', vcs: 'voces', c: 'com', cmg: 'comigo', ctg: 'contigo', q: 'que', oq: 'o que', pq: 'porque',
		qto: 'quanto', qnto: 'quanto', qt: 'quanto', qta: 'quanta', qtos: 'quantos', qtas: 'quantas', qnd: 'quando', qdo: 'quando', qndo: 'quando',
		hj: 'hoje', amnh: 'amanha', tb: 'tambem', tbm: 'tambem', msm: 'mesmo', td: 'tudo', tds: 'todos', n: 'nao', nn: 'nao',
		obg: 'obrigado', obgd: 'obrigado', obgda: 'obrigada', brigado: 'obrigado', vlw: 'valeu', blz: 'beleza',
		p: 'para', pra: 'para', pro: 'para o', pros: 'para os', pras: 'para as', ta: 'esta', tao: 'estao', to: 'estou', tava: 'estava',
		qro: 'quero', qr: 'quer', agr: 'agora', dps: 'depois', mt: 'muito', mto: 'muito', mts: 'muitos', hr: 'hora', hrs: 'horas',
		fds: 'fim de semana', cel: 'celular', nf: 'nota fiscal', ngm: 'ninguem', alg: 'alguem', algm: 'alguem', vdd: 'verdade',
		aki: 'aqui', eh: 'e', qlq: 'qualquer', qq: 'qualquer', d: 'de', vo: 'vou', ctz: 'certeza', dnv: 'de novo', kd: 'cade',
		pf: 'por favor', pfv: 'por favor', pfvr: 'por favor', porfa: 'por favor', plz: 'por favor', pls: 'por favor',
		tel: 'telefone', whats: 'whatsapp', zap: 'whatsapp', wpp: 'whatsapp', add: 'adicionar', sab: 'sabado', seg: 'segunda',
	},
	es: {
		q: 'que', k: 'que', ke: 'que', xq: 'porque', pq: 'porque', porq: 'porque', x: 'por', d: 'de', tmb: 'tambien', tb: 'tambien',
		xfa: 'por favor', porfa: 'por favor', pf: 'por favor', pfv: 'por favor', xfavor: 'por favor', plz: 'por favor', pls: 'por favor',
		msj: 'mensaje', hr: 'hora', hrs: 'horas', grax: 'gracias', dnd: 'donde', cdo: 'cuando', toy: 'estoy', sta: 'esta',
		nd: 'nada', aki: 'aqui', ud: 'usted', uds: 'ustedes', bn: 'bien', tel: 'telefono', cel: 'celular', wsp: 'whatsapp', whats: 'whatsapp',
	},
	en: {
		u: 'you', ur: 'your', yr: 'your', r: 'are', pls: 'please', plz: 'please', pleez: 'please', thx: 'thanks', thnx: 'thanks',
		ty: 'thanks', im: 'i am', ive: 'i have', id: 'i would', ill: 'i will', dont: 'do not', doesnt: 'does not', didnt: 'did not',
		cant: 'can not', cannot: 'can not', wont: 'will not', isnt: 'is not', arent: 'are not', wasnt: 'was not', idk: 'i do not know',
		rn: 'right now', b4: 'before', tmrw: 'tomorrow', tmr: 'tomorrow', tomoro: 'tomorrow', wanna: 'want to', gonna: 'going to',
		gotta: 'got to', whats: 'what is', hows: 'how is', wheres: 'where is', appt: 'appointment', pic: 'photo', pics: 'photos',
		bc: 'because', cuz: 'because', coz: 'because', abt: 'about', avail: 'available', ppl: 'people', sth: 'something', hr: 'hour', hrs: 'hours',
	},
};

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
	[/\b(?:bom dia|boa tarde|boa noite|buen(?:os|as)? (?:dias|tardes|noches)|buen dia|good (?:morning|afternoon|evening))\b/g, ' #greeting '],
	[/(?:r\$|us\$|\$|€|£)\s*\d[\d.,]*/g, ' #money '],
	[/\b\d[\d.,]*\s*(?:reais|real|pesos|dolares|dollars|bucks|usd|brl)\b/g, ' #money '],
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

export function expandAbbreviation(word: string, language: Language): string {
	return ABBREVIATIONS[language][word] ?? SHARED[word] ?? word;
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
