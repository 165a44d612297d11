import { z } from 'zod/v4';

import { READ_ONLY, toolFactory } from '../../../lib/mcp/tool';
import { contactOutput, conversationIdField, tenantIdField, type ChatwootToolContext } from './fields';

export const chatwootGetConversation = toolFactory<ChatwootToolContext>()({
	name: 'chatwoot_get_conversation',
	title: 'Read a conversation',
	description: 'Reads a conversation: status, inbox, labels, custom attributes, the contact, the assignee and team, and whether a free-text reply is still possible (can_reply).',
	input: z.object({ tenant_id: tenantIdField, conversation_id: conversationIdField }),
	output: z.object({
		conversation_id: z.number(),
		status: z.string(),
		inbox_id: z.number().nullable(),
		channel: z.string().nullable(),
		can_reply: z.boolean().nullable().describe('False once a WhatsApp/Meta 24-hour window has closed (only templates then).'),
		labels: z.array(z.string()),
		custom_attributes: z.record(z.string(), z.unknown()),
		contact: contactOutput.nullable(),
		assignee: z.looseObject({ id: z.number() }).nullable(),
		team: z.looseObject({ id: z.number() }).nullable(),
	}),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		const c = await chatwoot.getConversation(args.tenant_id, args.conversation_id);
		const sender = c.meta?.sender;
		return {
			conversation_id: c.id,
			status: c.status,
			inbox_id: c.inbox_id ?? null,
			// webhook payloads carry `channel`; the REST conversation carries it under meta
			channel: typeof c.channel === 'string' ? c.channel : typeof (c.meta as { channel?: unknown } | undefined)?.channel === 'string' ? String((c.meta as { channel: string }).channel) : null,
			can_reply: typeof c.can_reply === 'boolean' ? c.can_reply : null,
			labels: c.labels ?? [],
			custom_attributes: c.custom_attributes ?? {},
			contact: sender
				? { id: sender.id, name: sender.name ?? null, email: sender.email ?? null, phone_number: sender.phone_number ?? null, identifier: sender.identifier ?? null }
				: null,
			assignee: c.meta?.assignee ?? null,
			team: c.meta?.team ?? null,
		};
	},
});
