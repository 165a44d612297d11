/**
 * Serializers, key by key and in Chatwoot's key order: the webhook forms (`webhook_data`), the push
 * forms (`push_event_data`, used inside conversations) and the REST forms of the jbuilder views.
 */
import { MESSAGE_TYPES, type AgentBot, type Attachment, type Contact, type ContactInbox, type Conversation, type Message, type Sender, type Store, type Team, type User, type Webhook } from './state';
import type { Json, JsonObject } from './types';
import { epoch, epochFloat, epochOrZero, iso, isoOrNull, webhookContent } from './util';

/** Where a user's availability_status is rendered: Chatwoot has no current account in background jobs, so webhooks say null. */
export type RenderContext = 'webhook' | 'rest';

export class Payloads {
	constructor(
		private readonly store: Store,
		private readonly baseUrl: () => string,
	) {}

	account(): JsonObject {
		return { id: this.store.account.id, name: this.store.account.name };
	}

	// ---- contacts ----

	contactWebhook(contact: Contact): JsonObject {
		return {
			account: this.account(),
			additional_attributes: contact.additionalAttributes,
			avatar: '',
			custom_attributes: contact.customAttributes,
			email: contact.email,
			id: contact.id,
			identifier: contact.identifier,
			name: contact.name,
			phone_number: contact.phone,
			thumbnail: '',
			blocked: contact.blocked,
		};
	}

	contactPush(contact: Contact): JsonObject {
		return {
			additional_attributes: contact.additionalAttributes,
			custom_attributes: contact.customAttributes,
			email: contact.email,
			id: contact.id,
			identifier: contact.identifier,
			name: contact.name,
			phone_number: contact.phone,
			thumbnail: '',
			blocked: contact.blocked,
			type: 'contact',
		};
	}

	/** api/v1/models/_contact.json.jbuilder; contact_inboxes only on the /contacts endpoints. */
	contactRest(contact: Contact, withContactInboxes: boolean): JsonObject {
		const json: JsonObject = {
			additional_attributes: contact.additionalAttributes,
			availability_status: 'offline',
			email: contact.email,
			id: contact.id,
			name: contact.name,
			phone_number: contact.phone,
			blocked: contact.blocked,
			identifier: contact.identifier,
			thumbnail: '',
			custom_attributes: contact.customAttributes,
		};
		if (contact.lastActivityAt) json.last_activity_at = epoch(contact.lastActivityAt);
		json.created_at = epoch(contact.createdAt);
		if (withContactInboxes) {
			json.contact_inboxes = this.store.contactInboxes
				.filter((row) => row.contactId === contact.id)
				.map((row) => {
					const inbox = this.store.inbox(row.inboxId);
					return {
						source_id: row.sourceId,
						inbox: { id: inbox.id, avatar_url: '', channel_id: inbox.channelId, name: inbox.name, channel_type: inbox.channelType, provider: inbox.provider },
					};
				});
		}
		return json;
	}

	contactInboxRow(row: ContactInbox): JsonObject {
		return {
			id: row.id,
			contact_id: row.contactId,
			inbox_id: row.inboxId,
			source_id: row.sourceId,
			created_at: iso(row.createdAt),
			updated_at: iso(row.updatedAt),
			hmac_verified: row.hmacVerified,
			pubsub_token: row.pubsubToken,
		};
	}

	// ---- users and the bot ----

	userWebhook(user: User): JsonObject {
		return { id: user.id, name: user.name, email: user.email, type: 'user' };
	}

	userPush(user: User, context: RenderContext): JsonObject {
		return {
			id: user.id,
			name: user.name,
			available_name: user.name,
			avatar_url: '',
			type: 'user',
			availability_status: context === 'webhook' ? null : user.availability,
			thumbnail: '',
		};
	}

	/** api/v1/models/_agent.json.jbuilder (assignment answers, REST conversation meta). */
	agent(user: User): JsonObject {
		return {
			id: user.id,
			account_id: this.store.account.id,
			availability_status: user.availability,
			auto_offline: true,
			confirmed: true,
			email: user.email,
			available_name: user.name,
			name: user.name,
			role: user.role,
			thumbnail: '',
		};
	}

	/** api/v1/models/_user.json.jbuilder (GET /api/v1/profile). */
	profile(user: User): JsonObject {
		return {
			access_token: user.token,
			account_id: this.store.account.id,
			available_name: user.name,
			avatar_url: '',
			confirmed: true,
			display_name: null,
			message_signature: null,
			email: user.email,
			id: user.id,
			inviter_id: user.role === 'administrator' ? null : 1,
			name: user.name,
			provider: 'email',
			pubsub_token: user.pubsubToken,
			role: user.role,
			ui_settings: {},
			uid: user.email,
			type: null,
			accounts: [
				{
					id: this.store.account.id,
					name: this.store.account.name,
					status: 'active',
					active_at: iso(user.createdAt),
					role: user.role,
					availability: user.availability,
					availability_status: user.availability,
					auto_offline: true,
				},
			],
		};
	}

