import { InvalidInputError, redactSecrets } from '../../../lib/errors';
import { DEFAULT_RETRY, RetryableError, breakerFor, withRetry, type CircuitBreaker, type RetryPolicy } from '../../../lib/resilience';
import { ChatwootApiError, chatwootMessage } from './errors';
import type { ChatwootConfig, ChatwootContact, ChatwootConversation, ChatwootMessage, ConversationStatus } from './types';

const MAX_RETRY_AFTER_MS = 30_000;

function retryAfterMs(header: string | null): number | undefined {
	if (!header) return undefined;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - Date.now()), MAX_RETRY_AFTER_MS);
}

export function normaliseBaseUrl(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url.trim());
	} catch {
		throw new InvalidInputError(`Chatwoot URL "${url}" is not a URL: use the address you open Chatwoot at, e.g. https://chat.example.com.`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new InvalidInputError(`Chatwoot URL must start with http:// or https:// (got "${parsed.protocol}//").`);
	}
	return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/api(\/v1)?$/, '')}`;
}

/**
 * Chatwoot's Application API for one installation. Account ids are per call (a tenant is an
 * account). 429 and 5xx are retried with backoff, honouring Retry-After; other 4xx are not.
 */
export class ChatwootClient {
	readonly baseUrl: string;
	private readonly token: string;
	private readonly timeoutMs: number;
	private readonly retry: RetryPolicy;
	private readonly breaker: CircuitBreaker;

	constructor(config: ChatwootConfig) {
		this.baseUrl = normaliseBaseUrl(config.baseUrl);
		if (!config.token) throw new InvalidInputError('The Chatwoot API access token is empty: copy it from Profile settings (user) or the agent bot.');
		this.token = config.token;
		this.timeoutMs = config.timeoutMs ?? 10_000;
		this.retry = config.retry ?? DEFAULT_RETRY;
		this.breaker = breakerFor(`chatwoot:${this.baseUrl}`, `Chatwoot at ${this.baseUrl}`);
	}

	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		return await this.breaker.run(
			async () => await withRetry(async () => await this.once<T>(method, path, body), this.retry),
			(error) => !(error instanceof ChatwootApiError) || error.status >= 500 || error.status === 429,
		);
	}

	private async once<T>(method: string, path: string, body?: unknown): Promise<T> {
		let response: Response;
		try {
			response = await fetch(`${this.baseUrl}${path}`, {
				method,
				headers: { api_access_token: this.token, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(this.timeoutMs),
			});
		} catch (error) {
			// duck-typed: fetch's errors may come from another realm (test runners, vm contexts)
			const failure = error as { name?: string; cause?: { code?: string; errors?: Array<{ code?: string }> } };
			const cause = failure.cause?.code ?? failure.cause?.errors?.[0]?.code ?? failure.name ?? String(error);
			const reason =
				cause === 'ECONNREFUSED' ? 'connection refused' : cause === 'ENOTFOUND' ? 'host not found' : cause === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : cause;
			throw new RetryableError(`Chatwoot at ${this.baseUrl} could not be reached (${reason}).`);
		}
		const text = await response.text();
		if (response.ok) return (text ? JSON.parse(text) : {}) as T;
		const message = redactSecrets(`Chatwoot answered ${response.status} on ${method} ${path}: ${chatwootMessage(text)}`);
		if (response.status === 429 || response.status >= 500) throw new RetryableError(message, retryAfterMs(response.headers.get('retry-after')));
		const hint = /not authorized for bots/i.test(message) ? ' (an agent-bot token may not call this; use a user access token)' : '';
		throw new ChatwootApiError(response.status, `${message}${hint}`, path);
	}

	private conversationPath(accountId: string, conversationId: number): string {
		return `/api/v1/accounts/${encodeURIComponent(accountId)}/conversations/${conversationId}`;
	}

	async profile(): Promise<{ id: number; name: string; accounts?: Array<{ id: number; name: string }> }> {
		return await this.request('GET', '/api/v1/profile');
	}

	async sendMessage(
		accountId: string,
		conversationId: number,
		message: { content: string; private?: boolean; content_type?: string; content_attributes?: Record<string, unknown> },
	): Promise<ChatwootMessage> {
		return await this.request('POST', `${this.conversationPath(accountId, conversationId)}/messages`, {
			content: message.content,
			message_type: 'outgoing',
			private: message.private ?? false,
			...(message.content_type ? { content_type: message.content_type } : {}),
			...(message.content_attributes ? { content_attributes: message.content_attributes } : {}),
		});
	}

	async listMessages(accountId: string, conversationId: number, before?: number): Promise<ChatwootMessage[]> {
		const query = before ? `?before=${before}` : '';
		const page = await this.request<{ payload: ChatwootMessage[] }>('GET', `${this.conversationPath(accountId, conversationId)}/messages${query}`);
		return page.payload;
	}

	async getConversation(accountId: string, conversationId: number): Promise<ChatwootConversation> {
		return await this.request('GET', this.conversationPath(accountId, conversationId));
	}

	async toggleStatus(
		accountId: string,
		conversationId: number,
		status: ConversationStatus,
		snoozedUntil?: number,
	): Promise<{ conversation_id: number; current_status: ConversationStatus; snoozed_until: number | null }> {
		const answer = await this.request<{ payload: { conversation_id: number; current_status: ConversationStatus; snoozed_until: number | null } }>(
			'POST',
			`${this.conversationPath(accountId, conversationId)}/toggle_status`,
			{ status, ...(snoozedUntil ? { snoozed_until: snoozedUntil } : {}) },
		);
		return answer.payload;
	}

	async toggleTyping(accountId: string, conversationId: number, on: boolean): Promise<void> {
		await this.request('POST', `${this.conversationPath(accountId, conversationId)}/toggle_typing_status`, { typing_status: on ? 'on' : 'off' });
	}

	async getLabels(accountId: string, conversationId: number): Promise<string[]> {
		return (await this.request<{ payload: string[] }>('GET', `${this.conversationPath(accountId, conversationId)}/labels`)).payload;
	}

	/** Chatwoot replaces the whole list with what is sent. */
	async replaceLabels(accountId: string, conversationId: number, labels: string[]): Promise<string[]> {
		return (await this.request<{ payload: string[] }>('POST', `${this.conversationPath(accountId, conversationId)}/labels`, { labels })).payload;
	}

	/** Chatwoot replaces the whole object with what is sent. */
	async replaceCustomAttributes(accountId: string, conversationId: number, attributes: Record<string, unknown>): Promise<Record<string, unknown>> {
		const answer = await this.request<{ custom_attributes: Record<string, unknown> }>(
			'POST',
			`${this.conversationPath(accountId, conversationId)}/custom_attributes`,
			{ custom_attributes: attributes },
		);
		return answer.custom_attributes;
	}

	async assign(accountId: string, conversationId: number, assignment: { assignee_id?: number; team_id?: number }): Promise<unknown> {
		return await this.request('POST', `${this.conversationPath(accountId, conversationId)}/assignments`, assignment);
	}

	async getContact(accountId: string, contactId: number): Promise<ChatwootContact> {
		const answer = await this.request<{ payload?: ChatwootContact } & ChatwootContact>('GET', `/api/v1/accounts/${encodeURIComponent(accountId)}/contacts/${contactId}`);
		return answer.payload ?? answer;
	}

	async updateContact(accountId: string, contactId: number, changes: Record<string, unknown>): Promise<ChatwootContact> {
		const answer = await this.request<{ payload?: ChatwootContact } & ChatwootContact>('PUT', `/api/v1/accounts/${encodeURIComponent(accountId)}/contacts/${contactId}`, changes);
		return answer.payload ?? answer;
	}

	async searchContacts(accountId: string, query: string, page = 1): Promise<{ count: number; contacts: ChatwootContact[] }> {
		const answer = await this.request<{ meta?: { count?: number }; payload: ChatwootContact[] }>(
			'GET',
			`/api/v1/accounts/${encodeURIComponent(accountId)}/contacts/search?q=${encodeURIComponent(query)}&page=${page}`,
		);
		return { count: answer.meta?.count ?? answer.payload.length, contacts: answer.payload };
	}

	// Chatwoot's jbuilder views wrap these in {payload: {webhook(s)}} while its swagger shows them
	// bare; accept both so a version change on either side does not break activation.
	async createAccountWebhook(accountId: string, url: string, subscriptions: string[]): Promise<{ id: number; secret?: string }> {
		const answer = await this.request<Record<string, unknown>>('POST', `/api/v1/accounts/${encodeURIComponent(accountId)}/webhooks`, {
			url,
			subscriptions,
			name: 'OmniCrew',
		});
		const payload = (answer.payload ?? answer) as Record<string, unknown>;
		return (payload.webhook ?? payload) as { id: number; secret?: string };
	}

	async listAccountWebhooks(accountId: string): Promise<Array<{ id: number; url: string; secret?: string }>> {
		const answer = await this.request<unknown>('GET', `/api/v1/accounts/${encodeURIComponent(accountId)}/webhooks`);
		if (Array.isArray(answer)) return answer as Array<{ id: number; url: string; secret?: string }>;
		const payload = (answer as { payload?: unknown }).payload;
		const list = Array.isArray(payload) ? payload : (payload as { webhooks?: unknown } | undefined)?.webhooks;
		return Array.isArray(list) ? (list as Array<{ id: number; url: string; secret?: string }>) : [];
	}

	async deleteAccountWebhook(accountId: string, webhookId: number): Promise<void> {
		await this.request('DELETE', `/api/v1/accounts/${encodeURIComponent(accountId)}/webhooks/${webhookId}`);
	}
}
