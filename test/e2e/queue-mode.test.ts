/**
 * The WhatsApp crew template in n8n's queue mode, as production scales it: one main taking the
 * webhooks, two workers (×5) running the executions, Redis for the queue and the tenant cache,
 * PostgreSQL as n8n's database, against the Chatwoot, Odoo and Qdrant emulators and FerretDB.
 * 300 customer messages across 30 conversations, one worker SIGKILLed midway.
 */
import { createStackCredentials, startCrewStack, triggerPath, withoutBurstGrouping, type CrewStack } from '../../scripts/lib/crew-stack';
import { startN8nQueue, type ExecutionSummary, type N8nQueue, type N8nWorker } from '../../scripts/lib/n8n-instance';
import { ensurePostgres, startPostgres, type PostgresServer } from '../../scripts/lib/runtime';
import type { ChatwootEmulator } from '../emulators/chatwoot';
import { loadTemplate } from '../support/templates';

const CONVERSATIONS = 30;
const MESSAGES_PER_CONVERSATION = 10;
const TOTAL = CONVERSATIONS * MESSAGES_PER_CONVERSATION;
const KILL_WHEN_ANSWERED = 100;
/** No message is sent after this; those already sent still get their deliveries. */
const SEND_DEADLINE_MS = 210_000;
/** Time allowed for the whole run, the last replies included. */
const RUN_DEADLINE_MS = 290_000;
/**
 * Longer than a dead worker's turn takes to be taken over: its conversation lock expires (45 s in
 * the template) and the conversation's next message answers it, plus the take-over grace.
 */
const NO_PROGRESS_GIVE_UP_MS = 75_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the promise, or for the time given, whichever comes first (leaving no timer behind). */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
	clearTimeout(timer);
}

/**
 * Message m of every conversation asks the price of PRODUCTS[m]: the crew's reply names the
 * product (with the price Odoo holds), so a reply tells which message it answers.
 */
const PRODUCTS = [
	'Cadeira Ergonômica Pro',
	'Cadeira de Escritório Giratória',
	'Mesa de Escritório 120cm',
	'Armário Alto com Chave 2 Portas',
	'Gaveteiro Volante 3 Gavetas',
	'Notebook Core i7 16GB',
	'Monitor LED 27" Full HD',
	'Teclado sem Fio ABNT2',
	'Mouse Óptico sem Fio',
	'Webcam Full HD 1080p',
];
const tagOf = (conversation: number, message: number) => `#c${conversation}m${message}`;
/** The message a reply answers: the product it names first. */
function answeredMessage(reply: string): number | null {
	const found = PRODUCTS.map((name, index) => ({ index, at: reply.indexOf(name) })).filter((hit) => hit.at >= 0).sort((a, b) => a.at - b.at);
	return found.length ? found[0].index : null;
}

interface Tally {
	/** Per conversation, the message numbers in the order the bot's replies arrived. */
	replyOrder: number[][];
	replies: number;
	answered: number;
	duplicates: string[];
	untagged: number;
	missing: string[];
	outOfOrder: number;
	conversationsOutOfOrder: number;
}

interface KillRecord {
	worker: number;
	answeredBefore: number;
	inFlight: string[];
	secondsIntoRun: number;
	killedAt: number;
}

/** What became of the executions the killed worker was running, and when n8n had settled them all. */
interface Aftermath {
	statuses: Record<string, string>;
	settledAfterSeconds: number | undefined;
}

interface RunResult {
	tally: Tally;
	seconds: number;
	deliveryProblems: string[];
	kill: KillRecord | undefined;
	aftermath: Aftermath | undefined;
	executionsPerWorker: number[];
	executionStatuses: Record<string, number>;
}

