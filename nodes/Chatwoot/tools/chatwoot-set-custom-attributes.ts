import { z } from 'zod/v4';

import { InvalidInputError } from '../../../lib/errors';
import { toolFactory } from '../../../lib/mcp/tool';
import { conversationIdField, tenantIdField, type ChatwootToolContext } from './fields';

export const chatwootSetCustomAttributes = toolFactory<ChatwootToolContext>()({
	name: 'chatwoot_set_custom_attributes',
	title: 'Merge conversation custom attributes',
	description:
		'Sets some custom attributes of a conversation and keeps the others (Chatwoot replaces the whole object, so this reads, merges and writes). A key listed in remove is deleted.',
	input: z.object({
		tenant_id: tenantIdField,
		conversation_id: conversationIdField,
		attributes: z.record(z.string(), z.unknown()).optional().describe('Attributes to set, e.g. {"order_id": "S00042", "intent": "sales"}.'),
		remove: z.array(z.string().min(1)).optional().describe('Attribute keys to delete.'),
	}),
	output: z.object({ custom_attributes: z.record(z.string(), z.unknown()).describe('All custom attributes after the change.') }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		if (!args.attributes && !args.remove?.length) throw new InvalidInputError('Give attributes to set or keys to remove.');
		const conversation = await chatwoot.getConversation(args.tenant_id, args.conversation_id);
		const merged: Record<string, unknown> = { ...(conversation.custom_attributes ?? {}), ...(args.attributes ?? {}) };
		for (const key of args.remove ?? []) delete merged[key];
		return { custom_attributes: await chatwoot.replaceCustomAttributes(args.tenant_id, args.conversation_id, merged) };
	},
});
