import { z } from 'zod/v4';

import { toolFactory } from '../../../lib/mcp/tool';
import { conversationIdField, tenantIdField, type ChatwootToolContext } from './fields';

export const chatwootToggleTyping = toolFactory<ChatwootToolContext>()({
	name: 'chatwoot_toggle_typing',
	title: 'Show or hide the typing indicator',
	description: 'Turns the bot\'s typing indicator on or off in a conversation (shown in the web widget and the dashboard; WhatsApp has none).',
	input: z.object({
		tenant_id: tenantIdField,
		conversation_id: conversationIdField,
		typing: z.enum(['on', 'off'], { error: 'typing must be on or off' }).describe('on while the crew works, off when it has answered.'),
	}),
	output: z.object({ conversation_id: z.number(), typing: z.enum(['on', 'off']) }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		await chatwoot.toggleTyping(args.tenant_id, args.conversation_id, args.typing === 'on');
		return { conversation_id: args.conversation_id, typing: args.typing };
	},
});
