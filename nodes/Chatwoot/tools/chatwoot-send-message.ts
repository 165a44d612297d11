import { z } from 'zod/v4';

import { toolFactory } from '../../../lib/mcp/tool';
import { contentField, conversationIdField, messageOutput, tenantIdField, type ChatwootToolContext } from './fields';

export const chatwootSendMessage = toolFactory<ChatwootToolContext>()({
	name: 'chatwoot_send_message',
	title: 'Reply in a conversation',
	description:
		'Sends an outgoing message to the customer in a Chatwoot conversation (POST /conversations/{id}/messages, message_type outgoing). Set private=true for an internal note only agents see.',
	input: z.object({
		tenant_id: tenantIdField,
		conversation_id: conversationIdField,
		content: contentField,
		private: z.boolean().optional().describe('Whether the message is an internal note (not sent to the customer); default false.'),
		content_type: z
			.enum(['text', 'input_select', 'cards', 'form', 'article', 'input_email'])
			.optional()
			.describe('Rich message type (rendered in full by the web widget; WhatsApp maps input_select to buttons); default text.'),
		content_attributes: z
			.record(z.string(), z.unknown())
			.optional()
			.describe('Extra attributes, e.g. {"items": [{"title": "Sim", "value": "yes"}]} for input_select, or {"in_reply_to": 123}.'),
	}),
	output: messageOutput,
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		const message = await chatwoot.sendMessage(args.tenant_id, args.conversation_id, {
			content: args.content,
			private: args.private,
			content_type: args.content_type,
			content_attributes: args.content_attributes,
		});
		return { message_id: message.id, conversation_id: args.conversation_id, private: message.private ?? args.private ?? false, created_at: message.created_at ?? null };
	},
});
