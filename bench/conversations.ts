/**
 * `npm run bench -- conversations`: how well the crew answers customers of two shops it has never
 * seen (bench/data/conversations/: a Brazilian bike shop in BRL and Odoo 17's own demo shop in
 * USD). Every message (a conversation of its own) and every dialogue (its turns in one
 * conversation) goes through `crew_handle_message` with no model and with the scripted model, and
 * each turn is judged strictly: route, hand-off, every group of facts, no forbidden string, the
 * records it created. Held-out turns are only counted, never shown.
 *
 * Options: --shop shop-b|odoo-demo (default both), --split tune|heldout|all (default all),
 * --model none|scripted|both (default both), --failures (the tune split's failing turns, in full).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from '../scripts/lib/n8n-instance';
import { parseArgs, type Settings } from './conversations/args';
import { loadShop, type ShopData } from './conversations/dataset';
import { describeFailure, jsonReport, MODE_LABEL, overview, runHeader, splitTable, summarizeRun, type RunSummary } from './conversations/report';
import { runConversation, type ConversationRun, type TurnResult } from './conversations/runner';
import { benchStart, openShop, startWorld, type ModelMode, type World } from './conversations/world';

const log = (line: string) => process.stdout.write(`[conversations] ${line}\n`);

async function runShopMode(world: World, shop: ShopData, mode: ModelMode, settings: Settings): Promise<{ summary: RunSummary; runs: ConversationRun[] }> {
	const start = benchStart(shop.tenant, new Date());
	const began = performance.now();
	const shopWorld = await openShop(world, shop, mode, start);
	const chosen = shop.conversations.filter((c) => settings.splits.includes(c.split));
	const runs: ConversationRun[] = [];
	try {
		for (const [index, conversation] of chosen.entries()) {
			runs.push(await runConversation(shopWorld, shop, mode, conversation, index));
			if ((index + 1) % 100 === 0) log(`${shop.name} · ${MODE_LABEL[mode]}: ${index + 1}/${chosen.length} conversations`);
		}
	} finally {
		await shopWorld.close();
	}
	const weekday = new Intl.DateTimeFormat('en-US', { timeZone: shop.tenant.timezone, weekday: 'long', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(start);
	const summary = summarizeRun(
		{
			shop: shop.name,
			mode,
			benchClock: `${weekday} ${shop.tenant.timezone}`,
			seconds: (performance.now() - began) / 1000,
			tenantConfig: shopWorld.config,
			catalogSync: { fetched: shopWorld.catalog.fetched, upserted: shopWorld.catalog.upserted },
		},
		runs,
		settings.splits,
	);
	return { summary, runs };
}

export async function runConversationsBench(args: string[]): Promise<void> {
	const settings = parseArgs(args);
	const root = repoRoot();
	const shops = settings.shops.map((name) => loadShop(root, name));
	const began = new Date();
	log(`starting redis-server, FerretDB and the Qdrant and OpenAI emulators`);
	const world = await startWorld();
	const summaries: RunSummary[] = [];
	const tuneTurns: Array<{ shop: string; mode: ModelMode; turns: TurnResult[] }> = [];
	try {
		for (const shop of shops) {
			for (const mode of settings.modes) {
				log(`${shop.name} · ${MODE_LABEL[mode]}: ${shop.conversations.filter((c) => settings.splits.includes(c.split)).length} conversations`);
				const { summary, runs } = await runShopMode(world, shop, mode, settings);
				summaries.push(summary);
				const turns = runs.flatMap((r) => r.turns);
				tuneTurns.push({ shop: shop.name, mode, turns: turns.filter((t) => t.split === 'tune') });
				process.stdout.write(`\n${runHeader(summary)}\n`);
				for (const split of summary.splits) process.stdout.write(`\n${splitTable(summary, split)}\n`);
				if (settings.failures) {
					const failing = turns.filter((t) => t.split === 'tune' && !t.verdict.right);
					process.stdout.write(`\nfailing tune turns (${failing.length}):\n${failing.map(describeFailure).join('\n')}\n`);
					if (settings.splits.includes('heldout')) process.stdout.write('(held-out failures are never shown)\n');
				}
			}
		}
		process.stdout.write(`\n## conversations bench — ${began.toISOString()} — Node ${process.version}, ${cpus().length} cores\n\n${overview(summaries)}\n`);
		for (const shop of shops) {
			const config = summaries.find((s) => s.shop === shop.name)?.tenantConfig;
			if (!config) continue;
			process.stdout.write(`\n${shop.name}: tenant.json → configuration: applied ${config.applied.join(', ')}; changed: ${config.changed.join('; ')}; not applied: ${config.not_applied.join('; ')}\n`);
		}
		const dir = join(root, 'bench', 'results');
		mkdirSync(dir, { recursive: true });
		const file = join(dir, `conversations-${began.toISOString().slice(0, 10)}.json`);
		writeFileSync(file, jsonReport({ bench: 'conversations', started: began.toISOString(), node: process.version, cores: cpus().length, settings }, summaries, tuneTurns));
		log(`report written to ${file}`);
	} finally {
		await world.close();
	}
}
