/** The emulator's in-memory database: account 1 "Loja Aurora" and everything in it. */
import { CHANNELS } from './channels';
import { CHANNEL_NAMES, type ChannelName, type JsonObject, type TypingState } from './types';
import { base58Token, hex, randomMicros, uuid } from './util';

export const ACCOUNT = { id: 1, name: 'Loja Aurora', locale: 'pt_BR' } as const;

export interface AccountInfo {
	id: number;
	name: string;
	locale: string;
}

export interface User {
	id: number;
	name: string;
	email: string;
	role: 'administrator' | 'agent';
	token: string;
	pubsubToken: string;
	availability: 'online' | 'offline' | 'busy';
	createdAt: Date;
}

export interface Team {
	id: number;
	name: string;
	description: string;
	allowAutoAssign: boolean;
	createdAt: Date;
	updatedAt: Date;
}

export interface AgentBot {
	id: number;
	name: string;
	description: string;
	outgoingUrl: string;
	token: string;
	secret: string;
	botConfig: JsonObject;
}

export interface Inbox {
	id: number;
	name: string;
	channel: ChannelName;
	channelType: string;
	channelId: number;
	provider: string | null;
	/** The active agent_bot_inboxes link, if any. */
	agentBotId: number | null;
	/**
	 * Where this inbox's bot events go, when it differs from the bot's own outgoing URL: stands in
	 * for one agent bot per inbox (as a deployment with one crew workflow per channel has), all
	 * sharing this emulator's bot token and secret.
	 */
	botUrl?: string;
}

export interface Contact {
	id: number;
	name: string;
	email: string | null;
	phone: string | null;
	identifier: string | null;
	additionalAttributes: JsonObject;
	customAttributes: JsonObject;
	blocked: boolean;
	createdAt: Date;
	updatedAt: Date;
	lastActivityAt: Date | null;
}

export interface ContactInbox {
	id: number;
	contactId: number;
	inboxId: number;
	sourceId: string;
	hmacVerified: boolean;
	pubsubToken: string;
	createdAt: Date;
	updatedAt: Date;
}

export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';

export type Assignee = { type: 'User'; id: number } | { type: 'AgentBot'; id: number } | null;

export interface Conversation {
	id: number;
	displayId: number;
	uuid: string;
	inboxId: number;
	contactId: number;
	contactInboxId: number;
	status: ConversationStatus;
	assignee: Assignee;
	teamId: number | null;
	labels: string[];
	customAttributes: JsonObject;
	additionalAttributes: JsonObject;
	snoozedUntil: Date | null;
	firstReplyCreatedAt: Date | null;
	priority: string | null;
	waitingSince: Date | null;
	agentLastSeenAt: Date | null;
	contactLastSeenAt: Date | null;
	assigneeLastSeenAt: Date | null;
	lastActivityAt: Date;
	createdAt: Date;
	updatedAt: Date;
	updatedMicros: number;
	typing?: TypingState;
}

export type MessageType = 0 | 1 | 2 | 3;
export const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;

export type Sender = { type: 'Contact' | 'User' | 'AgentBot'; id: number } | null;

export interface Attachment {
	id: number;
	messageId: number;
	fileType: 'image' | 'audio' | 'video' | 'file';
	name: string;
	extension: string;
	mime: string;
	fileSize: number;
	externalUrl: string | null;
	blobKey: string;
}

export interface Message {
	id: number;
	conversationId: number;
	inboxId: number;
	content: string | null;
	messageType: MessageType;
	contentType: string;
	contentAttributes: JsonObject;
	additionalAttributes: JsonObject;
	private: boolean;
	status: 'sent' | 'delivered' | 'read' | 'failed';
	sourceId: string | null;
	sender: Sender;
	echoId: string | null;
	createdAt: Date;
	updatedAt: Date;
	attachments: Attachment[];
}

export interface Webhook {
	id: number;
	name: string | null;
	url: string;
	subscriptions: string[];
	secret: string | null;
}

export const WEBHOOK_EVENTS = [
	'conversation_created',
	'conversation_status_changed',
	'conversation_updated',
	'contact_created',
	'contact_updated',
	'message_created',
	'message_updated',
	'webwidget_triggered',
	'inbox_created',
	'inbox_updated',
	'conversation_typing_on',
	'conversation_typing_off',
] as const;

function seedContact(id: number, name: string, fields: Partial<Contact>, now: Date): Contact {
	return {
		id,
		name,
		email: null,
		phone: null,
		identifier: null,
		additionalAttributes: {},
		customAttributes: {},
		blocked: false,
		createdAt: now,
		updatedAt: now,
		lastActivityAt: null,
		...fields,
	};
}

/** One customer per channel for customerMessage calls that name no contact (the example story's people first). */
export const DEFAULT_CONTACT: Record<ChannelName, number> = {
	whatsapp: 1042,
	instagram: 1057,
	email: 1063,
	webchat: 1071,
	facebook: 1080,
	telegram: 1081,
	sms: 1082,
	line: 1083,
	api: 1084,
};

