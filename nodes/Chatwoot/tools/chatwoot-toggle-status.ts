import { z } from 'zod/v4';

import { toolFactory } from '../../../lib/mcp/tool';
import { conversationIdField, tenantIdField, type ChatwootToolContext } from './fields';

export const statusField = z
	.enum(['open', 'pending', 'resolved', 'snoozed'], { error: 'status must be open, pending, resolved or snoozed' })
	.describe('open = the humans\' turn, pending = the bot\'s turn, resolved = done, snoozed = until snoozed_until.');

export const chatwootToggleStatus = toolFactory<ChatwootToolContext>()({
	name: 'chatwoot_toggle_status',
	title: 'Change conversation status',
	description: 'Sets a conversation\'s status. Setting open on a pending conversation is Chatwoot\'s bot hand-off (prefer chatwoot_handoff, which also leaves a note).',
	input: z.object({
		tenant_id: tenantIdField,
		conversation_id: conversationIdField,
		status: statusField,
		snoozed_until: z.number().int().positive().optional().describe('With status snoozed: epoch seconds to reopen at.'),
	}),
	output: z.object({ conversation_id: z.number(), status: z.string().describe('Status after the change.') }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		const result = await chatwoot.toggleStatus(args.tenant_id, args.conversation_id, args.status, args.snoozed_until);
		return { conversation_id: args.conversation_id, status: result.current_status ?? args.status };
	},
});
