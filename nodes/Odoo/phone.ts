/**
 * Brazilian and international phone numbers to E.164 (+5511987654321). Customers type
 * "(11) 98765-4321", "11 8765-4321", "+55 11 98765 4321", "011987654321" or WhatsApp ids
 * ("5511987654321"); Chatwoot sends "+5511987654321".
 */
export function normalizePhone(input: string, defaultCountry = '55'): string | null {
	const trimmed = input.trim();
	// only what people write in a number: text such as "%" or "1198765432x1" is not a phone
	if (!/^\+?[\d\s()./-]+$/.test(trimmed)) return null;
	const plus = trimmed.startsWith('+') || trimmed.startsWith('00');
	let digits = trimmed.replace(/\D/g, '');
	if (trimmed.startsWith('00')) digits = digits.slice(2);
	if (digits.length < 8) return null;
	if (plus) return digits.length >= 10 && digits.length <= 15 ? `+${digits}` : null;
	if (defaultCountry === '55') {
		if (digits.startsWith('0') && (digits.length === 11 || digits.length === 12)) digits = digits.slice(1); // trunk prefix 0 + DDD
		if (digits.startsWith('55') && (digits.length === 12 || digits.length === 13)) return `+${digits}`;
		if (digits.length === 10 || digits.length === 11) return `+55${digits}`;
		return null;
	}
	return `+${defaultCountry}${digits}`;
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
