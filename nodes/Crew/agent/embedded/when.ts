import { en, es, pt, type ParsedComponents, type ParsedResult } from 'chrono-node';

import type { Lang } from '../../responder/locale';
import { fold } from '../context';

/** Days a customer named: one day (from = to) or a span, as YYYY-MM-DD in the tenant's calendar. */
export interface Days {
	from: string;
	to: string;
}

/** What a message says about when: the days and the hour ("HH:MM"), each null when it names none. */
export interface When {
	days: Days | null;
	time: string | null;
}

export const WEEKDAYS: Array<[RegExp, number]> = [
	[/\b(segunda|seg|lunes|monday|mon)\b/, 1],
	[/\b(terca|ter|martes|tuesday|tue)\b/, 2],
	[/\b(quarta|qua|miercoles|wednesday|wed)\b/, 3],
	[/\b(quinta|qui|jueves|thursday|thu)\b/, 4],
	[/\b(sexta|sex|viernes|friday|fri)\b/, 5],
	[/\b(sabado|sab|saturday|sat)\b/, 6],
	[/\b(domingo|dom|sunday|sun)\b/, 7],
];

export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
export const isoWeekday = (date: string): number => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The hour (and minutes) the customer named, by our own rules: "10h", "às 14:30", "9am". */
function ownTime(folded: string): string | null {
	const match = /\b([01]?\d|2[0-3])(?:[:h]([0-5]\d)?|\s?(am|pm))/.exec(folded);
	if (!match) return null;
	let hour = Number(match[1]);
	if (match[3] === 'pm' && hour < 12) hour += 12;
	return `${String(hour).padStart(2, '0')}:${match[2] ?? '00'}`;
}

/** The day the customer named, by our own rules: tomorrow, today, a weekday (the next one), a dd/mm date. */
function ownDays(folded: string, today: string): Days | null {
	const day = (date: string): Days => ({ from: date, to: date });
	if (/\b(amanha|manana|tomorrow)\b/.test(folded)) return day(addDays(today, 1));
	if (/\b(hoje|hoy|today)\b/.test(folded)) return day(today);
	const weekday = WEEKDAYS.find(([re]) => re.test(folded))?.[1];
	if (weekday) return day(addDays(today, (weekday - isoWeekday(today) + 7) % 7 || 7));
	const date = /\b([0-3]?\d)\/([01]?\d)\b/.exec(folded);
	if (date) {
		const year = Number(today.slice(0, 4));
		let candidate = `${year}-${date[2].padStart(2, '0')}-${date[1].padStart(2, '0')}`;
		if (candidate < today) candidate = `${year + 1}${candidate.slice(4)}`;
		if (!Number.isNaN(Date.parse(candidate))) return day(candidate);
	}
	return null;
}

const CHRONO = { pt, es, en } as const;
const pad = (n: number | null): string => String(n ?? 0).padStart(2, '0');
const ymd = (c: ParsedComponents): string => `${c.get('year')}-${pad(c.get('month'))}-${pad(c.get('day'))}`;

/** What chrono-node reads in the conversation's language. */
function chronoWhen(text: string, lang: Lang, today: string, clock: string): When {
	// the tenant's wall clock as if it were UTC: chrono's dates are then the tenant's calendar days
	const reference = { instant: new Date(`${today}T${clock}:00Z`), timezone: 0 };
	const results = CHRONO[lang]
		.parse(text, reference, { forwardDate: true })
		// "1h", "14h" read as "in 1 hour": a duration or an hour, never a day someone books
		.filter((result: ParsedResult) => !result.tags().has('result/relativeDateAndTime'));
	const dated = results.find(({ start }) => start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month'));
	// a bare "a 3" is no hour: "daqui a 3 dias", or the end of "día 15" (chrono's Portuguese and Spanish take both)
	const timed = results.find(({ start, text: matched }) => start.isCertain('hour') && !/^a\s+\d{1,2}$/i.test(matched));
	return {
		days: dated ? { from: ymd(dated.start), to: ymd(dated.end ?? dated.start) } : null,
		time: timed ? `${pad(timed.start.get('hour'))}:${pad(timed.start.get('minute'))}` : null,
	};
}

/**
 * When a message says the customer wants to come: its days and hour, in the tenant's calendar (`today`, `clock` are
 * the tenant's local date and time). Our own rules and chrono-node each read it; the first that finds a day gives the
 * days and the first that finds an hour gives the hour. chrono-node reads English fully but Portuguese and Spanish only
 * partly ("10h", "dia 15" escape it), so it goes first in English and second otherwise.
 */
export function readWhen(text: string, lang: Lang, today: string, clock = '12:00'): When {
	const folded = fold(text);
	const own: When = { days: ownDays(folded, today), time: ownTime(folded) };
	const library = chronoWhen(text, lang, today, clock);
	const [first, second] = lang === 'en' ? [library, own] : [own, library];
	return { days: first.days ?? second.days, time: first.time ?? second.time };
}

/** Our own rules alone (as the crew read dates before chrono-node): kept for the libraries benchmark. */
export function readWhenOwn(text: string, today: string): When {
	const folded = fold(text);
	return { days: ownDays(folded, today), time: ownTime(folded) };
}

/** chrono-node alone, for the libraries benchmark. */
export function readWhenChrono(text: string, lang: Lang, today: string, clock = '12:00'): When {
	return chronoWhen(text, lang, today, clock);
}
