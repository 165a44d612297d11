/**
 * `npm run bench -- <name>`: benchmarks, never part of the test suite. Each prints its figures
 * and how they were measured; docs/benchmarks.md records them.
 */
import { runCacheBench } from './cache';
import { runConversationsBench } from './conversations';
import { runCrewBench } from './crew';
import { runLibrariesBench } from './libraries';
import { runRetrievalBench } from './retrieval';
import { runRouterBench } from './router';

const BENCHES: Record<string, { describe: string; run: (args: string[]) => Promise<void> }> = {
	cache: { describe: 'cache_get through the embedded session vs raw ioredis GET, same Redis, same run', run: runCacheBench },
	router: { describe: 'Crew Router classifier quality (held-out split, 5-fold, unseen set: accuracy, macro-F1, human recall) and speed', run: runRouterBench },
	crew: { describe: 'whatsapp-crew template vs a bare webhook and the built-in AI Agent baseline in a real n8n: msgs/s, latency, LLM tokens, Odoo calls, cache hits', run: runCrewBench },
	libraries: { describe: 'libphonenumber-js, chrono-node and language detectors against our own phone, date and language code, on labelled sets', run: runLibrariesBench },
	retrieval: { describe: 'knowledge search quality (recall@1, recall@5, MRR), sparse only and hybrid, on the Brazilian dataset', run: runRetrievalBench },
	conversations: {
		describe: 'crew answers on two unseen shops (messages and dialogues, no model and scripted model): turns right per category, tune and held-out, routing macro-F1',
		run: runConversationsBench,
	},
};

async function main(): Promise<void> {
	const [name, ...args] = process.argv.slice(2);
	const bench = name ? BENCHES[name] : undefined;
	if (!bench) {
		process.stdout.write(`usage: npm run bench -- <name>\n\n${Object.entries(BENCHES).map(([key, b]) => `  ${key.padEnd(13)} ${b.describe}`).join('\n')}\n`);
		process.exitCode = name ? 2 : 0;
		return;
	}
	await bench.run(args);
}

main().catch((error: unknown) => {
	process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
