/**
 * Scores and tables: turns right per category (messages, dialogue turns, both), micro and macro
 * totals, routing macro-F1, which checks failed. Held-out turns are only ever counted: their
 * texts, replies and failures appear nowhere, so nobody tunes on them by accident.
 */
import { CATEGORIES, type Category, type Split } from './dataset';
import { routingScore, type Check, type RoutingScore } from './judge';
import type { ConversationRun, TurnResult } from './runner';
import type { ModelMode, TenantApplied } from './world';

export interface Cell {
	turns: number;
	right: number;
}

export interface CategoryRow {
	category: Category;
	messages: Cell;
	dialogueTurns: Cell;
	all: Cell;
}

export interface SplitSummary {
	split: Split;
	rows: CategoryRow[];
	total: { messages: Cell; dialogueTurns: Cell; all: Cell };
	/** Turns right over all turns. */
	micro: number;
	/** The mean of the categories' shares (every category weighs the same). */
	macro: number;
	dialogues: { n: number; fullyRight: number };
	/** Routing over the single messages whose expected route is an agent or the hand-off. */
	routing: RoutingScore;
	/** The same over every turn, dialogue turns included. */
	routingAllTurns: RoutingScore;
	checksFailed: Record<Check, number>;
	/** For turns expected to be `conversation`: which agent the crew's router chose. */
	conversationRoutes: Record<string, number>;
	/** Turns that created records the dataset asked nothing about (reported, not judged). */
	unaskedWrites: number;
}

export interface RunSummary {
	shop: string;
	mode: ModelMode;
	benchClock: string;
	seconds: number;
	tenantConfig: TenantApplied;
	catalogSync: { fetched: number; upserted: number };
	bindings: Record<'order' | 'name' | 'new', number>;
	latencyMs: { p50: number; p95: number; max: number };
	llm: { calls: number; tokens: number };
	answeredBy: Record<string, number>;
	splits: SplitSummary[];
}

const cell = (turns: TurnResult[]): Cell => ({ turns: turns.length, right: turns.filter((t) => t.verdict.right).length });
const share = (c: Cell) => (c.turns ? c.right / c.turns : 0);
const count = <T extends string>(values: T[]): Record<string, number> => values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export function summarizeSplit(split: Split, runs: ConversationRun[]): SplitSummary {
	const inSplit = runs.filter((r) => r.conversation.split === split);
	const turns = inSplit.flatMap((r) => r.turns);
	const rows: CategoryRow[] = CATEGORIES.filter((category) => turns.some((t) => t.category === category)).map((category) => {
		const mine = turns.filter((t) => t.category === category);
		return { category, messages: cell(mine.filter((t) => t.kind === 'message')), dialogueTurns: cell(mine.filter((t) => t.kind === 'dialogue')), all: cell(mine) };
	});
	const dialogues = inSplit.filter((r) => r.conversation.kind === 'dialogue');
	const checks: Check[] = ['route', 'handoff', 'facts', 'must_not', 'writes', 'error'];
	const pairs = (list: TurnResult[]) => list.map((t) => ({ expected: t.expected.route, predicted: t.route }));
	return {
		split,
		rows,
		total: { messages: cell(turns.filter((t) => t.kind === 'message')), dialogueTurns: cell(turns.filter((t) => t.kind === 'dialogue')), all: cell(turns) },
		micro: share(cell(turns)),
		macro: rows.length ? rows.reduce((sum, row) => sum + share(row.all), 0) / rows.length : 0,
		dialogues: { n: dialogues.length, fullyRight: dialogues.filter((r) => r.turns.every((t) => t.verdict.right)).length },
		routing: routingScore(pairs(turns.filter((t) => t.kind === 'message'))),
		routingAllTurns: routingScore(pairs(turns)),
		checksFailed: Object.fromEntries(checks.map((check) => [check, turns.filter((t) => t.verdict.failed.includes(check)).length])) as Record<Check, number>,
		conversationRoutes: count(turns.filter((t) => t.expected.route === 'conversation').map((t) => t.route)),
		unaskedWrites: turns.filter((t) => t.verdict.unaskedWrites.length > 0).length,
	};
}

export function summarizeRun(
	base: Pick<RunSummary, 'shop' | 'mode' | 'benchClock' | 'seconds' | 'tenantConfig' | 'catalogSync'>,
	runs: ConversationRun[],
	splits: readonly Split[],
): RunSummary {
	const turns = runs.flatMap((r) => r.turns);
	const ms = turns.map((t) => t.ms).sort((a, b) => a - b);
	return {
		...base,
		bindings: { order: 0, name: 0, new: 0, ...count(runs.map((r) => r.binding.why)) },
		latencyMs: { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), max: ms.at(-1) ?? 0 },
		llm: { calls: turns.reduce((sum, t) => sum + t.llmCalls, 0), tokens: turns.reduce((sum, t) => sum + t.tokens, 0) },
		answeredBy: count(turns.map((t) => t.answeredBy ?? 'none')),
		splits: splits.map((split) => summarizeSplit(split, runs)),
	};
}

// ---- text ------------------------------------------------------------------------------------------

export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const frac = (c: Cell) => (c.turns ? `${c.right}/${c.turns}` : '–');
export const MODE_LABEL: Record<ModelMode, string> = { none: 'no model', scripted: 'scripted model' };

