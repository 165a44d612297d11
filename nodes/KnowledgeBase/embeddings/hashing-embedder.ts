import type { DenseEmbedder } from '../store/knowledge-store';
import { fold } from './tokenizer';
import { termIndex } from './sparse';

/**
 * A deterministic dense embedder from hashed character trigrams: no model, no network. It is a
 * stand-in for a real embedding model in tests and benchmarks (it captures spelling, not meaning).
 */
export function hashingEmbedder(size = 256): DenseEmbedder {
	return {
		size,
		distance: 'Cosine',
		async embed(texts: string[]): Promise<number[][]> {
			return texts.map((text) => {
				const vector = new Array<number>(size).fill(0);
				for (const word of fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
					const padded = ` ${word} `;
					for (let i = 0; i + 3 <= padded.length; i++) vector[termIndex(padded.slice(i, i + 3)) % size] += 1;
				}
				const norm = Math.hypot(...vector) || 1;
				return vector.map((x) => x / norm);
			});
		},
	};
}
