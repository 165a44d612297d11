import { z } from 'zod/v4';

import { toolFactory } from '../../../lib/mcp/tool';
import { contentField, conversationIdField, messageOutput, tenantIdField, type ChatwootToolContext } from './fields';

export const chatwootPrivateNote = toolFactory<ChatwootToolContext>()({
	name: 'chatwoot_private_note',
	title: 'Add an internal note',
	description: 'Adds a private note to a conversation: visible to agents, never sent to the customer. Use it to leave a summary or the context a human needs.',
	input: z.object({ tenant_id: tenantIdField, conversation_id: conversationIdField, content: contentField }),
	output: messageOutput,
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		const message = await chatwoot.sendMessage(args.tenant_id, args.conversation_id, { content: args.content, private: true });
		return { message_id: message.id, conversation_id: args.conversation_id, private: true, created_at: message.created_at ?? null };
	},
});
