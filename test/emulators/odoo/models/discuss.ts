/**
 * Discuss: `discuss.channel` with its `discuss.channel.member`s (the creator joins; a `channel` is for internal
 * users), `channel_get` (the 1:1 chat, created once, answered with the web client's payload, which differs
 * between 17 and 18), and unlinking a channel deletes its members and messages.
 */
import { randomBytes } from 'node:crypto';

import { messagePost } from './business';
import { create, labelOf, storedValue } from '../orm/store';
import type { Env, ModelSpec, Rec } from '../orm/types';

type Spec = Partial<ModelSpec> & { name: string };

/** The "Internal User" group (`base.group_user`). */
const GROUP_USER = 1;

function now(env: Env): string {
	return env.store.now().toISOString().slice(0, 19).replace('T', ' ');
}

function members(env: Env, channelId: number): Rec[] {
	return [...env.store.model('discuss.channel.member').records.values()].filter((member) => member.channel_id === channelId).sort((a, b) => a.id - b.id);
}

function userPartner(env: Env): number {
	const partner = env.store.model('res.users').records.get(env.uid)?.partner_id;
	return typeof partner === 'number' ? partner : 0;
}

function addMember(env: Env, channelId: number, partnerId: number): Rec {
	return create(env, 'discuss.channel.member', { channel_id: channelId, partner_id: partnerId, create_date: now(env) });
}

function partnerValue(env: Env, id: number, field: string): unknown {
	const partners = env.store.model('res.partner');
	const rec = partners.records.get(id);
	return rec ? storedValue(partners, rec, field, env) : false;
}

function userOf(env: Env, partnerId: number): number | false {
	for (const user of env.store.model('res.users').records.values()) if (user.partner_id === partnerId) return user.id;
	return false;
}

function partnerName(env: Env, id: number): string {
	const name = partnerValue(env, id, 'name');
	return typeof name === 'string' ? name : labelOf(env, 'res.partner', id);
}

/** The channel as `channel_get` answers it in 17: one flat object. */
function payload17(env: Env, channel: Rec, bus: number): Record<string, unknown> {
	const list = members(env, channel.id);
	const persona = (member: Rec) => {
		const partner = member.partner_id as number;
		const user = userOf(env, partner);
		return {
			id: partner,
			name: partnerName(env, partner),
			email: partnerValue(env, partner, 'email'),
			active: true,
			im_status: 'offline',
			is_company: partnerValue(env, partner, 'is_company') === true,
			write_date: partnerValue(env, partner, 'write_date') || now(env),
			user: user === false ? false : { id: user, isInternalUser: true },
			type: 'partner',
		};
	};
	const self = userPartner(env);
	const ordered = [...list.filter((member) => member.partner_id === self), ...list.filter((member) => member.partner_id !== self)];
	return {
		avatarCacheKey: 'no-avatar',
		channel_type: channel.channel_type,
		memberCount: list.length,
		id: channel.id,
		name: channel.name,
		defaultDisplayMode: false,
		description: channel.description ?? false,
		uuid: channel.uuid,
		group_based_subscription: false,
		create_uid: channel.create_uid ?? env.uid,
		authorizedGroupFullName: false,
		allow_public_upload: false,
		model: 'discuss.channel',
		is_editable: false,
		message_needaction_counter: 0,
		channelMembers: [['ADD', list.map((member) => ({ id: member.id, thread: { id: channel.id, model: 'discuss.channel' }, persona: persona(member), create_date: member.create_date }))]],
		state: 'open',
		message_unread_counter: 0,
		message_unread_counter_bus_id: bus,
		is_minimized: false,
		custom_notifications: false,
		mute_until_dt: false,
		seen_message_id: false,
		custom_channel_name: false,
		is_pinned: true,
		last_interest_dt: channel.create_date ?? now(env),
		seen_partners_info: ordered.map((member) => ({ id: member.id, partner_id: member.partner_id, fetched_message_id: false, seen_message_id: false })),
		invitedMembers: [['ADD', []]],
		rtcSessions: [['ADD', []]],
	};
}

