import { z } from 'zod/v4';

import { InvalidInputError } from '../../../lib/errors';
import { READ_ONLY, toolFactory } from '../../../lib/mcp/tool';
import type { ChatwootContact } from '../client/types';
import { contactIdField, contactOutput, tenantIdField, type ChatwootToolContext } from './fields';

const tool = toolFactory<ChatwootToolContext>();

const publicContact = (c: ChatwootContact) => ({
	id: c.id,
	name: c.name ?? null,
	email: c.email ?? null,
	phone_number: c.phone_number ?? null,
	identifier: c.identifier ?? null,
	custom_attributes: c.custom_attributes ?? {},
});

export const chatwootGetContact = tool({
	name: 'chatwoot_get_contact',
	title: 'Read a contact',
	description: 'Reads a Chatwoot contact: name, e-mail, phone, identifier and custom attributes. Needs a user (agent) token.',
	input: z.object({ tenant_id: tenantIdField, contact_id: contactIdField }),
	output: z.object({ contact: contactOutput }),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { chatwoot }) => ({ contact: publicContact(await chatwoot.getContact(args.tenant_id, args.contact_id)) }),
});

export const chatwootUpdateContact = tool({
	name: 'chatwoot_update_contact',
	title: 'Update a contact',
	description: 'Updates a contact\'s name, e-mail, phone (E.164, e.g. +5511987654321), identifier or custom attributes (merged with the existing ones). Needs a user token.',
	input: z.object({
		tenant_id: tenantIdField,
		contact_id: contactIdField,
		name: z.string().trim().min(1).max(255).optional().describe('The contact\'s full name.'),
		email: z.email({ error: 'email is not an e-mail address' }).optional().describe('The contact\'s e-mail address.'),
		phone_number: z
			.string()
			.regex(/^\+[1-9]\d{6,14}$/, { error: 'phone_number must be E.164, e.g. +5511987654321' })
			.optional()
			.describe('Phone in E.164 form, e.g. +5511987654321.'),
		identifier: z.string().trim().min(1).max(255).optional().describe('Your own id for the contact (e.g. the Odoo partner id).'),
		custom_attributes: z.record(z.string(), z.unknown()).optional().describe('Custom attributes to set; others are kept.'),
	}),
	output: z.object({ contact: contactOutput }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		const { tenant_id, contact_id, custom_attributes, ...fields } = args;
		const changes: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
		if (custom_attributes) {
			const current = await chatwoot.getContact(tenant_id, contact_id);
			changes.custom_attributes = { ...(current.custom_attributes ?? {}), ...custom_attributes };
		}
		if (Object.keys(changes).length === 0) throw new InvalidInputError('Nothing to update: give name, email, phone_number, identifier or custom_attributes.');
		return { contact: publicContact(await chatwoot.updateContact(tenant_id, contact_id, changes)) };
	},
});

export const chatwootSearchContacts = tool({
	name: 'chatwoot_search_contacts',
	title: 'Search contacts',
	description: 'Finds contacts by name, e-mail, phone or identifier (Chatwoot\'s contact search). Needs a user token; Chatwoot limits it to 100 searches a minute per account.',
	input: z.object({
		tenant_id: tenantIdField,
		query: z.string({ error: 'query is required' }).trim().min(2, { error: 'query needs at least 2 characters' }).max(200).describe('What to look for, e.g. "+5511987654321" or "ana@exemplo.com.br".'),
		page: z.number().int().min(1).optional().describe('Result page (15 per page), default 1.'),
	}),
	output: z.object({ count: z.number(), contacts: z.array(contactOutput) }),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		const found = await chatwoot.searchContacts(args.tenant_id, args.query, args.page);
		return { count: found.count, contacts: found.contacts.map(publicContact) };
	},
});
