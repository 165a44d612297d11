import bundledIntents from './data/intents.jsonl' with { type: 'text' };
import { isIntent, isLanguage, type LabelledExample } from './types';

/** Parses `{"text","intent","lang"}` JSON Lines; a malformed line is a packaging bug, so it throws. */
export function parseExamples(jsonl: string): LabelledExample[] {
	const out: LabelledExample[] = [];
	jsonl.split('\n').forEach((line, index) => {
		if (!line.trim()) return;
		const row: unknown = JSON.parse(line);
		if (typeof row !== 'object' || row === null) throw new Error(`intents line ${index + 1}: not an object`);
		const { text, intent, lang } = row as Record<string, unknown>;
		if (typeof text !== 'string' || !isIntent(intent) || !isLanguage(lang)) throw new Error(`intents line ${index + 1}: bad text, intent or lang`);
		out.push({ text, intent, lang });
	});
	return out;
}

let cached: LabelledExample[] | undefined;

/** The labelled dataset bundled with the package (nodes/Crew/classifier/data/intents.jsonl). */
export function trainingExamples(): LabelledExample[] {
	cached ??= parseExamples(bundledIntents);
	return cached;
}

/** mulberry32: tiny, seedable, and the same sequence on every platform, so splits are reproducible. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Groups by intent and language, each group shuffled with the seed: the unit of stratification. */
function strata(examples: readonly LabelledExample[], seed: number): LabelledExample[][] {
	const groups = new Map<string, LabelledExample[]>();
	for (const example of examples) {
		const key = `${example.intent}/${example.lang}`;
		const group = groups.get(key) ?? [];
		group.push(example);
		groups.set(key, group);
	}
	const next = random(seed);
	return [...groups.keys()].sort().map((key) => {
		const group = [...(groups.get(key) ?? [])];
		for (let i = group.length - 1; i > 0; i--) {
			const j = Math.floor(next() * (i + 1));
			[group[i], group[j]] = [group[j], group[i]];
		}
		return group;
	});
}

export const DEFAULT_SEED = 20251125;

/** Stratified by intent and language: `testShare` of every (intent, language) group goes to `test`. */
export function stratifiedSplit(
	examples: readonly LabelledExample[],
	testShare = 0.2,
	seed = DEFAULT_SEED,
): { train: LabelledExample[]; test: LabelledExample[] } {
	const train: LabelledExample[] = [];
	const test: LabelledExample[] = [];
	for (const group of strata(examples, seed)) {
		const cut = Math.round(group.length * testShare);
		test.push(...group.slice(0, cut));
		train.push(...group.slice(cut));
	}
	return { train, test };
}

/** k stratified folds: each (intent, language) group is dealt round-robin, so folds differ by at most one line per group. */
export function stratifiedFolds(examples: readonly LabelledExample[], k: number, seed = DEFAULT_SEED): LabelledExample[][] {
	const folds: LabelledExample[][] = Array.from({ length: k }, () => []);
	let dealt = 0;
	for (const group of strata(examples, seed)) for (const example of group) folds[dealt++ % k].push(example);
	return folds;
}