	botWebhook(bot: AgentBot): JsonObject {
		return { id: bot.id, name: bot.name, type: 'agent_bot' };
	}

	botPush(bot: AgentBot): JsonObject {
		return { id: bot.id, name: bot.name, avatar_url: '', type: 'agent_bot' };
	}

	/** api/v1/models/_agent_bot.json.jbuilder; the token and secret only for administrators. */
	agentBot(bot: AgentBot, administrator: boolean): JsonObject {
		const json: JsonObject = {
			id: bot.id,
			name: bot.name,
			description: bot.description,
			thumbnail: '',
			outgoing_url: bot.outgoingUrl,
			bot_type: 'webhook',
			bot_config: bot.botConfig,
			account_id: this.store.account.id,
		};
		if (administrator) {
			json.access_token = bot.token;
			json.secret = bot.secret;
		}
		json.system_bot = false;
		return json;
	}

	agentBotSlim(bot: AgentBot): JsonObject {
		return { id: bot.id, name: bot.name, description: bot.description, thumbnail: '', outgoing_url: bot.outgoingUrl, bot_type: 'webhook', assignee_type: 'AgentBot' };
	}

	team(team: Team): JsonObject {
		return {
			id: team.id,
			name: team.name,
			description: team.description,
			allow_auto_assign: team.allowAutoAssign,
			account_id: this.store.account.id,
			created_at: iso(team.createdAt),
			updated_at: iso(team.updatedAt),
		};
	}

	webhook(webhook: Webhook): JsonObject {
		return { id: webhook.id, name: webhook.name, url: webhook.url, account_id: this.store.account.id, subscriptions: webhook.subscriptions, secret: webhook.secret };
	}

	// ---- senders ----

	private senderWebhook(sender: Sender): Json {
		if (!sender) return null;
		if (sender.type === 'Contact') {
			const contact = this.store.contact(sender.id);
			return contact ? this.contactWebhook(contact) : null;
		}
		if (sender.type === 'User') {
			const user = this.store.user(sender.id);
			return user ? this.userWebhook(user) : null;
		}
		return this.botWebhook(this.store.bot);
	}

	private senderPush(sender: Sender, context: RenderContext): JsonObject | undefined {
		if (!sender) return undefined;
		if (sender.type === 'Contact') {
			const contact = this.store.contact(sender.id);
			return contact ? this.contactPush(contact) : undefined;
		}
		if (sender.type === 'User') {
			const user = this.store.user(sender.id);
			return user ? this.userPush(user, context) : undefined;
		}
		return this.botPush(this.store.bot);
	}

	// ---- messages ----

	attachment(attachment: Attachment, message: Message): JsonObject {
		const base = this.baseUrl();
		const name = encodeURIComponent(attachment.name);
		let dataUrl = `${base}/rails/active_storage/blobs/redirect/${attachment.blobKey}/${name}`;
		let thumbUrl = attachment.fileType === 'image' ? `${base}/rails/active_storage/representations/redirect/${attachment.blobKey}/${name}` : '';
		// Incoming Instagram files are never downloaded: both URLs are Meta's CDN URL.
		if (this.store.inbox(message.inboxId).channel === 'instagram' && message.messageType === 0 && attachment.externalUrl) {
			dataUrl = attachment.externalUrl;
			thumbUrl = attachment.externalUrl;
		}
		if (attachment.fileType === 'audio') dataUrl = `${dataUrl}?disposition=inline`;
		const json: JsonObject = {
			id: attachment.id,
			message_id: attachment.messageId,
			file_type: attachment.fileType,
			account_id: this.store.account.id,
			extension: attachment.extension,
			content_type: attachment.mime,
			data_url: dataUrl,
			thumb_url: thumbUrl,
			file_size: attachment.fileSize,
			width: null,
			height: null,
		};
		if (attachment.fileType === 'audio') json.transcribed_text = '';
		return json;
	}

