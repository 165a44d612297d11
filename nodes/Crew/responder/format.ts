/**
 * Turns a finished reply (light markdown, as the agents write it) into what each channel can
 * show: WhatsApp has its own markup, Messenger/Instagram and Mercado Livre show raw characters,
 * e-mail wants a greeting and a signature, the web widget renders markdown.
 *
 * Mercado Livre suspends sellers who pass contact data or push buyers off the platform, so that
 * channel also loses phones, e-mails, links, handles and the clauses that invite contact elsewhere.
 */
import type { Lang } from './locale';

// `string & Record<never, never>` keeps editor completion for the known channels while still accepting any Chatwoot inbox type.
export type Channel = 'whatsapp' | 'facebook' | 'instagram' | 'email' | 'webchat' | 'mercadolivre' | (string & Record<never, never>);

export interface FormatOptions {
	channel: Channel;
	lang: Lang;
	maxLength: number;
	/** May contain {name}; replaced by the customer's first name, or removed with its comma when there is none. */
	greeting?: string;
	signature?: string;
	customerName?: string | null;
}

/** Mercado Livre rejects answers above 2,000 characters whatever the tenant configured. */
const MARKETPLACE_LIMIT = 2000;

type Style = 'whatsapp' | 'plain' | 'email' | 'marketplace';

const DEFAULT_GREETING: Readonly<Record<Lang, string>> = { pt: 'Olá, {name}!', es: '¡Hola, {name}!', en: 'Hello {name},' };

export function formatReply(text: string, options: FormatOptions): string {
	const channel = String(options.channel ?? '').toLowerCase();
	const limit = Math.max(0, Math.floor(Number.isFinite(options.maxLength) ? options.maxLength : MARKETPLACE_LIMIT));
	const source = tidy(String(text ?? ''));
	switch (channel) {
		case 'webchat':
			return finish(source, limit);
		case 'whatsapp':
			return finish(render(source, 'whatsapp'), limit);
		case 'email':
			return formatEmail(source, options, limit);
		case 'mercadolivre':
			return finish(sanitizeMarketplace(render(source, 'marketplace')), Math.min(limit, MARKETPLACE_LIMIT));
		default:
			// facebook, instagram and any channel we do not know: raw text is the only thing that is never garbled.
			return finish(render(source, 'plain'), limit);
	}
}

// ---------------------------------------------------------------------------------------------
// Shared layout

/** Normalises line endings and blank lines so every channel starts from the same shape. */
function tidy(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.trimEnd())
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

function finish(text: string, limit: number): string {
	return cut(tidy(text), limit);
}

const CURRENCY_TAIL = /(?:R\$|US\$|U\$|\$|€|£|\b(?:BRL|USD|EUR|ARS|MXN|CLP|COP|PEN|UYU))$/i;
const UNIT_HEAD = /^\s*(?:AM|PM|a\.m\.|p\.m\.|%|reais|real|BRL|USD|EUR|pesos|d[oó]lares|dollars)(?![\p{L}\p{N}])/iu;

/**
 * Cuts at the last sentence (or line) end that keeps at least half of the room, else at the last
 * word boundary; a cut never separates "R$" from its amount or a time from AM/PM, because a
 * truncated figure is worse than a shorter reply.
 */
function cut(text: string, limit: number): string {
	if (text.length <= limit) return text;
	if (limit <= 0) return '';
	if (limit <= 2) return '…';
	const room = limit - 2; // the ellipsis may need a space before it
	let sentence = -1;
	let word = -1;
	for (let i = Math.min(room, text.length - 1); i > 0; i--) {
		if (!/\s/.test(text[i])) continue;
		const kept = text.slice(0, i).trimEnd();
		if (!kept) continue;
		if (CURRENCY_TAIL.test(kept) || UNIT_HEAD.test(text.slice(i))) continue;
		if (word < 0) word = i;
		if (/[.!?…:]$/.test(kept) || text[i] === '\n') {
			sentence = i;
			break;
		}
	}
	let kept: string;
	if (sentence > 0 && sentence >= room / 2) kept = text.slice(0, sentence);
	else if (word > 0) kept = text.slice(0, word);
	else kept = text.slice(0, room); // one token longer than the limit: nothing better is possible
	kept = kept.trimEnd().replace(/[\s,;:(\-–—]+$/u, '');
	if (kept.endsWith('…')) return kept;
	if (/[!?]$/.test(kept)) return `${kept} …`;
	if (/[^.]\.$/.test(kept)) return `${kept.slice(0, -1)}…`;
	return `${kept}…`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

const LINK = /\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"\n]*")?\s*\)/g;
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^>\s]+)>/g;

