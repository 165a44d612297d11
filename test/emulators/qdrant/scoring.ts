/**
 * Scoring as Qdrant does it:
 *  - Cosine: vectors are normalised on upsert (and returned normalised), the score is their dot product.
 *  - Dot: raw dot product. Euclid / Manhattan: the distance itself, smaller is better (ascending order).
 *  - Sparse: dot product over the shared indices; with `modifier: idf` each query weight is multiplied by
 *    idf = ln(1 + (N - n + 0.5) / (n + 0.5)) (BM25's IDF, as Qdrant computes it), where N is the number
 *    of points holding that sparse vector and n the number of those holding the index.
 *  - RRF: score = Σ 1 / (k + position), position 0-based in each prefetch's result, k = 2 unless the
 *    query says `{rrf: {k}}`. Qdrant's `DEFAULT_RRF_K` is 2 (segment/src/common/score_fusion.rs),
 *    not the k = 60 of the original paper; the OpenAPI `Rrf.k` only says "K parameter" with default null.
 *    Optional `rrf.weights[i]` scale a source: 1 / (position / weight + k), which is 1 / (position + k) at weight 1.
 */
import type { Distance, PointId, SparseVector } from './types';

export function normalize(vector: number[]): number[] {
	const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
	return norm === 0 ? [...vector] : vector.map((value) => value / norm);
}

/** Whether a larger score is better for this distance. */
export const higherIsBetter = (distance: Distance) => distance === 'Cosine' || distance === 'Dot';

export function denseScore(distance: Distance, query: number[], stored: number[]): number {
	switch (distance) {
		case 'Cosine': {
			const q = normalize(query);
			return q.reduce((sum, value, i) => sum + value * stored[i], 0);
		}
		case 'Dot':
			return query.reduce((sum, value, i) => sum + value * stored[i], 0);
		case 'Euclid':
			return Math.sqrt(query.reduce((sum, value, i) => sum + (value - stored[i]) ** 2, 0));
		case 'Manhattan':
			return query.reduce((sum, value, i) => sum + Math.abs(value - stored[i]), 0);
	}
}

export function idf(totalPoints: number, pointsWithIndex: number): number {
	return Math.log(1 + (totalPoints - pointsWithIndex + 0.5) / (pointsWithIndex + 0.5));
}

/** Dot product over shared indices, or undefined when the vectors share none (Qdrant skips such points). */
export function sparseScore(query: SparseVector, stored: SparseVector, weight: (index: number) => number = () => 1): number | undefined {
	const storedValues = new Map<number, number>();
	stored.indices.forEach((index, i) => storedValues.set(index, stored.values[i]));
	let score = 0;
	let shared = false;
	query.indices.forEach((index, i) => {
		const value = storedValues.get(index);
		if (value === undefined) return;
		shared = true;
		score += query.values[i] * weight(index) * value;
	});
	return shared ? score : undefined;
}

export const DEFAULT_RRF_K = 2;

export function rrf<T extends { id: PointId }>(sources: T[][], k = DEFAULT_RRF_K, weights?: number[]): Array<{ item: T; score: number }> {
	const fused = new Map<PointId, { item: T; score: number }>();
	sources.forEach((source, s) => {
		const weight = weights?.[s] ?? 1;
		source.forEach((item, position) => {
			const score = 1 / (position / weight + k);
			const entry = fused.get(item.id);
			if (entry) entry.score += score;
			else fused.set(item.id, { item, score });
		});
	});
	return [...fused.values()].sort((a, b) => b.score - a.score);
}
