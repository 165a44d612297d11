/** What differs between channels: inbox identity, source ids and the channel-specific attributes. */
import type { ChannelName, JsonObject } from './types';
import { digits, hex, uuid } from './util';

export interface ChannelSpec {
	inboxId: number;
	inboxName: string;
	channelType: string;
	/** inbox_slim.provider: only WhatsApp Cloud has one among these. */
	provider: string | null;
}

/** Inbox ids follow the example story: widget 2, WhatsApp 3, Instagram 4, e-mail 5. */
export const CHANNELS: Record<ChannelName, ChannelSpec> = {
	api: { inboxId: 1, inboxName: 'API Loja Aurora', channelType: 'Channel::Api', provider: null },
	webchat: { inboxId: 2, inboxName: 'Site Loja Aurora', channelType: 'Channel::WebWidget', provider: null },
	whatsapp: { inboxId: 3, inboxName: 'WhatsApp Loja Aurora', channelType: 'Channel::Whatsapp', provider: 'whatsapp_cloud' },
	instagram: { inboxId: 4, inboxName: 'Instagram @lojaaurora', channelType: 'Channel::Instagram', provider: null },
	email: { inboxId: 5, inboxName: 'E-mail Suporte', channelType: 'Channel::Email', provider: null },
	facebook: { inboxId: 6, inboxName: 'Facebook Loja Aurora', channelType: 'Channel::FacebookPage', provider: null },
	telegram: { inboxId: 7, inboxName: 'Telegram Loja Aurora', channelType: 'Channel::Telegram', provider: null },
	sms: { inboxId: 8, inboxName: 'SMS Loja Aurora', channelType: 'Channel::TwilioSms', provider: null },
	line: { inboxId: 9, inboxName: 'LINE Loja Aurora', channelType: 'Channel::Line', provider: null },
};

export const SUPPORT_EMAIL = 'suporte@lojaaurora.com.br';

export interface ContactIdentity {
	phone: string | null;
	email: string | null;
}

/** contact_inbox.source_id (webhooks.md section 5). */
export function contactSourceId(channel: ChannelName, contact: ContactIdentity): string {
	switch (channel) {
		case 'whatsapp':
			return (contact.phone ?? `+55119${digits(8)}`).replace(/^\+/, '');
		case 'sms':
			return contact.phone ?? `+55119${digits(8)}`;
		case 'email':
			return contact.email ?? `cliente${digits(4)}@example.com`;
		case 'instagram':
		case 'facebook':
			return digits(16);
		case 'telegram':
			return digits(10);
		case 'line':
			return `U${hex(16)}`;
		case 'webchat':
		case 'api':
			return uuid();
	}
}

/** The provider's id of an incoming message (null for the widget and API channels). */
export function messageSourceId(channel: ChannelName): string | null {
	switch (channel) {
		case 'whatsapp':
			return `wamid.${Buffer.from(`5511${digits(9)}${hex(16).toUpperCase()}`).toString('base64')}`;
		case 'sms':
			return `SM${hex(16)}`;
		case 'email':
			return `CA${Buffer.from(hex(24)).toString('base64url').slice(0, 48)}@mail.gmail.com`;
		case 'instagram':
			return Buffer.from(`ig_item:1:IGMessageID:${digits(17)}:${digits(38)}`).toString('base64').replace(/=+$/, '');
		case 'facebook':
			return `m_${Buffer.from(hex(24)).toString('base64url').slice(0, 40)}`;
		case 'telegram':
		case 'line':
			return digits(6);
		case 'webchat':
		case 'api':
			return null;
	}
}

/** Brasília time (UTC-3) rendered like an e-mail Date header parsed by Chatwoot. */
function brasiliaDate(now: Date): string {
	return `${new Date(now.getTime() - 3 * 3600_000).toISOString().slice(0, 19)}-03:00`;
}

function widgetTimestamp(now: Date): string {
	const local = new Date(now.getTime() - 3 * 3600_000);
	const day = local.toUTCString().slice(0, 3);
	const [, date, month, year, time] = local.toUTCString().replace(',', '').split(' ');
	return `${day} ${month} ${date} ${year} ${time} GMT-0300 (Horário Padrão de Brasília)`;
}

/**
 * conversation.additional_attributes set when the channel creates the conversation. Keys are in
 * Postgres jsonb order (shorter keys first), as the examples show.
 */
export function conversationAttributes(channel: ChannelName, now: Date, subject: string): JsonObject {
	if (channel === 'email') {
		return { source: 'email', auto_reply: false, in_reply_to: null, initiated_at: { timestamp: now.toISOString() }, mail_subject: subject };
	}
	if (channel === 'webchat') {
		return {
			browser: { device_name: 'Unknown', browser_name: 'Chrome', platform_name: 'Windows', browser_version: '137.0.0.0', platform_version: '10.0' },
			referer: 'https://www.lojaaurora.com.br/',
			initiated_at: { timestamp: widgetTimestamp(now) },
			browser_language: 'pt',
		};
	}
	return {};
}

/** contact.additional_attributes for a contact the channel creates. */
export function newContactAttributes(channel: ChannelName, name: string, messageSource: string | null): JsonObject {
	if (channel === 'instagram') {
		const handle = name
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '.')
			.replace(/^\.|\.$/g, '');
		return {
			social_profiles: { instagram: handle },
			social_instagram_user_name: handle,
			social_instagram_follower_count: 120,
			social_instagram_is_verified_user: false,
			social_instagram_is_business_follow_user: false,
			social_instagram_is_user_follow_business: true,
		};
	}
	if (channel === 'email' && messageSource) return { source_id: `email:${messageSource}` };
	return {};
}

export interface IncomingContext {
	text: string;
	subject: string;
	sourceId: string | null;
	from: string;
	now: Date;
	attachmentCount: number;
}

/** content_type and content_attributes of an incoming message, per channel (examples 01-04, 11). */
export function incomingContent(channel: ChannelName, ctx: IncomingContext): { contentType: string; contentAttributes: JsonObject } {
	if (channel === 'email') {
		const lines = ctx.text.split('\n');
		const html = `<div dir="ltr">${lines.map((line) => (line ? `<div>${line}</div>` : '<div><br></div>')).join('')}</div>\n`;
		return {
			contentType: 'incoming_email',
			contentAttributes: {
				email: {
					bcc: null,
					cc: null,
					content_type: `multipart/alternative; boundary="${hex(14)}"`,
					date: brasiliaDate(ctx.now),
					from: [ctx.from],
					headers: null,
					html_content: { full: html, reply: ctx.text, quoted: ctx.text },
					in_reply_to: null,
					message_id: ctx.sourceId ?? '',
					multipart: true,
					number_of_attachments: ctx.attachmentCount,
					references: [],
					subject: ctx.subject,
					text_content: { full: `${ctx.text}\n`, reply: `${ctx.text}\n`, quoted: ctx.text },
					to: [SUPPORT_EMAIL],
					auto_reply: false,
				},
				cc_email: null,
				bcc_email: null,
			},
		};
	}
	if (channel === 'instagram') return { contentType: 'text', contentAttributes: { in_reply_to_external_id: null } };
	if (channel === 'webchat') return { contentType: 'text', contentAttributes: { in_reply_to: null } };
	return { contentType: 'text', contentAttributes: {} };
}
