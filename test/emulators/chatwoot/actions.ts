/**
 * The domain operations behind both the REST endpoints and the emulator's test API. Each one
 * changes the store, adds the activity notes Chatwoot adds, and emits the events it emits.
 */
import { contactSourceId, conversationAttributes, incomingContent, messageSourceId, newContactAttributes } from './channels';
import { both, EventRouter } from './events';
import type { Payloads } from './payloads';
import { DEFAULT_CONTACT, type AgentBot, type Assignee, type Contact, type Conversation, type ConversationStatus, type Message, type Store, type User } from './state';
import type { ChannelName, CustomerMessageOptions, Delivery, Json, JsonObject } from './types';
import { anonymousName, digits, isoOrNull, randomMicros } from './util';
import type { Dispatcher } from './webhooks';

export type Actor = { type: 'User'; user: User } | { type: 'AgentBot'; bot: AgentBot };

/** An error answered as Chatwoot answers it: a status and a JSON body. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: Json,
	) {
		super(typeof body === 'object' && body !== null && !Array.isArray(body) ? String(body.error ?? body.message ?? status) : String(status));
	}
}

export const NOT_FOUND = () => new ApiError(404, { error: 'Resource could not be found' });

/** Conversation columns whose change fires conversation_updated, in the order a change lists them. */
interface ConversationUpdates {
	waitingSince?: Date | null;
	status?: ConversationStatus;
	snoozedUntil?: Date | null;
	assignee?: Assignee;
	teamId?: number | null;
	labels?: string[];
	customAttributes?: JsonObject;
	firstReplyCreatedAt?: Date | null;
	priority?: string | null;
}

type ChangedAttribute = Record<string, { previous_value: Json; current_value: Json }>;

interface Change {
	attributes: ChangedAttribute[];
	statusChanged: boolean;
	previousAssignee: Assignee;
	previousTeamId: number | null;
	previousLabels: string[];
}

