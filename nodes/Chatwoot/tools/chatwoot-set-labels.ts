import { z } from 'zod/v4';

import { InvalidInputError } from '../../../lib/errors';
import { toolFactory } from '../../../lib/mcp/tool';
import { conversationIdField, tenantIdField, type ChatwootToolContext } from './fields';
import { mergeLabels } from './labels';

const labelList = z.array(z.string().trim().min(1).max(255).regex(/^[\p{L}\p{N}_-]+$/u, { error: 'labels are letters, digits, "_" or "-" (no spaces)' }));

export const chatwootSetLabels = toolFactory<ChatwootToolContext>()({
	name: 'chatwoot_set_labels',
	title: 'Add or remove conversation labels',
	description:
		'Adds and/or removes labels on a conversation while keeping every other label (Chatwoot itself replaces the whole list, so this reads, merges and writes). Returns the resulting labels.',
	input: z.object({
		tenant_id: tenantIdField,
		conversation_id: conversationIdField,
		add: labelList.optional().describe('Labels to add, e.g. ["vendas", "urgente"]. They must exist in the Chatwoot account.'),
		remove: labelList.optional().describe('Labels to remove.'),
	}),
	output: z.object({ labels: z.array(z.string()).describe('The conversation\'s labels after the change.') }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { chatwoot }) => {
		if (!args.add?.length && !args.remove?.length) throw new InvalidInputError('Give at least one label in add or remove.');
		return { labels: await mergeLabels(chatwoot, args.tenant_id, args.conversation_id, args.add, args.remove) };
	},
});
