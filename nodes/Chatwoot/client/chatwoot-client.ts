import { InvalidInputError, UnconfirmedWriteError, redactSecrets } from '../../../lib/errors';
import {
	DEFAULT_RETRY,
	TransientError,
	fetchText,
	deliveryOf,
	guardFor,
	parseRetryAfter,
	secretFingerprint,
	type RetryPolicy,
	type UpstreamGuard,
} from '../../../lib/resilience';
import { ChatwootApiError, chatwootErrorBody } from './errors';
import type { ChatwootConfig, ChatwootContact, ChatwootConversation, ChatwootMessage, ConversationStatus } from './types';

export interface RequestOptions {
	/**
	 * Whether sending the request twice leaves Chatwoot as sending it once does. Idempotent calls
	 * are retried on timeouts and 5xx; the others only when the request provably never reached
	 * Chatwoot, or on a 429 with Retry-After.
	 */
	idempotent: boolean;
	body?: unknown;
	/** For a call that is not idempotent: what may have happened when its outcome is unknown ("the message may have been posted"). */
	effect?: string;
	/** A retried DELETE that finds the thing gone has done its job (the first attempt deleted it). */
	goneOnRetryIsDone?: boolean;
}

const ACCOUNT_PATH = /^\/api\/v1\/accounts\/([^/?]+)/;

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
 * account), and so are the circuit breaker and the back-pressure of a 429: one account's trouble
 * does not hold back another on the same Chatwoot (every Chatwoot Cloud account shares one URL).
 * Reads are retried on network failures, 429 and 5xx; writes that are not idempotent only when
 * they provably never reached Chatwoot or were throttled with a Retry-After. Other 4xx never.
 */
export class ChatwootClient {
	readonly baseUrl: string;
	private readonly token: string;
	private readonly tokenFingerprint: string;
	private readonly timeoutMs: number;
	private readonly retry: RetryPolicy;

	constructor(config: ChatwootConfig) {
		this.baseUrl = normaliseBaseUrl(config.baseUrl);
		if (!config.token) throw new InvalidInputError('The Chatwoot API access token is empty: copy it from Profile settings (user) or the agent bot.');
		this.token = config.token;
		this.tokenFingerprint = secretFingerprint(config.token);
		this.timeoutMs = config.timeoutMs ?? 10_000;
		this.retry = config.retry ?? DEFAULT_RETRY;
	}

	/** The breaker and back-pressure of the account a path belongs to, told apart by token too (never by the token itself). */
	private guardOf(path: string): UpstreamGuard {
		const account = ACCOUNT_PATH.exec(path)?.[1];
		const where = account === undefined ? `Chatwoot at ${this.baseUrl}` : `Chatwoot account ${decodeURIComponent(account)} at ${this.baseUrl}`;
		return guardFor(`chatwoot|${this.baseUrl}|${account ?? '-'}|${this.tokenFingerprint}`, where);
	}

	async request<T>(method: string, path: string, options: RequestOptions): Promise<T> {
		try {
			return await this.guardOf(path).run({
				attempt: async (n) => await this.once<T>(method, path, options, n),
				idempotent: options.idempotent,
				policy: this.retry,
				isFailure: (error) => !(error instanceof ChatwootApiError) || error.status >= 500,
			});
		} catch (error) {
			if (!options.idempotent && deliveryOf(error) === 'maybe_delivered') {
				const effect = options.effect ?? `the ${method} ${path.replace(/\?.*$/, '')} may have been applied`;
				throw new UnconfirmedWriteError(
					`Chatwoot at ${this.baseUrl} ${(error as TransientError).symptom}; ${effect}, so it was not sent again. Check in Chatwoot before trying again.`,
					{ cause: error },
				);
			}
			throw error;
		}
	}

