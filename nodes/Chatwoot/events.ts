/**
 * Chatwoot webhook and agent-bot payloads (v4.15): the one documented item every OmniCrew crew
 * consumes, and the rule that says which events a bot should answer.
 */

export type Channel = 'whatsapp' | 'facebook' | 'instagram' | 'email' | 'webchat' | 'telegram' | 'sms' | 'api' | 'line' | 'other';

export interface NormalizedContact {
	id: number | null;
	name: string | null;
	phone: string | null;
	email: string | null;
	identifier: string | null;
}

export interface NormalizedAttachment {
	type: string;
	url: string | null;
	name: string | null;
}

/** One customer message, whatever channel it came from. */
export interface NormalizedMessage {
	tenant_id: string;
	event: string;
	channel: Channel;
	inbox_id: number | null;
	conversation_id: number | null;
	message_id: number | null;
	contact: NormalizedContact;
	text: string;
	subject: string | null;
	attachments: NormalizedAttachment[];
	conversation_status: string | null;
	labels: string[];
	received_at: string;
	raw: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

const CHANNELS: Record<string, Channel> = {
	'Channel::Whatsapp': 'whatsapp',
	'Channel::FacebookPage': 'facebook',
	'Channel::Instagram': 'instagram',
	'Channel::Email': 'email',
	'Channel::WebWidget': 'webchat',
	'Channel::Telegram': 'telegram',
	'Channel::Sms': 'sms',
	'Channel::Api': 'api',
	'Channel::Line': 'line',
};

/** The conversation of an event: nested in message events, the body itself in conversation events. */
export function conversationOf(payload: Json): Json {
	if (payload.conversation && typeof payload.conversation === 'object') return obj(payload.conversation);
	if (String(payload.event ?? '').startsWith('conversation_')) return payload;
	return obj(payload.current_conversation);
}

/**
 * The account (tenant) an event belongs to, or '' when it names none: `account` at the top of
 * message, contact and conversation events, else the nested conversation's (typing events).
 */
export function accountIdOf(payload: Json): string {
	const id = obj(payload.account ?? conversationOf(payload).account).id;
	return typeof id === 'number' || typeof id === 'string' ? String(id) : '';
}

export function channelOf(conversation: Json): Channel {
	const channelType = String(conversation.channel ?? '');
	if (channelType === 'Channel::TwilioSms') {
		// Twilio carries both SMS and WhatsApp; the contact's source id says which
		return String(obj(conversation.contact_inbox).source_id ?? '').startsWith('whatsapp:') ? 'whatsapp' : 'sms';
	}
	if (channelType === 'Channel::FacebookPage' && obj(conversation.additional_attributes).type === 'instagram_direct_message') return 'instagram';
	return CHANNELS[channelType] ?? 'other';
}

function fileName(attachment: Json): string | null {
	const explicit = str(attachment.file_name) ?? str(attachment.fallback_title);
	if (explicit) return explicit;
	const url = str(attachment.data_url);
	if (!url) return null;
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		return last ? decodeURIComponent(last) : null;
	} catch {
		return null;
	}
}

export function normalizeEvent(payload: Json): NormalizedMessage {
	const conversation = conversationOf(payload);
	const meta = obj(conversation.meta);
	const event = String(payload.event ?? '');
	const isMessage = event.startsWith('message_');
	// the top-level sender is the contact for incoming messages; fall back to the conversation's
	const sender = isMessage && payload.message_type === 'incoming' ? obj(payload.sender) : obj(meta.sender ?? payload.contact);
	const contentAttributes = obj(payload.content_attributes);
	const email = obj(contentAttributes.email);
	const attachments = Array.isArray(payload.attachments) ? payload.attachments.map(obj) : [];
	const subject = str(obj(conversation.additional_attributes).mail_subject) ?? str(email.subject);
	const createdAt = payload.created_at;
	return {
		tenant_id: accountIdOf(payload),
		event,
		channel: channelOf(conversation),
		inbox_id: num(obj(payload.inbox).id) ?? num(conversation.inbox_id),
		conversation_id: num(conversation.id),
		message_id: isMessage ? num(payload.id) : null,
		contact: {
			id: num(sender.id),
			name: str(sender.name),
			phone: str(sender.phone_number),
			email: str(sender.email),
			identifier: str(sender.identifier),
		},
		text: isMessage ? String(payload.content ?? '').trim() : '',
		subject: channelOf(conversation) === 'email' ? subject : null,
		attachments: attachments.map((attachment) => ({
			type: String(attachment.file_type ?? 'file'),
			url: str(attachment.data_url),
			name: fileName(attachment),
		})),
		conversation_status: str(conversation.status),
		labels: Array.isArray(conversation.labels) ? conversation.labels.map(String) : [],
		received_at:
			typeof createdAt === 'string' ? createdAt : typeof createdAt === 'number' ? new Date(createdAt * 1000).toISOString() : new Date().toISOString(),
		raw: payload,
	};
}

/** The content attribute a reply carries its conversation turn in (the trigger's `sequence`). */
export const TURN_ATTRIBUTE = 'omnicrew_turn';

/**
 * The conversation turn a public reply of the bot answered, from Chatwoot's event for it (the
 * reply's echo), or null for any other event. See the Chatwoot node's Conversation Turn field.
 */
export function answeredTurnOf(payload: Json): { tenant_id: string; conversation_id: number; ticket: number } | null {
	if (payload.event !== 'message_created' || payload.message_type !== 'outgoing' || payload.private === true) return null;
	const ticket = obj(payload.content_attributes)[TURN_ATTRIBUTE];
	if (typeof ticket !== 'number' || !Number.isSafeInteger(ticket) || ticket <= 0) return null;
	const { tenant_id, conversation_id } = normalizeEvent(payload);
	return tenant_id && conversation_id !== null ? { tenant_id, conversation_id, ticket } : null;
}

export interface AnswerPolicy {
	/** Conversation statuses the bot owns; empty means any. */
	statuses: string[];
}

export const DEFAULT_ANSWER_POLICY: AnswerPolicy = { statuses: ['pending'] };

/**
 * Why a message event must not be answered, or null when it is a customer message the bot owns.
 * A customer message is message_created + incoming + not private (webhooks.md §6).
 */
export function whyNotAnswerable(payload: Json, policy: AnswerPolicy = DEFAULT_ANSWER_POLICY): string | null {
	if (payload.event !== 'message_created') return `event ${String(payload.event)} is not a new message`;
	if (payload.message_type !== 'incoming') {
		const senderType = String(obj(payload.sender).type ?? 'none');
		return `${String(payload.message_type)} message (sender ${senderType}) is not from the customer`;
	}
	if (payload.private === true) return 'private note';
	if (obj(payload.content_attributes).external_echo === true) return 'echo of a message sent from the native app';
	const status = String(conversationOf(payload).status ?? '');
	if (policy.statuses.length > 0 && !policy.statuses.includes(status)) {
		return `conversation is ${status || 'of unknown status'}, the bot answers only ${policy.statuses.join('/')} ones (a human has it)`;
	}
	const hasText = String(payload.content ?? '').trim().length > 0;
	const hasFiles = Array.isArray(payload.attachments) && payload.attachments.length > 0;
	if (!hasText && !hasFiles) return 'empty message';
	return null;
}
