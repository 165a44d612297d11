/**
 * A customer message through the Chatwoot emulator, delivered to the channel's crew exactly as
 * Chatwoot delivers it (signed agent-bot webhook), and what came back: the reply, and — from the
 * n8n execution that answered it — the route taken and the usage. A conversation a person has
 * (opened by a hand-off) gets no reply from the bot, and the answer says so at once.
 */
import type { DemoState } from './demo-state';

export interface SayOptions {
	channel: string;
	text: string;
	conversationId?: number;
	contact?: { name?: string; phone?: string; email?: string };
	timeoutMs?: number;
}

export interface SayAnswer {
	conversationId: number;
	reply: string;
	/** The conversation is with a person (Chatwoot status `open`): the bot stays silent. */
	withPerson: boolean;
	/** Chatwoot's status of the conversation once the turn is over (pending = the bot's). */
	status: string | null;
	route: { agent?: string; intent?: string; confidence?: number; method?: string; reasons?: string[] } | null;
	usage: { llm_calls?: number; tokens_in?: number; tokens_out?: number; cache_hits?: number } | null;
	handoff: boolean;
	seconds: number;
}

interface EmulatorMessage {
	id: number;
	content: string | null;
	message_type: number;
	private: boolean;
	sender?: { type?: string } | null;
}

type RunData = Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a conversation may sit with a person and no bot reply before we say the bot is silent: a hand-off's own reply comes first. */
const SILENCE_GRACE_MS = 1_500;

/** Statuses in which Chatwoot keeps the bot out: a person has the conversation. */
const WITH_PERSON = new Set(['open', 'snoozed']);

interface ConversationStatus {
	status: string | null;
	assignee: unknown;
}

async function conversationStatus(state: DemoState, conversationId: number): Promise<ConversationStatus> {
	const response = await fetch(`${state.chatwoot}/__emulator/conversations/${conversationId}`);
	if (!response.ok) return { status: null, assignee: null };
	const body = (await response.json()) as { status?: unknown; assignee?: unknown };
	return { status: typeof body.status === 'string' ? body.status : null, assignee: body.assignee ?? null };
}

async function json<T>(response: Response, what: string): Promise<T> {
	const text = await response.text();
	if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 300)}`);
	return JSON.parse(text) as T;
}

/** The output of the first node in `names` that produced one, in the execution that handled `messageId`. */
function outputOf(runData: RunData, names: string[]): Record<string, unknown> | null {
	for (const name of names) {
		const item = runData[name]?.[0]?.data?.main?.find((items) => items && items.length > 0)?.[0];
		if (item) return item.json;
	}
	return null;
}

async function executionFor(state: DemoState, workflowId: string, messageId: number, deadline: number): Promise<RunData | null> {
	while (Date.now() < deadline) {
		const list = await json<{ data: Array<{ id: string; finished: boolean }> }>(
			await fetch(`${state.n8n}/api/v1/executions?workflowId=${workflowId}&limit=20&includeData=true`, { headers: { 'X-N8N-API-KEY': state.apiKey } }),
			'n8n',
		);
		for (const summary of list.data as Array<{ id: string; finished: boolean; data?: { resultData?: { runData?: RunData } } }>) {
			const runData = summary.data?.resultData?.runData;
			const trigger = runData ? outputOf(runData, ['Chatwoot Trigger']) : null;
			const raw = trigger?.raw as { id?: number } | undefined;
			if (runData && (trigger?.message_id === messageId || raw?.id === messageId) && runData['Finish Turn']) return runData;
		}
		await pause(250);
	}
	return null;
}

export async function sayAsCustomer(state: DemoState, options: SayOptions): Promise<SayAnswer> {
	const started = Date.now();
	const deadline = started + (options.timeoutMs ?? 60_000);
	const sent = await json<{ conversation_id: number; message_id: number }>(
		await fetch(`${state.chatwoot}/__emulator/customer_message`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				inbox: options.channel,
				text: options.text,
				contact: options.contact ?? { name: 'Ana Paula Ferreira', phone: '+55 11 98765-4321', email: 'ana.ferreira@example.com' },
				...(options.conversationId ? { conversation_id: options.conversationId } : {}),
			}),
		}),
		'The Chatwoot emulator',
	);
	// the bot's public messages in the conversation: `earlier` ones tell that the bot had it once
	let botSpoke = false;
	const botMessages = async () => {
		const all = (await json<{ payload: EmulatorMessage[] }>(await fetch(`${state.chatwoot}/__emulator/conversations/${sent.conversation_id}/messages`), 'The Chatwoot emulator')).payload.filter(
			(m) => m.message_type === 1 && !m.private && m.sender?.type === 'agent_bot',
		);
		botSpoke = all.length > 0;
		return all.filter((m) => m.id > sent.message_id);
	};
	// Open and the bot never spoke: the inbox has no crew (reported by the timeout below), not a hand-off.
	const handedOff = (status: ConversationStatus) => status.status !== null && WITH_PERSON.has(status.status) && botSpoke;
	let replies = await botMessages();
	let status = await conversationStatus(state, sent.conversation_id);
	let withPersonSince = handedOff(status) ? Date.now() : null;
	while (replies.length === 0) {
		// A person has the conversation and the bot has said nothing: it will not (Chatwoot does not
		// hand it the message, or the crew keeps out of a conversation it handed off).
		if (withPersonSince !== null && Date.now() - withPersonSince >= SILENCE_GRACE_MS) {
			return { conversationId: sent.conversation_id, reply: '', withPerson: true, status: status.status, route: null, usage: null, handoff: true, seconds: (Date.now() - started) / 1000 };
		}
		if (Date.now() > deadline) throw new Error(`No reply within ${Math.round((deadline - started) / 1000)} s (is the ${options.channel} crew active?)`);
		await pause(150);
		replies = await botMessages();
		status = await conversationStatus(state, sent.conversation_id);
		if (handedOff(status)) withPersonSince ??= Date.now();
		else withPersonSince = null;
	}
	const seconds = (Date.now() - started) / 1000;
	const workflowId = state.workflows[`${options.channel}-crew`];
	const runData = workflowId ? await executionFor(state, workflowId, sent.message_id, Math.min(deadline, Date.now() + 15_000)) : null;
	const routed = runData ? outputOf(runData, ['Crew Router']) : null;
	const answered = runData ? outputOf(runData, ['Sales Agent', 'Scheduling Agent', 'Business Rules Agent', 'Support Agent', 'Crew Router']) : null;
	const after = await conversationStatus(state, sent.conversation_id);
	return {
		conversationId: sent.conversation_id,
		reply: replies.map((m) => m.content ?? '').join('\n'),
		withPerson: after.status !== null && WITH_PERSON.has(after.status),
		status: after.status,
		route: (routed?.route as SayAnswer['route']) ?? null,
		usage: (answered?.usage as SayAnswer['usage']) ?? null,
		handoff: answered?.handoff === true,
		seconds,
	};
}
