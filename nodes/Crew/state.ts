import type { JsonValue } from '../../lib/json';
import type { TenantCache } from '../TenantCache/cache/tenant-cache';

/**
 * Per-conversation state in the tenant cache (type `conversation`): who has the conversation
 * (stickiness), how many bot turns it had, the last turns (memory) and what the bot offered or
 * asked to confirm. Nothing lives in the process, so queue-mode workers share it.
 */
export interface RouteState {
	agent: string;
	intent: string;
	at: string;
	bot_turns: number;
}

export interface MemoryTurn {
	role: 'customer' | 'agent';
	text: string;
	agent?: string;
	at: string;
}

export interface PendingAction {
	tool: string;
	args: Record<string, unknown>;
	summary: string;
}

/** A product the sales agent showed, kept by id: its price and stock are read again when it comes back. */
export interface RememberedProduct {
	id: number;
	name: string;
	code: string | null;
}

/** What one request of the customer matched (several products when they fit equally) and how many they want. */
export interface RememberedGroup {
	products: RememberedProduct[];
	quantity: number;
}

/**
 * The sales agent's memory of a conversation, so "e a preta?", "quanto fica as duas?", "pode ser
 * essa" and "sim, pode fazer o orçamento" point back at what it showed.
 */
export interface SalesMemory {
	/** The requests of the last sales answer, in order. */
	last: RememberedGroup[];
	/** Every product that answer showed, alternatives included, in order ("a segunda"). */
	shown: RememberedProduct[];
	/** One product per request answered, most recent first ("as duas" = the last two). */
	mentioned: RememberedProduct[];
	/** The lines a quotation would have; `asked` once the agent offered to prepare it. */
	offer: { lines: Array<{ product: RememberedProduct; quantity: number }>; asked: boolean } | null;
	/** References of the quotations created in this conversation. */
	quotes: string[];
	/** The last answer found nothing and offered a person: a yes now hands the conversation over. */
	person_offered?: boolean;
}

export interface ConversationMemory {
	turns: MemoryTurn[];
	/** Slots the scheduling agent offered, so "pode ser o segundo" or "terça 10h" books one of them. */
	offered_slots?: Array<{ start: string; label: string }>;
	/** A write the ERP agent asked the user to confirm. */
	pending?: PendingAction | null;
	/** The bot has opened the conversation with the tenant's greeting: it does not greet again. */
	greeted?: boolean;
	/** The customer's language as last seen, for turns that show none ("👍", a photo). */
	language?: 'pt' | 'es' | 'en';
	/** Products the sales agent showed and the quotation it offered. */
	sales?: SalesMemory;
}

export const MEMORY_TURNS = 10;

const key = (kind: string, conversationId: string) => `${kind}:${conversationId}`;

async function read<T>(cache: TenantCache | undefined, tenantId: string, kind: string, conversationId: string | null): Promise<T | null> {
	if (!cache || !conversationId) return null;
	const got = await cache.get(tenantId, 'conversation', key(kind, conversationId)).catch(() => undefined);
	return got?.hit ? (got.value as unknown as T) : null;
}

async function write(cache: TenantCache | undefined, tenantId: string, kind: string, conversationId: string | null, value: unknown, ttlSeconds?: number): Promise<void> {
	if (!cache || !conversationId) return;
	await cache.set(tenantId, 'conversation', key(kind, conversationId), value as JsonValue, ttlSeconds ? { ttlSeconds } : {}).catch(() => undefined);
}

export const loadRouteState = async (cache: TenantCache | undefined, tenantId: string, conversationId: string | null) =>
	await read<RouteState>(cache, tenantId, 'route', conversationId);

export const saveRouteState = async (cache: TenantCache | undefined, tenantId: string, conversationId: string | null, state: RouteState, ttlSeconds: number) =>
	await write(cache, tenantId, 'route', conversationId, state, ttlSeconds);

export async function loadMemory(cache: TenantCache | undefined, tenantId: string, conversationId: string | null): Promise<ConversationMemory> {
	return (await read<ConversationMemory>(cache, tenantId, 'memory', conversationId)) ?? { turns: [] };
}

export async function saveMemory(cache: TenantCache | undefined, tenantId: string, conversationId: string | null, memory: ConversationMemory): Promise<void> {
	await write(cache, tenantId, 'memory', conversationId, { ...memory, turns: memory.turns.slice(-MEMORY_TURNS) });
}
