import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/min';
import metadata from 'libphonenumber-js/metadata.min.json';

/**
 * Phone numbers to E.164 (+5511987654321). Customers type "(11) 98765-4321", "11 8765-4321", "+55 11 98765 4321",
 * "011987654321" or WhatsApp ids ("5511987654321"); Chatwoot sends "+5511987654321"; Odoo stores whatever its users
 * typed, in the partner's country. libphonenumber-js (Google's metadata, "min" set) reads each country's trunk and
 * international prefixes and lengths; the Brazilian plan (area codes, the ninth digit) and Mexico's 2019 reform are
 * checked here, since the min metadata accepts any two digits as an area code and still expects the abolished forms.
 */

/** A label people write before the number: "tel:", "cel", "WhatsApp:", "Fone:". */
const LABEL = /^(?:tel(?:efone)?|fone|cel(?:ular)?|cell|phone|mobile|m[oó]vil|whats(?:app)?)\b\.?\s*:?\s*/i;
/** Only what people write in a number: text such as "%", "ramal 2" or "1198765432x1" is not a phone. */
const NUMBER_SHAPE = /^\+?[\d\s()./-]+$/;

/** Anatel's area codes (DDD): two digits, both 1-9, of which these are assigned. */
const BR_AREA = '(?:1[1-9]|2[12478]|3[1-578]|4[1-9]|5[1345]|6[1-9]|7[13-579]|8[1-9]|9[1-9])';
/**
 * A Brazilian national number: area code and an 8-digit landline (2-5), an 8-digit mobile written without its ninth
 * digit (6-9, as numbers registered before 2016 and old WhatsApp ids are) or a 9-digit mobile (9); 0800/0300/0500/0900
 * numbers; or a number of the 3003/4004 kind, dialled without an area code.
 */
const BR_NATIONAL = new RegExp(`^(?:${BR_AREA}(?:[2-9]\\d{7}|9\\d{8})|[3589]00\\d{6,7}|[34]00\\d{5})$`);

/** The region whose conventions (trunk and international prefixes) a number without "+" is read with: the main one of its calling code. */
const regionOf = (callingCode: string): CountryCode | undefined => metadata.country_calling_codes[callingCode]?.[0];

/** Mexico dropped the 01/044/045 prefixes and the mobile "1" after +52 in 2019: "+52 1 55…" and "044 55…" are +52 55…. */
function afterMexicanReform(parsed: PhoneNumber | undefined): PhoneNumber | undefined {
	const match = parsed?.countryCallingCode === '52' ? /^(?:044|045|01|1)(\d{10})$/.exec(parsed.nationalNumber) : null;
	return (match && parsePhoneNumberFromString(`+52${match[1]}`)) || parsed;
}

/** One dialable number: no extension (a switchboard is not the customer's own line), valid in its country's plan. */
function dialable(parsed: PhoneNumber | undefined): parsed is PhoneNumber {
	if (!parsed || parsed.ext) return false;
	if (parsed.countryCallingCode === '55') return BR_NATIONAL.test(parsed.nationalNumber);
	return parsed.isValid();
}

/**
 * `input` in E.164, or null when it is not one dialable number. A number without "+" (or "00") is read in
 * `defaultCountry`, a calling code: its trunk prefix ("011 …" in Brazil, "1 603 …" in the US, "0351 15 …" in
 * Argentina) is dropped and a leading country code ("5511…", a WhatsApp id) is recognised.
 */
export function normalizePhone(input: string, defaultCountry = '55'): string | null {
	const written = input.trim().replace(LABEL, '').replace(/^\(\+(\d{1,3})\)/, '+$1').replace(/^0xx/i, '0');
	if (!NUMBER_SHAPE.test(written)) return null;
	const digits = written.replace(/\D/g, '');
	if (digits.length < 8) return null;
	const readings: Array<PhoneNumber | undefined> = [];
	if (written.startsWith('+')) readings.push(parsePhoneNumberFromString(`+${digits}`));
	else {
		// "0055 11…": 00 written for "+"; when that reads as no number, the country's own rules take it (Brazil's
		// "00 21 1…" with a carrier code, the US 011)
		if (written.startsWith('00')) readings.push(parsePhoneNumberFromString(`+${digits.slice(2)}`));
		const region = regionOf(defaultCountry);
		if (region) readings.push(parsePhoneNumberFromString(digits, region));
	}
	return readings.map(afterMexicanReform).find(dialable)?.number ?? null;
}

/**
 * The forms a Brazilian mobile may be stored in: with and without the ninth digit (numbers
 * registered before 2016, and WhatsApp ids, often lack it).
 */
export function phoneVariants(e164: string): string[] {
	const variants = new Set([e164]);
	const match = /^\+55(\d{2})(\d{8,9})$/.exec(e164);
	if (match) {
		const [, ddd, number] = match;
		if (number.length === 9 && number.startsWith('9')) variants.add(`+55${ddd}${number.slice(1)}`);
		if (number.length === 8 && /^[6-9]/.test(number)) variants.add(`+55${ddd}9${number}`);
	}
	return [...variants];
}

/** The last 8 digits: the part every stored format shares, to ask Odoo for candidates that samePhone then checks. */
export function phoneTail(e164: string): string {
	return e164.replace(/\D/g, '').slice(-8);
}

/**
 * Whether a stored number is the same phone as `e164`: the whole number, normalised, equal to it or to its form
 * with/without the ninth digit. Never a prefix or suffix: "+1 8765-4321" is not "+55 11 98765-4321". A stored
 * number without "+" is read in `storedCountryCode`, the calling code of the partner's country: a US partner's
 * "(603) 996-3829" is +1 603 996 3829, never the Brazilian +55 60 3996-3829.
 */
export function samePhone(stored: string, e164: string, storedCountryCode = '55'): boolean {
	const normalized = normalizePhone(stored, storedCountryCode);
	return normalized !== null && phoneVariants(e164).includes(normalized);
}
