/** The slices of Chatwoot's JSON that OmniCrew reads (v4.15 Application API). */

export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed';

export interface ChatwootContact {
	id: number;
	name: string | null;
	email: string | null;
	phone_number: string | null;
	identifier: string | null;
	custom_attributes?: Record<string, unknown>;
	additional_attributes?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ChatwootConversation {
	id: number;
	inbox_id: number;
	status: ConversationStatus;
	labels?: string[];
	custom_attributes?: Record<string, unknown>;
	meta?: { sender?: ChatwootContact; assignee?: { id: number; name: string } | null; team?: { id: number; name: string } | null };
	[key: string]: unknown;
}

export interface ChatwootMessage {
	id: number;
	content: string | null;
	message_type: number;
	private: boolean;
	created_at: number;
	content_attributes?: Record<string, unknown>;
	sender?: { id: number; name?: string; type?: string } | null;
	[key: string]: unknown;
}

export interface ChatwootConfig {
	/** e.g. https://app.chatwoot.com (no trailing /api). */
	baseUrl: string;
	/** A user (agent/admin) access token or an agent-bot token. */
	token: string;
	timeoutMs?: number;
	/** maxRetryAfterMs: the longest Retry-After worth waiting for (default 30 s); a longer one fails at once. */
	retry?: { attempts: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs?: number };
}
