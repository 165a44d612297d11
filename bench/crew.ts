/**
 * `npm run bench -- crew`: the WhatsApp crew template against the floor n8n itself costs and
 * against the assistant users build today from n8n's built-in AI nodes, in one real n8n 2.41.1
 * and one emulated world (Chatwoot, Odoo, Qdrant, an OpenAI-compatible chat server, Redis,
 * FerretDB), on the same shipped customer conversations (bench/data/crew/conversations.json).
 *
 * Options: --rounds=3 --conversations=20 (per round) --concurrency=8 --max-minutes=8;
 * --show prints the first round's replies; --profile adds per-node times, Odoo calls by method
 * and where the prompt tokens go; --only=bare,crew,baseline,crewLlm runs some of them;
 * n8n runs as docs/deployment.md recommends (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true);
 * --n8n-defaults runs it with n8n's own settings instead. --legacy-expressions and
 * --serial-deliveries are diagnoses (n8n's old expression engine; the Chatwoot emulator delivering
 * by itself, one at a time). OMNICREW_BENCH_CPU_PROF=<dir> has n8n write a V8 CPU profile there
 * when it stops.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { QdrantClient } from '@qdrant/js-client-rest';
import { Redis } from 'ioredis';

import { hashingEmbedder } from '../nodes/KnowledgeBase/embeddings/hashing-embedder';
import type { KnowledgeDocument } from '../nodes/KnowledgeBase/store/knowledge-store';
import { TenantCache } from '../nodes/TenantCache/cache/tenant-cache';
import { ConfigStore } from '../nodes/TenantConfig/store/config-store';
import { openMongo } from '../nodes/TenantConfig/store/mongo';
import { createStackCredentials, QDRANT_KEY, startCrewStack, triggerPath, withChatModel, withoutBurstGrouping, type CrewStack } from '../scripts/lib/crew-stack';
import { repoRoot, startN8n, type N8nInstance, type WorkflowJson } from '../scripts/lib/n8n-instance';
import type { RecordedRequest } from '../test/emulators/chatwoot';
import { CHARS_PER_TOKEN, type ChatRequest } from '../test/emulators/openai';
import { textOf } from '../test/emulators/openai/messages';
import { startEmbeddingsServer, type EmbeddingsServer } from '../test/support/embeddings-server';

type Kind = 'bare' | 'crew' | 'baseline' | 'crewLlm';

/** Rounds alternate in this order, so drift of the machine touches every workflow alike. */
const KINDS: Kind[] = ['bare', 'crew', 'baseline', 'crewLlm'];

const LABELS: Record<Kind, string> = {
	bare: '(a) bare Webhook → Respond',
	crew: '(b) whatsapp-crew, embedded',
	baseline: '(c) built-in AI Agent baseline',
	crewLlm: '(b+) whatsapp-crew + chat model',
};

interface Conversation {
	id: string;
	topic: string;
	messages: string[];
}

interface Settings {
	rounds: number;
	concurrency: number;
	/** Conversations per round: a window that moves through the list, so every conversation runs equally often. */
	perRound: number;
	/** Per message: a reply (or a hand-off) later than this counts as unanswered. */
	messageTimeoutMs: number;
	/** Per round: no conversation starts after this. */
	roundLimitMs: number;
	/** No round set starts after this much of the whole run. */
	runLimitMs: number;
	show: boolean;
	/** Per-node execution times of the last executions of each workflow, from n8n's execution data. */
	profile: boolean;
	/** n8n's pre-2.0 expression engine instead of the default isolated one (a diagnosis, not what users run). */
	legacyExpressions: boolean;
	/** n8n with its own settings, without the lazy expression sandbox docs/deployment.md recommends. */
	n8nDefaults: boolean;
	only: Kind[];
	/** Let the Chatwoot emulator deliver to n8n itself, one delivery at a time (see DeliveryRelay). */
	serialDeliveries: boolean;
}

interface Counters {
	llmCalls: number;
	promptTokens: number;
	completionTokens: number;
	odooCalls: number;
	embeddingCalls: number;
}

interface CacheCounts {
	hits: number;
	misses: number;
}

/** Tenant Cache hits and misses per data type (config, retrieval, product...). */
type CacheByType = Record<string, CacheCounts>;

interface ConversationResult {
	/** Chatwoot's conversation (none for the bare workflow). */
	conversationId?: number;
	sent: number;
	/** The bot handed off before answering a message, so the rest of the conversation was not sent. */
	handedOff: boolean;
	unanswered: number;
	replies: string[];
	/** How long Chatwoot took to hand each message to the bot (its deliveries acknowledged). */
	deliveryMs: number[];
	/** performance.now() at which each answered message was sent and answered. */
	answered: Array<{ sentAt: number; at: number }>;
}

interface Round {
	kind: Kind;
	seconds: number;
	/** Messages answered per second while all workers were busy (from the start until the first ran out of conversations). */
	steadyRate: number;
	conversations: number;
	sent: number;
	replied: number;
	/** Conversations the bot handed to a person (at any message). */
	handoffs: number;
	unanswered: number;
	latenciesMs: number[];
	deliveryMs: number[];
	odooMethods: Record<string, number>;
	usage: Counters;
	cache: CacheByType | null;
	/** The chat requests this round's workflow made (for --profile). */
	llmRequests: ChatRequest[];
}

const BASELINE_COLLECTION = 'loja_conhecimento';
const EMBEDDING_SIZE = 64;
const BENCH_TOKEN_BUDGET = 100_000_000;

