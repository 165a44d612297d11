/** The five specialists the Crew Router can hand a customer message to. */
export type Intent = 'sales' | 'scheduling' | 'business_rules' | 'support' | 'human';

/** Fixed order: score records, confusion matrices and tie-breaks all follow it, which keeps results deterministic. */
export const INTENTS: readonly Intent[] = Object.freeze(['sales', 'scheduling', 'business_rules', 'support', 'human'] as const);

export type Language = 'pt' | 'es' | 'en';

export interface IntentResult {
	intent: Intent;
	/** Calibrated probability of `intent` (0..1): across many messages, about this share is right. */
	confidence: number;
	/** One probability per intent; they sum to 1. */
	scores: Record<Intent, number>;
	language: Language;
}

export interface LabelledExample {
	text: string;
	intent: Intent;
	lang: Language;
}

export const isIntent = (value: unknown): value is Intent => typeof value === 'string' && (INTENTS as readonly string[]).includes(value);
export const isLanguage = (value: unknown): value is Language => value === 'pt' || value === 'es' || value === 'en';
