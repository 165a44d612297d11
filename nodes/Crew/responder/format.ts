/**
 * Turns a finished reply (light markdown, as the agents write it) into what each channel can
 * show: WhatsApp has its own markup, Messenger/Instagram and Mercado Livre show raw characters,
 * e-mail wants a greeting and a signature, the web widget renders markdown. Mercado Livre's
 * reply is also scrubbed of contact data (marketplace.ts).
 */
import type { Lang } from './locale';
import { MARKETPLACE_LIMIT, sanitizeMarketplace } from './marketplace';

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
