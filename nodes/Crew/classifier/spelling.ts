import { withinOneEdit } from './concepts';

const deletions = (word: string): string[] => Array.from({ length: word.length }, (_, i) => word.slice(0, i) + word.slice(i + 1));

/**
 * The words the model was trained on, and a corrector that maps a misspelt word to the known
 * word one edit away ("agendamneto" → "agendamento", "garantai" → "garantia"). Lookup uses the
 * symmetric-delete trick (index every word and its one-letter deletions), so it costs a few map
 * reads per unknown word instead of a scan of the vocabulary.
 */
export class Vocabulary {
	private readonly counts = new Map<string, number>();
	private readonly byDeletion = new Map<string, string[]>();

	/** Words shorter than this are never corrected: "cor"/"com", "mes"/"mas" are different words, not typos. */
	static readonly MIN_LENGTH = 5;

	add(word: string): void {
		this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
	}

	/** Builds the deletion index; call once after the last `add`. */
	freeze(): this {
		for (const word of [...this.counts.keys()].sort()) {
			if (word.length < Vocabulary.MIN_LENGTH - 1 || word.startsWith('#')) continue;
			for (const key of [word, ...deletions(word)]) {
				const list = this.byDeletion.get(key) ?? [];
				list.push(word);
				this.byDeletion.set(key, list);
			}
		}
		return this;
	}

	has(word: string): boolean {
		return this.counts.has(word);
	}

	get size(): number {
		return this.counts.size;
	}

	/** The most frequent known word one edit away (ties: alphabetical), or null. */
	correct(word: string): string | null {
		if (word.length < Vocabulary.MIN_LENGTH || /\d|#/.test(word)) return null;
		let best: string | null = null;
		let bestCount = 0;
		for (const key of [word, ...deletions(word)]) {
			for (const candidate of this.byDeletion.get(key) ?? []) {
				if (candidate === word || !withinOneEdit(word, candidate)) continue;
				const count = this.counts.get(candidate) ?? 0;
				if (count > bestCount || (count === bestCount && best !== null && candidate < best)) {
					best = candidate;
					bestCount = count;
				}
			}
		}
		return best;
	}
}
