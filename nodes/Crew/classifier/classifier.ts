import { detectHumanSignals, type HumanSignal } from './human';
import { DEFAULT_MODEL, trainModel, type IntentModel, type ModelOptions } from './model';
import { INTENTS, type Intent, type IntentResult, type LabelledExample } from './types';

/**
 * Probability given to `human` when a rule fires. The rules were written for precision: on the
 * 940 training lines and the 290 unseen ones no non-human line triggers them (see
 * docs/benchmarks.md), so 0.97 leaves room for the cases nobody wrote down.
 */
export const RULE_CONFIDENCE = 0.97;

export interface IntentClassifier {
	/** Human rules first (they always win), then the model: what the Crew Router runs. */
	classify(text: string): IntentResult;
	readonly model: IntentModel;
}

/** Moves the model's scores so `human` carries at least RULE_CONFIDENCE, keeping the others' proportions. */
export function forceHuman(result: IntentResult): IntentResult {
	const human = Math.max(result.scores.human, RULE_CONFIDENCE);
	const rest = 1 - result.scores.human;
	const scores = Object.fromEntries(
		INTENTS.map((intent) => [intent, intent === 'human' ? human : rest > 0 ? (result.scores[intent] / rest) * (1 - human) : (1 - human) / (INTENTS.length - 1)]),
	) as Record<Intent, number>;
	return { intent: 'human', confidence: human, scores, language: result.language };
}

export function routeWith(model: IntentModel, text: string, signal: HumanSignal = detectHumanSignals(text)): IntentResult {
	const result = model.score(text);
	return signal.human ? forceHuman(result) : result;
}

/**
 * Trains a classifier on any set of labelled examples (the bench and the tests use a split of
 * the bundled dataset; the runtime uses all of it). Deterministic: same examples, same model.
 */
export function trainClassifier(examples: readonly LabelledExample[], options: ModelOptions = DEFAULT_MODEL): IntentClassifier {
	const model = trainModel(examples, options);
	return { model, classify: (text) => routeWith(model, text) };
}