/** The channel as `channel_get` answers it in 18: a store of records by model. */
function payload18(env: Env, channel: Rec, bus: number): Record<string, unknown> {
	const list = members(env, channel.id);
	const self = userPartner(env);
	const memberRows = [...list]
		.sort((a, b) => b.id - a.id)
		.map((member) => {
			const base: Record<string, unknown> = {
				create_date: member.create_date,
				fetched_message_id: false,
				id: member.id,
				last_seen_dt: false,
				persona: { id: member.partner_id, type: 'partner' },
				seen_message_id: false,
				thread: { id: channel.id, model: 'discuss.channel' },
			};
			if (member.partner_id === self) {
				Object.assign(base, { last_interest_dt: member.create_date, message_unread_counter: 0, message_unread_counter_bus_id: bus, new_message_separator: 0 });
			}
			return base;
		});
	const partners = list
		.map((member) => member.partner_id as number)
		.sort((a, b) => a - b)
		.map((id) => ({
			active: true,
			avatar_128_access_token: randomBytes(36).toString('hex'),
			email: partnerValue(env, id, 'email'),
			id,
			im_status: 'offline',
			isInternalUser: true,
			is_company: partnerValue(env, id, 'is_company') === true,
			name: partnerName(env, id),
			userId: userOf(env, id),
			write_date: partnerValue(env, id, 'write_date') || now(env),
		}));
	return {
		'discuss.channel': [
			{
				allow_public_upload: false,
				authorizedGroupFullName: false,
				avatarCacheKey: 'no-avatar',
				channel_type: channel.channel_type,
				create_uid: channel.create_uid ?? env.uid,
				custom_channel_name: false,
				custom_notifications: false,
				defaultDisplayMode: false,
				description: channel.description ?? false,
				fetchChannelInfoState: 'fetched',
				from_message_id: false,
				group_based_subscription: false,
				group_public_id: channel.group_public_id ?? false,
				id: channel.id,
				invitedMembers: [['ADD', []]],
				is_editable: true,
				is_pinned: true,
				last_interest_dt: false,
				memberCount: list.length,
				message_needaction_counter: 0,
				message_needaction_counter_bus_id: bus,
				mute_until_dt: false,
				name: channel.name,
				parent_channel_id: false,
				rtcSessions: [['ADD', []]],
				state: 'closed',
				uuid: channel.uuid,
			},
		],
		'discuss.channel.member': memberRows,
		'res.partner': partners,
	};
}

/** Set while `channel_get` creates a chat, whose members it adds itself. */
let creatingChat = false;

/** The bus notification counters in the payload depend on the server's bus traffic: any number will do. */
const BUS_ID = 20;

export const DISCUSS_SPECS: Spec[] = [
	{
		name: 'discuss.channel',
		defaults: {
			channel_type: () => 'channel',
			uuid: () => randomBytes(8).toString('base64url').slice(0, 10),
			create_uid: (env) => env.uid,
			create_date: (env) => now(env),
		},
		afterCreate: (rec, vals, env) => {
			if (rec.channel_type === 'channel' && !('group_public_id' in vals)) rec.group_public_id = GROUP_USER;
			if (creatingChat) return;
			const partner = userPartner(env);
			if (partner) addMember(env, rec.id, partner);
		},
		computes: {
			channel_member_ids: (rec, env) => members(env, rec.id).map((member) => member.id),
			channel_partner_ids: (rec, env) => members(env, rec.id).map((member) => member.partner_id as number),
			member_count: (rec, env) => members(env, rec.id).length,
		},
		beforeUnlink: (rec, env) => {
			for (const member of members(env, rec.id)) env.store.model('discuss.channel.member').records.delete(member.id);
			const messages = env.store.model('mail.message');
			for (const message of [...messages.records.values()]) if (message.model === 'discuss.channel' && message.res_id === rec.id) messages.records.delete(message.id);
		},
		methods: {
			message_post: messagePost('discuss.channel'),
			/** `@api.model channel_get(partners_to, pin=True, force_open=False)`: the 1:1 chat, created once. */
			channel_get: (env, _ids, args, kwargs) => {
				const raw = kwargs.partners_to ?? args[0] ?? [];
				const wanted = (Array.isArray(raw) ? raw : [raw]).filter((id): id is number => typeof id === 'number');
				const self = userPartner(env);
				const partners = [...new Set([...wanted, self])];
				const channels = env.store.model('discuss.channel');
				let chat = [...channels.records.values()].find((channel) => {
					if (channel.channel_type !== 'chat') return false;
					const current = members(env, channel.id).map((member) => member.partner_id as number);
					return current.length === partners.length && partners.every((id) => current.includes(id));
				});
				if (!chat) {
					creatingChat = true;
					try {
						chat = create(env, 'discuss.channel', { name: partners.map((id) => partnerName(env, id)).join(', '), channel_type: 'chat' });
					} finally {
						creatingChat = false;
					}
					for (const id of partners) addMember(env, chat.id, id);
				}
				return env.version === '18.0' ? payload18(env, chat, BUS_ID) : payload17(env, chat, BUS_ID);
			},
		},
	},
	{ name: 'discuss.channel.member', order: 'id' },
];
