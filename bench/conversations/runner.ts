/**
 * Runs a shop's conversations through `crew_handle_message`, one after the other: each message in
 * a conversation of its own, each dialogue's turns in one conversation (memory kept), the bound
 * customer as the contact, the records each turn created counted by diffing the Odoo emulator.
 */
import type { Category, Conversation, Expectation, ShopData, Split } from './dataset';
import { WRITE_MODELS, type WriteModel } from './dataset';
import { bindCustomer, type Binding } from './identity';
import { judge, type Observed, type Verdict } from './judge';
import type { ModelMode, ShopWorld } from './world';

export interface TurnResult {
	id: string;
	turn: number;
	kind: 'message' | 'dialogue';
	split: Split;
	category: Category;
	lang: string;
	channel: string;
	text: string;
	attachments: string[];
	expected: Expectation;
	/** The router's agent (or `human`), its intent, how it decided. */
	route: string;
	intent: string | null;
	method: string | null;
	/** How the agent answered (embedded, llm, cache, guard). */
	answeredBy: string | null;
	handoff: boolean;
	reply: string;
	created: Record<WriteModel, number>;
	verdict: Verdict;
	ms: number;
	llmCalls: number;
	tokens: number;
}

export interface ConversationRun {
	conversation: Conversation;
	binding: Binding;
	turns: TurnResult[];
}

function idsOf(world: ShopWorld): Record<WriteModel, Set<number>> {
	const out = {} as Record<WriteModel, Set<number>>;
	for (const model of WRITE_MODELS) out[model] = new Set(world.odoo.model(model).map((rec) => Number(rec.id)));
	return out;
}

function createdSince(world: ShopWorld, before: Record<WriteModel, Set<number>>): Record<WriteModel, number> {
	const out = {} as Record<WriteModel, number>;
	for (const model of WRITE_MODELS) out[model] = world.odoo.model(model).filter((rec) => !before[model].has(Number(rec.id))).length;
	return out;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export async function runConversation(world: ShopWorld, shop: ShopData, mode: ModelMode, conversation: Conversation, index: number): Promise<ConversationRun> {
	const binding = bindCustomer(shop, conversation, index);
	const turns: TurnResult[] = [];
	const conversationId = `${mode}-${conversation.id}`;
	for (const [turnIndex, turn] of conversation.turns.entries()) {
		const before = idsOf(world);
		const started = performance.now();
		const outcome = await world.session.callTool('crew_handle_message', {
			tenant_id: world.tenantId,
			channel: conversation.channel,
			text: turn.text,
			conversation_id: conversationId,
			contact: binding.contact,
		});
		const ms = performance.now() - started;
		const created = createdSince(world, before);
		let observed: Observed;
		let route: Record<string, unknown> = {};
		let data: Record<string, unknown> = {};
		if (outcome.ok) {
			data = outcome.data;
			route = (data.route ?? {}) as Record<string, unknown>;
			observed = { route: String(route.agent ?? ''), handoff: data.handoff === true, reply: String(data.reply ?? ''), created };
		} else {
			observed = { route: 'error', handoff: false, reply: '', created, error: `${outcome.kind}: ${outcome.message}` };
		}
		const usage = (data.usage ?? {}) as Record<string, unknown>;
		turns.push({
			id: conversation.id,
			turn: turnIndex,
			kind: conversation.kind,
			split: conversation.split,
			category: conversation.category,
			lang: conversation.lang,
			channel: conversation.channel,
			text: turn.text,
			attachments: turn.attachments ?? [],
			expected: turn.expect,
			route: observed.route,
			intent: str(route.intent),
			method: str(route.method),
			answeredBy: str(data.method),
			handoff: observed.handoff,
			reply: observed.error ? `[error] ${observed.error}` : observed.reply,
			created,
			verdict: judge(turn.expect, observed),
			ms,
			llmCalls: Number(usage.llm_calls ?? 0),
			tokens: Number(usage.tokens_in ?? 0) + Number(usage.tokens_out ?? 0),
		});
	}
	return { conversation, binding, turns };
}
