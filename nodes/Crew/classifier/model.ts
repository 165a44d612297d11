import naiveBayes from 'wink-naive-bayes-text-classifier';

import { DEFAULT_FEATURES, intentFeatures, type FeatureOptions } from './features';
import { detectHumanSignals } from './human';
import { detectLanguage } from './language';
import { normalizeText } from './normalize';
import { Vocabulary } from './spelling';
import { stratifiedFolds } from './dataset';
import { INTENTS, type Intent, type IntentResult, type Language, type LabelledExample } from './types';

export interface ModelOptions {
	features: FeatureOptions;
	/** Additive smoothing of the naive Bayes counts (0..1). */
	smoothing: number;
	/** Count a token once per message: long e-mails then do not outweigh one-line chats. */
	presenceOnly: boolean;
	/** Folds used to fit the softmax temperature on the training examples themselves. */
	calibrationFolds: number;
	/** Skip the fit and use this temperature (used inside the fit itself). */
	temperature?: number;
	/** Weight of the character n-gram view (0: n-grams go into the word model itself). */
	charWeight: number;
	/** Which `human` examples the model learns from (experiment switch). */
	humanExamples: 'all' | 'rule-missed' | 'none';
}

export const DEFAULT_MODEL: ModelOptions = Object.freeze({
	features: DEFAULT_FEATURES,
	smoothing: 0.5,
	presenceOnly: true,
	calibrationFolds: 5,
	charWeight: 0.3,
	humanExamples: 'all',
});

/** Log-odds per intent divided by √(token count): without it, long messages get absurdly sure. */
type RawScores = Record<Intent, number>;

interface Fitted {
	raw(text: string, language?: Language): RawScores | null;
	vocabulary: number;
}

const isCharGram = (token: string): boolean => token.startsWith('c:');

function learner(options: ModelOptions) {
	const nb = naiveBayes();
	nb.defineConfig({ considerOnlyPresence: options.presenceOnly, smoothingFactor: options.smoothing });
	return nb;
}

function addOdds(into: RawScores, odds: Array<[string, number]>, weight: number): boolean {
	if (odds[0][0] === 'unknown') return false;
	for (const [label, value] of odds) into[label as Intent] = (Number.isFinite(into[label as Intent]) ? into[label as Intent] : 0) + weight * value;
	return true;
}

/**
 * Two naive Bayes views of the same messages: words, stems, bigrams and concepts in one,
 * character n-grams in the other, added with `charWeight`. In a single model the n-grams
 * (ten or more per word) drown the word evidence; apart, their vote can be kept small.
 */
function fit(examples: readonly LabelledExample[], options: ModelOptions): Fitted {
	const words = learner(options);
	const chars = options.charWeight > 0 ? learner(options) : null;
	const vocabulary = new Vocabulary();
	for (const example of examples) {
		const language = detectLanguage(example.text);
		for (const word of normalizeText(example.text, language).words) vocabulary.add(word);
		const tokens = intentFeatures(example.text, options.features, language);
		words.learn(chars ? tokens.filter((token) => !isCharGram(token)) : tokens, example.intent);
		chars?.learn(tokens.filter(isCharGram), example.intent);
	}
	words.consolidate();
	chars?.consolidate();
	vocabulary.freeze();
	return {
		vocabulary: words.stats().vocabulary + (chars?.stats().vocabulary ?? 0),
		raw(text, language = detectLanguage(text)) {
			const tokens = intentFeatures(text, options.features, language, vocabulary);
			// an intent absent from a training subset can never be predicted
			const raw = Object.fromEntries(INTENTS.map((intent) => [intent, -Infinity])) as RawScores;
			const wordTokens = chars ? tokens.filter((token) => !isCharGram(token)) : tokens;
			let known = wordTokens.length > 0 && addOdds(raw, words.computeOdds(wordTokens), 1);
			const charTokens = chars ? tokens.filter(isCharGram) : [];
			if (chars && charTokens.length > 0) known = addOdds(raw, chars.computeOdds(charTokens), options.charWeight) || known;
			if (!known) return null;
			const scale = Math.sqrt(Math.max(1, wordTokens.length));
			for (const intent of INTENTS) raw[intent] /= scale;
			return raw;
		},
	};
}

