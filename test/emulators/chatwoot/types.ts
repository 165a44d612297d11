/** Public types of the Chatwoot v4.15 emulator, plus the JSON type every serializer returns. */
import type { ChatwootFaults } from './faults';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
	[key: string]: Json;
}

export type ChannelName = 'whatsapp' | 'facebook' | 'instagram' | 'email' | 'webchat' | 'telegram' | 'sms' | 'api' | 'line';

export const CHANNEL_NAMES: readonly ChannelName[] = ['whatsapp', 'facebook', 'instagram', 'email', 'webchat', 'telegram', 'sms', 'api', 'line'];

export interface Delivery {
	/** X-Chatwoot-Delivery uuid (shared by a job's retries and by redeliveries). */
	id: string;
	url: string;
	event: string;
	status: number | 'error';
	attempts: number;
	headers: Record<string, string>;
	/** Raw JSON sent. */
	body: string;
	/** Which delivery path sent it: an account webhook or the agent bot's outgoing_url. */
	target: 'webhook' | 'agent_bot';
	/** Why the last attempt failed when status is 'error' (timeout, connection refused...). */
	error?: string;
}

export interface RecordedRequest {
	method: string;
	/** URL path without the query string. */
	path: string;
	query: Record<string, string>;
	/** Which token was used: admin, agent, bot, invalid, or undefined when the header was absent. */
	token: string | undefined;
	body: unknown;
	status: number;
	response: unknown;
	/** The commitThen fault that lost the answer, if any (`status` is then what Chatwoot itself answered). */
	fault?: string;
}

export interface TypingState {
	status: 'on' | 'off';
	isPrivate: boolean;
	by: { type: 'User' | 'AgentBot'; id: number };
	at: Date;
}

export interface CustomerMessageOptions {
	inbox: ChannelName;
	text: string;
	/**
	 * The customer, found by identifier, phone (Brazilian numbers with or without the extra 9),
	 * e-mail, or by name when only a name is given; created when not found. Without it, the
	 * channel's seeded customer writes (Ana Paula on WhatsApp, Lucas on Instagram...).
	 */
	contact?: { name?: string; phone?: string; email?: string; identifier?: string };
	conversationId?: number;
	subject?: string;
	attachments?: Array<{ fileType: 'image' | 'audio' | 'video' | 'file'; name: string; url?: string }>;
}

export interface CustomerMessageResult {
	conversationId: number;
	messageId: number;
	contactId: number;
	deliveries: Delivery[];
}

export interface FailNextOptions {
	retryAfterSeconds?: number;
	times?: number;
}

export interface ChatwootEmulator {
	url: string;
	accountId: number;
	tokens: { admin: string; agent: string; bot: string };
	inboxes: Record<ChannelName, { id: number; name: string; channelType: string }>;
	bot: { id: number; name: string; secret: string };
	/** Connects the bot to an inbox; each inbox keeps the URL it was connected with (one crew workflow per channel). */
	connectBot(inbox: ChannelName, outgoingUrl: string): void;
	addWebhook(url: string, subscriptions: string[], options?: { signed?: boolean }): { id: number; secret: string };
	customerMessage(options: CustomerMessageOptions): Promise<CustomerMessageResult>;
	/** Re-POSTs a recorded delivery once (same body and X-Chatwoot-Delivery, fresh timestamp and signature) and records it again. */
	redeliver(deliveryId: string): Promise<Delivery>;
	/** Every finished delivery, in completion order; header names as sent (X-Chatwoot-Delivery...). */
	deliveries: Delivery[];
	requests: RecordedRequest[];
	/** The conversation in its webhook form (the `conversation` object of the example payloads). */
	conversation(displayId: number): unknown;
	/** REST message items (example 07 form), activity messages included, oldest first. */
	messages(displayId: number): unknown[];
	/** The public replies in a conversation (outgoing, not private) sent by an agent bot or by a user (agent), oldest first. */
	replies(displayId: number, by?: 'agent_bot' | 'user'): Array<{ id: number; content: string }>;
	/** Last typing state set through toggle_typing_status, or undefined if never set. */
	typing(displayId: number): TypingState | undefined;
	/** Makes the next matching API requests fail: 429 as Rack::Attack answers it, 5xx with a JSON error. */
	failNext(pathRegex: RegExp, status: number, options?: FailNextOptions): void;
	/** Faults that let a request be carried out and then lose its answer (`commitThen`). */
	faults: ChatwootFaults;
	/** Resolves with every matching delivery once at least `count` match (default timeout 5 s). */
	waitForDeliveries(predicate: (d: Delivery) => boolean, count: number, timeoutMs?: number): Promise<Delivery[]>;
	close(): Promise<void>;
}

export interface StartOptions {
	port?: number;
	host?: string;
	/** Delay between agent-bot retries (Chatwoot: 3 s). */
	botRetryDelayMs?: number;
	/** Webhook timeout (Chatwoot's WEBHOOK_TIMEOUT default: 5 s). */
	webhookTimeoutMs?: number;
	/** The account setting keep_pending_on_bot_failure (default false, as in Chatwoot). */
	keepPendingOnBotFailure?: boolean;
	/** The account this Chatwoot serves (default id 1, "Loja Aurora"): another id for a second tenant. */
	account?: { id: number; name?: string; locale?: string };
}
