/**
 * Brazilian and international phone numbers to E.164 (+5511987654321). Customers type
 * "(11) 98765-4321", "11 8765-4321", "+55 11 98765 4321", "011987654321" or WhatsApp ids
 * ("5511987654321"); Chatwoot sends "+5511987654321".
 */
export function normalizePhone(input: string, defaultCountry = '55'): string | null {
	const trimmed = input.trim();
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

/** The last 8 digits: the part every stored format shares, for a coarse search before exact checks. */
export function phoneTail(e164: string): string {
	return e164.replace(/\D/g, '').slice(-8);
}
