import { z } from 'zod/v4';

import { toolFactory } from '../../../lib/mcp/tool';
import { conversationIdField, tenantIdField, type ChatwootToolContext } from './fields';
import { mergeLabels } from './labels';

export const chatwootHandoff = toolFactory<ChatwootToolContext>()({
	name: 'chatwoot_handoff',
	title: 'Hand the conversation to a human',
	description:
		'Hands a conversation to the human team: leaves a private note with the reason, adds labels, optionally assigns a team or an agent, and sets the status to open (Chatwoot\'s bot hand-off). From then on the bot stays silent there: the trigger only answers pending conversations.',
	input: z.object({
		tenant_id: tenantIdField,
		conversation_id: conversationIdField,
		reason: z
			.string({ error: 'reason is required: say why a human is needed' })
			.trim()
			.min(1)
			.max(2_000)
			.describe('Why a human is needed, written for the agent who picks it up (kept as a private note).'),
		team_id: z.number().int().positive().optional().describe('Team to assign, e.g. the sales team\'s id.'),
		assignee_id: z.number().int().positive().optional().describe('Agent (user) id to assign.'),
		labels: z.array(z.string().trim().min(1)).optional().describe('Labels to add, e.g. ["atendimento-humano"].'),
	}),
	output: z.object({
		conversation_id: z.number(),
		status: z.string().describe('Status after the hand-off (open).'),
		note_message_id: z.number().describe('The private note left for the agent.'),
		labels: z.array(z.string()).nullable().describe('Labels after the change, when labels were given.'),
		assigned: z.looseObject({}).nullable().describe('What Chatwoot answered to the assignment, when one was asked.'),
	}),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		const { tenant_id: account, conversation_id: conversation } = args;
		// The note first: if a later step fails, the agent still sees why the customer needs them.
		const note = await chatwoot.sendMessage(account, conversation, { content: `Transferido para atendimento humano: ${args.reason}`, private: true });
		const labels = args.labels?.length ? await mergeLabels(chatwoot, account, conversation, args.labels) : null;
		let assigned: Record<string, unknown> | null = null;
		if (args.team_id !== undefined) assigned = { team: await chatwoot.assign(account, conversation, { team_id: args.team_id }) };
		if (args.assignee_id !== undefined) assigned = { ...assigned, agent: await chatwoot.assign(account, conversation, { assignee_id: args.assignee_id }) };
		const status = await chatwoot.toggleStatus(account, conversation, 'open');
		return { conversation_id: conversation, status: status.current_status ?? 'open', note_message_id: note.id, labels, assigned };
	},
});
