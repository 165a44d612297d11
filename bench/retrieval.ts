import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { QdrantClient } from '@qdrant/js-client-rest';

import { hashingEmbedder } from '../nodes/KnowledgeBase/embeddings/hashing-embedder';
import { KnowledgeStore, type KnowledgeDocument } from '../nodes/KnowledgeBase/store/knowledge-store';
import type { CollectionName } from '../nodes/KnowledgeBase/store/collections';
import { startQdrantEmulator } from '../test/emulators/qdrant';

interface Question {
	question: string;
	expected: string;
	collection: CollectionName;
	language: string;
}

const DATA = join(__dirname, '..', '..', '..', 'bench', 'data', 'knowledge');

function load<T>(file: string): T {
	for (const dir of [DATA, join(process.cwd(), 'bench', 'data', 'knowledge')]) {
		try {
			return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
		} catch {
			// try the next place
		}
	}
	throw new Error(`bench/data/knowledge/${file} not found`);
}

interface Score {
	recall1: number;
	recall5: number;
	mrr: number;
	byLanguage: Record<string, { n: number; recall5: number }>;
}

async function evaluate(store: KnowledgeStore, questions: Question[]): Promise<Score> {
	let r1 = 0;
	let r5 = 0;
	let rr = 0;
	const byLanguage: Record<string, { n: number; hits: number }> = {};
	for (const q of questions) {
		const hits = await store.search('bench', q.question, { topK: 5 });
		const rank = hits.findIndex((hit) => hit.id === q.expected) + 1;
		if (rank === 1) r1++;
		if (rank >= 1) {
			r5++;
			rr += 1 / rank;
		}
		byLanguage[q.language] ??= { n: 0, hits: 0 };
		byLanguage[q.language].n++;
		if (rank >= 1) byLanguage[q.language].hits++;
	}
	const n = questions.length;
	return {
		recall1: r1 / n,
		recall5: r5 / n,
		mrr: rr / n,
		byLanguage: Object.fromEntries(Object.entries(byLanguage).map(([lang, v]) => [lang, { n: v.n, recall5: v.hits / v.n }])),
	};
}

export async function runRetrievalBench(): Promise<void> {
	const products = load<KnowledgeDocument[]>('products.json');
	const procedures = load<KnowledgeDocument[]>('procedures.json');
	const rules = load<KnowledgeDocument[]>('rules.json');
	const questions = load<Question[]>('questions.json');
	const qdrant = await startQdrantEmulator();
	try {
		const client = new QdrantClient({ url: qdrant.url, checkCompatibility: false });
		const rows: Array<[string, Score]> = [];
		for (const [label, dense] of [
			['sparse only (embedded default)', undefined],
			['hybrid: sparse + trigram test embedder, RRF', hashingEmbedder()],
		] as const) {
			const store = new KnowledgeStore(client, { prefix: `bench_${rows.length}_`, dense });
			await store.upsert('bench', 'products', products);
			await store.upsert('bench', 'support_procedures', procedures);
			await store.upsert('bench', 'business_rules', rules);
			rows.push([label, await evaluate(store, questions)]);
		}
		const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
		const lines = [
			`retrieval bench — ${new Date().toISOString()} — ${products.length} products, ${procedures.length} procedures, ${rules.length} rules, ${questions.length} questions (Qdrant emulator)`,
			'',
			'| mode | recall@1 | recall@5 | MRR | recall@5 by language |',
			'|---|---|---|---|---|',
			...rows.map(([label, s]) => `| ${label} | ${pct(s.recall1)} | ${pct(s.recall5)} | ${s.mrr.toFixed(3)} | ${Object.entries(s.byLanguage).map(([l, v]) => `${l} ${pct(v.recall5)} (${v.n})`).join(', ')} |`),
			'',
			`target (sparse only): recall@5 ≥ 90% and recall@1 ≥ 75% → ${rows[0][1].recall5 >= 0.9 && rows[0][1].recall1 >= 0.75 ? 'met' : 'NOT met'}`,
		];
		process.stdout.write(`${lines.join('\n')}\n`);
	} finally {
		await qdrant.close();
	}
}
