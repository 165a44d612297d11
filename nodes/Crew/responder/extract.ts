/**
 * Figures in a text — prices, quantities, dates, times, percentages and order references — read
 * the way customers and tools write them ("R$ 1.299,90", "1,299.90", "26/11", "9h30", "SO-123"),
 * each with its normalised value and the other readings an ambiguous figure allows.
 */

export type FigureKind = 'money' | 'quantity' | 'date' | 'time' | 'percent' | 'order_ref';

/**
 * `value` is normalised: money "1299.90", quantity/percent "12" or "2.5", date "2026-11-26",
 * "11-26" without a year, "---26" for a bare day ("dia 26", as in ISO 8601's gDay) or
 * "2026-12" for a month ("12/2026"), time
 * "09:00", order_ref upper-case without separators ("SO-123" → "SO123", "#0042" → "42").
 */
export interface Figure {
	kind: FigureKind;
	raw: string;
	value: string;
}


/** A UTC-or-local wall-clock reading from an ISO datetime, kept so a reply may show it in another zone. */
export interface Stamp {
	y: number;
	mo: number;
	d: number;
	h: number;
	mi: number;
	/** Offset written after the time, in minutes; naive datetimes are UTC by Odoo's convention, so 0. */
	offset: number;
}

export interface Found extends Figure {
	start: number;
	/** Other readings of an ambiguous figure ("05/06", "1.250"); any of them may ground it. */
	alts: string[];
	stamp?: Stamp;
}

type Handler = (match: RegExpMatchArray, start: number) => Found[] | null;

const NUM = String.raw`\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`;

const MONTHS: Readonly<Record<string, number>> = {
	janeiro: 1, jan: 1, enero: 1, ene: 1, january: 1,
	fevereiro: 2, fev: 2, febrero: 2, feb: 2, february: 2,
	'março': 3, marco: 3, mar: 3, marzo: 3, march: 3,
	abril: 4, abr: 4, april: 4, apr: 4,
	maio: 5, mai: 5, mayo: 5, may: 5,
	junho: 6, jun: 6, junio: 6, june: 6,
	julho: 7, jul: 7, julio: 7, july: 7,
	agosto: 8, ago: 8, august: 8, aug: 8,
	setembro: 9, set: 9, septiembre: 9, setiembre: 9, sep: 9, sept: 9, september: 9,
	outubro: 10, out: 10, octubre: 10, oct: 10, october: 10,
	novembro: 11, nov: 11, noviembre: 11, november: 11,
	dezembro: 12, dez: 12, diciembre: 12, dic: 12, december: 12, dec: 12,
};
const ALL_MONTHS = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
/** "Month day" is English word order; pt/es abbreviations like "dez"/"set"/"out" are everyday words there. */
const EN_MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';

/** Counted things: with these even 1–10 is a stock claim worth checking. */
const COUNT_UNIT =
	/^\s*(?:unidades?|unid\.?|un\.|u\.|pe[çc]as?|p[çc]s|itens|item|pares|caixas?|kits?|pacotes?|rolos?|units?|pieces?|pcs|items?|pairs?|boxes?|packs?|piezas?|art[íi]culos?|cajas?|paquetes?|dispon[íi]ve(?:is|l)|disponibles?|available|left|restantes?|(?:em|no)\s+estoque|en\s+(?:stock|existencia)|in\s+stock|(?:\p{L}+\s+){1,2}(?:(?:em|no)\s+estoque|dispon[íi]ve(?:is|l)|en\s+stock|disponibles?|in\s+stock|available|left|restantes?))(?![\p{L}])/iu;