describe('WhatsApp crew in n8n queue mode (main + 2 workers ×5, Redis, PostgreSQL)', () => {
	let stack: CrewStack;
	let postgres: PostgresServer;
	let chatwoot: ChatwootEmulator;
	let queue: N8nQueue;
	let workflowId: string;
	const conversationIds: number[] = [];
	const timings: string[] = [];

	const botReplies = (conversationId: number) => chatwoot.replies(conversationId);

	function tally(): Tally {
		const replyOrder: number[][] = [];
		const duplicates: string[] = [];
		const missing: string[] = [];
		let replies = 0;
		let answered = 0;
		let untagged = 0;
		let outOfOrder = 0;
		let conversationsOutOfOrder = 0;
		for (let conversation = 0; conversation < CONVERSATIONS; conversation++) {
			const conversationId = conversationIds[conversation];
			const seen = new Set<number>();
			const order: number[] = [];
			for (const reply of conversationId === undefined ? [] : botReplies(conversationId)) {
				replies++;
				const message = answeredMessage(reply.content);
				if (message === null) {
					untagged++;
					continue;
				}
				if (seen.has(message)) duplicates.push(tagOf(conversation, message));
				else order.push(message);
				seen.add(message);
			}
			answered += seen.size;
			for (let message = 0; message < MESSAGES_PER_CONVERSATION; message++) if (!seen.has(message)) missing.push(tagOf(conversation, message));
			const late = order.filter((message, index) => order.slice(0, index).some((earlier) => earlier > message)).length;
			outOfOrder += late;
			if (late) conversationsOutOfOrder++;
			replyOrder.push(order);
		}
		return { replyOrder, replies, answered, duplicates, untagged, missing, outOfOrder, conversationsOutOfOrder };
	}

	let sentCount = 0;

	/** One customer typing: each message sent once Chatwoot has delivered the previous one. */
	async function customer(conversation: number, problems: string[], deadline: number): Promise<void> {
		for (let message = 0; message < MESSAGES_PER_CONVERSATION && Date.now() < deadline; message++) {
			const text = `quanto custa o ${PRODUCTS[message]}?`;
			const sent =
				message === 0
					? await chatwoot.customerMessage({ inbox: 'whatsapp', text, contact: { name: `Cliente ${conversation + 1}`, phone: `+55119${70_000_000 + conversation}` } })
					: await chatwoot.customerMessage({ inbox: 'whatsapp', text, conversationId: conversationIds[conversation] });
			if (message === 0) conversationIds[conversation] = sent.conversationId;
			sentCount++;
			for (const delivery of sent.deliveries.filter((d) => d.status !== 200)) problems.push(`${tagOf(conversation, message)} ${delivery.event} → ${delivery.status} ${delivery.error ?? ''}`.trim());
		}
	}

	/** The worker holding the most executions right now: killing it loses the most if anything can be lost. */
	function busiestWorker(): N8nWorker {
		return [...queue.workers].sort((a, b) => b.executions().inFlight.length - a.executions().inFlight.length)[0];
	}

	/** Kills a worker in the middle of an execution when one comes within a few seconds, else as it is. */
	async function killMidway(started: number, sendingDone: () => boolean): Promise<KillRecord | undefined> {
		while (tally().answered < KILL_WHEN_ANSWERED) {
			if (sendingDone() || Date.now() - started > RUN_DEADLINE_MS) return undefined;
			await pause(500);
		}
		const answeredBefore = tally().answered;
		for (const waitUntil = Date.now() + 10_000; Date.now() < waitUntil && busiestWorker().executions().inFlight.length === 0; ) await pause(5);
		const worker = busiestWorker();
		const inFlight = worker.executions().inFlight;
		await worker.kill('SIGKILL');
		return { worker: worker.index, answeredBefore, inFlight, secondsIntoRun: (Date.now() - started) / 1000, killedAt: Date.now() };
	}

	async function aftermathOf(kill: KillRecord): Promise<Aftermath> {
		const unsettled = new Set(['new', 'running', 'unknown']);
		for (const deadline = kill.killedAt + 60_000; ; ) {
			const entries = await Promise.all(
				kill.inFlight.map(async (id): Promise<[string, string]> => [id, (await queue.main.api.execution(id).catch(() => undefined))?.status ?? 'not found']),
			);
			const statuses = Object.fromEntries(entries);
			if (entries.every(([, status]) => !unsettled.has(status))) return { statuses, settledAfterSeconds: (Date.now() - kill.killedAt) / 1000 };
			if (Date.now() > deadline) return { statuses, settledAfterSeconds: undefined };
			await pause(500);
		}
	}

	/** Until every message is answered, or nothing moved for longer than a dead worker's jobs take to fail. */
	async function waitForAnswers(started: number): Promise<void> {
		let last = -1;
		let lastChange = Date.now();
		while (Date.now() - started < RUN_DEADLINE_MS) {
			const { answered } = tally();
			if (answered >= TOTAL) return;
			if (answered !== last) {
				last = answered;
				lastChange = Date.now();
			} else if (Date.now() - lastChange > NO_PROGRESS_GIVE_UP_MS) {
				return;
			}
			await pause(500);
		}
	}

	async function allExecutions(): Promise<ExecutionSummary[]> {
		const found: ExecutionSummary[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < 20; page++) {
			const query = `/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
			const result = await queue.main.api.request<{ data: ExecutionSummary[]; nextCursor?: string | null }>('GET', query);
			found.push(...result.data);
			if (!result.nextCursor) break;
			cursor = result.nextCursor;
		}
		return found;
	}

	beforeAll(async () => {
		ensurePostgres(() => undefined);
		stack = await startCrewStack({ botRetryDelayMs: 200 });
		chatwoot = stack.chatwoot;
		let mark = Date.now();
		postgres = await startPostgres();
		timings.push(`PostgreSQL start ${((Date.now() - mark) / 1000).toFixed(1)} s`);
		mark = Date.now();
		queue = await startN8nQueue({ redis: { port: stack.redis.port }, postgres, workers: 2, concurrency: 5 });
		timings.push(`queue n8n start (main, then 2 workers) ${((Date.now() - mark) / 1000).toFixed(1)} s`);

		const credentials = await createStackCredentials(queue.main.api, stack);
		const template = withoutBurstGrouping(loadTemplate('whatsapp-crew'));
		workflowId = await queue.main.api.createWorkflow(template, credentials);
		await queue.main.api.activate(workflowId);
		await queue.main.waitForWebhook(triggerPath(template));
		chatwoot.connectBot('whatsapp', queue.main.webhookUrl(triggerPath(template)));
	}, 420_000);

	afterAll(async () => {
		await Promise.allSettled([queue?.stop()]);
		await Promise.allSettled([stack?.close(), postgres?.stop()]);
	}, 60_000);

	describe(`${TOTAL} messages in ${CONVERSATIONS} conversations at once, one worker SIGKILLed after ${KILL_WHEN_ANSWERED} answers`, () => {
		let run: RunResult;

		beforeAll(async () => {
			const started = Date.now();
			const deliveryProblems: string[] = [];
			let sendingDone = false;
			const killing = killMidway(started, () => sendingDone);
			const settling = killing.then((kill) => (kill ? aftermathOf(kill) : undefined));
			const customers = Promise.all(Array.from({ length: CONVERSATIONS }, (_, conversation) => customer(conversation, deliveryProblems, started + SEND_DEADLINE_MS)));
			await within(customers, RUN_DEADLINE_MS);
			sendingDone = true;
			const kill = await killing;
			await waitForAnswers(started);
			const seconds = (Date.now() - started) / 1000;
			// a late duplicate (a job run twice) would show up now
			await pause(2_000);
			const aftermath = await settling;

			const executionStatuses: Record<string, number> = {};
			for (const execution of await allExecutions()) executionStatuses[execution.status] = (executionStatuses[execution.status] ?? 0) + 1;
			run = {
				tally: tally(),
				seconds,
				deliveryProblems,
				kill,
				aftermath,
				executionsPerWorker: queue.workers.map((worker) => worker.executions().finished.length),
				executionStatuses,
			};
			const { tally: t } = run;
			const byEvent: Record<string, number> = {};
			for (const delivery of chatwoot.deliveries) byEvent[delivery.event] = (byEvent[delivery.event] ?? 0) + 1;
			console.log(
				`[queue mode] messages=${sentCount}/${TOTAL} deliveries=${JSON.stringify(byEvent)} replies=${t.replies} answered=${t.answered} duplicates=${t.duplicates.length} ` +
					`missing=${t.missing.length} out-of-order=${t.outOfOrder} (in ${t.conversationsOutOfOrder} conversations) seconds=${seconds.toFixed(1)} ` +
					`executions per worker=${run.executionsPerWorker.join('/')} statuses=${JSON.stringify(executionStatuses)} ` +
					`killed=worker ${kill?.worker ?? '-'} at ${kill?.answeredBefore ?? '-'} answered, ${kill?.secondsIntoRun.toFixed(1) ?? '-'} s into the run, ` +
					`in flight ${JSON.stringify(aftermath?.statuses ?? {})} settled after ${aftermath?.settledAfterSeconds?.toFixed(1) ?? '-'} s; ` +
					timings.join(', '),
			);
		}, 420_000);

		it(`sends all ${TOTAL} customer messages in time, each delivered to n8n and accepted with 200`, () => {
			expect(run.deliveryProblems).toEqual([]);
			expect(sentCount).toBe(TOTAL);
		});

		it('spreads the executions over both workers and kills one while messages are still unanswered', () => {
			expect(run.kill).toBeDefined();
			expect(run.kill?.answeredBefore).toBeLessThan(TOTAL);
			expect(run.executionsPerWorker.every((count) => count > 0)).toBe(true);
		});

		it('answers no message twice', () => {
			expect(run.tally.duplicates).toEqual([]);
			expect(run.tally.untagged).toBe(0);
		});

		it('answers every message: nothing is lost with the killed worker', () => {
			// the killed worker's executions ride along, so a failure shows what became of them
			expect({ missing: run.tally.missing, killedWorkerInFlight: run.aftermath?.statuses ?? {} }).toEqual({ missing: [], killedWorkerInFlight: expect.anything() });
			expect(run.tally.answered).toBe(TOTAL);
		});

		// Queue mode alone does not promise it: two workers may run one conversation's messages at once.
		it('answers the messages of each conversation in the order they were sent', () => {
			const unordered = run.tally.replyOrder.flatMap((order, conversation) => (order.some((message, index) => index > 0 && message < order[index - 1]) ? [`#c${conversation}: ${order.join(',')}`] : []));
			expect(unordered).toEqual([]);
			expect(run.tally.outOfOrder).toBe(0);
		});
	});
});
