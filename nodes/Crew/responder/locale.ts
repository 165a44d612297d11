/**
 * Locale formatting for figures shown to customers.
 *
 * Every function takes the language and the time zone explicitly: the n8n host's own locale
 * and TZ say nothing about the customer, and tests must not depend on the machine they run on.
 */
import { InvalidInputError } from '../../../lib/errors';

export type Lang = 'pt' | 'es' | 'en';

/** Latin-American Spanish groups thousands the way our Spanish-speaking customers write them; plain "es" (Spain) is the fallback when ICU lacks it. */
const SPANISH = Intl.NumberFormat.supportedLocalesOf(['es-419']).length > 0 ? 'es-419' : 'es';

const LOCALES: Readonly<Record<Lang, string>> = { pt: 'pt-BR', es: SPANISH, en: 'en-US' };

/** Intl separates currency and number (and time and AM/PM) with NBSP or narrow NBSP; channels and tests want a plain space. */
function plainSpaces(text: string): string {
	return text.replace(/[\u00a0\u202f\u2007]/g, ' ');
}

function localeOf(lang: Lang): string {
	return LOCALES[lang] ?? LOCALES.pt;
}

function finite(value: number, what: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidInputError(`${what} must be a finite number, got ${String(value)}.`);
	return value;
}

/**
 * An amount in the currency Odoo gave it. Without a currency the amount is shown alone: a
 * guessed "R$" on a dollar price is worse than no symbol.
 */
export function formatMoney(value: number, currency: string | null | undefined, lang: Lang): string {
	finite(value, 'money value');
	const code = String(currency ?? '').trim().toUpperCase();
	if (!code) return plainSpaces(new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value));
	let text: string;
	try {
		text = new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency: code, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
	} catch {
		// Odoo lets admins create odd currency codes; show the code rather than fail a whole reply.
		text = `${code} ${new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)}`;
	}
	return plainSpaces(text);
}

export function formatQuantity(value: number, lang: Lang): string {
	finite(value, 'quantity');
	// Stock comes back from Odoo as 12.0; three decimals keep kg/m quantities without showing float noise.
	return plainSpaces(new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 3 }).format(value));
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NAIVE_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * Odoo (and many tool results) send naive "YYYY-MM-DD HH:MM:SS" in UTC; `new Date` would read
 * those as host-local time, so the zone is made explicit here.
 */
function parseInstant(iso: string): Date {
	const text = String(iso ?? '').trim();
	let normalised = text;
	if (DATE_ONLY.test(text)) normalised = `${text}T00:00:00Z`;
	else if (NAIVE_DATETIME.test(text)) normalised = `${text.replace(' ', 'T')}Z`;
	const date = new Date(normalised);
	if (!text || Number.isNaN(date.getTime())) throw new InvalidInputError(`"${text}" is not an ISO 8601 date or datetime.`);
	return date;
}

function partsOf(date: Date, locale: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
	const parts: Record<string, string> = {};
	for (const part of new Intl.DateTimeFormat(locale, options).formatToParts(date)) {
		if (part.type !== 'literal') parts[part.type] = plainSpaces(part.value);
	}
	return parts;
}

/** pt and es abbreviate weekdays with a dot ("ter.", "mar."); some ICU versions drop it for es. */
function abbreviatedWeekday(weekday: string, lang: Lang): string {
	if (lang === 'en' || weekday.endsWith('.')) return weekday;
	return `${weekday}.`;
}

export function formatSlot(startIso: string, timeZone: string, lang: Lang): string {
	const date = parseInstant(startIso);
	if (lang === 'en') {
		const p = partsOf(date, 'en-US', { timeZone, weekday: 'short', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
		return `${p.weekday}, ${p.month}/${p.day} at ${p.hour}:${p.minute} ${(p.dayPeriod ?? '').toUpperCase()}`.trim();
	}
	const p = partsOf(date, localeOf(lang), { timeZone, weekday: 'short', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
	// Both languages use the singular article for one o'clock: "à 01:00", "a la 01:00".
	const one = p.hour === '01';
	const at = lang === 'es' ? (one ? 'a la' : 'a las') : one ? 'à' : 'às';
	return `${abbreviatedWeekday(p.weekday, lang)}, ${p.day}/${p.month} ${at} ${p.hour}:${p.minute}`;
}

export function formatDate(iso: string, timeZone: string, lang: Lang): string {
	const text = String(iso ?? '').trim();
	// A bare date is a calendar day, not midnight UTC: shifting it into the customer's zone would show the day before.
	const zone = DATE_ONLY.test(text) ? 'UTC' : timeZone;
	const date = parseInstant(text);
	if (lang === 'en') {
		const p = partsOf(date, 'en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
		return `${p.month}/${p.day}/${p.year}`;
	}
	const p = partsOf(date, localeOf(lang), { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
	return `${p.day}/${p.month}/${p.year}`;
}
