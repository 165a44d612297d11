import { evaluate, isExplicitRequestReference } from '../../nodes/Crew/classifier/evaluation';
import { classifyIntent, detectHumanSignals, sentimentScore, stratifiedSplit, trainClassifier, trainingExamples, INTENTS } from '../../nodes/Crew/classifier';

jest.setTimeout(60_000);

/** Quality is reported by `npm run bench -- router`; these floors sit well below it so noise cannot fail CI. */
describe('embedded intent classifier on the held-out split', () => {
	const { train, test } = stratifiedSplit(trainingExamples());
	const classifier = trainClassifier(train);
	const result = evaluate(classifier.classify, test);

	it('keeps train and test apart and covers every intent and language', () => {
		const trainTexts = new Set(train.map((e) => e.text));
		expect(test.some((e) => trainTexts.has(e.text))).toBe(false);
		for (const intent of INTENTS) for (const lang of ['pt', 'es', 'en']) expect(test.some((e) => e.intent === intent && e.lang === lang)).toBe(true);
	});

	it('reaches a macro-F1 floor (measured 0.905, docs/benchmarks.md)', () => {
		process.stdout.write(`held-out: n=${result.n}, accuracy ${result.accuracy.toFixed(3)}, macro-F1 ${result.macroF1.toFixed(3)}\n`);
		expect(result.macroF1).toBeGreaterThanOrEqual(0.8);
		for (const intent of INTENTS) expect(result.f1[intent]).toBeGreaterThanOrEqual(0.7);
	});

	it('sends explicit requests for a person to human', () => {
		const explicit = test.filter((e) => e.intent === 'human' && isExplicitRequestReference(e.text));
		expect(explicit.length).toBeGreaterThan(10);
		const missed = explicit.filter((e) => classifier.classify(e.text).intent !== 'human').map((e) => e.text);
		expect(missed).toEqual([]);
	});

	it('gives calibrated probabilities that sum to one', () => {
		const got = classifier.classify('quanto custa a cadeira gamer?');
		expect(Object.values(got.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
		expect(got.confidence).toBe(got.scores[got.intent]);
		expect(result.calibrationError).toBeLessThan(0.15);
	});
});

describe('human always wins', () => {
	it.each([
		['quero falar com um atendente', 'explicit'],
		['me passa pra um humano pfv', 'explicit'],
		['vou abrir reclamação no reclame aqui e no procon', 'legal'],
		['quiero hablar con una persona real', 'explicit'],
		['VOCÊS SÃO UNS LADRÕES!!!', 'anger'],
		['I will sue you and report this to the BBB', 'legal'],
	])('%s', (text, kind) => {
		const signal = detectHumanSignals(text);
		expect(signal.human).toBe(true);
		expect(signal[kind as 'explicit' | 'legal' | 'anger']).toBe(true);
		expect(classifyIntent(text).intent).toBe('human');
	});

	it('even when the message also asks about a product or an order', () => {
		expect(classifyIntent('quanto custa o notebook? e quero falar com o gerente').intent).toBe('human');
		expect(classifyIntent('meu pedido S00042 não chegou, vou no procon').intent).toBe('human');
	});

	it('does not fire on a robot vacuum or on "support" as a product word', () => {
		expect(detectHumanSignals('vcs tem robô aspirador?').human).toBe(false);
		expect(classifyIntent('vcs tem robô aspirador?').intent).toBe('sales');
	});
});

describe('neutral phrases holding an angry-looking word', () => {
	it.each(['quero agendar a vacina de raiva do meu gato', 'necesito la vacuna contra la rabia para mi perro', 'book a rabies shot for my dog'])('"%s" is no anger', (text) => {
		expect(sentimentScore(text)).toBeGreaterThan(-0.3);
		expect(detectHumanSignals(text).human).toBe(false);
	});

	it('still reads anger written with the same word', () => {
		expect(sentimentScore('que raiva, ninguem resolve nada aqui')).toBeLessThan(-0.5);
	});
});
