/**
 * Word handling for product requests in pt, es and en: folding, tokens, plurals, stems and a
 * typo-tolerant comparison. Customers write "cadeiras", "faroles", "boxes", "dobraveis" for
 * catalog names in the singular, with or without accents, and sometimes with a typo.
 */

/** Accents and case away, so "Câmara" and "camara" are the same word. */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * Tokens of folded text: letters and digits, hyphenated words split into their parts
 * ("three-seat" → three, seat; "u-lock" → u, lock), except codes that mix letters and digits
 * ("e-com09", "700x32", "furn_8900"), which stay whole.
 */
export function tokens(text: string): string[] {
	const out: string[] = [];
	for (const chunk of fold(text).split(/[^\p{L}\p{N}_-]+/u)) {
		const word = chunk.replace(/^[-_]+|[-_]+$/g, '');
		if (!word) continue;
		if (/[-_]/.test(word) && !(/\p{N}/u.test(word) && /\p{L}/u.test(word))) out.push(...word.split(/[-_]+/).filter(Boolean));
		else out.push(word);
	}
	return out;
}

export const isNumber = (word: string): boolean => /^\d+(?:[.,]\d+)?$/.test(word);

/**
 * Singular readings of a folded word, the word itself first. Plural rules of pt, es and en overlap
 * ("capacetes" drops an s, "faroles" drops es, "luces" turns into luz), so every reading that a
 * rule allows is returned and the comparison takes whichever matches.
 */
export function singulars(word: string): string[] {
	const forms = new Set<string>([word]);
	if (word.length <= 3 || /\d/.test(word) || !word.endsWith('s') || /(?:ss|us)$/.test(word)) return [...forms];
	const stem = (n: number) => word.slice(0, word.length - n);
	if (/(?:oes|aes)$/.test(word)) forms.add(`${stem(3)}ao`);
	if (word.endsWith('ais')) forms.add(`${stem(3)}al`);
	if (word.endsWith('eis')) forms.add(`${stem(3)}el`);
	if (word.endsWith('ois')) forms.add(`${stem(3)}ol`);
	if (word.endsWith('uis')) forms.add(`${stem(3)}ul`);
	if (/[nrt]is$/.test(word)) forms.add(`${stem(2)}il`);
	if (word.endsWith('ns')) forms.add(`${stem(2)}m`);
	if (word.endsWith('ces')) forms.add(`${stem(3)}z`);
	if (word.endsWith('ies')) forms.add(`${stem(3)}y`);
	if (word.endsWith('ves')) forms.add(`${stem(3)}f`);
	if (/(?:[lrndzjx]es|ches|shes|sses)$/.test(word)) forms.add(stem(2));
	if (!/[aeiou]is$/.test(word) || word.endsWith('ais')) forms.add(stem(1));
	return [...forms];
}

/**
 * A stem that ignores gender and the final vowel: "preta"/"preto" → "pret", "urbana"/"urban"
 * → "urban", "negra"/"negro" → "negr". Short words and numbers stay as they are.
 */
export function stem(word: string): string {
	if (word.length <= 3 || /\d/.test(word)) return word;
	return /[aeo]$/.test(word) ? word.slice(0, -1) : word;
}

/** Every stem a customer word may stand for, plural or not. */
export function stems(word: string): string[] {
	return [...new Set(singulars(word).map(stem))];
}

/** Damerau–Levenshtein distance (adjacent swaps count once), stopping early above `max`. */
export function editDistance(a: string, b: string, max = 2): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	const rows: number[][] = [];
	for (let i = 0; i <= a.length; i++) rows.push([i, ...Array<number>(b.length).fill(0)]);
	for (let j = 0; j <= b.length; j++) rows[0][j] = j;
	for (let i = 1; i <= a.length; i++) {
		let best = Infinity;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2][j - 2] + 1);
			rows[i][j] = value;
			best = Math.min(best, value);
		}
		if (best > max) return max + 1;
	}
	return rows[a.length][b.length];
}

/** Whether two words are the same word written with a slip: one edit from 5 letters, two from 8. */
export function typoClose(a: string, b: string): boolean {
	const shorter = Math.min(a.length, b.length);
	if (shorter < 5 || /\d/.test(a) || /\d/.test(b)) return false;
	const allowed = shorter >= 8 ? 2 : 1;
	return editDistance(a, b, allowed) <= allowed;
}