function readJson<T>(...parts: string[]): T {
	return JSON.parse(readFileSync(join(repoRoot(), ...parts), 'utf8')) as T;
}

function parseSettings(args: string[]): Settings {
	const number = (name: string, fallback: number) => {
		const raw = args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
		const value = raw === undefined ? fallback : Number(raw);
		if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
		return value;
	};
	return {
		rounds: Math.min(9, Math.round(number('rounds', 3))),
		concurrency: Math.min(32, Math.round(number('concurrency', 8))),
		perRound: Math.round(number('conversations', 20)),
		messageTimeoutMs: 30_000,
		roundLimitMs: number('round-seconds', 90) * 1000,
		runLimitMs: number('max-minutes', 8) * 60_000,
		show: args.includes('--show'),
		profile: args.includes('--profile'),
		legacyExpressions: args.includes('--legacy-expressions'),
		n8nDefaults: args.includes('--n8n-defaults'),
		serialDeliveries: args.includes('--serial-deliveries'),
		only: (args.find((a) => a.startsWith('--only='))?.split('=')[1]?.split(',') ?? KINDS).filter((k): k is Kind => (KINDS as string[]).includes(k)),
	};
}

// ---------------------------------------------------------------------------------------------
// Workflows

/** The template as shipped, except that every message is its own turn (no 2 s burst window). */
function crewWorkflow(): WorkflowJson {
	const template = withoutBurstGrouping(readJson<WorkflowJson>('workflows-templates', 'whatsapp-crew.json'));
	return { ...template, name: `${template.name} (bench)` };
}

/** Fills the `__NAME__` placeholders of an exported workflow (URLs and the Odoo login live there). */
function withPlaceholders(workflow: WorkflowJson, values: Record<string, string>): WorkflowJson {
	let text = JSON.stringify(workflow);
	for (const [name, value] of Object.entries(values)) text = text.split(`__${name}__`).join(value);
	const left = /__[A-Z_]+__/.exec(text);
	if (left) throw new Error(`${workflow.name}: placeholder ${left[0]} has no value`);
	return JSON.parse(text) as WorkflowJson;
}

type CredentialsByName = Record<string, { id: string; name: string }>;

/** Points each node's credentials at the instance's ones by name: two nodes may share a type (two OpenAI credentials). */
function bindCredentials(workflow: WorkflowJson, byName: CredentialsByName): WorkflowJson {
	const nodes = workflow.nodes.map((node) => {
		if (!node.credentials) return node;
		const credentials = Object.fromEntries(
			Object.entries(node.credentials).map(([type, ref]) => {
				const bound = byName[ref.name];
				if (!bound) throw new Error(`${workflow.name}: no credential named "${ref.name}"`);
				return [type, bound];
			}),
		);
		return { ...node, credentials };
	});
	return { ...workflow, nodes };
}

/** The shop's knowledge in LangChain's Qdrant layout (`content` + `metadata`, one unnamed dense vector), for the baseline. */
async function seedBaselineKnowledge(stack: CrewStack): Promise<number> {
	const client = new QdrantClient({ url: stack.qdrant.url, apiKey: QDRANT_KEY, checkCompatibility: false });
	const embedder = hashingEmbedder(EMBEDDING_SIZE);
	await client.createCollection(BASELINE_COLLECTION, { vectors: { size: EMBEDDING_SIZE, distance: 'Cosine' } });
	const documents = (['products', 'rules', 'procedures'] as const).flatMap((kind) =>
		readJson<KnowledgeDocument[]>('bench', 'data', 'knowledge', `${kind}.json`).map((doc) => ({ kind, doc })),
	);
	const contents = documents.map(({ doc }) => (doc.title ? `${doc.title}\n${doc.text}` : doc.text));
	const vectors = await embedder.embed(contents);
	await client.upsert(BASELINE_COLLECTION, {
		wait: true,
		points: documents.map(({ kind, doc }, i) => ({
			id: i + 1,
			vector: vectors[i],
			payload: { content: contents[i], metadata: { ...doc.metadata, source: kind, id: doc.id, title: doc.title ?? null } },
		})),
	});
	return documents.length;
}

/** Token budget high enough for every round: the default (200k a day) would run out mid-bench and hand off. */
async function raiseTokenBudget(stack: CrewStack, redis: Redis): Promise<void> {
	const mongo = await openMongo({ uri: stack.ferret.uri, database: 'omnicrew' });
	try {
		await new ConfigStore(mongo.db, new TenantCache(redis)).putTenant(stack.tenantId, { token_budget_per_day: BENCH_TOKEN_BUDGET }, { by: 'bench' });
	} finally {
		await mongo.close();
	}
}

/** Answers the chat model wrote earlier are reused for an hour; each round with the model starts without them. */
async function forgetModelAnswers(redis: Redis, tenantId: string): Promise<void> {
	let cursor = '0';
	for (let pass = 0; pass < 1_000; pass++) {
		const [next, keys] = await redis.scan(cursor, 'MATCH', `t:${tenantId}:llm_answer:*`, 'COUNT', 500);
		if (keys.length) await redis.del(...keys);
		cursor = next;
		if (cursor === '0') return;
	}
}

// ---------------------------------------------------------------------------------------------
// Chatwoot's deliveries, in parallel

const FORWARDED_HEADERS = ['content-type', 'user-agent', 'x-chatwoot-delivery', 'x-chatwoot-timestamp', 'x-chatwoot-signature'];