	/** Message#push_event_data: the `conversation.messages[]` item (int message_type, epoch created_at). */
	messagePush(message: Message, context: RenderContext): JsonObject {
		const conversation = this.store.conversationById(message.conversationId);
		const content = context === 'webhook' ? webhookContent(message.content) : message.content;
		const json: JsonObject = {
			id: message.id,
			content,
			account_id: this.store.account.id,
			inbox_id: message.inboxId,
			conversation_id: conversation.displayId,
			message_type: message.messageType,
			created_at: epoch(message.createdAt),
			updated_at: iso(message.updatedAt),
			private: message.private,
			status: message.status,
			source_id: message.sourceId,
			content_type: message.contentType,
			content_attributes: message.contentAttributes,
			sender_type: message.sender?.type ?? null,
			sender_id: message.sender?.id ?? null,
			external_source_ids: {},
			additional_attributes: message.additionalAttributes,
			processed_message_content: content,
			sentiment: {},
			conversation: {
				assignee_id: conversation.assignee?.type === 'User' ? conversation.assignee.id : null,
				unread_count: this.unreadCount(conversation),
				last_activity_at: epoch(conversation.lastActivityAt),
				contact_inbox: { source_id: this.store.contactInbox(conversation.contactInboxId).sourceId },
			},
		};
		if (message.attachments.length) json.attachments = message.attachments.map((attachment) => this.attachment(attachment, message));
		const sender = this.senderPush(message.sender, context);
		if (sender) json.sender = sender;
		return json;
	}

	/** api/v1/conversations/partials/_message.json.jbuilder (POST and GET .../messages, example 07). */
	messageRest(message: Message): JsonObject {
		const json: JsonObject = { id: message.id, content: message.content, inbox_id: message.inboxId };
		if (message.echoId !== null) json.echo_id = message.echoId;
		Object.assign(json, {
			conversation_id: this.store.conversationById(message.conversationId).displayId,
			message_type: message.messageType,
			content_type: message.contentType,
			status: message.status,
			content_attributes: message.contentAttributes,
			created_at: epoch(message.createdAt),
			private: message.private,
			source_id: message.sourceId,
		});
		const sender = this.senderPush(message.sender, 'rest');
		if (sender) json.sender = sender;
		if (message.attachments.length) json.attachments = message.attachments.map((attachment) => this.attachment(attachment, message));
		return json;
	}

	/** Message#webhook_data + event (examples 01-06, 11). */
	messageWebhook(message: Message, event: string): JsonObject {
		const conversation = this.store.conversationById(message.conversationId);
		const inbox = this.store.inbox(message.inboxId);
		const json: JsonObject = {
			account: this.account(),
			additional_attributes: message.additionalAttributes,
			content_attributes: message.contentAttributes,
			content_type: message.contentType,
			content: webhookContent(message.content),
			conversation: this.conversationWebhook(conversation),
			created_at: iso(message.createdAt),
			id: message.id,
			inbox: { id: inbox.id, name: inbox.name },
			message_type: MESSAGE_TYPES[message.messageType],
			private: message.private,
			sender: this.senderWebhook(message.sender),
			source_id: message.sourceId,
		};
		if (message.attachments.length) json.attachments = message.attachments.map((attachment) => this.attachment(attachment, message));
		json.event = event;
		return json;
	}

	// ---- conversations ----

	unreadCount(conversation: Conversation): number {
		const since = conversation.agentLastSeenAt?.getTime() ?? 0;
		const unread = this.store.messagesOf(conversation).filter((message) => message.messageType === 0 && message.createdAt.getTime() > since).length;
		return Math.min(unread, 10);
	}

	private assigneeWebhook(conversation: Conversation): { assignee: Json; assigneeType: Json } {
		const assignee = conversation.assignee;
		if (assignee?.type === 'User') {
			const user = this.store.user(assignee.id);
			if (user) return { assignee: this.userPush(user, 'webhook'), assigneeType: 'User' };
		}
		if (assignee?.type === 'AgentBot') return { assignee: this.botPush(this.store.bot), assigneeType: 'AgentBot' };
		return { assignee: null, assigneeType: null };
	}