function softmax(raw: RawScores, temperature: number): Record<Intent, number> {
	const max = Math.max(...INTENTS.map((intent) => raw[intent]));
	const exps = INTENTS.map((intent) => Math.exp((raw[intent] - max) / temperature));
	const sum = exps.reduce((a, b) => a + b, 0);
	return Object.fromEntries(INTENTS.map((intent, i) => [intent, exps[i] / sum])) as Record<Intent, number>;
}

function negativeLogLikelihood(samples: ReadonlyArray<{ raw: RawScores; intent: Intent }>, temperature: number): number {
	let total = 0;
	for (const { raw, intent } of samples) total -= Math.log(Math.max(1e-12, softmax(raw, temperature)[intent]));
	return total / samples.length;
}

/**
 * Temperature that makes held-out probabilities honest: k-fold predictions on the training
 * examples, then the T minimising their negative log-likelihood (golden-section search on
 * log T, which is unimodal here). Deterministic: folds use a fixed seed.
 */
function fitTemperature(examples: readonly LabelledExample[], options: ModelOptions): number {
	const samples: Array<{ raw: RawScores; intent: Intent }> = [];
	const folds = stratifiedFolds(examples, options.calibrationFolds);
	folds.forEach((held, index) => {
		const model = fit(folds.filter((_, i) => i !== index).flat(), options);
		for (const example of held) {
			const raw = model.raw(example.text);
			if (raw) samples.push({ raw, intent: example.intent });
		}
	});
	if (samples.length === 0) return 1;
	let lo = Math.log(0.01);
	let hi = Math.log(100);
	const ratio = (Math.sqrt(5) - 1) / 2;
	for (let step = 0; step < 60; step++) {
		const a = hi - ratio * (hi - lo);
		const b = lo + ratio * (hi - lo);
		if (negativeLogLikelihood(samples, Math.exp(a)) <= negativeLogLikelihood(samples, Math.exp(b))) hi = b;
		else lo = a;
	}
	return Math.exp((lo + hi) / 2);
}

export interface IntentModel {
	/** The model's own opinion, without the human rules. */
	score(text: string): IntentResult;
	readonly temperature: number;
	readonly vocabulary: number;
	readonly trainedOn: number;
}

/** Class shares of the training data: the answer when a message has no token the model knows. */
function priors(examples: readonly LabelledExample[]): Record<Intent, number> {
	const counts = Object.fromEntries(INTENTS.map((intent) => [intent, 0])) as Record<Intent, number>;
	for (const example of examples) counts[example.intent]++;
	return Object.fromEntries(INTENTS.map((intent) => [intent, counts[intent] / Math.max(1, examples.length)])) as Record<Intent, number>;
}

const top = (scores: Record<Intent, number>): Intent =>
	INTENTS.reduce((best, intent) => (scores[intent] > scores[best] ? intent : best), INTENTS[0]);

export function trainModel(all: readonly LabelledExample[], options: ModelOptions = DEFAULT_MODEL): IntentModel {
	const examples =
		options.humanExamples === 'all'
			? all
			: all.filter((e) => e.intent !== 'human' || (options.humanExamples === 'rule-missed' && !detectHumanSignals(e.text).human));
	const fitted = fit(examples, options);
	const temperature = options.temperature ?? (options.calibrationFolds >= 2 ? fitTemperature(examples, options) : 1);
	const fallback = priors(examples);
	return {
		temperature,
		vocabulary: fitted.vocabulary,
		trainedOn: examples.length,
		score(text) {
			const language = detectLanguage(text);
			const raw = fitted.raw(text, language);
			const scores = raw ? softmax(raw, temperature) : { ...fallback };
			const intent = top(scores);
			return { intent, confidence: scores[intent], scores, language };
		},
	};
}