function linkText(label: string, url: string, style: Style): string {
	if (style === 'marketplace') return label; // the URL goes; the label may still carry meaning
	const bare = (value: string) => value.replace(/^(?:https?:\/\/|mailto:)/i, '').replace(/\/$/, '').toLowerCase();
	return bare(label) === bare(url) ? url : `${label}: ${url}`;
}

function inline(line: string, style: Style): string {
	let out = line.replace(LINK, (_m, label: string, url: string) => linkText(label.trim(), url, style)).replace(AUTOLINK, '$1');
	if (style === 'whatsapp') {
		return out
			.replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '*$1*')
			.replace(/(?<![\p{L}\p{N}_])__(?=\S)(.+?)(?<=\S)__(?![\p{L}\p{N}_])/gu, '*$1*')
			.replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '~$1~');
	}
	out = out
		.replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '$1')
		.replace(/(?<![\p{L}\p{N}_])__(?=\S)(.+?)(?<=\S)__(?![\p{L}\p{N}_])/gu, '$1')
		.replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
		// single markers only around words, so "5 * 2", snake_case and URLs with underscores survive
		.replace(/(?<![\p{L}\p{N}*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\p{L}\p{N}*])/gu, '$1')
		.replace(/(?<![\p{L}\p{N}_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1')
		.replace(/`([^`\n]+)`/g, '$1');
	return out;
}

function render(text: string, style: Style): string {
	const lines: string[] = [];
	for (const raw of text.split('\n')) {
		if (/^\s*```/.test(raw)) {
			if (style === 'whatsapp') lines.push(raw.trim());
			continue;
		}
		if (/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/.test(raw)) {
			lines.push('');
			continue;
		}
		let line = raw.replace(/^\s*>\s?/, '');
		const heading = /^\s*#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (heading) {
			const body = inline(heading[1], style);
			lines.push(style === 'whatsapp' ? `*${body.replace(/^\*(.*)\*$/, '$1')}*` : body);
			continue;
		}
		const bullet = /^\s*[-*+•]\s+(.*)$/.exec(line);
		const numbered = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line);
		if (bullet) {
			const body = inline(bullet[1], style);
			line = style === 'whatsapp' || style === 'email' ? `• ${body}` : body;
		} else if (numbered) {
			line = `${numbered[1]}. ${inline(numbered[2], style)}`;
		} else {
			line = inline(line, style);
		}
		lines.push(line);
	}
	return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// E-mail

/** Chatwoot fills the contact name with the phone number or e-mail when it knows nothing better. */
function firstName(customerName: string | null | undefined): string | null {
	const first = String(customerName ?? '').trim().split(/\s+/)[0] ?? '';
	if (!first || /[\d@+]/.test(first) || !/\p{L}/u.test(first)) return null;
	const shouting = first === first.toUpperCase();
	const lower = first === first.toLowerCase();
	if (!shouting && !lower) return first;
	return first.charAt(0).toUpperCase() + first.slice(1).toLowerCase();
}

function fillGreeting(template: string, name: string | null): string {
	if (name) return template.replace(/\{name\}/g, name).trim();
	const text = template
		.replace(/[ \t]*,?[ \t]*\{name\}/g, '')
		.replace(/^[\s,;:]+/, '')
		.replace(/\s+([!,.?])/g, '$1')
		.trim();
	return text.charAt(0).toUpperCase() + text.slice(1);
}

const OPENING = /^(?:ol[áa]|oi|hola|hello|hi|hey|dear|prezad[oa]s?|estimad[oa]s?|bom dia|boa tarde|boa noite|buen(?:os|as) (?:d[íi]as|tardes|noches)|good (?:morning|afternoon|evening))(?![\p{L}])/iu;

