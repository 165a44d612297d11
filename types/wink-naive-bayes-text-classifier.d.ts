/** wink-naive-bayes-text-classifier (CommonJS) ships no typings; this is the part OmniCrew uses. */
declare module 'wink-naive-bayes-text-classifier' {
	namespace naiveBayesTextClassifier {
		interface Config {
			/** Count each token once per example (binarized model). */
			considerOnlyPresence?: boolean;
			/** Additive smoothing, 0..1 (1 = Laplace). */
			smoothingFactor?: number;
		}
		interface Stats {
			labelWiseSamples: Record<string, number>;
			labelWiseWords: Record<string, number>;
			vocabulary: number;
		}
		interface Metrics {
			avgPrecision: number;
			avgRecall: number;
			avgFMeasure: number;
			details: {
				confusionMatrix: Record<string, Record<string, number>>;
				precision: Record<string, number>;
				recall: Record<string, number>;
				fmeasure: Record<string, number>;
			};
		}
		/** Inputs are token arrays when no prep tasks are defined (OmniCrew prepares tokens itself). */
		interface Classifier {
			defineConfig(config: Config): boolean;
			definePrepTasks(tasks: Array<(input: unknown) => unknown>): number;
			learn(input: string | readonly string[], label: string): boolean;
			consolidate(): boolean;
			/** `[label, log2 odds]` pairs sorted by odds, or `[['unknown', 0]]` when no token is known. */
			computeOdds(input: string | readonly string[]): Array<[string, number]>;
			predict(input: string | readonly string[]): string;
			stats(): Stats;
			exportJSON(): string;
			importJSON(json: string): boolean;
			reset(): boolean;
			evaluate(input: string | readonly string[], label: string): boolean;
			metrics(): Metrics;
		}
	}
	function naiveBayesTextClassifier(): naiveBayesTextClassifier.Classifier;
	export = naiveBayesTextClassifier;
}
