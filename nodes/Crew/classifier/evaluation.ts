import { fold } from './normalize';
import { INTENTS, type Intent, type IntentResult, type LabelledExample } from './types';

export interface Evaluation {
	n: number;
	accuracy: number;
	macroF1: number;
	f1: Record<Intent, number>;
	/** confusion[expected][predicted] */
	confusion: Record<Intent, Record<Intent, number>>;
	/** Expected calibration error over 10 equal-width confidence bins (0 = confidence matches accuracy). */
	calibrationError: number;
	meanConfidence: number;
	errors: Array<{ text: string; expected: Intent; predicted: Intent; confidence: number }>;
}

const zeros = (): Record<Intent, number> => Object.fromEntries(INTENTS.map((intent) => [intent, 0])) as Record<Intent, number>;

/** Accuracy, per-class and macro F1, confusion matrix and calibration of any classify function. */
export function evaluate(classify: (text: string) => IntentResult, examples: readonly LabelledExample[]): Evaluation {
	const confusion = Object.fromEntries(INTENTS.map((intent) => [intent, zeros()])) as Record<Intent, Record<Intent, number>>;
	const bins = Array.from({ length: 10 }, () => ({ n: 0, right: 0, confidence: 0 }));
	const errors: Evaluation['errors'] = [];
	let right = 0;
	let confidenceSum = 0;
	for (const example of examples) {
		const result = classify(example.text);
		confusion[example.intent][result.intent]++;
		const ok = result.intent === example.intent;
		if (ok) right++;
		else errors.push({ text: example.text, expected: example.intent, predicted: result.intent, confidence: result.confidence });
		const bin = bins[Math.min(9, Math.floor(result.confidence * 10))];
		bin.n++;
		bin.confidence += result.confidence;
		if (ok) bin.right++;
		confidenceSum += result.confidence;
	}
	const f1 = zeros();
	for (const intent of INTENTS) {
		const tp = confusion[intent][intent];
		const predicted = INTENTS.reduce((sum, expected) => sum + confusion[expected][intent], 0);
		const actual = INTENTS.reduce((sum, p) => sum + confusion[intent][p], 0);
		f1[intent] = tp === 0 ? 0 : (2 * tp) / (predicted + actual);
	}
	const n = examples.length;
	return {
		n,
		accuracy: n ? right / n : 0,
		macroF1: INTENTS.reduce((sum, intent) => sum + f1[intent], 0) / INTENTS.length,
		f1,
		confusion,
		calibrationError: n ? bins.reduce((sum, bin) => sum + Math.abs(bin.right - bin.confidence), 0) / n : 0,
		meanConfidence: n ? confidenceSum / n : 0,
		errors,
	};
}

/**
 * Reference for "explicit request for a person", independent of the router's rules: a broad
 * keyword pass (person nouns, talk/transfer verbs, bot refusals, call-back requests) applied to
 * lines already labelled `human`, the way bench/data/crew/README.md describes counting them.
 * It over-matches on purpose; only lines it marks are used to measure the rules' recall.
 */
const EXPLICIT_REFERENCE = new RegExp(
	'\\b(' +
		[
			// people and teams
			'atendent\\w*|atend\\w* humano|atencion humana|human\\w*|pessoa|persona|person|gente|alguem|alguien|someone|somebody|anyone|anybody',
			'gerent\\w*|gerencia|manager|supervisor\\w*|representative|representante|rep|agente?|asesor\\w*|operador\\w*|operator|encargad[oa]',
			'responsavel|dono|dona|duen[oa]|owner|proprietari[oa]|recep\\w+|ouvidoria|consultor\\w*|vendedor\\w*|salesperson|tecnico|chefe|jefe',
			'funcionari[oa]|colaborador\\w*|emplead[oa]|staff|employee|equipe|equipo|team|administra\\w+|coordena\\w+|farmaceutico|dra?',
			// talking, transferring, calling back, refusing the bot
			'falar|falando|conversar|hablar|talk|speak|chat|transf\\w+|encaminh\\w+|direcion\\w+|escalate|connect\\w*|conecta\\w*|comunic\\w+',
			'pas[ae]\\w*|passa\\w*|coloca\\w*|ligar|liga|llamar|llamen|call me|telefone|telefono|phone|ligacao|retornar',
			'robos?|robot\\w*|bot|chatbot|maquina|ia|automatic\\w*|automated|assistente',
		].join('|') +
		')\\b',
);

export const isExplicitRequestReference = (text: string): boolean => EXPLICIT_REFERENCE.test(fold(text));