	/** Conversations::EventDataPresenter (webhooks.md section 4): the body of conversation events. */
	conversationWebhook(conversation: Conversation): JsonObject {
		const inbox = this.store.inbox(conversation.inboxId);
		const contact = this.store.contact(conversation.contactId);
		const contactInbox = this.store.contactInbox(conversation.contactInboxId);
		const latest = this.store
			.messagesOf(conversation)
			.filter((message) => message.messageType !== 2 && !message.private)
			.at(-1);
		const { assignee, assigneeType } = this.assigneeWebhook(conversation);
		const team = conversation.teamId !== null ? this.store.team(conversation.teamId) : undefined;
		return {
			additional_attributes: conversation.additionalAttributes,
			can_reply: true,
			channel: inbox.channelType,
			contact_inbox: this.contactInboxRow(contactInbox),
			id: conversation.displayId,
			inbox_id: inbox.id,
			messages: latest ? [this.messagePush(latest, 'webhook')] : [],
			labels: [...conversation.labels],
			meta: {
				sender: contact ? this.contactPush(contact) : null,
				assignee,
				assignee_type: assigneeType,
				team: team ? { id: team.id, name: team.name } : null,
				hmac_verified: contactInbox.hmacVerified,
			},
			status: conversation.status,
			custom_attributes: conversation.customAttributes,
			snoozed_until: isoOrNull(conversation.snoozedUntil),
			unread_count: this.unreadCount(conversation),
			first_reply_created_at: isoOrNull(conversation.firstReplyCreatedAt),
			priority: conversation.priority,
			waiting_since: epochOrZero(conversation.waitingSince),
			agent_last_seen_at: epochOrZero(conversation.agentLastSeenAt),
			contact_last_seen_at: epochOrZero(conversation.contactLastSeenAt),
			last_activity_at: epoch(conversation.lastActivityAt),
			timestamp: epoch(conversation.lastActivityAt),
			created_at: epoch(conversation.createdAt),
			updated_at: epochFloat(conversation.updatedAt, conversation.updatedMicros),
			account: this.account(),
		};
	}

	/** api/v1/conversations/partials/_conversation.json.jbuilder (GET .../conversations/{id}). */
	conversationRest(conversation: Conversation): JsonObject {
		const inbox = this.store.inbox(conversation.inboxId);
		const contact = this.store.contact(conversation.contactId);
		const contactInbox = this.store.contactInbox(conversation.contactInboxId);
		const meta: JsonObject = { sender: contact ? this.contactRest(contact, false) : null, channel: inbox.channelType };
		const assignee = conversation.assignee;
		if (assignee?.type === 'AgentBot') {
			meta.assignee = this.agentBotSlim(this.store.bot);
			meta.assignee_type = 'AgentBot';
		} else if (assignee?.type === 'User') {
			const user = this.store.user(assignee.id);
			if (user) {
				meta.assignee = this.agent(user);
				meta.assignee_type = 'User';
			}
		}
		const team = conversation.teamId !== null ? this.store.team(conversation.teamId) : undefined;
		if (team) meta.team = this.team(team);
		meta.hmac_verified = contactInbox.hmacVerified;
		const all = this.store.messagesOf(conversation);
		const last = all.at(-1);
		const lastNonActivity = all.filter((message) => message.messageType !== 2).at(-1);
		return {
			meta,
			id: conversation.displayId,
			messages: last ? [this.messagePush(last, 'rest')] : [],
			account_id: this.store.account.id,
			uuid: conversation.uuid,
			additional_attributes: conversation.additionalAttributes,
			agent_last_seen_at: epochOrZero(conversation.agentLastSeenAt),
			assignee_last_seen_at: epochOrZero(conversation.assigneeLastSeenAt),
			can_reply: true,
			contact_last_seen_at: epochOrZero(conversation.contactLastSeenAt),
			custom_attributes: conversation.customAttributes,
			inbox_id: inbox.id,
			labels: [...conversation.labels],
			muted: false,
			snoozed_until: isoOrNull(conversation.snoozedUntil),
			status: conversation.status,
			created_at: epoch(conversation.createdAt),
			updated_at: epochFloat(conversation.updatedAt, conversation.updatedMicros),
			timestamp: epoch(conversation.lastActivityAt),
			first_reply_created_at: epochOrZero(conversation.firstReplyCreatedAt),
			unread_count: this.unreadCount(conversation),
			last_non_activity_message: lastNonActivity ? this.messagePush(lastNonActivity, 'rest') : null,
			last_activity_at: epoch(conversation.lastActivityAt),
			priority: conversation.priority,
			waiting_since: epochOrZero(conversation.waitingSince),
			sla_policy_id: null,
		};
	}

	/** The meta of GET .../messages (api/v1/accounts/conversations/messages/index.json.jbuilder). */
	messagesMeta(conversation: Conversation): JsonObject {
		const contact = this.store.contact(conversation.contactId);
		const meta: JsonObject = {
			labels: [...conversation.labels],
			additional_attributes: conversation.additionalAttributes,
			contact: contact ? this.contactPush(contact) : null,
		};
		if (conversation.assignee?.type === 'User') {
			const user = this.store.user(conversation.assignee.id);
			if (user) meta.assignee = this.userPush(user, 'rest');
		}
		meta.agent_last_seen_at = isoOrNull(conversation.agentLastSeenAt);
		meta.assignee_last_seen_at = isoOrNull(conversation.assigneeLastSeenAt);
		return meta;
	}
}