function readRequest(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/**
 * Chatwoot sends agent-bot webhooks from its pool of Sidekiq workers, several at once. The
 * emulator sends them one at a time per destination, so that tests see events in order; with 8
 * conversations in flight each customer message then queues behind the other conversations'
 * deliveries (three or four per message: the message, the conversation update, the bot's own
 * reply echoed back), a wait real Chatwoot does not add. The relay acknowledges each delivery
 * at once and forwards it unchanged (same body, same signature headers) to the workflow named by
 * its path, without waiting for the previous one.
 */
class DeliveryRelay {
	private readonly server: Server;
	private readonly pending = new Set<Promise<void>>();
	failures = 0;
	url = '';

	constructor(
		private readonly targets: Record<Kind, string>,
		private readonly timeoutMs: number,
	) {
		this.server = createServer((req, res) => {
			void readRequest(req).then((body) => {
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"relayed":true}');
				const kind = (req.url ?? '').slice(1) as Kind;
				const target = this.targets[kind];
				if (target) this.track(this.forward(target, req, body));
			});
		});
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		const address = this.server.address();
		this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	}

	private track(forwarding: Promise<void>): void {
		this.pending.add(forwarding);
		void forwarding.finally(() => this.pending.delete(forwarding));
	}

	private async forward(target: string, req: IncomingMessage, body: string): Promise<void> {
		const headers: Record<string, string> = {};
		for (const name of FORWARDED_HEADERS) {
			const value = req.headers[name];
			if (typeof value === 'string') headers[name] = value;
		}
		const response = await fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs) }).catch(() => undefined);
		if (!response?.ok) this.failures++;
		await response?.text().catch(() => '');
	}

	async close(): Promise<void> {
		await Promise.allSettled([...this.pending]);
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

// ---------------------------------------------------------------------------------------------
// What the bot does, seen from Chatwoot

type Outcome = { kind: 'reply' | 'handoff'; at: number } | null;

/**
 * The bot's replies and hand-offs per conversation, taken from the Chatwoot emulator's request log
 * the moment each request is recorded (after Chatwoot answered it), so no polling delay is added.
 */
class BotActivity {
	private readonly replies = new Map<number, Array<{ at: number; text: string }>>();
	private readonly handoffs = new Map<number, number>();
	private readonly listeners = new Set<() => void>();

	constructor(log: RecordedRequest[]) {
		const push = log.push.bind(log);
		log.push = (...records: RecordedRequest[]): number => {
			const at = performance.now();
			for (const record of records) this.note(record, at);
			return push(...records);
		};
	}

	private note(record: RecordedRequest, at: number): void {
		if (record.method !== 'POST' || record.status < 200 || record.status >= 300) return;
		const match = /\/conversations\/(\d+)\/(messages|toggle_status)$/.exec(record.path);
		if (!match) return;
		const conversation = Number(match[1]);
		const body = (record.body ?? {}) as { private?: boolean; status?: string; content?: string };
		if (match[2] === 'messages' && body.private !== true) {
			const list = this.replies.get(conversation) ?? [];
			list.push({ at, text: String(body.content ?? '') });
			this.replies.set(conversation, list);
		} else if ((match[2] === 'messages' || body.status === 'open') && !this.handoffs.has(conversation)) {
			// the crew hands off with a private note and status "open"
			this.handoffs.set(conversation, at);
		} else {
			return;
		}
		for (const listener of [...this.listeners]) listener();
	}

	replyCount(conversation: number): number {
		return this.replies.get(conversation)?.length ?? 0;
	}

	wasHandedOff(conversation: number): boolean {
		return this.handoffs.has(conversation);
	}

	repliesOf(conversation: number): string[] {
		return (this.replies.get(conversation) ?? []).map((reply) => reply.text);
	}

	/** The conversation's reply number `index` (from 0), or a hand-off after `since`, whichever comes first; null after `timeoutMs`. */
	async next(conversation: number, index: number, since: number, timeoutMs: number): Promise<Outcome> {
		const check = (): Outcome => {
			const reply = this.replies.get(conversation)?.[index];
			if (reply) return { kind: 'reply', at: reply.at };
			const handoff = this.handoffs.get(conversation);
			return handoff !== undefined && handoff >= since ? { kind: 'handoff', at: handoff } : null;
		};
		const now = check();
		if (now) return now;
		return await new Promise((resolve) => {
			const done = (outcome: Outcome) => {
				clearTimeout(timer);
				this.listeners.delete(listener);
				resolve(outcome);
			};
			const listener = () => {
				const outcome = check();
				if (outcome) done(outcome);
			};
			const timer = setTimeout(() => done(null), timeoutMs);
			this.listeners.add(listener);
		});
	}
}

// ---------------------------------------------------------------------------------------------
// Drivers: one conversation, its messages one after the other

interface World {
	stack: CrewStack;
	n8n: N8nInstance;
	embeddings: EmbeddingsServer;
	activity: BotActivity;
	cache: TenantCache;
	redis: Redis;
	urls: Record<Kind, string>;
	/** Where Chatwoot delivers for each workflow: the relay, or the webhook itself with --serial-deliveries. */
	botUrls: Record<Kind, string>;
	workflowIds: Record<Kind, string>;
	settings: Settings;
	/** An agent-bot `message_created` payload as Chatwoot sent it, replayed to the bare workflow. */
	barePayload: Record<string, unknown>;
}

let contactSeq = 0;

function nextContact(): { name: string; phone: string } {
	contactSeq++;
	return { name: `Cliente Bench ${contactSeq}`, phone: `+55 21 9${String(10_000_000 + contactSeq).padStart(8, '0')}` };
}

/** Through Chatwoot: the customer writes, Chatwoot delivers to the bot, the bot's reply appears in the conversation. */
async function chatwootConversation(world: World, conversation: Conversation): Promise<ConversationResult> {
	const result: ConversationResult = { sent: 0, handedOff: false, unanswered: 0, replies: [], deliveryMs: [], answered: [] };
	let id: number | undefined;
	for (const text of conversation.messages) {
		const index = id === undefined ? 0 : world.activity.replyCount(id);
		const started = performance.now();
		const sent = await world.stack.chatwoot.customerMessage({ inbox: 'whatsapp', text, contact: id === undefined ? nextContact() : undefined, conversationId: id });
		id = sent.conversationId;
		result.deliveryMs.push(performance.now() - started);
		result.sent++;
		const outcome = await world.activity.next(id, index, started, world.settings.messageTimeoutMs);
		if (!outcome) {
			result.unanswered++;
			break;
		}
		if (outcome.kind === 'handoff') {
			result.handedOff = true;
			break;
		}
		result.answered.push({ sentAt: started, at: outcome.at });
	}
	result.conversationId = id;
	if (id !== undefined) result.replies = world.activity.repliesOf(id);
	return result;
}

let bareConversationSeq = 0;

/** Straight to the bare workflow's webhook with the same agent-bot payload; the response is the reply. */
async function bareConversation(world: World, conversation: Conversation): Promise<ConversationResult> {
	const result: ConversationResult = { sent: 0, handedOff: false, unanswered: 0, replies: [], deliveryMs: [], answered: [] };
	const conversationId = 900_000 + ++bareConversationSeq;
	const template = world.barePayload as { conversation?: Record<string, unknown> };
	for (const text of conversation.messages) {
		const payload = { ...template, content: text, conversation: { ...template.conversation, id: conversationId } };
		const started = performance.now();
		result.sent++;
		const response = await fetch(world.urls.bare, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(payload),
			signal: AbortSignal.timeout(world.settings.messageTimeoutMs),
		}).catch(() => undefined);
		const body = response ? await response.text().catch(() => '') : '';
		if (!response?.ok) {
			result.unanswered++;
			break;
		}
		result.answered.push({ sentAt: started, at: performance.now() });
		result.replies.push(body);
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// Rounds

function counters(world: World): Counters {
	const { usage } = world.stack.openai;
	return {
		llmCalls: usage.calls,
		promptTokens: usage.promptTokens,
		completionTokens: usage.completionTokens,
		odooCalls: world.stack.odoo.requests.length,
		embeddingCalls: world.embeddings.requests,
	};
}

function minus(after: Counters, before: Counters): Counters {
	return {
		llmCalls: after.llmCalls - before.llmCalls,
		promptTokens: after.promptTokens - before.promptTokens,
		completionTokens: after.completionTokens - before.completionTokens,
		odooCalls: after.odooCalls - before.odooCalls,
		embeddingCalls: after.embeddingCalls - before.embeddingCalls,
	};
}

async function cacheCounts(world: World): Promise<CacheByType> {
	const stats = await world.cache.stats(world.stack.tenantId);
	return Object.fromEntries(Object.entries(stats.types).map(([type, counts]) => [type, { hits: counts.hits, misses: counts.misses }]));
}

function cacheDelta(after: CacheByType, before: CacheByType): CacheByType {
	return Object.fromEntries(
		Object.entries(after)
			.map(([type, counts]): [string, CacheCounts] => [type, { hits: counts.hits - (before[type]?.hits ?? 0), misses: counts.misses - (before[type]?.misses ?? 0) }])
			.filter(([, counts]) => counts.hits + counts.misses > 0),
	);
}

function addCache(a: CacheByType, b: CacheByType): CacheByType {
	const sum: CacheByType = { ...a };
	for (const [type, counts] of Object.entries(b)) sum[type] = { hits: (sum[type]?.hits ?? 0) + counts.hits, misses: (sum[type]?.misses ?? 0) + counts.misses };
	return sum;
}

const cacheTotal = (cache: CacheByType): CacheCounts => Object.values(cache).reduce((sum, c) => ({ hits: sum.hits + c.hits, misses: sum.misses + c.misses }), { hits: 0, misses: 0 });

/** What an Odoo request asked for: `model.method` for execute_kw, `service.method` otherwise. */
function odooMethod(request: { path: string; body: unknown }): string {
	const params = (request.body as { params?: { service?: string; method?: string; args?: unknown[] } } | null)?.params;
	if (request.path !== '/jsonrpc' || !params) return request.path;
	if (params.method === 'execute_kw' && Array.isArray(params.args)) return `${String(params.args[3])}.${String(params.args[4])}`;
	return `${String(params.service)}.${String(params.method)}`;
}

function countBy(labels: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
	return counts;
}

/** Round r starts (r - 1) × (list ÷ rounds) into the list and wraps: over all rounds each conversation runs equally often. */
function windowOf(conversations: Conversation[], round: number, settings: Settings): Conversation[] {
	const size = Math.min(settings.perRound, conversations.length);
	const start = ((round - 1) * Math.ceil(conversations.length / settings.rounds)) % conversations.length;
	return Array.from({ length: size }, (_, i) => conversations[(start + i) % conversations.length]);
}

/** Longest conversations first, so the round does not end with one long conversation running alone. */
const byLength = (conversations: Conversation[]) => [...conversations].sort((a, b) => b.messages.length - a.messages.length);

async function runRound(world: World, kind: Kind, conversations: Conversation[], concurrency: number): Promise<{ round: Round; results: Array<[Conversation, ConversationResult]> }> {
	if (kind !== 'bare') world.stack.chatwoot.connectBot('whatsapp', world.botUrls[kind]);
	if (kind === 'crewLlm') await forgetModelAnswers(world.redis, world.stack.tenantId);
	const drive = kind === 'bare' ? bareConversation : chatwootConversation;
	const queue = byLength(conversations);
	const results: Array<[Conversation, ConversationResult]> = [];
	const cacheBefore = kind === 'crew' || kind === 'crewLlm' ? await cacheCounts(world) : null;
	const before = counters(world);
	const firstRequest = world.stack.openai.requests.length;
	const firstOdoo = world.stack.odoo.requests.length;
	const started = performance.now();
	const stopStarting = started + world.settings.roundLimitMs;
	let drainedAt = Number.POSITIVE_INFINITY;
	const worker = async () => {
		for (let next = queue.shift(); next && performance.now() < stopStarting; next = queue.shift()) results.push([next, await drive(world, next)]);
		drainedAt = Math.min(drainedAt, performance.now());
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const seconds = (performance.now() - started) / 1000;
	// the executions' last nodes (typing off, logging, releasing the turn) finish after the reply
	await sleep(1_500);
	const usage = minus(counters(world), before);
	const cacheAfter = cacheBefore ? await cacheCounts(world) : null;
	const all = results.map(([, result]) => result);
	const answered = all.flatMap((r) => r.answered);
	const steady = answered.filter((a) => a.at <= drainedAt);
	const round: Round = {
		kind,
		seconds,
		steadyRate: steady.length / ((drainedAt - started) / 1000),
		conversations: all.length,
		sent: all.reduce((sum, r) => sum + r.sent, 0),
		replied: answered.length,
		handoffs: all.filter((r) => r.conversationId !== undefined && world.activity.wasHandedOff(r.conversationId)).length,
		unanswered: all.reduce((sum, r) => sum + r.unanswered, 0),
		// the tail, with fewer conversations in flight, would flatter the latencies
		latenciesMs: answered.filter((a) => a.sentAt <= drainedAt).map((a) => a.at - a.sentAt),
		deliveryMs: all.flatMap((r) => r.deliveryMs),
		odooMethods: countBy(world.stack.odoo.requests.slice(firstOdoo).map(odooMethod)),
		usage,
		cache: cacheBefore && cacheAfter ? cacheDelta(cacheAfter, cacheBefore) : null,
		llmRequests: world.stack.openai.requests.slice(firstRequest),
	};
	return { round, results };
}

// ---------------------------------------------------------------------------------------------
// Figures

const throughput = (round: Round) => round.steadyRate;

function percentile(sorted: number[], q: number): number {
	if (!sorted.length) return Number.NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The round with the median throughput: its latencies are reported with it, as in the cache bench. */
function medianRound(rounds: Round[]): Round {
	return [...rounds].sort((a, b) => throughput(a) - throughput(b))[Math.floor(rounds.length / 2)];
}

interface Totals {
	sent: number;
	conversations: number;
	usage: Counters;
	cache: CacheByType | null;
}

function totals(rounds: Round[]): Totals {
	const zero: Counters = { llmCalls: 0, promptTokens: 0, completionTokens: 0, odooCalls: 0, embeddingCalls: 0 };
	const usage = rounds.reduce<Counters>((sum, r) => ({
		llmCalls: sum.llmCalls + r.usage.llmCalls,
		promptTokens: sum.promptTokens + r.usage.promptTokens,
		completionTokens: sum.completionTokens + r.usage.completionTokens,
		odooCalls: sum.odooCalls + r.usage.odooCalls,
		embeddingCalls: sum.embeddingCalls + r.usage.embeddingCalls,
	}), zero);
	const withCache = rounds.filter((r) => r.cache);
	const cache = withCache.length ? withCache.reduce<CacheByType>((sum, r) => addCache(sum, r.cache ?? {}), {}) : null;
	return { sent: rounds.reduce((s, r) => s + r.sent, 0), conversations: rounds.reduce((s, r) => s + r.conversations, 0), usage, cache };
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const whole = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const tokensOf = (usage: Counters) => usage.promptTokens + usage.completionTokens;
const ratioOf = (counts: CacheCounts) => (counts.hits + counts.misses > 0 ? counts.hits / (counts.hits + counts.misses) : Number.NaN);
const hitRatio = (cache: CacheByType | null) => (cache ? ratioOf(cacheTotal(cache)) : Number.NaN);
const percent = (ratio: number) => (Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)}%` : '–');

function cacheLine(kind: Kind, rounds: Round[]): string {
	const cache = totals(rounds).cache;
	if (!cache) return '';
	const types = Object.entries(cache).sort((a, b) => b[1].hits + b[1].misses - (a[1].hits + a[1].misses));
	return `  ${LABELS[kind]}: ${percent(hitRatio(cache))} (${types.map(([type, counts]) => `${type} ${counts.hits}/${counts.hits + counts.misses}`).join(', ')}); by round ${rounds.map((r) => percent(hitRatio(r.cache))).join(', ')}`;
}

function tableRow(kind: Kind, rounds: Round[]): string {
	const median = medianRound(rounds);
	const sorted = [...median.latenciesMs].sort((a, b) => a - b);
	const all = totals(rounds);
	const perMessage = (n: number) => n / Math.max(1, all.sent);
	const cache = hitRatio(all.cache);
	return [
		LABELS[kind],
		fixed(throughput(median), 2),
		`${whole(percentile(sorted, 0.5))} / ${whole(percentile(sorted, 0.95))} / ${whole(percentile(sorted, 0.99))}`,
		fixed(perMessage(all.usage.llmCalls), 2),
		whole(perMessage(tokensOf(all.usage))),
		whole(tokensOf(all.usage) / Math.max(1, all.conversations)),
		fixed(perMessage(all.usage.odooCalls), 2),
		kind === 'baseline' ? fixed(perMessage(all.usage.embeddingCalls), 2) : '0',
		percent(cache),
	].join(' | ');
}

function report(byKind: Record<Kind, Round[]>, settings: Settings, conversations: Conversation[], elapsedS: number): string {
	const tput = (kind: Kind) => throughput(medianRound(byKind[kind]));
	const perConversation = (kind: Kind) => {
		const all = totals(byKind[kind]);
		return tokensOf(all.usage) / Math.max(1, all.conversations);
	};
	const crewVsBare = tput('crew') / tput('bare');
	const crewVsBaseline = tput('crew') / tput('baseline');
	const llmVsBaseline = tput('crewLlm') / tput('baseline');
	const tokensRatio = perConversation('baseline') / perConversation('crewLlm');
	const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
	const roundLines = KINDS.map((kind) => `  ${LABELS[kind].padEnd(34)} ${byKind[kind].map((r) => `${fixed(throughput(r), 2)} msg/s (${r.sent} msgs in ${fixed(r.seconds, 1)} s, ${r.replied} replies, ${r.handoffs} hand-offs, ${r.unanswered} unanswered${r.cache ? `, cache ${percent(hitRatio(r.cache))}` : ''})`).join('; ')}`);
	return [
		`crew bench — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), n8n 2.41.1 (regular mode, SQLite, ${settings.legacyExpressions ? 'N8N_EXPRESSION_ENGINE=legacy' : 'default expression engine'}, ${settings.n8nDefaults ? 'n8n\'s default settings' : 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true'})`,
		`${conversations.length} conversations (${conversations.reduce((sum, c) => sum + c.messages.length, 0)} customer messages), ${Math.min(settings.perRound, conversations.length)} per round in a window moving through the list; ${settings.concurrency} conversations in flight, messages of a conversation one after the other; ${byKind.bare.length} alternating rounds per workflow (a, b, c, b+) after a warm-up; Chatwoot's deliveries ${settings.serialDeliveries ? 'one at a time (emulator)' : 'in parallel (relay)'}`,
		`msgs/s: messages answered per second while all ${settings.concurrency} conversations were in flight (until the first worker ran out of conversations); latencies of the messages sent in that time; both from the median round by msgs/s. LLM, Odoo and cache counts: over all rounds. Whole run ${fixed(elapsedS / 60, 1)} min`,
		'',
		'| workflow | msgs/s | latency p50 / p95 / p99 ms | LLM calls / msg | LLM tokens / msg | LLM tokens / conversation | Odoo calls / msg | embedding calls / msg | Tenant Cache hit ratio |',
		'|---|---|---|---|---|---|---|---|---|',
		...KINDS.map((kind) => `| ${tableRow(kind, byKind[kind])} |`),
		'',
		'rounds (msgs/s):',
		...roundLines,
		'',
		'Tenant Cache (hits/lookups by type):',
		cacheLine('crew', byKind.crew),
		cacheLine('crewLlm', byKind.crewLlm),
		'',
		`b / a throughput: ${fixed(crewVsBare, 2)}x → target ≥ 0.5x: ${met(crewVsBare >= 0.5)}`,
		`b / c throughput: ${fixed(crewVsBaseline, 2)}x (embedded) → target ≥ 2x: ${met(crewVsBaseline >= 2)}; with the chat model (b+ / c): ${fixed(llmVsBaseline, 2)}x`,
		`LLM tokens per conversation, c / b: ∞ (b embedded spends none); c / b+ (same crew with the chat model): ${fixed(tokensRatio, 2)}x → target ≥ 3x fewer: ${met(tokensRatio >= 3)}`,
	].join('\n');
}

function showReplies(kind: Kind, results: Array<[Conversation, ConversationResult]>): void {
	process.stdout.write(`\n--- replies, ${LABELS[kind]} ---\n`);
	for (const [conversation, result] of results) {
		process.stdout.write(`[${conversation.id}]${result.handedOff ? ' (handed off)' : ''}${result.unanswered ? ' (unanswered)' : ''}\n`);
		conversation.messages.slice(0, result.sent).forEach((text, i) => {
			process.stdout.write(`  > ${text}\n  < ${(result.replies[i] ?? '—').replace(/\s+/g, ' ').slice(0, 220)}\n`);
		});
	}
}

/** Where the prompt tokens go: mean characters per request by message role, and the tool definitions offered. */
function promptBreakdown(kind: Kind, requests: ChatRequest[]): string {
	if (!requests.length) return `prompt ${LABELS[kind]}: no chat requests`;
	const parts = new Map<string, number>();
	const add = (part: string, chars: number) => parts.set(part, (parts.get(part) ?? 0) + chars);
	for (const request of requests) {
		for (const message of request.messages) {
			const calls = (message.tool_calls ?? []).reduce((sum, call) => sum + call.function.name.length + call.function.arguments.length, 0);
			add(message.role, textOf(message.content).length + calls);
		}
		if (request.tools?.length) add('tool definitions', JSON.stringify(request.tools).length);
	}
	const rows = [...parts].sort((a, b) => b[1] - a[1]).map(([part, chars]) => `  ${part.padEnd(18)} ${whole(chars / requests.length / CHARS_PER_TOKEN).padStart(6)} tokens per request`);
	return [`prompt ${LABELS[kind]}: ${requests.length} requests`, ...rows].join('\n');
}

interface NodeRun {
	executionTime?: number;
}

interface ExecutionWithData {
	startedAt: string;
	stoppedAt: string | null;
	data?: { resultData?: { runData?: Record<string, NodeRun[]> } };
}

/** Where an execution's time goes: mean time per node over the workflow's last executions that ran past their filter. */
async function profile(world: World, kind: Kind, sample = 40): Promise<string> {
	const page = await world.n8n.api.request<{ data: ExecutionWithData[] }>('GET', `/executions?workflowId=${world.workflowIds[kind]}&limit=${sample * 3}&includeData=true`);
	const runs = page.data.filter((e) => Object.keys(e.data?.resultData?.runData ?? {}).length > 2 || kind === 'bare').slice(0, sample);
	const perNode = new Map<string, number[]>();
	for (const execution of runs) {
		for (const [node, nodeRuns] of Object.entries(execution.data?.resultData?.runData ?? {})) {
			const list = perNode.get(node) ?? [];
			list.push(nodeRuns.reduce((sum, run) => sum + (run.executionTime ?? 0), 0));
			perNode.set(node, list);
		}
	}
	const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
	const wall = runs.filter((e) => e.stoppedAt).map((e) => Date.parse(e.stoppedAt ?? '') - Date.parse(e.startedAt));
	const rows = [...perNode].sort((a, b) => mean(b[1]) - mean(a[1])).map(([node, list]) => `  ${node.padEnd(28)} ${fixed(mean(list), 1).padStart(7)} ms (${list.length} runs)`);
	return [`profile ${LABELS[kind]}: ${runs.length} executions, mean start→stop ${fixed(mean(wall), 0)} ms`, ...rows].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function prepare(stack: CrewStack, n8n: N8nInstance, embeddings: EmbeddingsServer): Promise<{ urls: Record<Kind, string>; workflowIds: Record<Kind, string> }> {
	const byType = await createStackCredentials(n8n.api, stack);
	const make = async (name: string, type: string, data: Record<string, unknown>) => ({ id: await n8n.api.createCredential(name, type, data), name });
	const byName: CredentialsByName = {
		'OpenAI (scripted)': byType.openAiApi,
		'OpenAI embeddings (stand-in)': await make('OpenAI embeddings (stand-in)', 'openAiApi', { apiKey: 'sk-embeddings-stand-in', url: embeddings.url }),
		'Qdrant (baseline)': await make('Qdrant (baseline)', 'qdrantApi', { qdrantUrl: stack.qdrant.url, apiKey: QDRANT_KEY }),
		'Chatwoot bot token': await make('Chatwoot bot token', 'httpHeaderAuth', { name: 'api_access_token', value: stack.chatwoot.tokens.bot }),
	};
	const admin = stack.odoo.users.admin;
	const baseline = bindCredentials(
		withPlaceholders(readJson<WorkflowJson>('bench', 'workflows', 'builtin-baseline.json'), {
			CHATWOOT_URL: stack.chatwoot.url,
			ODOO_URL: stack.odoo.url,
			ODOO_DB: stack.odoo.db,
			ODOO_UID: String(admin.uid),
			ODOO_API_KEY: admin.apiKey ?? admin.password,
			OPENAI_MODEL: stack.openai.model,
		}),
		byName,
	);
	const crew = crewWorkflow();
	const workflows: Array<[Kind, WorkflowJson, string]> = [
		['bare', readJson<WorkflowJson>('bench', 'workflows', 'bare.json'), 'omnicrew-bench-bare'],
		['crew', crew, triggerPath(crew)],
		['baseline', baseline, 'omnicrew-bench-baseline'],
		['crewLlm', withChatModel(crew, stack.openai.model), triggerPath(withChatModel(crew, stack.openai.model))],
	];
	const urls = {} as Record<Kind, string>;
	const workflowIds = {} as Record<Kind, string>;
	for (const [kind, workflow, path] of workflows) {
		// the baseline is bound by name already: by type, its two OpenAI credentials would become one
		const id = await n8n.api.createWorkflow(workflow, kind === 'baseline' ? {} : byType);
		await n8n.api.activate(id);
		await n8n.waitForWebhook(path);
		urls[kind] = n8n.webhookUrl(path);
		workflowIds[kind] = id;
	}
	return { urls, workflowIds };
}

/** One agent-bot `message_created` delivery of a customer message, as recorded by the emulator. */
function capturedPayload(stack: CrewStack): Record<string, unknown> {
	for (const delivery of stack.chatwoot.deliveries) {
		if (delivery.target !== 'agent_bot' || delivery.event !== 'message_created') continue;
		const body = JSON.parse(delivery.body) as Record<string, unknown>;
		if (body.message_type === 'incoming') return body;
	}
	throw new Error('the warm-up delivered no customer message to the bot');
}

const log = (line: string) => process.stdout.write(`[crew] ${line}\n`);

async function warmUp(world: World, conversations: Conversation[]): Promise<void> {
	log('warm-up: 4 conversations through each workflow');
	const first = conversations.slice(0, 4);
	await runRound(world, 'crew', first, 4);
	world.barePayload = capturedPayload(world.stack);
	for (const kind of ['bare', 'baseline', 'crewLlm'] as const) await runRound(world, kind, first, 4);
	world.stack.openai.reset();
}

/** Rounds a, b, c, b+, a, b, c, b+…; no set of rounds starts once the run's time limit has passed. */
async function runRounds(world: World, conversations: Conversation[], begun: number): Promise<Record<Kind, Round[]>> {
	const { settings } = world;
	const byKind: Record<Kind, Round[]> = { bare: [], crew: [], baseline: [], crewLlm: [] };
	for (let round = 1; round <= settings.rounds; round++) {
		if (round > 1 && performance.now() - begun > settings.runLimitMs) {
			log(`time limit reached: ${round - 1} rounds`);
			break;
		}
		const batch = windowOf(conversations, round, settings);
		for (const kind of KINDS.filter((k) => settings.only.includes(k))) {
			const { round: figures, results } = await runRound(world, kind, batch, settings.concurrency);
			byKind[kind].push(figures);
			const delivery = percentile([...figures.deliveryMs].sort((a, b) => a - b), 0.5);
			log(`round ${round} ${LABELS[kind]}: ${fixed(throughput(figures), 2)} msgs/s, ${figures.sent} msgs in ${fixed(figures.seconds, 1)} s, ${figures.handoffs} hand-offs, ${figures.unanswered} unanswered, ${figures.usage.llmCalls} LLM calls${Number.isFinite(delivery) ? `, Chatwoot → bot delivery p50 ${whole(delivery)} ms` : ''}`);
			if (settings.show && round === 1) showReplies(kind, results);
		}
	}
	return byKind;
}

async function printProfile(world: World, byKind: Record<Kind, Round[]>): Promise<void> {
	for (const kind of world.settings.only) {
		const odoo = Object.entries(byKind[kind].reduce<Record<string, number>>((sum, r) => {
			for (const [method, count] of Object.entries(r.odooMethods)) sum[method] = (sum[method] ?? 0) + count;
			return sum;
		}, {})).sort((a, b) => b[1] - a[1]);
		const sent = byKind[kind].reduce((sum, r) => sum + r.sent, 0);
		process.stdout.write(`\n${await profile(world, kind)}\n`);
		if (odoo.length) process.stdout.write(`  Odoo calls per message: ${odoo.map(([method, count]) => `${method} ${fixed(count / Math.max(1, sent), 2)}`).join(', ')}\n`);
	}
	for (const kind of world.settings.only.filter((k) => k === 'baseline' || k === 'crewLlm')) {
		process.stdout.write(`\n${promptBreakdown(kind, byKind[kind].flatMap((r) => r.llmRequests))}\n`);
	}
}

export async function runCrewBench(args: string[]): Promise<void> {
	const settings = parseSettings(args);
	const conversations = readJson<Conversation[]>('bench', 'data', 'crew', 'conversations.json');
	const begun = performance.now();
	log('starting the emulated world, the embeddings stand-in and n8n 2.41.1');
	const env: Record<string, string> = settings.legacyExpressions ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {};
	if (!settings.n8nDefaults) env.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE = 'true';
	if (process.env.OMNICREW_BENCH_CPU_PROF) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${process.env.OMNICREW_BENCH_CPU_PROF}`;
	const [stack, embeddings, n8n] = await Promise.all([startCrewStack(), startEmbeddingsServer(EMBEDDING_SIZE), startN8n({ env })]);
	const redis = new Redis(stack.redis.url);
	let relay: DeliveryRelay | undefined;
	try {
		await raiseTokenBudget(stack, redis);
		log(`baseline knowledge: ${await seedBaselineKnowledge(stack)} documents in Qdrant collection ${BASELINE_COLLECTION}`);
		const { urls, workflowIds } = await prepare(stack, n8n, embeddings);
		relay = new DeliveryRelay(urls, settings.messageTimeoutMs);
		await relay.listen();
		const relayUrl = relay.url;
		const botUrls = Object.fromEntries(KINDS.map((kind) => [kind, settings.serialDeliveries ? urls[kind] : `${relayUrl}/${kind}`])) as Record<Kind, string>;
		const world: World = { stack, n8n, embeddings, redis, cache: new TenantCache(redis), activity: new BotActivity(stack.chatwoot.requests), urls, botUrls, workflowIds, settings, barePayload: {} };
		await warmUp(world, conversations);
		const byKind = await runRounds(world, conversations, begun);
		// a partial run (--only) has no ratios to report
		if (settings.only.length === KINDS.length) process.stdout.write(`\n${report(byKind, settings, conversations, (performance.now() - begun) / 1000)}\n`);
		if (settings.profile) await printProfile(world, byKind);
	} finally {
		if (relay?.failures) log(`the relay saw ${relay.failures} deliveries that n8n did not accept`);
		await relay?.close();
		redis.disconnect();
		await n8n.stop();
		await Promise.allSettled([stack.close(), embeddings.close()]);
	}
}
