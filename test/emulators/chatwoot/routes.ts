/** The Application API endpoints the emulator serves, with Chatwoot's answers and errors. */
import { ApiError, NOT_FOUND, normalizePhone, type Actions, type Actor } from './actions';
import type { Payloads } from './payloads';
import { WEBHOOK_EVENTS, type Conversation, type ConversationStatus, type Store } from './state';
import type { Json, JsonObject } from './types';
import { base58Token, isoOrNull } from './util';

export interface Reply {
	status: number;
	/** JSON body; undefined answers with an empty body (Rails `head :ok`). */
	body?: Json;
	headers?: Record<string, string>;
	raw?: { contentType: string; data: Buffer | string };
}

export interface RouteContext {
	params: Record<string, string>;
	query: URLSearchParams;
	body: Record<string, unknown>;
	actor: Actor;
}

export interface Route {
	method: string;
	pattern: RegExp;
	/** On the agent-bot allow-list (agent-bots.md section 5). */
	bots: boolean;
	/** Needs an administrator (Pundit policies of webhooks, bot updates, inbox settings). */
	admin: boolean;
	handle(context: RouteContext): Reply;
}

const CONTENT_TYPES = ['text', 'input_text', 'input_textarea', 'input_email', 'input_select', 'cards', 'form', 'article', 'incoming_email', 'input_csat', 'integrations', 'sticker', 'voice_call'];
const ITEM_CONTENT_TYPES = new Set(['input_select', 'cards', 'form', 'article']);
const STATUSES: ConversationStatus[] = ['open', 'resolved', 'pending', 'snoozed'];
const PER_PAGE = 15;
/** The column default of webhooks.subscriptions. */
const DEFAULT_SUBSCRIPTIONS = ['conversation_status_changed', 'conversation_updated', 'conversation_created', 'contact_created', 'contact_updated', 'message_created', 'message_updated', 'webwidget_triggered'];

const ok = (body?: Json): Reply => ({ status: 200, body });
const unprocessable = (body: Json) => new ApiError(422, body);
const recordInvalid = (messages: string[], attributes: string[]) => unprocessable({ message: messages.join(', '), attributes });

function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ActiveModel's boolean cast: "true", "1" and true are true. */
function castBoolean(value: unknown): boolean {
	return value === true || value === 'true' || value === '1' || value === 1;
}

function optionalString(value: unknown): string | null | undefined {
	if (value === undefined) return undefined;
	if (value === null) return null;
	return typeof value === 'string' ? value : String(value);
}

/** Rails parse_date_time: epoch seconds or a parseable date string. */
function parseDate(value: unknown): Date | null {
	if (value === undefined || value === null || value === '') return null;
	if (typeof value === 'number' || /^\d+$/.test(String(value))) return new Date(Number(value) * 1000);
	const date = new Date(String(value));
	return Number.isNaN(date.getTime()) ? null : date;
}

