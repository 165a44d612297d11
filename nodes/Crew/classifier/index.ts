/**
 * The Crew Router's embedded intent classifier: no network, no key, a fraction of a millisecond
 * per message. Human rules (explicit requests, anger, legal threats) run first and always win;
 * a naive Bayes model trained from the bundled pt/es/en dataset decides the rest.
 */
import { trainClassifier, type IntentClassifier } from './classifier';
import { trainingExamples } from './dataset';
import type { IntentResult } from './types';

export { INTENTS, type Intent, type IntentResult, type Language, type LabelledExample } from './types';
export { detectLanguage, languageEvidence } from './language';
export { detectConversation, type ConversationKind, type ConversationSignal } from './conversation';
export { detectHumanSignals, ANGER_SENTIMENT, type HumanSignal } from './human';
export { sentimentScore } from './sentiment';
export { detectInjection, type InjectionSignal } from './injection';
export { trainClassifier, RULE_CONFIDENCE, type IntentClassifier } from './classifier';
export { DEFAULT_MODEL, type ModelOptions, type IntentModel } from './model';
export { trainingExamples, parseExamples, stratifiedSplit, stratifiedFolds, DEFAULT_SEED } from './dataset';

let runtime: IntentClassifier | undefined;

/** Trained on first use from the whole bundled dataset (about a second), then kept for the process. */
export function classifyIntent(text: string): IntentResult {
	runtime ??= trainClassifier(trainingExamples());
	return runtime.classify(text);
}