/** Specification units: "12000 BTUs", "500 W", "2,5 kg" describe the product, not a figure from a tool. */
const MEASURE_UNIT =
	/^\s?(?:btus?|w|watts?|kw|kwh|wh|v|volts?|hz|khz|mhz|ghz|gb|tb|mb|kb|mah|cm|mm|m|m²|m2|m³|metros?|km|kg|g|gramas?|quilos?|mg|l|litros?|ml|pol|polegadas?|inch(?:es)?|ft|lbs?|oz|mp|megapixels?|fps|rpm|cv|hp|lm|lumens|db|dpi|ppi|bits?|n[úu]cleos|cores|threads|"|''|″)(?![\p{L}\p{N}])/iu;

/** Words before "2h" that make it a duration ("em até 48h", "in 2h"), not a clock time. */
const DURATION_BEFORE = /(?:^|[^\p{L}])(?:em|en|in|within|durante|during|por|for|ap[óo]s|after|dentro\s+de|prazo\s+de|plazo\s+de)(?:\s+(?:at[ée]|up\s+to|hasta))?\s*$/iu;

export function pad(n: number): string {
	return String(n).padStart(2, '0');
}

/** Canonical decimal text, so 12, 12.0 and "12,00" compare equal and float noise does not. */
export function canonical(n: number): string {
	if (!Number.isFinite(n)) return '';
	return String(Math.round(n * 1e6) / 1e6);
}

/**
 * Reads "1.299,90", "1,299.90", "1299.9" and "1.250". A single separator followed by exactly
 * three digits is read as thousands (how prices and stock are written in pt/es) with the decimal
 * reading kept as an alternative.
 */
export function parseAmount(text: string): { value: number; alt?: number } {
	const t = text.replace(/\s/g, '');
	const dot = t.lastIndexOf('.');
	const comma = t.lastIndexOf(',');
	if (dot >= 0 && comma >= 0) {
		const decimal = dot > comma ? '.' : ',';
		const thousands = decimal === '.' ? ',' : '.';
		return { value: Number(t.split(thousands).join('').replace(decimal, '.')) };
	}
	if (dot < 0 && comma < 0) return { value: Number(t) };
	const parts = t.split(dot >= 0 ? '.' : ',');
	if (parts.length > 2) return { value: Number(parts.join('')) };
	const [whole, fraction] = parts;
	if (fraction.length === 3 && whole !== '0') return { value: Number(`${whole}${fraction}`), alt: Number(`${whole}.${fraction}`) };
	return { value: Number(`${whole}.${fraction}`) };
}

function normaliseRef(text: string): string {
	const compact = text.toUpperCase().replace(/[\s\-/#]/g, '');
	return /^\d+$/.test(compact) ? compact.replace(/^0+(?=\d)/, '') : compact;
}

function dateValue(day: number, month: number, year?: number): string | null {
	if (month < 1 || month > 12 || day < 1 || day > 31) return null;
	return year === undefined ? `${pad(month)}-${pad(day)}` : `${year}-${pad(month)}-${pad(day)}`;
}

function clock(hour: number, minute: number, meridiem?: string): string | null {
	let h = hour;
	if (meridiem) {
		if (h < 1 || h > 12) return null;
		const pm = meridiem.toLowerCase() === 'p';
		h = (h % 12) + (pm ? 12 : 0);
	}
	if (h > 23 || minute > 59) return null;
	return `${pad(h)}:${pad(minute)}`;
}

class Scanner {
	private work: string;
	readonly found: Found[] = [];

	/** `text` has NBSPs as spaces (same length), `original` is what the caller wrote, for `raw`. */
	constructor(
		readonly text: string,
		private readonly original: string,
	) {
		this.work = text;
	}

	/** Figures found by one pattern hide their characters from later, looser patterns. */
	pass(pattern: RegExp, handle: Handler): void {
		const taken: Array<[number, number]> = [];
		for (const match of this.work.matchAll(pattern)) {
			const start = match.index ?? 0;
			const figures = handle(match, start);
			if (figures === null) continue;
			for (const found of figures) this.found.push({ ...found, raw: this.original.slice(found.start, found.start + found.raw.length) });
			taken.push([start, start + match[0].length]);
		}
		if (taken.length === 0) return;
		const pieces: string[] = [];
		let at = 0;
		for (const [from, to] of taken) {
			pieces.push(this.work.slice(at, from), '\u0000'.repeat(to - from));
			at = to;
		}
		pieces.push(this.work.slice(at));
		this.work = pieces.join('');
	}
}

/** Only blanks between the line start and `index`; scans back to the first non-blank, not the whole line. */
function atLineStart(text: string, index: number): boolean {
	for (let i = index - 1; i >= 0; i--) {
		if (text[i] === '\n') return true;
		if (text[i] !== ' ' && text[i] !== '\t') return false;
	}
	return true;
}

function figure(kind: FigureKind, raw: string, value: string, start: number, alts: string[] = [], stamp?: Stamp): Found {
	return { kind, raw, value, start, alts: alts.filter((alt) => alt !== value), stamp };
}

function moneyFigure(raw: string, amount: string, thousands: string | undefined, start: number): Found {
	const parsed = parseAmount(amount);
	const scale = thousands ? 1000 : 1;
	const alts = parsed.alt === undefined ? [] : [(parsed.alt * scale).toFixed(2)];
	return figure('money', raw.trim(), (parsed.value * scale).toFixed(2), start, alts);
}

/**
 * `lenient` is for grounding and customer texts: every number there is evidence, including the
 * list numbers, small integers and years that a reply is not asked to justify.
 */
export function scan(input: string, lenient: boolean): Found[] {
	// Intl and some CRMs put NBSP between "R$" and the amount or before "AM".
	const original = String(input ?? '');
	const s = new Scanner(original.replace(/[\u00a0\u202f\u2007]/g, ' '), original);
	const ignore: Handler = () => [];

	// Links and e-mail addresses carry digits that are no figures.
	s.pass(/(?:https?:\/\/|www\.)\S+/giu, ignore);
	s.pass(/(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu, ignore);

	s.pass(/(?<!\p{N})(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))?(?!\p{N})/gu, (m, start) => {
		const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
		const date = dateValue(d, mo, y);
		const time = clock(h, mi);
		if (!date || !time) return null;
		const offset = m[6] && m[6] !== 'Z' ? (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) : 0;
		const stamp: Stamp = { y, mo, d, h, mi, offset };
		return [figure('date', m[0].slice(0, 10), date, start, [], stamp), figure('time', m[0].slice(11), time, start + 11, [], stamp)];
	});
	s.pass(/(?<![\p{N}/-])(\d{4})-(\d{2})-(\d{2})(?![\p{N}])/gu, (m, start) => {
		const date = dateValue(Number(m[3]), Number(m[2]), Number(m[1]));
		return date ? [figure('date', m[0], date, start)] : null;
	});

	// Documents and phones: digits that identify someone, never figures to ground.
	s.pass(/(?<!\p{N})(?:\d{3}\.\d{3}\.\d{3}-\d{2}|\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}|\d{5}-\d{3})(?!\p{N})/gu, ignore);
	s.pass(
		/(?<![\p{L}\p{N}])(?:(?:\+\d{1,3}\s?)?(?:\(\d{2,3}\)\s?|\d{2}\s)?9?\d{4}-\d{4}|(?:\+\d{1,3}\s?)?\(\d{2,3}\)\s?9?\d{4}[\s.]?\d{4}|\+\d{2}\s?\d{2}\s?9?\d{4}[\s.]?\d{4}|0[38]00[\s.-]?\d{3}[\s.-]?\d{4})(?!\p{N})/gu,
		ignore,
	);

	// Order references: Odoo sequences, Correios tracking codes, keyword + number, "#1234".
	const ref: Handler = (m, start) => [figure('order_ref', m[0], normaliseRef(m[0]), start)];
	s.pass(/(?<![\p{L}\p{N}_/-])(?:S|SO|PO|P|PV|PED|OV|OS|INV|FAT|NF|RMA|WH|TKT|RET|BILL|RINV)-?\d{3,}(?![\p{L}\p{N}])/gu, ref);
	s.pass(/(?<![\p{L}\p{N}/])[A-Z][A-Z0-9]{1,5}(?:\/[A-Z0-9]{1,6})*\/\d{3,}(?![\p{L}\p{N}/])/gu, ref);
	s.pass(/(?<![\p{L}\p{N}])[A-Z]{2}\d{9}[A-Z]{2}(?![\p{L}\p{N}])/gu, ref);
	s.pass(
		/(?<![\p{L}])(?:pedidos?|encomendas?|ordem|orders?|orden(?:es)?|invoice|faturas?|facturas?|nota\s+fiscal|protocolo|chamado|ticket|ocorr[êe]ncia|rastreio|tracking|reserva|booking)\s*(?:n[º°o]\.?|n[úu]mero|number|no\.)?\s*:?\s*#?\s*([A-Z]{0,4}[-/]?\d+(?:[-/]\d+)*)(?![\p{L}\p{N}])/giu,
		(m, start) => [figure('order_ref', m[0], normaliseRef(m[1]), start)],
	);
	s.pass(/(?<![\p{L}\p{N}&])#\s?(\d{3,})(?![\p{L}\p{N}])/gu, (m, start) => [figure('order_ref', m[0], normaliseRef(m[1]), start)]);

	// Calendar dates. Slash dates are read day/month (pt, es) unless only month/day is valid (en);
	// when both are valid the other reading is kept as an alternative.
	s.pass(/(?<![\p{N}/.,])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?!\p{N}|[/.,-]\p{N})/gu, (m, start) => {
		if (m[2] !== '/' && !m[4]) return null; // "26.11" and "10-12" are a decimal and a range
		const a = Number(m[1]);
		const b = Number(m[3]);
		const year = m[4] ? (m[4].length === 2 ? 2000 + Number(m[4]) : Number(m[4])) : undefined;
		const dayFirst = dateValue(a, b, year);
		const monthFirst = dateValue(b, a, year);
		const primary = dayFirst ?? monthFirst;
		if (!primary) return null;
		return [figure('date', m[0], primary, start, dayFirst && monthFirst ? [monthFirst] : [])];
	});
	// "12/2026": a month, grounded by any date in it
	s.pass(/(?<![\p{N}/.,])(\d{1,2})\/(\d{4})(?!\p{N}|[/.,]\p{N})/gu, (m, start) => {
		const month = Number(m[1]);
		return month >= 1 && month <= 12 ? [figure('date', m[0], `${m[2]}-${pad(month)}`, start)] : null;
	});
	s.pass(new RegExp(`(?<![\\p{L}\\p{N}])(\\d{1,2})(?:º|°|st|nd|rd|th)?\\s+(?:de\\s+)?(${ALL_MONTHS})(?![\\p{L}])\\.?(?:,?\\s+(?:de\\s+|del\\s+)?(\\d{4})(?!\\p{N}))?`, 'giu'), (m, start) => {
		const date = dateValue(Number(m[1]), MONTHS[m[2].toLowerCase()] ?? 0, m[3] ? Number(m[3]) : undefined);
		return date ? [figure('date', m[0], date, start)] : null;
	});
	s.pass(new RegExp(`(?<![\\p{L}\\p{N}])(${EN_MONTHS})(?![\\p{L}])\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?(?![\\p{L}\\p{N}])`, 'giu'), (m, start) => {
		const date = dateValue(Number(m[2]), MONTHS[m[1].toLowerCase()] ?? 0, m[3] ? Number(m[3]) : undefined);
		return date ? [figure('date', m[0], date, start)] : null;
	});

	// Money, with the currency before or after; "mil" multiplies ("R$ 2 mil").
	const prefix = String.raw`R\$|US\$|U\$|AR\$|MX\$|CLP\$|COP\$|\$|€|£|(?:BRL|USD|EUR|ARS|MXN|CLP|COP|PEN|UYU|GBP)(?![\p{L}])`;
	s.pass(new RegExp(`(?<![\\p{L}\\p{N}])(?:${prefix})\\s?-?(${NUM})(\\s?mil(?![\\p{L}]))?(?!\\p{N})`, 'gu'), (m, start) => [moneyFigure(m[0], m[1], m[2], start)]);
	s.pass(
		new RegExp(`(?<![\\p{L}\\p{N}.,])(${NUM})(\\s?mil)?\\s?(?:reais|real|R\\$|BRL|USD|EUR|d[óo]lares|d[óo]lar|dollars?|pesos?|euros?|ARS|MXN|CLP|COP)(?![\\p{L}])`, 'giu'),
		(m, start) => [moneyFigure(m[0], m[1], m[2], start)],
	);

	s.pass(new RegExp(`(?<![\\p{L}\\p{N}.,])(${NUM})\\s?(?:%|por\\s+cento|por\\s+ciento|percent|per\\s+cent)(?![\\p{L}])`, 'giu'), (m, start) => {
		const parsed = parseAmount(m[1]);
		return [figure('percent', m[0], canonical(parsed.value), start, parsed.alt === undefined ? [] : [canonical(parsed.alt)])];
	});

	s.pass(/(?<![\p{L}])(?:dia|día|el\s+d[íi]a)\s+(\d{1,2})(?!\p{N}|[/:.,]\p{N})/giu, (m, start) => {
		const day = Number(m[1]);
		return day >= 1 && day <= 31 ? [figure('date', m[0], `---${pad(day)}`, start)] : null;
	});

	// Clock times: 09:00, 9:00 AM, 9 am, 9h, 9h30, "às 9 horas".
	s.pass(/(?<![\p{N}:])([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?(?:\s?([ap])\.?m\.?(?![\p{L}]))?(?:\s?(?:h|hs|hrs)(?![\p{L}]))?(?!\p{N})/giu, (m, start) => {
		const time = clock(Number(m[1]), Number(m[2]), m[3]);
		return time ? [figure('time', m[0], time, start)] : null;
	});
	s.pass(/(?<![\p{L}\p{N}:.,])(1[0-2]|0?[1-9])\s?([ap])\.?m\.?(?![\p{L}\p{N}])/giu, (m, start) => {
		const time = clock(Number(m[1]), 0, m[2]);
		return time ? [figure('time', m[0], time, start)] : null;
	});
	s.pass(/(?<![\p{L}\p{N}:.,])([01]?\d|2[0-3])\s?h(?:([0-5]\d)|s|rs)?(?![\p{L}\p{N}])/giu, (m, start) => {
		if (DURATION_BEFORE.test(s.text.slice(Math.max(0, start - 30), start))) return null;
		const time = clock(Number(m[1]), Number(m[2] ?? 0));
		return time ? [figure('time', m[0], time, start)] : null;
	});
	s.pass(/(?<![\p{L}])(?:[àa]s|a\s+las?|at|das|at[ée]|from|until)\s+([01]?\d|2[0-3])\s+(?:horas|hs|hrs|o'?clock)(?![\p{L}])/giu, (m, start) => {
		const time = clock(Number(m[1]), 0);
		return time ? [figure('time', m[0], time, start)] : null;
	});

	// Model names and codes ("i7", "A4", "CAD-ERG-01", "12x", "1º") carry digits that are not figures.
	s.pass(/[\p{L}\p{N}]+(?:[-_/.][\p{L}\p{N}]+)*/gu, (m) => (/\p{L}/u.test(m[0]) && /\p{N}/u.test(m[0]) ? [] : null));

	s.pass(new RegExp(`(?<![\\p{L}\\p{N}_])(${NUM})(?![\\p{N}])`, 'gu'), (m, start) => {
		const end = start + m[0].length;
		const after = s.text.slice(end, end + 60);
		if (atLineStart(s.text, start) && /^[.)]\s/.test(after)) return []; // list numbering
		const parsed = parseAmount(m[1]);
		const alts = parsed.alt === undefined ? [] : [canonical(parsed.alt)];
		const quantity = figure('quantity', m[0], canonical(parsed.value), start, alts);
		if (lenient) return [quantity];
		if (MEASURE_UNIT.test(after)) return [];
		const counted = COUNT_UNIT.test(after);
		const integer = /^\d+$/.test(m[1]);
		if (integer && !counted && /^(?:19|20)\d{2}$/.test(m[1])) return []; // a year on its own
		if (/^\d{8,}$/.test(m[1])) return []; // EANs, marketplace item and order ids: identifiers, not amounts
		if (integer && !counted && parsed.value <= 10) return []; // "2 opções", "3 passos"
		return [quantity];
	});

	return s.found.sort((a, b) => a.start - b.start);
}

export function extractFigures(text: string): Figure[] {
	return scan(text, false).map(({ kind, raw, value }) => ({ kind, raw, value }));
}
