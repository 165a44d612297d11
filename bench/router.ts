import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { evaluate, isExplicitRequestReference, type Evaluation } from '../nodes/Crew/classifier/evaluation';
import { detectConversation, detectHumanSignals, parseExamples, stratifiedFolds, stratifiedSplit, trainClassifier, trainingExamples, INTENTS, type LabelledExample } from '../nodes/Crew/classifier';

/**
 * `npm run bench -- router`: quality of the Crew Router's embedded classifier (human rules +
 * naive Bayes), measured three ways, and its speed per message.
 *   held-out: train on 80% of the bundled dataset (stratified by intent and language), test on 20%;
 *   5-fold:   the same over five stratified folds, mean and spread;
 *   unseen:   trained on the whole bundled dataset, tested on bench/data/crew/unseen.jsonl.
 */
function unseenExamples(): LabelledExample[] {
	for (const dir of [join(__dirname, '..', '..', '..', 'bench', 'data', 'crew'), join(process.cwd(), 'bench', 'data', 'crew')]) {
		try {
			return parseExamples(readFileSync(join(dir, 'unseen.jsonl'), 'utf8'));
		} catch {
			// try the next place
		}
	}
	throw new Error('bench/data/crew/unseen.jsonl not found');
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function humanRecall(classify: (text: string) => { intent: string }, examples: readonly LabelledExample[]): { explicit: string; all: string } {
	const human = examples.filter((e) => e.intent === 'human');
	const explicit = human.filter((e) => isExplicitRequestReference(e.text));
	const rate = (list: readonly LabelledExample[]) => (list.length ? list.filter((e) => classify(e.text).intent === 'human').length / list.length : 0);
	return { explicit: `${pct(rate(explicit))} of ${explicit.length}`, all: `${pct(rate(human))} of ${human.length}` };
}

function report(name: string, result: Evaluation, recall: { explicit: string; all: string }): void {
	process.stdout.write(
		`\n${name}: n=${result.n}  accuracy ${pct(result.accuracy)}  macro-F1 ${result.macroF1.toFixed(3)}  calibration error ${result.calibrationError.toFixed(3)}\n` +
			`  F1 ${INTENTS.map((intent) => `${intent} ${result.f1[intent].toFixed(3)}`).join(', ')}\n` +
			`  human: explicit requests ${recall.explicit}, all human lines ${recall.all}\n` +
			`  confusion (rows expected, columns predicted: ${INTENTS.join(', ')})\n` +
			INTENTS.map((expected) => `    ${expected.padEnd(15)} ${INTENTS.map((p) => String(result.confusion[expected][p]).padStart(4)).join('')}`).join('\n') +
			'\n',
	);
}

export async function runRouterBench(args: string[]): Promise<void> {
	const showErrors = args.includes('--errors');
	const all = trainingExamples();
	const unseen = unseenExamples();

	const { train, test } = stratifiedSplit(all);
	const trainStart = process.hrtime.bigint();
	const heldOut = trainClassifier(train);
	const trainMs = Number(process.hrtime.bigint() - trainStart) / 1e6;
	const held = evaluate(heldOut.classify, test);
	report(`held-out split (train ${train.length}, test ${test.length}, seed fixed)`, held, humanRecall(heldOut.classify, test));

	const folds = stratifiedFolds(all, 5);
	const foldF1 = folds.map((fold, i) => evaluate(trainClassifier(folds.filter((_, j) => j !== i).flat()).classify, fold).macroF1);
	const mean = foldF1.reduce((a, b) => a + b, 0) / foldF1.length;
	process.stdout.write(`\n5-fold cross-validation: macro-F1 mean ${mean.toFixed(3)}, min ${Math.min(...foldF1).toFixed(3)}, max ${Math.max(...foldF1).toFixed(3)}\n`);

	const full = trainClassifier(all);
	const unseenResult = evaluate(full.classify, unseen);
	report(`unseen set (trained on all ${all.length}, tested on ${unseen.length} never-seen messages)`, unseenResult, humanRecall(full.classify, unseen));

	const unsure = unseenResult.errors.filter((error) => error.confidence < 0.55).length;
	process.stdout.write(`unseen errors below the default LLM threshold (confidence < 0.55): ${unsure} of ${unseenResult.errors.length}\n`);

	const falseHuman = [...all, ...unseen].filter((e) => e.intent !== 'human' && detectHumanSignals(e.text).human);
	process.stdout.write(`\nhuman rules firing on non-human lines (training + unseen): ${falseHuman.length}\n`);
	// every line of both files is a question for an agent or a person: the router must not take any for small talk
	const falseConversation = [...all, ...unseen].filter((e) => detectConversation(e.text).conversational);
	process.stdout.write(`conversation detector firing on intent lines (training + unseen): ${falseConversation.length}${falseConversation.length ? ` (${falseConversation.slice(0, 5).map((e) => JSON.stringify(e.text)).join(', ')})` : ''}\n`);

	// Speed: each unseen message classified 20 times; median and p99 per call.
	const times: number[] = [];
	for (let round = 0; round < 20; round++) {
		for (const example of unseen) {
			const start = process.hrtime.bigint();
			full.classify(example.text);
			times.push(Number(process.hrtime.bigint() - start) / 1e3);
		}
	}
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
	process.stdout.write(`\nspeed: training on ${train.length} lines ${trainMs.toFixed(0)} ms (with the 5-fold temperature fit); classify p50 ${at(0.5).toFixed(0)} µs, p99 ${at(0.99).toFixed(0)} µs over ${times.length} calls\n`);

	if (showErrors) {
		process.stdout.write('\nunseen errors:\n');
		for (const error of unseenResult.errors) process.stdout.write(`  ${error.expected} → ${error.predicted} (${error.confidence.toFixed(2)}): ${error.text.replace(/\n/g, ' ')}\n`);
	}
}
