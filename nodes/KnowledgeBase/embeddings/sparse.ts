import { expandQuery } from './expansion';
import { terms, type Language } from './tokenizer';

export interface SparseVector {
	indices: number[];
	values: number[];
}

/** FNV-1a, 32 bits: a stable term → index map that needs no vocabulary file. */
export function termIndex(term: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < term.length; i++) {
		hash ^= term.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

export interface Bm25Options {
	k1: number;
	b: number;
	/** Expected document length in terms; the collection's true average is not known at write time. */
	avgLength: number;
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75, avgLength: 40 };

function toVector(weights: Map<number, number>): SparseVector {
	const indices = [...weights.keys()].sort((a, b) => a - b);
	return { indices, values: indices.map((i) => weights.get(i) ?? 0) };
}

/**
 * A document's BM25 term weights (the term-frequency half of BM25). The IDF half is applied by
 * Qdrant at query time through the sparse vector's `modifier: idf`, over the live collection.
 */
export function documentVector(text: string, language?: Language, options: Bm25Options = DEFAULT_BM25): SparseVector {
	const list = terms(text, language);
	const counts = new Map<number, number>();
	for (const term of list) counts.set(termIndex(term), (counts.get(termIndex(term)) ?? 0) + 1);
	const norm = options.k1 * (1 - options.b + (options.b * list.length) / options.avgLength);
	const weights = new Map<number, number>();
	for (const [index, tf] of counts) weights.set(index, (tf * (options.k1 + 1)) / (tf + norm));
	return toVector(weights);
}

/** A query's terms, each once with weight 1: Qdrant multiplies in the IDF. */
export function queryVector(text: string, language?: Language): SparseVector {
	const weights = new Map<number, number>();
	for (const term of terms(text, language)) weights.set(termIndex(term), 1);
	return toVector(weights);
}

/**
 * A question's vector for search: its own terms at weight 1 plus, at lower weights, the same
 * words stemmed as the other two languages stem them and the glossary's words for the concepts
 * it names (`expandQuery`), so a question in one language can reach a text written in another.
 */
export function searchVector(text: string, language?: Language): SparseVector {
	const weights = new Map<number, number>();
	for (const { term, weight } of expandQuery(text, language)) {
		const index = termIndex(term);
		weights.set(index, Math.max(weights.get(index) ?? 0, weight));
	}
	return toVector(weights);
}