const STATUS_ACTIVITY: Record<ConversationStatus, string> = {
	resolved: 'Conversa foi marcada como resolvida por %{user_name}',
	open: 'Conversa foi reaberta por %{user_name}',
	pending: 'Conversa foi marcada como pendente por %{user_name}',
	snoozed: 'Conversa foi adiada por %{user_name}',
};
const BOT_ERROR_ACTIVITY = 'A conversa foi marcada como aberta pelo sistema devido a um erro com o robô de atendimento.';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const fill = (template: string, values: Record<string, string>) => template.replace(/%\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

const actorName = (actor: Actor): string => (actor.type === 'User' ? actor.user.name : actor.bot.name);

export interface ActionOptions {
	keepPendingOnBotFailure: boolean;
}

export interface NewMessage {
	content: string | null;
	messageType: 'outgoing' | 'incoming';
	private: boolean;
	contentType: string;
	contentAttributes: JsonObject;
	echoId: string | null;
	sourceId: string | null;
}

/** How long the emulated provider takes to accept an outgoing message, then to report it delivered. */
const PROVIDER_ACCEPT_MS = 10;
const PROVIDER_DELIVERED_MS = 30;

export class Actions {
	readonly router: EventRouter;
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(
		private readonly store: Store,
		private readonly payloads: Payloads,
		dispatcher: Dispatcher,
		private readonly options: ActionOptions,
	) {
		this.router = new EventRouter(store, dispatcher, (conversation) => this.botFailed(conversation));
	}

	/** Stops the emulated channel callbacks still scheduled. */
	close(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	private later(ms: number, run: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			run();
		}, ms);
		this.timers.add(timer);
	}

	/**
	 * The channel's side of an outgoing message: the provider accepts it (source_id is stored) and
	 * then reports it delivered. Each update is a message_updated event, as in Chatwoot.
	 */
	private deliverToChannel(conversation: Conversation, message: Message): void {
		const channel = this.store.inbox(message.inboxId).channel;
		if (channel === 'webchat' || channel === 'api') return;
		const update = (change: () => void) => {
			change();
			message.updatedAt = new Date();
			void this.router.emit('message_updated', conversation, both(this.payloads.messageWebhook(message, 'message_updated')));
		};
		this.later(PROVIDER_ACCEPT_MS, () => {
			update(() => {
				message.sourceId = channel === 'email' ? `conversation/${conversation.uuid}/messages/${message.id}@lojaaurora.com.br` : messageSourceId(channel);
			});
			// E-mail has no delivery receipts.
			if (channel !== 'email') this.later(PROVIDER_DELIVERED_MS - PROVIDER_ACCEPT_MS, () => update(() => (message.status = 'delivered')));
		});
	}

	// ---- conversation changes ----

	/** Applies updates like an ActiveRecord save and returns what changed (null when nothing did). */
	private apply(conversation: Conversation, updates: ConversationUpdates, now: Date): Change | null {
		const previousUpdatedAt = isoOrNull(conversation.updatedAt);
		const change: Change = {
			attributes: [],
			statusChanged: false,
			previousAssignee: conversation.assignee,
			previousTeamId: conversation.teamId,
			previousLabels: [...conversation.labels],
		};
		const record = (column: string, previous: Json, current: Json) => {
			if (!sameJson(previous, current)) change.attributes.push({ [column]: { previous_value: previous, current_value: current } });
		};
		if (updates.status !== undefined && updates.status !== 'snoozed' && conversation.snoozedUntil) updates.snoozedUntil = null;
		for (const key of Object.keys(updates) as Array<keyof ConversationUpdates>) {
			switch (key) {
				case 'waitingSince':
					record('waiting_since', isoOrNull(conversation.waitingSince), isoOrNull(updates.waitingSince ?? null));
					conversation.waitingSince = updates.waitingSince ?? null;
					break;
				case 'status':
					if (updates.status && updates.status !== conversation.status) {
						record('status', conversation.status, updates.status);
						conversation.status = updates.status;
						change.statusChanged = true;
					}
					break;
				case 'snoozedUntil':
					record('snoozed_until', isoOrNull(conversation.snoozedUntil), isoOrNull(updates.snoozedUntil ?? null));
					conversation.snoozedUntil = updates.snoozedUntil ?? null;
					break;
				case 'assignee': {
					const next = updates.assignee ?? null;
					const userId = (a: Assignee) => (a?.type === 'User' ? a.id : null);
					const botId = (a: Assignee) => (a?.type === 'AgentBot' ? a.id : null);
					record('assignee_id', userId(conversation.assignee), userId(next));
					record('assignee_agent_bot_id', botId(conversation.assignee), botId(next));
					conversation.assignee = next;
					break;
				}
				case 'teamId':
					record('team_id', conversation.teamId, updates.teamId ?? null);
					conversation.teamId = updates.teamId ?? null;
					break;
				case 'labels':
					record('label_list', conversation.labels, updates.labels ?? []);
					conversation.labels = [...(updates.labels ?? [])];
					break;
				case 'customAttributes':
					record('custom_attributes', conversation.customAttributes, updates.customAttributes ?? {});
					conversation.customAttributes = updates.customAttributes ?? {};
					break;
				case 'firstReplyCreatedAt':
					record('first_reply_created_at', isoOrNull(conversation.firstReplyCreatedAt), isoOrNull(updates.firstReplyCreatedAt ?? null));
					conversation.firstReplyCreatedAt = updates.firstReplyCreatedAt ?? null;
					break;
				case 'priority':
					record('priority', conversation.priority, updates.priority ?? null);
					conversation.priority = updates.priority ?? null;
					break;
			}
		}
		if (!change.attributes.length) return null;
		conversation.updatedAt = now.getTime() > conversation.updatedAt.getTime() ? now : new Date(conversation.updatedAt.getTime() + 1);
		conversation.updatedMicros = randomMicros();
		change.attributes.push({ updated_at: { previous_value: previousUpdatedAt, current_value: isoOrNull(conversation.updatedAt) } });
		return change;
	}

	/**
	 * Emits what Chatwoot's after_update_commit emits (opened/resolved for bots, status_changed,
	 * conversation_updated), then adds the activity notes. Payloads are built before the notes,
	 * which is why last_activity_at in them does not include the note yet.
	 */
	private emitChange(conversation: Conversation, change: Change | null, actor: Actor | null, now: Date, note?: string): Promise<Delivery[]> {
		if (!change) return Promise.resolve([]);
		const sends: Array<Promise<Delivery[]>> = [];
		const body = () => this.payloads.conversationWebhook(conversation);
		if (change.statusChanged) {
			if (conversation.status === 'open') sends.push(this.router.emit('conversation_opened', conversation, { bot: { ...body(), event: 'conversation_opened' } }));
			if (conversation.status === 'resolved') sends.push(this.router.emit('conversation_resolved', conversation, { bot: { ...body(), event: 'conversation_resolved' } }));
			sends.push(this.router.emit('conversation_status_changed', conversation, both({ ...body(), event: 'conversation_status_changed', changed_attributes: null })));
		}
		sends.push(this.router.emit('conversation_updated', conversation, both({ ...body(), event: 'conversation_updated', changed_attributes: change.attributes })));
		for (const content of this.activityNotes(conversation, change, actor)) this.addActivity(conversation, content, now);
		if (note) this.addActivity(conversation, note, now);
		return Promise.all(sends).then((lists) => lists.flat());
	}

	private activityNotes(conversation: Conversation, change: Change, actor: Actor | null): string[] {
		if (!actor) return [];
		const userName = actorName(actor);
		const notes: string[] = [];
		if (change.statusChanged) notes.push(fill(STATUS_ACTIVITY[conversation.status], { user_name: userName }));
		if (!sameJson(change.previousAssignee, conversation.assignee)) {
			const assignee = conversation.assignee;
			const assigneeName = assignee?.type === 'User' ? (this.store.user(assignee.id)?.name ?? '') : assignee ? this.store.bot.name : '';
			if (!assignee) notes.push(fill('Conversa desatribuída por %{user_name}', { user_name: userName }));
			else if (actor.type === 'User' && assignee.type === 'User' && assignee.id === actor.user.id) notes.push(fill('%{user_name} atribuiu a si mesmo essa conversa', { user_name: userName }));
			else notes.push(fill('Atribuído a %{assignee_name} por %{user_name}', { assignee_name: assigneeName, user_name: userName }));
		}
		if (change.previousTeamId !== conversation.teamId) {
			const team = conversation.teamId !== null ? this.store.team(conversation.teamId) : undefined;
			const previous = change.previousTeamId !== null ? this.store.team(change.previousTeamId) : undefined;
			if (team) notes.push(fill('Atribuído a %{team_name} por %{user_name}', { team_name: team.name, user_name: userName }));
			else if (previous) notes.push(fill('Desatribuído de %{team_name} por %{user_name}', { team_name: previous.name, user_name: userName }));
		}
		const added = conversation.labels.filter((label) => !change.previousLabels.includes(label));
		const removed = change.previousLabels.filter((label) => !conversation.labels.includes(label));
		if (added.length) notes.push(fill('%{user_name} adicionou %{labels}', { user_name: userName, labels: added.join(', ') }));
		if (removed.length) notes.push(fill('%{user_name} removeu %{labels}', { user_name: userName, labels: removed.join(', ') }));
		return notes;
	}

	private addActivity(conversation: Conversation, content: string, now: Date): Message {
		const message = this.store.addMessage({
			conversationId: conversation.id,
			inboxId: conversation.inboxId,
			content,
			messageType: 2,
			contentType: 'text',
			contentAttributes: {},
			private: false,
			sourceId: null,
			sender: null,
			createdAt: now,
		});
		conversation.lastActivityAt = now;
		return message;
	}

	/** A final agent-bot failure on a message event opens a pending conversation (since v4.7). */
	private botFailed(conversation: Conversation): void {
		if (this.options.keepPendingOnBotFailure || conversation.status !== 'pending') return;
		const now = new Date();
		void this.emitChange(conversation, this.apply(conversation, { status: 'open' }, now), null, now, BOT_ERROR_ACTIVITY);
	}

	// ---- REST operations ----

	createMessage(conversation: Conversation, actor: Actor, input: NewMessage): Message {
		const now = new Date();
		const inbox = this.store.inbox(conversation.inboxId);
		const incoming = input.messageType === 'incoming';
		if (incoming && inbox.channelType !== 'Channel::Api') throw new ApiError(422, { error: 'Incoming messages are only allowed in Api inboxes' });
		const minuteAgo = now.getTime() - 60_000;
		const recent = this.store.messagesOf(conversation).filter((message) => message.messageType !== 2 && message.createdAt.getTime() > minuteAgo).length;
		if (recent >= 200) throw new ApiError(422, { error: 'Validation failed: Too many messages' });
		const message = this.store.addMessage({
			conversationId: conversation.id,
			inboxId: inbox.id,
			content: input.content,
			messageType: incoming ? 0 : 1,
			contentType: input.contentType,
			contentAttributes: input.contentAttributes,
			private: input.private,
			sourceId: input.sourceId,
			sender: incoming ? { type: 'Contact', id: conversation.contactId } : actor.type === 'User' ? { type: 'User', id: actor.user.id } : { type: 'AgentBot', id: actor.bot.id },
			echoId: input.echoId,
			createdAt: now,
		});
		conversation.lastActivityAt = now;

		let change: Change | null = null;
		let botPayload: JsonObject;
		if (incoming) {
			const contact = this.store.contact(conversation.contactId);
			if (contact) contact.lastActivityAt = now;
			botPayload = this.payloads.messageWebhook(message, 'message_created');
			if (!conversation.waitingSince) change = this.apply(conversation, { waitingSince: now }, now);
		} else if (input.private) {
			botPayload = this.payloads.messageWebhook(message, 'message_created');
		} else if (actor.type === 'User') {
			// A human reply sets the first reply and stops the waiting clock before the payloads are built (example 06).
			const updates: ConversationUpdates = {};
			if (!conversation.firstReplyCreatedAt) updates.firstReplyCreatedAt = now;
			if (conversation.waitingSince) updates.waitingSince = null;
			change = this.apply(conversation, updates, now);
			botPayload = this.payloads.messageWebhook(message, 'message_created');
		} else {
			// The bot's copy is built before Chatwoot clears waiting_since; the account copy after (example 05).
			botPayload = this.payloads.messageWebhook(message, 'message_created');
			if (conversation.waitingSince) change = this.apply(conversation, { waitingSince: null }, now);
		}
		const accountPayload = this.payloads.messageWebhook(message, 'message_created');
		void this.router.emit('message_created', conversation, { bot: botPayload, account: accountPayload });
		void this.emitChange(conversation, change, null, now);
		if (!incoming && !input.private) this.deliverToChannel(conversation, message);
		return message;
	}

	/** POST toggle_status; returns the `success` value of the answer (null on a bot handoff). */
	toggleStatus(conversation: Conversation, actor: Actor, status: ConversationStatus | undefined, snoozedUntil: Date | null): boolean | null {
		const now = new Date();
		if (actor.type === 'AgentBot' && conversation.status === 'pending' && status === 'open') {
			const updates: ConversationUpdates = {};
			if (!conversation.waitingSince) updates.waitingSince = now;
			updates.status = 'open';
			void this.emitChange(conversation, this.apply(conversation, updates, now), actor, now);
			return null;
		}
		const next: ConversationStatus = status ?? (conversation.status === 'open' ? 'resolved' : 'open');
		const updates: ConversationUpdates = { status: next };
		if (next === 'snoozed') updates.snoozedUntil = snoozedUntil;
		void this.emitChange(conversation, this.apply(conversation, updates, now), actor, now);
		return true;
	}

	setTyping(conversation: Conversation, actor: Actor, status: 'on' | 'off', isPrivate: boolean): void {
		const now = new Date();
		conversation.typing = { status, isPrivate, by: actor.type === 'User' ? { type: 'User', id: actor.user.id } : { type: 'AgentBot', id: actor.bot.id }, at: now };
		const event = status === 'on' ? 'conversation_typing_on' : 'conversation_typing_off';
		const user = actor.type === 'User' ? this.payloads.userWebhook(actor.user) : this.payloads.botWebhook(actor.bot);
		void this.router.emit(event, conversation, { account: { event, user, conversation: this.payloads.conversationWebhook(conversation), is_private: isPrivate } });
	}

	setLabels(conversation: Conversation, actor: Actor, labels: string[]): string[] {
		const now = new Date();
		const unique = [...new Set(labels.map((label) => label.trim()).filter(Boolean))];
		void this.emitChange(conversation, this.apply(conversation, { labels: unique }, now), actor, now);
		return conversation.labels;
	}

	setCustomAttributes(conversation: Conversation, actor: Actor, attributes: JsonObject): JsonObject {
		const now = new Date();
		void this.emitChange(conversation, this.apply(conversation, { customAttributes: attributes }, now), actor, now);
		return conversation.customAttributes;
	}

	assign(conversation: Conversation, actor: Actor, assignee: Assignee): void {
		const now = new Date();
		void this.emitChange(conversation, this.apply(conversation, { assignee }, now), actor, now);
	}

	assignTeam(conversation: Conversation, actor: Actor, teamId: number | null): void {
		const now = new Date();
		void this.emitChange(conversation, this.apply(conversation, { teamId }, now), actor, now);
	}

	updateContact(contact: Contact, updates: { name?: string; email?: string | null; phone?: string | null; identifier?: string | null; blocked?: boolean; additionalAttributes?: JsonObject; customAttributes?: JsonObject }): void {
		const now = new Date();
		const changed: ChangedAttribute[] = [];
		const set = <K extends keyof Contact>(key: K, column: string, value: Contact[K]) => {
			if (sameJson(contact[key], value)) return;
			changed.push({ [column]: { previous_value: contact[key] as Json, current_value: value as Json } });
			contact[key] = value;
		};
		if (updates.name !== undefined) set('name', 'name', updates.name);
		if (updates.email !== undefined) set('email', 'email', updates.email);
		if (updates.phone !== undefined) set('phone', 'phone_number', updates.phone);
		if (updates.identifier !== undefined) set('identifier', 'identifier', updates.identifier);
		if (updates.blocked !== undefined) set('blocked', 'blocked', updates.blocked);
		if (updates.additionalAttributes) set('additionalAttributes', 'additional_attributes', { ...contact.additionalAttributes, ...updates.additionalAttributes });
		if (updates.customAttributes) set('customAttributes', 'custom_attributes', { ...contact.customAttributes, ...updates.customAttributes });
		if (!changed.length) return;
		changed.push({ updated_at: { previous_value: contact.updatedAt.toISOString(), current_value: now.toISOString() } });
		contact.updatedAt = now;
		void this.router.emit('contact_updated', null, { account: { ...this.payloads.contactWebhook(contact), event: 'contact_updated', changed_attributes: changed } });
	}

	// ---- the customer side (emulator test API) ----

	async customerMessage(options: CustomerMessageOptions): Promise<{ conversation: Conversation; message: Message; contact: Contact; deliveries: Delivery[] }> {
		const now = new Date();
		const channel = options.inbox;
		const inbox = this.store.inboxOf(channel);
		const sends: Array<Promise<Delivery[]>> = [];
		const sourceId = messageSourceId(channel);

		let conversation: Conversation | undefined;
		let contact: Contact;
		if (options.conversationId !== undefined) {
			conversation = this.store.conversationByDisplayId(options.conversationId);
			if (!conversation) throw new Error(`Conversation ${options.conversationId} does not exist`);
			if (conversation.inboxId !== inbox.id) throw new Error(`Conversation ${options.conversationId} belongs to inbox ${conversation.inboxId}, not to the ${channel} inbox ${inbox.id}`);
			const existing = this.store.contact(conversation.contactId);
			if (!existing) throw new Error(`Conversation ${options.conversationId} has no contact`);
			contact = existing;
		} else {
			const found = this.findOrCreateContact(channel, options.contact, sourceId, now);
			contact = found.contact;
			if (found.created) sends.push(this.router.emit('contact_created', null, { account: { ...this.payloads.contactWebhook(contact), event: 'contact_created' } }));
			conversation = this.reusableConversation(contact, inbox.id, channel);
		}

		let created = false;
		let reopen: Change | null = null;
		if (!conversation) {
			const contactInbox = this.store.findOrAddContactInbox(contact.id, inbox.id, () => contactSourceId(channel, contact), now);
			conversation = this.store.addConversation(
				{
					inboxId: inbox.id,
					contactId: contact.id,
					contactInboxId: contactInbox.id,
					status: inbox.agentBotId !== null ? 'pending' : 'open',
					additionalAttributes: conversationAttributes(channel, now, options.subject ?? 'Atendimento Loja Aurora'),
				},
				now,
			);
			conversation.waitingSince = now;
			created = true;
		} else if (conversation.status === 'resolved') {
			reopen = this.apply(conversation, { status: inbox.agentBotId !== null ? 'pending' : 'open' }, now);
		} else if (conversation.status === 'snoozed') {
			reopen = this.apply(conversation, { status: 'open' }, now);
		}

		const mailSubject = conversation.additionalAttributes.mail_subject;
		const subject = options.subject ?? (typeof mailSubject === 'string' ? (created ? mailSubject : `Re: ${mailSubject}`) : '');
		const { contentType, contentAttributes } = incomingContent(channel, {
			text: options.text,
			subject,
			sourceId,
			from: contact.email ?? '',
			now,
			attachmentCount: options.attachments?.length ?? 0,
		});
		const message = this.store.addMessage({
			conversationId: conversation.id,
			inboxId: inbox.id,
			content: options.text,
			messageType: 0,
			contentType,
			contentAttributes,
			private: false,
			sourceId,
			sender: { type: 'Contact', id: contact.id },
			createdAt: now,
		});
		for (const file of options.attachments ?? []) this.store.addAttachment(message, file);
		conversation.lastActivityAt = now;
		contact.lastActivityAt = now;

		if (created) sends.push(this.router.emit('conversation_created', conversation, { account: { ...this.payloads.conversationWebhook(conversation), event: 'conversation_created' } }));
		sends.push(this.emitChange(conversation, reopen, null, now));
		const waiting = conversation.waitingSince ? null : this.apply(conversation, { waitingSince: now }, now);
		sends.push(this.router.emit('message_created', conversation, both(this.payloads.messageWebhook(message, 'message_created'))));
		sends.push(this.emitChange(conversation, waiting, null, now));
		const deliveries = (await Promise.all(sends)).flat();
		return { conversation, message, contact, deliveries };
	}

	/** The latest conversation of this contact in the inbox, unless it is resolved on a channel that starts a new one instead. */
	private reusableConversation(contact: Contact, inboxId: number, channel: ChannelName): Conversation | undefined {
		const latest = this.store.conversations.filter((conversation) => conversation.contactId === contact.id && conversation.inboxId === inboxId).at(-1);
		if (!latest) return undefined;
		if (latest.status === 'resolved' && (channel === 'whatsapp' || channel === 'instagram')) return undefined;
		return latest;
	}

	private findOrCreateContact(channel: ChannelName, wanted: CustomerMessageOptions['contact'], sourceId: string | null, now: Date): { contact: Contact; created: boolean } {
		if (!wanted) {
			const seeded = this.store.contact(DEFAULT_CONTACT[channel]);
			if (seeded) return { contact: seeded, created: false };
		}
		const phone = wanted?.phone ? normalizePhone(wanted.phone) : undefined;
		const found =
			(wanted?.identifier ? this.store.contactByIdentifier(wanted.identifier) : undefined) ??
			(phone ? this.store.contactByPhone(phone) : undefined) ??
			(wanted?.email ? this.store.contactByEmail(wanted.email) : undefined) ??
			// Only a name given: reuse a contact of that name, so repeated calls stay in one conversation.
			(wanted?.name && !phone && !wanted.email && !wanted.identifier ? this.store.contacts.find((contact) => contact.name === wanted.name) : undefined);
		if (found) return { contact: found, created: false };
		const needsPhone = channel === 'whatsapp' || channel === 'sms';
		const contactPhone = phone ?? (needsPhone ? `+55119${digits(8)}` : null);
		const email = wanted?.email ?? (channel === 'email' ? `cliente${digits(5)}@example.com.br` : null);
		const name = wanted?.name ?? (channel === 'webchat' ? anonymousName() : (contactPhone ?? email ?? anonymousName()));
		const contact = this.store.addContact(
			{ name, email, phone: contactPhone, identifier: wanted?.identifier ?? null, additionalAttributes: newContactAttributes(channel, name, sourceId) },
			now,
		);
		return { contact, created: true };
	}
}

/** E.164 with the plus sign; Brazilian numbers given without the country code get +55. */
export function normalizePhone(phone: string): string {
	const plus = phone.trim().startsWith('+');
	const numbers = phone.replace(/\D/g, '');
	if (plus) return `+${numbers}`;
	if (numbers.length === 10 || numbers.length === 11) return `+55${numbers}`;
	return `+${numbers}`;
}