/**
 * The agent often greets on its own; the e-mail frame already does, and in a running conversation
 * the bot has greeted already, so a second "Olá" goes.
 */
export function dropOpening(body: string): string {
	const [first, ...rest] = body.split('\n');
	if (!OPENING.test(first)) return body;
	// A line of a few words ending in "!", "," or "?" is a greeting; "Hi Ana, your order shipped." is not.
	if (first.split(/\s+/).length <= 4 && !/\d/.test(first) && /^[^.!?]*[!,?]?$/.test(first)) return rest.join('\n').replace(/^\n+/, '');
	const prefix = /^[^.!?\n\d]{0,40}!\s+/u.exec(first);
	if (!prefix) return body;
	const remainder = first.slice(prefix[0].length);
	return [remainder.charAt(0).toUpperCase() + remainder.slice(1), ...rest].join('\n');
}

function formatEmail(source: string, options: FormatOptions, limit: number): string {
	const lang: Lang = options.lang in DEFAULT_GREETING ? options.lang : 'pt';
	const greeting = fillGreeting(options.greeting?.trim() || DEFAULT_GREETING[lang], firstName(options.customerName));
	const signature = tidy(options.signature ?? '');
	let body = tidy(dropOpening(render(source, 'email')));
	const frame = greeting.length + 2 + (signature ? signature.length + 2 : 0);
	// The greeting and signature are the tenant's; the body is what gives way to the limit.
	if (limit - frame >= 20) body = cut(body, limit - frame);
	const parts = [greeting, body, signature].filter((part) => part.length > 0);
	return finish(parts.join('\n\n'), limit);
}

