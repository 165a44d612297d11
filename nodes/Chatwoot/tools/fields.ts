import { z } from 'zod/v4';

import type { ChatwootClient } from '../client/chatwoot-client';

export { tenantIdField } from '../../../lib/tenant';

export interface ChatwootToolContext {
	chatwoot: ChatwootClient;
}

export const conversationIdField = z
	.number({ error: 'conversation_id is required: the conversation number shown in Chatwoot (display id)' })
	.int()
	.positive()
	.describe('The conversation\'s display id: the number in Chatwoot\'s URL and the `conversation_id` of the trigger\'s item.');

export const contactIdField = z.number({ error: 'contact_id is required' }).int().positive().describe('The Chatwoot contact id.');

export const contentField = z
	.string({ error: 'content is required' })
	.trim()
	.min(1, { error: 'content must not be empty' })
	.max(10_000, { error: 'content is too long: at most 10000 characters' })
	.describe('The text to send.');

export const messageOutput = z.object({
	message_id: z.number().describe('Id of the created message.'),
	conversation_id: z.number(),
	private: z.boolean(),
	created_at: z.number().nullable().describe('Epoch seconds.'),
});

export const contactOutput = z.looseObject({
	id: z.number(),
	name: z.string().nullable(),
	email: z.string().nullable(),
	phone_number: z.string().nullable(),
	identifier: z.string().nullable(),
});