export function buildRoutes(store: Store, payloads: Payloads, actions: Actions): Route[] {
	const routes: Route[] = [];
	const add = (method: string, template: string, flags: { bots?: boolean; admin?: boolean }, handle: Route['handle']) => {
		const source = template.replace(/\//g, '\\/').replace(/:(\w+)/g, '(?<$1>[^/]+)');
		routes.push({ method, pattern: new RegExp(`^${source}$`), bots: flags.bots ?? false, admin: flags.admin ?? false, handle });
	};
	const conversationOf = (context: RouteContext): Conversation => {
		const conversation = store.conversationByDisplayId(Number(context.params.conversation_id));
		if (!conversation) throw NOT_FOUND();
		return conversation;
	};
	const isAdmin = (actor: Actor) => actor.type === 'User' && actor.user.role === 'administrator';
	const account = '/api/v1/accounts/:account_id';

	add('GET', '/api/v1/profile', {}, ({ actor }) => ok(actor.type === 'User' ? payloads.profile(actor.user) : null));

	// ---- conversations ----

	add('GET', `${account}/conversations/:conversation_id`, { bots: true }, (context) => ok(payloads.conversationRest(conversationOf(context))));

	add('POST', `${account}/conversations/:conversation_id/messages`, { bots: true }, (context) => {
		const conversation = conversationOf(context);
		const { body } = context;
		const messageType = body.message_type ?? 'outgoing';
		if (messageType !== 'outgoing' && messageType !== 'incoming') throw unprocessable({ error: `'${String(messageType)}' is not a valid message_type` });
		const contentType = body.content_type ?? 'text';
		if (typeof contentType !== 'string' || !CONTENT_TYPES.includes(contentType)) throw unprocessable({ error: `'${String(contentType)}' is not a valid content_type` });
		const contentAttributes = isJsonObject(body.content_attributes) ? body.content_attributes : {};
		if (ITEM_CONTENT_TYPES.has(contentType)) {
			const items = contentAttributes.items;
			if (!Array.isArray(items) || !items.length) throw unprocessable({ error: 'Validation failed: Content attributes At least one item is required.' });
		}
		if (typeof body.content !== 'string' || !body.content.length) throw unprocessable({ error: "Validation failed: Content can't be blank" });
		const message = actions.createMessage(conversation, context.actor, {
			content: body.content,
			messageType,
			private: castBoolean(body.private),
			contentType,
			contentAttributes,
			echoId: optionalString(body.echo_id) ?? null,
			sourceId: optionalString(body.source_id) ?? null,
		});
		return ok(payloads.messageRest(message));
	});

	add('GET', `${account}/conversations/:conversation_id/messages`, {}, (context) => {
		const conversation = conversationOf(context);
		let list = store.messagesOf(conversation);
		const before = Number(context.query.get('before'));
		const after = Number(context.query.get('after'));
		if (context.query.has('after') && Number.isFinite(after)) list = list.filter((message) => message.id > after).slice(0, 100);
		else if (context.query.has('before') && Number.isFinite(before)) list = list.filter((message) => message.id < before).slice(-20);
		else list = list.slice(-20);
		return ok({ meta: payloads.messagesMeta(conversation), payload: list.map((message) => payloads.messageRest(message)) });
	});

	add('POST', `${account}/conversations/:conversation_id/toggle_status`, { bots: true }, (context) => {
		const conversation = conversationOf(context);
		const requested = context.body.status;
		if (requested !== undefined && requested !== null && requested !== '' && !STATUSES.includes(requested as ConversationStatus)) {
			throw unprocessable({ error: `'${String(requested)}' is not a valid status` });
		}
		const status = typeof requested === 'string' && requested ? (requested as ConversationStatus) : undefined;
		const success = actions.toggleStatus(conversation, context.actor, status, parseDate(context.body.snoozed_until));
		return ok({
			meta: {},
			payload: { success, conversation_id: conversation.displayId, current_status: conversation.status, snoozed_until: isoOrNull(conversation.snoozedUntil) },
		});
	});

	add('POST', `${account}/conversations/:conversation_id/toggle_typing_status`, { bots: true }, (context) => {
		const conversation = conversationOf(context);
		const status = context.body.typing_status;
		// Chatwoot's case statement ignores any other value and still answers 200.
		if (status === 'on' || status === 'off') actions.setTyping(conversation, context.actor, status, castBoolean(context.body.is_private));
		return ok();
	});

	add('GET', `${account}/conversations/:conversation_id/labels`, { bots: true }, (context) => ok({ payload: [...conversationOf(context).labels] }));

	add('POST', `${account}/conversations/:conversation_id/labels`, { bots: true }, (context) => {
		const conversation = conversationOf(context);
		const labels = context.body.labels ?? [];
		if (!Array.isArray(labels)) throw unprocessable({ error: 'labels must be an array' });
		return ok({ payload: [...actions.setLabels(conversation, context.actor, labels.map(String))] });
	});

	add('POST', `${account}/conversations/:conversation_id/custom_attributes`, { bots: true }, (context) => {
		const conversation = conversationOf(context);
		const attributes = context.body.custom_attributes ?? {};
		if (!isJsonObject(attributes)) throw unprocessable({ error: 'custom_attributes must be an object' });
		return ok({ custom_attributes: actions.setCustomAttributes(conversation, context.actor, attributes) });
	});

	add('POST', `${account}/conversations/:conversation_id/assignments`, { bots: true }, (context) => {
		const conversation = conversationOf(context);
		const { body, actor } = context;
		if (body.assignee_type === 'AgentBot') {
			if (Number(body.assignee_id) !== store.bot.id) throw NOT_FOUND();
			actions.assign(conversation, actor, { type: 'AgentBot', id: store.bot.id });
			return ok(payloads.agentBot(store.bot, false));
		}
		if ('assignee_id' in body) {
			const user = body.assignee_id === null ? undefined : store.user(Number(body.assignee_id));
			actions.assign(conversation, actor, user ? { type: 'User', id: user.id } : null);
			return ok(user ? payloads.agent(user) : null);
		}
		if ('team_id' in body) {
			const team = body.team_id === null ? undefined : store.team(Number(body.team_id));
			actions.assignTeam(conversation, actor, team ? team.id : null);
			return ok(team ? payloads.team(team) : null);
		}
		return ok(null);
	});

	// ---- contacts ----

	add('GET', `${account}/contacts/search`, {}, ({ query }) => {
		const q = (query.get('q') ?? '').trim().toLowerCase();
		if (!q) throw unprocessable({ error: 'Specify search string with parameter q' });
		const matches = store.contacts.filter((contact) =>
			[contact.name, contact.email, contact.phone, contact.identifier].some((field) => field !== null && field.toLowerCase().includes(q)),
		);
		const page = Math.max(1, Number(query.get('page')) || 1);
		const currentPage: Json = query.has('page') ? (query.get('page') ?? '1') : 1;
		return ok({
			meta: { count: matches.length, current_page: currentPage },
			payload: matches.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((contact) => payloads.contactRest(contact, true)),
		});
	});

	const showContact = (context: RouteContext) => {
		const contact = store.contact(Number(context.params.id));
		if (!contact) throw NOT_FOUND();
		return contact;
	};
	add('GET', `${account}/contacts/:id`, {}, (context) => ok({ payload: payloads.contactRest(showContact(context), true) }));
	const updateContact: Route['handle'] = (context) => {
		const contact = showContact(context);
		const { body } = context;
		const errors: string[] = [];
		const attributes: string[] = [];
		const invalid = (attribute: string, message: string) => {
			errors.push(message);
			attributes.push(attribute);
		};
		const email = optionalString(body.email);
		if (email) {
			if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) invalid('email', 'Email E-mail inválido');
			else if (store.contacts.some((other) => other.id !== contact.id && other.email?.toLowerCase() === email.toLowerCase())) invalid('email', 'Email has already been taken');
		}
		const rawPhone = optionalString(body.phone_number);
		const phone = rawPhone ? rawPhone.replace(/[\s()-]/g, '') : rawPhone;
		if (phone) {
			if (!/^\+[1-9]\d{1,14}$/.test(phone)) invalid('phone_number', 'Phone number deve estar no formato e164');
			else if (store.contacts.some((other) => other.id !== contact.id && other.phone === phone)) invalid('phone_number', 'Phone number has already been taken');
		}
		const identifier = optionalString(body.identifier);
		if (identifier && store.contacts.some((other) => other.id !== contact.id && other.identifier === identifier)) invalid('identifier', 'Identifier has already been taken');
		if (errors.length) throw recordInvalid(errors, attributes);
		actions.updateContact(contact, {
			name: typeof body.name === 'string' ? body.name : undefined,
			email: email === undefined ? undefined : email || null,
			phone: phone === undefined ? undefined : phone ? normalizePhone(phone) : null,
			identifier: identifier === undefined ? undefined : identifier || null,
			blocked: body.blocked === undefined ? undefined : castBoolean(body.blocked),
			additionalAttributes: isJsonObject(body.additional_attributes) ? body.additional_attributes : undefined,
			customAttributes: isJsonObject(body.custom_attributes) ? body.custom_attributes : undefined,
		});
		return ok({ payload: payloads.contactRest(contact, true) });
	};
	add('PUT', `${account}/contacts/:id`, {}, updateContact);
	add('PATCH', `${account}/contacts/:id`, {}, updateContact);

	// ---- account webhooks ----

	const validateWebhook = (url: unknown, subscriptions: unknown, ignoreId?: number) => {
		const errors: string[] = [];
		const attributes: string[] = [];
		let valid = false;
		if (typeof url === 'string') {
			try {
				valid = ['http:', 'https:'].includes(new URL(url).protocol);
			} catch {
				valid = false;
			}
		}
		if (!valid) {
			errors.push('Url não é válido');
			attributes.push('url');
		} else if (store.webhooks.some((webhook) => webhook.url === url && webhook.id !== ignoreId)) {
			errors.push('Url já está em uso');
			attributes.push('url');
		}
		const allowed: readonly string[] = WEBHOOK_EVENTS;
		if (!Array.isArray(subscriptions) || subscriptions.some((event) => typeof event !== 'string' || !allowed.includes(event))) {
			errors.push('Subscriptions Eventos inválidos');
			attributes.push('subscriptions');
		}
		if (errors.length) throw recordInvalid(errors, attributes);
	};
	const findWebhook = (context: RouteContext) => {
		const webhook = store.webhooks.find((candidate) => candidate.id === Number(context.params.webhook_id));
		if (!webhook) throw NOT_FOUND();
		return webhook;
	};

	add('GET', `${account}/webhooks`, { admin: true }, () => ok({ payload: { webhooks: store.webhooks.map((webhook) => payloads.webhook(webhook)) } }));
	add('POST', `${account}/webhooks`, { admin: true }, ({ body }) => {
		const subscriptions = body.subscriptions ?? DEFAULT_SUBSCRIPTIONS;
		validateWebhook(body.url, subscriptions);
		const webhook = store.addWebhook({ url: String(body.url), name: optionalString(body.name) ?? null, subscriptions: (subscriptions as string[]).slice(), secret: base58Token() });
		return ok({ payload: { webhook: payloads.webhook(webhook) } });
	});
	const updateWebhook: Route['handle'] = (context) => {
		const webhook = findWebhook(context);
		const { body } = context;
		const url = body.url ?? webhook.url;
		const subscriptions = body.subscriptions ?? webhook.subscriptions;
		validateWebhook(url, subscriptions, webhook.id);
		webhook.url = String(url);
		webhook.subscriptions = (subscriptions as string[]).slice();
		if (body.name !== undefined) webhook.name = optionalString(body.name) ?? null;
		return ok({ payload: { webhook: payloads.webhook(webhook) } });
	};
	add('PATCH', `${account}/webhooks/:webhook_id`, { admin: true }, updateWebhook);
	add('PUT', `${account}/webhooks/:webhook_id`, { admin: true }, updateWebhook);
	add('DELETE', `${account}/webhooks/:webhook_id`, { admin: true }, (context) => {
		const webhook = findWebhook(context);
		store.webhooks.splice(store.webhooks.indexOf(webhook), 1);
		return ok();
	});

	// ---- agent bot and inboxes ----

	const findBot = (context: RouteContext) => {
		if (Number(context.params.id) !== store.bot.id) throw NOT_FOUND();
		return store.bot;
	};
	add('GET', `${account}/agent_bots/:id`, {}, (context) => ok(payloads.agentBot(findBot(context), isAdmin(context.actor))));
	add('PATCH', `${account}/agent_bots/:id`, { admin: true }, (context) => {
		const bot = findBot(context);
		const { body } = context;
		if (typeof body.name === 'string') bot.name = body.name;
		if (typeof body.description === 'string') bot.description = body.description;
		if (typeof body.outgoing_url === 'string') {
			bot.outgoingUrl = body.outgoing_url;
			// the bot's URL is the one every inbox it serves delivers to
			for (const inbox of store.inboxes) delete inbox.botUrl;
		}
		if (isJsonObject(body.bot_config)) bot.botConfig = body.bot_config;
		return ok(payloads.agentBot(bot, true));
	});
	add('POST', `${account}/inboxes/:id/set_agent_bot`, { admin: true }, (context) => {
		const inbox = store.inboxes.find((candidate) => candidate.id === Number(context.params.id));
		if (!inbox) throw NOT_FOUND();
		const botId = context.body.agent_bot;
		if (botId === undefined || botId === null || botId === '') {
			inbox.agentBotId = null;
		} else {
			if (Number(botId) !== store.bot.id) throw NOT_FOUND();
			inbox.agentBotId = store.bot.id;
		}
		return ok();
	});

	return routes;
}

/** The fake Active Storage endpoints behind attachment data_url/thumb_url. */
export function serveBlob(store: Store, path: string): Reply | undefined {
	const match = /^\/rails\/active_storage\/(?:blobs|representations)\/redirect\/([^/]+)\//.exec(path);
	if (!match) return undefined;
	const attachment = store.messages.flatMap((message) => message.attachments).find((candidate) => candidate.blobKey === decodeURIComponent(match[1]));
	if (!attachment) return { status: 404, body: { error: 'Resource could not be found' } };
	if (attachment.externalUrl) return { status: 302, headers: { Location: attachment.externalUrl }, raw: { contentType: 'text/html', data: '' } };
	// A 1x1 transparent PNG stands in for images; other files get a short placeholder of their type.
	const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
	const data = attachment.fileType === 'image' ? png : Buffer.from(`emulated ${attachment.fileType} ${attachment.name}\n`);
	return { status: 200, raw: { contentType: attachment.fileType === 'image' ? 'image/png' : attachment.mime, data } };
}
