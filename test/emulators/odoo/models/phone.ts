/**
 * Phone numbers on `res.partner` (`mail.thread.phone`, modules `phone_validation` / `sms`): the non-stored but
 * searchable `phone_mobile_search` and the stored `phone_sanitized` (E.164 with the `phonenumbers` library,
 * the number as typed without it).
 */
import { sqlLike } from '../domain';
import { userError } from '../errors';
import type { Env, Rec } from '../orm/types';

/** The fields `phone_mobile_search` / `phone_sanitized` look at, in Odoo's order. */
const NUMBER_FIELDS = ['mobile', 'phone'];

/** What Odoo strips before comparing: whitespace and `\ . / ( ) -` (not `+`). */
export function stripPhone(value: string): string {
	return value.replace(/[\s\\./()-]/g, '');
}

function isEmpty(value: unknown): boolean {
	return value === false || value === null || value === undefined || value === '';
}

/** The `phone_mobile_search` searcher: format-insensitive match on `phone` and `mobile`. */
export function phoneMobileSearch(operator: string, rawValue: unknown, _env: Env): (rec: Rec) => boolean {
	const value = typeof rawValue === 'string' ? rawValue.trim() : rawValue;
	if ((value === true || isEmpty(value)) && (operator === '=' || operator === '!=')) {
		const wantSet = (operator === '=') === (value === true);
		return (rec) => (wantSet ? NUMBER_FIELDS.some((field) => !isEmpty(rec[field])) : NUMBER_FIELDS.every((field) => isEmpty(rec[field])));
	}
	const text = typeof value === 'string' ? value : String(value);
	if (text.length < 3) throw userError('Please enter at least 3 characters when searching a Phone/Mobile number.');
	const negative = operator === '!=' || operator.startsWith('not ');
	const exact = operator === '=' || operator === '!=';
	const insensitive = operator.includes('ilike');
	let terms: string[];
	if (text.startsWith('+') || text.startsWith('00')) {
		const term = stripPhone(text.slice(text.startsWith('+') ? 1 : 2));
		terms = exact ? [`00${term}`, `+${term}`] : [`00${term}%`, `+${term}%`];
	} else {
		const term = stripPhone(text);
		terms = [exact ? term : `%${term}%`];
	}
	const test = (stored: string, term: string) => (exact ? stored === term : sqlLike(stored, term, insensitive));
	return (rec) => {
		if (negative) {
			return NUMBER_FIELDS.every((field) => {
				const raw = rec[field];
				return typeof raw !== 'string' || terms.some((term) => !test(stripPhone(raw), term));
			});
		}
		return NUMBER_FIELDS.some((field) => {
			const raw = rec[field];
			return typeof raw === 'string' && terms.some((term) => test(stripPhone(raw), term));
		});
	};
}

/** NANP: 10 digits, area code and exchange starting 2-9. */
function validNanp(national: string): boolean {
	return /^[2-9]\d{2}[2-9]\d{6}$/.test(national);
}

/** Brazil: 2-digit area code (no 0), then 8 digits (landline 2-5) or 9 digits starting with 9 (mobile). */
function validBrazil(national: string): boolean {
	return /^[1-9][1-9](?:[2-5]\d{7}|9\d{8})$/.test(national);
}

function validNational(countryCode: number, national: string): boolean {
	if (countryCode === 55) return validBrazil(national);
	if (countryCode === 1) return validNanp(national);
	return /^\d{6,13}$/.test(national);
}

/**
 * A small stand-in for `phonenumbers` + Odoo's `phone_format(force_format='E164')`: the E.164 form of a number,
 * parsed for a country calling code when it has no `+`/`00` prefix, or `false` when it does not parse.
 */
export function sanitizePhone(number: string, countryCode: number | undefined): string | false {
	const trimmed = number.trim();
	const digits = trimmed.replace(/\D/g, '');
	if (!digits) return false;
	const international = trimmed.startsWith('+') ? digits : trimmed.startsWith('00') ? digits.slice(2) : undefined;
	if (international !== undefined) {
		for (const code of [55, 1]) {
			const prefix = String(code);
			if (international.startsWith(prefix)) return validNational(code, international.slice(prefix.length)) ? `+${international}` : false;
		}
		return /^\d{8,15}$/.test(international) ? `+${international}` : false;
	}
	const code = countryCode ?? 1;
	let national = digits;
	if (code === 1 && national.length === 11 && national.startsWith('1')) national = national.slice(1);
	else if (code !== 1 && national.startsWith('0')) national = national.replace(/^0+/, '');
	return validNational(code, national) ? `+${code}${national}` : false;
}

function countryPhoneCode(env: Env, countryId: unknown): number | undefined {
	if (typeof countryId !== 'number') return undefined;
	const country = env.store.models.get('res.country')?.records.get(countryId);
	if (typeof country?.phone_code === 'number') return country.phone_code;
	if (countryId === 31) return 55;
	if (countryId === 233) return 1;
	return undefined;
}

/** `phone_sanitized`: the first of `mobile`, `phone` that sanitizes (with the library), or as typed (without). */
export function phoneSanitized(rec: Rec, env: Env): string | false {
	const numbers = NUMBER_FIELDS.map((field) => rec[field]).filter((value): value is string => typeof value === 'string' && value !== '');
	if (!env.store.phoneLibrary) return numbers[0] ?? false;
	const company = env.store.models.get('res.company')?.records.get(typeof rec.company_id === 'number' ? rec.company_id : 1);
	const code = countryPhoneCode(env, rec.country_id) ?? countryPhoneCode(env, company?.country_id) ?? 1;
	for (const number of numbers) {
		const sanitized = sanitizePhone(number, code);
		if (sanitized) return sanitized;
	}
	return false;
}

/** `email_normalized`: the lowercased address (the part in `<…>` when there is one). */
export function emailNormalized(rec: Rec): string | false {
	if (typeof rec.email !== 'string' || !rec.email.trim()) return false;
	const match = /<([^>]+)>/.exec(rec.email);
	const address = (match ? match[1] : rec.email).trim().toLowerCase();
	return address.includes('@') ? address : false;
}