export class Store {
	/** The one account this Chatwoot serves (a second emulator serves another tenant). */
	readonly account: AccountInfo;
	readonly users: User[];
	readonly teams: Team[];
	readonly bot: AgentBot;
	readonly inboxes: Inbox[];
	readonly contacts: Contact[];
	readonly contactInboxes: ContactInbox[] = [];
	readonly conversations: Conversation[] = [];
	readonly messages: Message[] = [];
	readonly webhooks: Webhook[] = [];
	private ids = { contact: 1100, contactInbox: 2231, conversation: 1, displayId: 318, message: 90211, attachment: 5521, webhook: 1 };

	constructor(now = new Date(), account: AccountInfo = ACCOUNT) {
		this.account = { ...account };
		this.users = [
			{ id: 1, name: 'Rafael Monteiro', email: 'rafael@lojaaurora.com.br', role: 'administrator', token: base58Token(), pubsubToken: base58Token(), availability: 'online', createdAt: now },
			{ id: 7, name: 'Fernanda Lima', email: 'fernanda@lojaaurora.com.br', role: 'agent', token: base58Token(), pubsubToken: base58Token(), availability: 'online', createdAt: now },
		];
		this.teams = [{ id: 1, name: 'Atendimento', description: 'Equipe de atendimento ao cliente', allowAutoAssign: true, createdAt: now, updatedAt: now }];
		this.bot = { id: 2, name: 'Aurora IA', description: 'Assistente virtual da Loja Aurora', outgoingUrl: '', token: base58Token(), secret: base58Token(), botConfig: {} };
		this.inboxes = CHANNEL_NAMES.map((channel) => {
			const spec = CHANNELS[channel];
			return { id: spec.inboxId, name: spec.inboxName, channel, channelType: spec.channelType, channelId: spec.inboxId, provider: spec.provider, agentBotId: null };
		});
		const instagramHandle = 'lucasferreira.rj';
		this.contacts = [
			seedContact(1042, 'Ana Paula Ribeiro', { phone: '+5511987654321' }, now),
			seedContact(
				1057,
				'Lucas Ferreira',
				{
					additionalAttributes: {
						social_profiles: { instagram: instagramHandle },
						social_instagram_user_name: instagramHandle,
						social_instagram_follower_count: 812,
						social_instagram_is_verified_user: false,
						social_instagram_is_business_follow_user: false,
						social_instagram_is_user_follow_business: true,
					},
				},
				now,
			),
			seedContact(1063, 'Carlos Eduardo Mendes', { email: 'carlos.mendes@gmail.com', additionalAttributes: { source_id: `email:${hex(20)}@mail.gmail.com` } }, now),
			seedContact(1071, 'Mariana Souza', { email: 'mariana.souza@hotmail.com' }, now),
			seedContact(1080, 'Beatriz Santos', {}, now),
			seedContact(1081, 'Rodrigo Alves', {}, now),
			seedContact(1082, 'Roberto Carvalho', { phone: '+5531991234567' }, now),
			seedContact(1083, 'Paulo Nakamura', {}, now),
			seedContact(1084, 'Fernando Oliveira', { phone: '+5541988887777', email: 'fernando.oliveira@yahoo.com.br', identifier: 'cliente-1001' }, now),
			seedContact(1085, 'Juliana Almeida', { phone: '+5521998765432', email: 'juliana.almeida@uol.com.br', customAttributes: { cpf: '123.456.789-09' } }, now),
		];
	}

	// ---- lookups ----

	userByToken(token: string): User | undefined {
		return this.users.find((user) => user.token === token);
	}

	user(id: number): User | undefined {
		return this.users.find((user) => user.id === id);
	}

	team(id: number): Team | undefined {
		return this.teams.find((team) => team.id === id);
	}

	inbox(id: number): Inbox {
		const inbox = this.inboxes.find((candidate) => candidate.id === id);
		if (!inbox) throw new Error(`inbox ${id} does not exist`);
		return inbox;
	}

	inboxOf(channel: ChannelName): Inbox {
		return this.inbox(CHANNELS[channel].inboxId);
	}

	contact(id: number): Contact | undefined {
		return this.contacts.find((contact) => contact.id === id);
	}

	contactInbox(id: number): ContactInbox {
		const row = this.contactInboxes.find((candidate) => candidate.id === id);
		if (!row) throw new Error(`contact_inbox ${id} does not exist`);
		return row;
	}

	conversationByDisplayId(displayId: number): Conversation | undefined {
		return this.conversations.find((conversation) => conversation.displayId === displayId);
	}

	conversationById(id: number): Conversation {
		const conversation = this.conversations.find((candidate) => candidate.id === id);
		if (!conversation) throw new Error(`conversation ${id} does not exist`);
		return conversation;
	}

	messagesOf(conversation: Conversation): Message[] {
		return this.messages.filter((message) => message.conversationId === conversation.id);
	}