	private async once<T>(method: string, path: string, options: RequestOptions, attempt: number): Promise<T> {
		const { response, text } = await fetchText(
			`Chatwoot at ${this.baseUrl}`,
			`${this.baseUrl}${path}`,
			{
				method,
				headers: { api_access_token: this.token, accept: 'application/json', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
				body: options.body === undefined ? undefined : JSON.stringify(options.body),
			},
			this.timeoutMs,
		);
		if (response.ok) return (text ? JSON.parse(text) : {}) as T;
		if (response.status === 404 && attempt > 1 && options.goneOnRetryIsDone) return {} as T;
		const answer = chatwootErrorBody(text);
		const message = redactSecrets(`Chatwoot answered ${response.status} on ${method} ${path}: ${answer.message}`);
		const httpStatus = response.status;
		if (response.status === 429) {
			const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
			const wait = retryAfterMs === undefined ? '' : ` (it asked to wait ${Math.ceil(retryAfterMs / 1000)} s)`;
			throw new TransientError(`${message}${wait}`, 'throttled', { retryAfterMs, symptom: 'asked to slow down (HTTP 429)', httpStatus });
		}
		if (response.status >= 500) throw new TransientError(message, 'maybe_delivered', { symptom: `answered HTTP ${response.status}`, httpStatus });
		const hint = /not authorized for bots/i.test(message) ? ' (an agent-bot token may not call this; use a user access token)' : '';
		throw new ChatwootApiError(response.status, `${message}${hint}`, path, answer.code);
	}

	private conversationPath(accountId: string, conversationId: number): string {
		return `/api/v1/accounts/${encodeURIComponent(accountId)}/conversations/${conversationId}`;
	}

	async profile(): Promise<{ id: number; name: string; accounts?: Array<{ id: number; name: string }> }> {
		return await this.request('GET', '/api/v1/profile', { idempotent: true });
	}

	async sendMessage(
		accountId: string,
		conversationId: number,
		message: { content: string; private?: boolean; content_type?: string; content_attributes?: Record<string, unknown> },
	): Promise<ChatwootMessage> {
		// not idempotent: every POST adds a message, so a retry after a lost answer would send the customer the reply twice
		return await this.request('POST', `${this.conversationPath(accountId, conversationId)}/messages`, {
			idempotent: false,
			effect: message.private ? 'the private note may have been posted' : 'the message may have been sent to the customer',
			body: {
				content: message.content,
				message_type: 'outgoing',
				private: message.private ?? false,
				...(message.content_type ? { content_type: message.content_type } : {}),
				...(message.content_attributes ? { content_attributes: message.content_attributes } : {}),
			},
		});
	}

	async listMessages(accountId: string, conversationId: number, before?: number): Promise<ChatwootMessage[]> {
		const query = before ? `?before=${before}` : '';
		const page = await this.request<{ payload: ChatwootMessage[] }>('GET', `${this.conversationPath(accountId, conversationId)}/messages${query}`, { idempotent: true });
		return page.payload;
	}

	async getConversation(accountId: string, conversationId: number): Promise<ChatwootConversation> {
		return await this.request('GET', this.conversationPath(accountId, conversationId), { idempotent: true });
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
			// idempotent: the status is always given, so this sets it rather than toggling it
			{ idempotent: true, body: { status, ...(snoozedUntil ? { snoozed_until: snoozedUntil } : {}) } },
		);
		return answer.payload;
	}

	async toggleTyping(accountId: string, conversationId: number, on: boolean): Promise<void> {
		// idempotent: it sets the indicator on or off
		await this.request('POST', `${this.conversationPath(accountId, conversationId)}/toggle_typing_status`, { idempotent: true, body: { typing_status: on ? 'on' : 'off' } });
	}

	async getLabels(accountId: string, conversationId: number): Promise<string[]> {
		return (await this.request<{ payload: string[] }>('GET', `${this.conversationPath(accountId, conversationId)}/labels`, { idempotent: true })).payload;
	}

	/** Chatwoot replaces the whole list with what is sent (so the call is idempotent). */
	async replaceLabels(accountId: string, conversationId: number, labels: string[]): Promise<string[]> {
		return (await this.request<{ payload: string[] }>('POST', `${this.conversationPath(accountId, conversationId)}/labels`, { idempotent: true, body: { labels } })).payload;
	}