// ---------------------------------------------------------------------------------------------
// Mercado Livre

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const URL_LIKE = /(?:https?:\/\/|www\.)[^\s<>()]*[^\s<>().,;:!?]/giu;
const DOMAIN =
	/(?<![\p{L}\p{N}@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|br|io|me|ly|co|app|shop|store|online|site|info|biz|link|bio|ar|mx|cl|pe|uy|es|us|ee|gl|to|tv|page|blog)(?![\p{L}\p{N}-])(?:\/[^\s]*[^\s.,;:!?])?/giu;
// DDD in parentheses or not, optional +55, optional ninth digit; a final 4+4 shape keeps prices, codes and BTUs out.
const PHONE = /(?<![\p{L}\p{N}$.,/])(?:\+\s?)?(?:55[\s.-]?)?(?:\(\s?0?\d{2}\s?\)[\s.-]?|0?\d{2}[\s.-]?)?(?:9[\s.]?)?\d{4}[\s.-]?\d{4}(?!\p{N}|[.,]\p{N})/gu;
const TOLL_FREE = /(?<!\p{N})0[38]00[\s.-]?\d{3}[\s.-]?\d{4}(?!\p{N})/gu;
const HANDLE = /(?<![\p{L}\p{N}._])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?/gu;
const CONTACT_PATTERNS: readonly RegExp[] = [EMAIL, URL_LIKE, DOMAIN, TOLL_FREE, PHONE, HANDLE];

const W = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
/**
 * Words and phrases that send the buyer elsewhere. "ligue"/"telefone" count only in their contact
 * sense ("ligue para", "pelo telefone"), since ML sells telephones and buyers ask how to switch
 * a device on ("ligar o aparelho").
 */
const INVITE = new RegExp(
	`${W}(?:` +
		[
			'whats\\s?app\\w*',
			'whats',
			'zap(?:zap)?',
			'wpp',
			'me\\s+cham(?:a|e|ar)',
			'nos\\s+cham(?:a|e|ar)',
			'cham(?:a|e|ar)\\s+(?:no|na|pelo|pela|via)',
			'me\\s+(?:liga|ligue|add|adiciona|segue|siga)',
			'lig(?:ue|ar|a)\\s+(?:pra|para|no|na|nos|agora|j[áa])',
			'lig(?:ue|ar)(?=\\s*[:(+\\d])',
			'(?:pelo|por|no|ao|via|nosso|meu|seu|num)\\s+telefone',
			'telefone(?=\\s*[:(+\\d])',
			'telefonar',
			'(?:nosso|nossa|meu|minha)\\s+(?:site|loja\\s+(?:virtual|online|f[íi]sica)|instagram|insta|facebook|face|telefone|n[úu]mero|e-?mail|whats\\w*|contato|endere[çc]o)',
			'instagram',
			'insta',
			'telegram',
			'(?:no|pelo|via|por|manda(?:r)?)\\s+(?:o\\s+)?direct',
			'(?:no|pelo|via|por)\\s+dm',
			'fora\\s+d[oa]\\s+(?:mercado\\s*livre|plataforma|ml)',
			'll[áa]m(?:a|e)nos',
			'll[áa]mame',
			'llamar(?:nos)?',
			'escr[íi]b(?:e|a)nos\\s+(?:al|a|por|en)',
			'(?:al|por|nuestro|mi|tu|su)\\s+tel[ée]fono',
			'tel[ée]fono(?=\\s*[:(+\\d])',
			'(?:nuestro|nuestra|mi)\\s+(?:sitio|p[áa]gina|n[úu]mero|correo|whats\\w*|instagram|contacto)',
			'call\\s+(?:us|me)',
			'text\\s+(?:us|me)',
			'reach\\s+(?:us|me)',
			'email\\s+us',
			'dm\\s+(?:us|me)',
			'(?:our|my)\\s+(?:website|site|number|phone|e-?mail|instagram|whats\\w*)',
			'off[\\s-]platform',
			'(?:mande|manda|mandar|envie|envia|enviar|escreva|escreve|send|write|drop)\\s+(?:(?:um|uma|an?|us|me)\\s+)*e-?mail',
			'(?:env[íi]a(?:nos)?|escr[íi]benos|m[áa]nda(?:nos)?)\\s+(?:un\\s+)?(?:e-?mail|correo)',
		].join('|') +
		`)${E}`,
	'iu',
);

/** A short lead-in that only makes sense together with the invitation after it ("Qualquer dúvida, me chama no zap"). */
const LEAD_IN =
	/^(?:qualquer\s+d[úu]vida|d[úu]vidas?|em\s+caso\s+de\s+d[úu]vidas?|se\s+precisar(?:\s+de\s+algo)?|caso\s+precise(?:\s+de\s+algo)?|(?:para\s+)?mais\s+informa[çc][õo]es|para\s+(?:d[úu]vidas|falar\s+conosco|contato)|se\s+quiser|cualquier\s+duda|dudas?|en\s+caso\s+de\s+dudas|si\s+necesitas(?:\s+algo)?|(?:para\s+)?m[áa]s\s+informaci[óo]n|si\s+quieres|any\s+questions|questions|if\s+you\s+need(?:\s+anything)?|for\s+more\s+info(?:rmation)?|if\s+you\s+want)\b[^\p{L}\p{N}]*(?:[ée]\s+s[óo])?$/iu;

/** Words left hanging at the end of a clause once the contact datum after them is gone ("pelo telefone", "at"). */
const DANGLING_WORD =
	/^(?:pelo|pela|pelos|no|na|nos|em|para|pra|por|via|ao|à|o|a|os|as|de|do|da|nosso|nossa|seu|sua|at|to|on|our|your|the|by|al|el|la|en|nuestro|nuestra|su|ou|or|e|and|y|telefone|tel|fone|celular|n[úu]mero|e-?mail|correo|site|sitio|website|endere[çc]o|link|contato|contacto|number|phone|address)$/iu;

function isHangingPunctuation(char: string): boolean {
	return /[\s:,;(\-–—]/u.test(char);
}

/** End of the last contact datum in `text`, or -1. */
function lastContactEnd(text: string): number {
	let end = -1;
	for (const pattern of CONTACT_PATTERNS) {
		for (const match of text.matchAll(pattern)) end = Math.max(end, (match.index ?? 0) + match[0].length);
	}
	return end;
}

function removeContacts(text: string): string {
	let out = text;
	for (const pattern of CONTACT_PATTERNS) out = out.replace(pattern, ' ');
	return out;
}

/** Scans from the end by hand: a regex anchored at `$` retries from every position and turns quadratic on long inputs. */
function stripDangling(text: string): string {
	let end = text.length;
	for (let guard = 0; guard < 12; guard++) {
		while (end > 0 && isHangingPunctuation(text[end - 1])) end--;
		let start = end;
		while (start > 0 && /[\p{L}\p{N}-]/u.test(text[start - 1])) start--;
		if (start === end || !DANGLING_WORD.test(text.slice(start, end))) break;
		end = start;
	}
	return text.slice(0, end).trim();
}

/**
 * A contact datum at the end of a clause is cut with the words that pointed at it ("pelo
 * telefone"); one in the middle takes its clause with it, since the rest would read as a broken
 * instruction.
 */
function cleanClause(clause: string): string | null {
	if (INVITE.test(clause)) return null;
	const end = lastContactEnd(clause);
	if (end < 0) return clause;
	if (/[\p{L}\p{N}]/u.test(clause.slice(end))) return null;
	const kept = stripDangling(removeContacts(clause).replace(/\(\s*\)/g, ' ').replace(/[ \t]{2,}/g, ' '));
	// "Veja em <site>" leaves a bare verb: no statement survives, so the clause goes.
	return kept.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length >= 3 ? kept : null;
}

const CLAUSE_SPLIT = /(\s*[,;:]\s+|\s+[-–—]\s+|\s+(?:e|and|y|mas|but|pero|por[ée]m|ent[ãa]o)\s+)/iu;

function cleanSentence(sentence: string): string {
	const match = /^([\s\S]*?)([.!?…]+)?$/u.exec(sentence);
	const body = match?.[1] ?? sentence;
	const terminal = match?.[2] ?? '';
	const pieces = body.split(CLAUSE_SPLIT);
	const clauses: string[] = [];
	const separators: string[] = [];
	for (let i = 0; i < pieces.length; i++) (i % 2 === 0 ? clauses : separators).push(pieces[i]);
	const kept: Array<string | null> = clauses.map(cleanClause);
	for (let i = 1; i < clauses.length; i++) {
		if (kept[i] !== null || kept[i - 1] === null) continue;
		const previous = clauses[i - 1].trim();
		// "Tel: <número>" — a short label before a colon belongs to what it labels
		const label = /^\s*:\s*$/.test(separators[i - 1]) && previous.split(/\s+/).length <= 3;
		if (label || LEAD_IN.test(previous)) kept[i - 1] = null;
	}
	if (kept.every((clause, i) => clause === clauses[i])) return sentence;
	let out = '';
	let separator = '';
	kept.forEach((clause, i) => {
		if (clause === null || !clause.trim()) return;
		out = out ? `${out}${separator}${clause}` : clause;
		separator = separators[i] ?? '';
	});
	out = out
		.replace(/^\s*(?:e|ou|and|or|y|mas|but|pero)\s+/iu, '')
		.replace(/[\s:,;(\-–—]+$/u, '')
		.trim();
	// a lead-in left alone is no sentence
	if (!/[\p{L}\p{N}]/u.test(out) || LEAD_IN.test(out)) return '';
	if (/^\p{Lu}/u.test(sentence.trim())) out = out.charAt(0).toUpperCase() + out.slice(1);
	return `${out}${terminal || ''}`;
}

function sanitizeMarketplace(text: string): string {
	const lines: string[] = [];
	// Runs of spaces carry no meaning on this channel, and short runs keep the regexes below linear.
	for (const line of text.replace(/[ \t]+/g, ' ').split('\n')) {
		if (!line.trim()) {
			lines.push('');
			continue;
		}
		const sentences = line.split(/(?<=[.!?…])\s+/u).map(cleanSentence).filter((sentence) => sentence.trim().length > 0);
		// A bullet that was only an invitation disappears instead of leaving an empty line in the list.
		if (sentences.length === 0) continue;
		let out = removeContacts(sentences.join(' '));
		out = out
			.replace(/\(\s*\)/g, '')
			.replace(/[ \t]{2,}/g, ' ')
			.replace(/\s+([,.;:!?…])/g, '$1')
			.replace(/([,;:])(?=[.!?…]|$)/g, '')
			.trim();
		if (/[\p{L}\p{N}]/u.test(out)) lines.push(out);
	}
	return lines.join('\n');
}
