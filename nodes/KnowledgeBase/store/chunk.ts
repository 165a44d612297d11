/** Splits long texts on sentence boundaries so each chunk stays near `maxChars`; short texts stay whole. */
export function chunkText(text: string, maxChars = 900): string[] {
	const clean = text.replace(/\s+/g, ' ').trim();
	if (clean.length <= maxChars) return clean ? [clean] : [];
	const sentences = clean.match(/[^.!?;\n]+(?:[.!?;]+|$)/g) ?? [clean];
	const chunks: string[] = [];
	let current = '';
	for (const raw of sentences) {
		const sentence = raw.trim();
		if (!sentence) continue;
		if (current && current.length + 1 + sentence.length > maxChars) {
			chunks.push(current);
			current = '';
		}
		// a single sentence longer than a chunk is cut on word boundaries
		if (sentence.length > maxChars) {
			for (const word of sentence.split(' ')) {
				if (current && current.length + 1 + word.length > maxChars) {
					chunks.push(current);
					current = '';
				}
				current = current ? `${current} ${word}` : word;
			}
			continue;
		}
		current = current ? `${current} ${sentence}` : sentence;
	}
	if (current) chunks.push(current);
	return chunks;
}
