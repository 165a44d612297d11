import { z } from 'zod/v4';

import { READ_ONLY, toolFactory } from '../../../lib/mcp/tool';
import { conversationIdField, tenantIdField, type ChatwootToolContext } from './fields';

const FROM: Record<number, string> = { 0: 'customer', 1: 'agent', 2: 'system', 3: 'template' };

export const chatwootListMessages = toolFactory<ChatwootToolContext>()({
	name: 'chatwoot_list_messages',
	title: 'List a conversation\'s messages',
	description:
		'Lists the latest messages of a conversation, oldest first, with who wrote each (customer, agent, bot, system). Needs a user (agent) token: Chatwoot refuses it to agent-bot tokens.',
	input: z.object({
		tenant_id: tenantIdField,
		conversation_id: conversationIdField,
		limit: z.number().int().min(1).max(100).optional().describe('How many of the latest messages to return (default 20).'),
		include_private: z.boolean().optional().describe('Whether to include internal notes (default false).'),
	}),
	output: z.object({
		messages: z.array(
			z.object({
				id: z.number(),
				from: z.string().describe('customer, agent, bot, system or template'),
				content: z.string(),
				private: z.boolean(),
				created_at: z.number(),
			}),
		),
	}),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		const all = await chatwoot.listMessages(args.tenant_id, args.conversation_id);
		const visible = all.filter((m) => args.include_private || !m.private);
		return {
			messages: visible.slice(-(args.limit ?? 20)).map((m) => ({
				id: m.id,
				from: m.message_type === 1 && (m.sender?.type === 'agent_bot' || m.sender_type === 'AgentBot') ? 'bot' : (FROM[m.message_type] ?? 'other'),
				content: m.content ?? '',
				private: m.private === true,
				created_at: m.created_at,
			})),
		};
	},
});