	/** Chatwoot replaces the whole object with what is sent (so the call is idempotent). */
	async replaceCustomAttributes(accountId: string, conversationId: number, attributes: Record<string, unknown>): Promise<Record<string, unknown>> {
		const answer = await this.request<{ custom_attributes: Record<string, unknown> }>(
			'POST',
			`${this.conversationPath(accountId, conversationId)}/custom_attributes`,
			{ idempotent: true, body: { custom_attributes: attributes } },
		);
		return answer.custom_attributes;
	}

	async assign(accountId: string, conversationId: number, assignment: { assignee_id?: number; team_id?: number }): Promise<unknown> {
		// idempotent: it sets the assignee or team; assigning the same again changes nothing
		return await this.request('POST', `${this.conversationPath(accountId, conversationId)}/assignments`, { idempotent: true, body: assignment });
	}

	async getContact(accountId: string, contactId: number): Promise<ChatwootContact> {
		const answer = await this.request<{ payload?: ChatwootContact } & ChatwootContact>('GET', `/api/v1/accounts/${encodeURIComponent(accountId)}/contacts/${contactId}`, {
			idempotent: true,
		});
		return answer.payload ?? answer;
	}

	async updateContact(accountId: string, contactId: number, changes: Record<string, unknown>): Promise<ChatwootContact> {
		// idempotent: a PUT of the same fields leaves the same contact
		const answer = await this.request<{ payload?: ChatwootContact } & ChatwootContact>('PUT', `/api/v1/accounts/${encodeURIComponent(accountId)}/contacts/${contactId}`, {
			idempotent: true,
			body: changes,
		});
		return answer.payload ?? answer;
	}

	async searchContacts(accountId: string, query: string, page = 1): Promise<{ count: number; contacts: ChatwootContact[] }> {
		const answer = await this.request<{ meta?: { count?: number }; payload: ChatwootContact[] }>(
			'GET',
			`/api/v1/accounts/${encodeURIComponent(accountId)}/contacts/search?q=${encodeURIComponent(query)}&page=${page}`,
			{ idempotent: true },
		);
		return { count: answer.meta?.count ?? answer.payload.length, contacts: answer.payload };
	}

	// Chatwoot's jbuilder views wrap these in {payload: {webhook(s)}} while its swagger shows them
	// bare; accept both so a version change on either side does not break activation.
	async createAccountWebhook(accountId: string, url: string, subscriptions: string[]): Promise<{ id: number; secret?: string }> {
		// not idempotent: a second POST registers a second webhook, and every event would then arrive twice
		const answer = await this.request<Record<string, unknown>>('POST', `/api/v1/accounts/${encodeURIComponent(accountId)}/webhooks`, {
			idempotent: false,
			effect: 'the webhook may have been registered',
			body: { url, subscriptions, name: 'OmniCrew' },
		});
		const payload = (answer.payload ?? answer) as Record<string, unknown>;
		return (payload.webhook ?? payload) as { id: number; secret?: string };
	}

	async listAccountWebhooks(accountId: string): Promise<Array<{ id: number; url: string; secret?: string }>> {
		const answer = await this.request<unknown>('GET', `/api/v1/accounts/${encodeURIComponent(accountId)}/webhooks`, { idempotent: true });
		if (Array.isArray(answer)) return answer as Array<{ id: number; url: string; secret?: string }>;
		const payload = (answer as { payload?: unknown }).payload;
		const list = Array.isArray(payload) ? payload : (payload as { webhooks?: unknown } | undefined)?.webhooks;
		return Array.isArray(list) ? (list as Array<{ id: number; url: string; secret?: string }>) : [];
	}

	async deleteAccountWebhook(accountId: string, webhookId: number): Promise<void> {
		// idempotent: deleting twice leaves it deleted; a retry that finds it gone (404) means the first attempt did it
		await this.request('DELETE', `/api/v1/accounts/${encodeURIComponent(accountId)}/webhooks/${webhookId}`, { idempotent: true, goneOnRetryIsDone: true });
	}
}
