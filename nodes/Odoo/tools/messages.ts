import { z } from 'zod/v4';

import { toolFactory } from '../../../lib/mcp/tool';
import { modelField, tenantField, type OdooToolContext } from './fields';

export const odooPostMessage = toolFactory<OdooToolContext>()({
	name: 'odoo_post_message',
	title: 'Post a message on a record or channel',
	description:
		'Posts a message in the chatter of a record (e.g. a sale.order or res.partner) or in a Discuss channel (model "discuss.channel"), as a visible message or an internal note. Plain text is escaped by Odoo.',
	input: z.object({
		tenant_id: tenantField,
		model: modelField,
		res_id: z.number().int().positive().describe('Record id, or the Discuss channel id.'),
		body: z.string().trim().min(1).max(20_000).describe('Message text.'),
		kind: z.enum(['comment', 'note']).optional().describe('comment = a message followers/members see (default); note = internal note.'),
		author_partner_id: z.number().int().positive().optional().describe('Post as this partner, e.g. 2 for OdooBot (needs the right to do so).'),
	}),
	output: z.object({ message_id: z.number() }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
	run: async (args, { odoo }) => {
		const messageId = await odoo.call<number>(args.model, 'message_post', {
			ids: [args.res_id],
			kwargs: {
				body: args.body,
				message_type: 'comment',
				subtype_xmlid: args.kind === 'note' ? 'mail.mt_note' : 'mail.mt_comment',
				...(args.author_partner_id ? { author_id: args.author_partner_id } : {}),
			},
		});
		return { message_id: Number(messageId) };
	},
});