	/** Brazilian mobile numbers are matched with and without the extra 9, as Chatwoot's WhatsApp channel does. */
	contactByPhone(phone: string): Contact | undefined {
		const variants = new Set([phone]);
		const br = /^\+55(\d{2})(\d{8,9})$/.exec(phone);
		if (br) {
			const [, area, number] = br;
			variants.add(number.length === 9 ? `+55${area}${number.slice(1)}` : `+55${area}9${number}`);
		}
		return this.contacts.find((contact) => contact.phone !== null && variants.has(contact.phone));
	}

	contactByEmail(email: string): Contact | undefined {
		return this.contacts.find((contact) => contact.email?.toLowerCase() === email.toLowerCase());
	}

	contactByIdentifier(identifier: string): Contact | undefined {
		return this.contacts.find((contact) => contact.identifier === identifier);
	}

	/** Where this conversation's bot events go: its inbox's own endpoint, or the bot's outgoing URL. */
	botUrlFor(conversation: Conversation): string {
		return this.inbox(conversation.inboxId).botUrl ?? this.bot.outgoingUrl;
	}

	/** The bot that gets this conversation's events: the inbox's active bot or the assigned bot (since v4.8). */
	botFor(conversation: Conversation): AgentBot | undefined {
		const inbox = this.inbox(conversation.inboxId);
		if (inbox.agentBotId === this.bot.id) return this.bot;
		if (conversation.assignee?.type === 'AgentBot' && conversation.assignee.id === this.bot.id) return this.bot;
		return undefined;
	}

	// ---- creation ----

	addContact(fields: { name: string; email: string | null; phone: string | null; identifier: string | null; additionalAttributes: JsonObject }, now: Date): Contact {
		const contact: Contact = { id: this.ids.contact++, customAttributes: {}, blocked: false, createdAt: now, updatedAt: now, lastActivityAt: null, ...fields };
		this.contacts.push(contact);
		return contact;
	}

	findOrAddContactInbox(contactId: number, inboxId: number, sourceId: () => string, now: Date): ContactInbox {
		const existing = this.contactInboxes.find((row) => row.contactId === contactId && row.inboxId === inboxId);
		if (existing) return existing;
		const row: ContactInbox = { id: this.ids.contactInbox++, contactId, inboxId, sourceId: sourceId(), hmacVerified: false, pubsubToken: base58Token(), createdAt: now, updatedAt: now };
		this.contactInboxes.push(row);
		return row;
	}

	addConversation(fields: { inboxId: number; contactId: number; contactInboxId: number; status: ConversationStatus; additionalAttributes: JsonObject }, now: Date): Conversation {
		const conversation: Conversation = {
			id: this.ids.conversation++,
			displayId: this.ids.displayId++,
			uuid: uuid(),
			assignee: null,
			teamId: null,
			labels: [],
			customAttributes: {},
			snoozedUntil: null,
			firstReplyCreatedAt: null,
			priority: null,
			waitingSince: null,
			agentLastSeenAt: null,
			contactLastSeenAt: null,
			assigneeLastSeenAt: null,
			lastActivityAt: now,
			createdAt: now,
			updatedAt: now,
			updatedMicros: randomMicros(),
			...fields,
		};
		this.conversations.push(conversation);
		return conversation;
	}

	addMessage(fields: Omit<Message, 'id' | 'updatedAt' | 'attachments' | 'echoId' | 'additionalAttributes' | 'status'> & Partial<Pick<Message, 'echoId' | 'status'>>): Message {
		const message: Message = { id: this.ids.message++, additionalAttributes: {}, status: 'sent', echoId: null, updatedAt: fields.createdAt, attachments: [], ...fields };
		this.messages.push(message);
		return message;
	}

	addAttachment(message: Message, file: { fileType: Attachment['fileType']; name: string; url?: string }): Attachment {
		const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
		const attachment: Attachment = {
			id: this.ids.attachment++,
			messageId: message.id,
			fileType: file.fileType,
			name: file.name,
			extension,
			mime: mimeOf(file.fileType, extension),
			fileSize: 20_000 + (file.name.length * 7919) % 300_000,
			externalUrl: file.url ?? null,
			blobKey: Buffer.from(JSON.stringify({ _rails: { data: this.ids.attachment, pur: 'blob_id' } })).toString('base64') + `--${hex(20)}`,
		};
		message.attachments.push(attachment);
		return attachment;
	}

	addWebhook(fields: Omit<Webhook, 'id'>): Webhook {
		const webhook: Webhook = { id: this.ids.webhook++, ...fields };
		this.webhooks.push(webhook);
		return webhook;
	}
}

const MIME: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
	mp3: 'audio/mpeg',
	ogg: 'audio/ogg',
	oga: 'audio/ogg',
	m4a: 'audio/mp4',
	wav: 'audio/wav',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	pdf: 'application/pdf',
	txt: 'text/plain',
	csv: 'text/csv',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function mimeOf(fileType: Attachment['fileType'], extension: string): string {
	const known = MIME[extension];
	if (known) return known;
	if (fileType === 'image') return 'image/jpeg';
	if (fileType === 'audio') return 'audio/ogg';
	if (fileType === 'video') return 'video/mp4';
	return 'application/octet-stream';
}