export function splitTable(run: RunSummary, s: SplitSummary): string {
	const lines = [
		`#### ${run.shop} · ${MODE_LABEL[run.mode]} · ${s.split} (${s.total.messages.turns} messages, ${s.total.dialogueTurns.turns} dialogue turns in ${s.dialogues.n} dialogues)`,
		'',
		'| category | messages | dialogue turns | all | share |',
		'|---|---:|---:|---:|---:|',
		...s.rows.map((row) => `| ${row.category} | ${frac(row.messages)} | ${frac(row.dialogueTurns)} | ${frac(row.all)} | ${pct(share(row.all))} |`),
		`| **total (micro)** | ${frac(s.total.messages)} | ${frac(s.total.dialogueTurns)} | ${frac(s.total.all)} | **${pct(s.micro)}** |`,
		`| **macro** (mean of the category shares) | | | | **${pct(s.macro)}** |`,
		'',
		`dialogues with every turn right: ${s.dialogues.fullyRight}/${s.dialogues.n}`,
		`routing (messages expected at an agent or a person, n=${s.routing.n}): accuracy ${pct(s.routing.accuracy)}, macro-F1 ${s.routing.macroF1.toFixed(3)} (${Object.entries(s.routing.f1).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}); all turns (n=${s.routingAllTurns.n}): macro-F1 ${s.routingAllTurns.macroF1.toFixed(3)}`,
		`failed checks (turns): ${Object.entries(s.checksFailed).map(([k, v]) => `${k} ${v}`).join(', ')}; turns with records nobody asked for: ${s.unaskedWrites}`,
		`"conversation" turns went to: ${Object.entries(s.conversationRoutes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || '–'}`,
	];
	return lines.join('\n');
}

export function runHeader(run: RunSummary): string {
	return [
		`### ${run.shop} · ${MODE_LABEL[run.mode]}`,
		`bench clock ${run.benchClock}; ${run.seconds.toFixed(0)} s; latency per turn p50 ${run.latencyMs.p50.toFixed(0)} ms, p95 ${run.latencyMs.p95.toFixed(0)} ms, max ${run.latencyMs.max.toFixed(0)} ms; LLM calls ${run.llm.calls}, tokens ${run.llm.tokens}`,
		`answered by: ${Object.entries(run.answeredBy).map(([k, v]) => `${k} ${v}`).join(', ')}; senders: ${run.bindings.order} by order, ${run.bindings.name} by name, ${run.bindings.new} new customers; catalog synced: ${run.catalogSync.fetched} products`,
	].join('\n');
}

/** One line per shop × model × split, plus the two shops pooled. */
export function overview(runs: RunSummary[]): string {
	const lines = ['| shop | model | split | turns | right | micro | macro | routing macro-F1 (messages) |', '|---|---|---|---:|---:|---:|---:|---:|'];
	for (const run of runs) {
		for (const s of run.splits) {
			lines.push(`| ${run.shop} | ${MODE_LABEL[run.mode]} | ${s.split} | ${s.total.all.turns} | ${s.total.all.right} | ${pct(s.micro)} | ${pct(s.macro)} | ${s.routing.macroF1.toFixed(3)} |`);
		}
	}
	return lines.join('\n');
}

/** A tune-split failure, in full; never called for held-out turns. */
export function describeFailure(turn: TurnResult): string {
	if (turn.split !== 'tune') throw new Error('held-out failures are never shown');
	const v = turn.verdict;
	const text = turn.text || `(attachment only: ${turn.attachments.join(', ')})`;
	const parts = [
		`✗ ${turn.id}${turn.kind === 'dialogue' ? ` turn ${turn.turn + 1}` : ''} [${turn.category}, ${turn.lang}, ${turn.channel}] failed: ${v.failed.join(', ')}`,
		`  customer: ${text.replace(/\s+/g, ' ')}`,
		`  route: expected ${turn.expected.route}${turn.expected.handoff ? ' (hand-off)' : ''}, got ${turn.route} (${turn.method ?? '?'}, intent ${turn.intent ?? '?'})${turn.handoff ? ' (hand-off)' : ''}, answered by ${turn.answeredBy ?? '?'}`,
		`  reply: ${turn.reply.replace(/\s+/g, ' ').slice(0, 400)}`,
	];
	if (v.missingFacts.length) parts.push(`  missing facts: ${v.missingFacts.map((group) => `[${group.join(' | ')}]`).join(' ')}`);
	if (v.forbidden.length) parts.push(`  forbidden: ${v.forbidden.join(', ')}`);
	if (v.wrongWrites.length) parts.push(`  writes: ${v.wrongWrites.join(', ')}`);
	return parts.join('\n');
}

/** The JSON report: every summary, and the tune turns in full (held-out turns only as counts). */
export function jsonReport(meta: Record<string, unknown>, summaries: RunSummary[], tuneTurns: Array<{ shop: string; mode: ModelMode; turns: TurnResult[] }>): string {
	return `${JSON.stringify({ ...meta, runs: summaries, tune_turns: tuneTurns.map((t) => ({ ...t, turns: t.turns.filter((turn) => turn.split === 'tune') })) }, null, 1)}\n`;
}
