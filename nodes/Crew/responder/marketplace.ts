/**
 * Mercado Livre suspends sellers who pass contact data or push buyers off the platform, so a
 * reply for that channel loses phones, e-mails, links, handles and the clauses that invite
 * contact elsewhere. Runs on rendered plain text (markdown already gone).
 */

/** Mercado Livre rejects answers above 2,000 characters whatever the tenant configured. */
export const MARKETPLACE_LIMIT = 2000;

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

/**
 * What Mercado Livre may show of a reply: contact data goes, and so does each clause that invites
 * the buyer elsewhere, with the lead-in that only made sense with it; the facts around them stay.
 */
export function sanitizeMarketplace(text: string): string {
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
