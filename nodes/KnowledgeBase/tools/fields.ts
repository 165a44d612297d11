import { z } from 'zod/v4';

import { COLLECTIONS } from '../store/collections';
import type { OdooClient } from '../../Odoo/client/odoo-client';
import type { KnowledgeStore } from '../store/knowledge-store';

export { tenantIdField } from '../../../lib/tenant';

export interface KnowledgeToolContext {
	store: KnowledgeStore;
	/** Where products come from, for knowledge_sync_products; absent when Odoo is not configured. */
	odoo?: OdooClient;
}

export const collectionField = z.enum(COLLECTIONS, { error: `collection must be one of ${COLLECTIONS.join(', ')}` }).describe(`Knowledge collection: ${COLLECTIONS.join(', ')}.`);

export const hitOutput = z.object({
	id: z.string().describe('The document id given at upsert (a SKU, a slug).'),
	title: z.string().nullable(),
	text: z.string().describe('The matching passage.'),
	score: z.number(),
	collection: z.string(),
	metadata: z.record(z.string(), z.unknown()),
});
