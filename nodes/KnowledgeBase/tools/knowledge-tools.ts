import { randomUUID } from 'node:crypto';

import { z } from 'zod/v4';

import { RefusedError } from '../../../lib/errors';
import { DESTRUCTIVE, READ_ONLY, WRITE, WRITE_IDEMPOTENT, toolFactory } from '../../../lib/mcp/tool';
import { qdrantError } from '../store/knowledge-store';
import { syncProducts } from '../sync';
import { collectionField, hitOutput, tenantIdField, type KnowledgeToolContext } from './fields';

const tool = toolFactory<KnowledgeToolContext>();

/** Qdrant's own errors reach callers as upstream errors that say what failed. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw qdrantError(error);
	}
}

export const knowledgeUpsert = tool({
	name: 'knowledge_upsert',
	title: 'Add or replace knowledge documents',
	description:
		'Adds documents to a tenant\'s knowledge collection, or replaces them when the same ids come again. Long texts are split on sentence boundaries; searches return your own ids.',
	input: z.object({
		tenant_id: tenantIdField,
		collection: collectionField,
		documents: z
			.array(
				z.object({
					id: z.string().trim().min(1).max(200).describe('Your id for the document: a SKU, a slug, a URL.'),
					text: z.string().trim().min(1).max(200_000).describe('The document text.'),
					title: z.string().max(500).optional().describe('A title, searched together with the text.'),
					metadata: z.record(z.string(), z.unknown()).optional().describe('Any JSON returned with hits and usable in filters, e.g. {"category": "cadeiras"}.'),
				}),
			)
			.min(1, { error: 'documents needs at least one document' })
			.max(500)
			.describe('The documents to store.'),
	}),
	output: z.object({ documents: z.number(), chunks: z.number().describe('Passages stored (long documents are split).') }),
	annotations: { ...WRITE_IDEMPOTENT, openWorldHint: true },
	run: async (args, { store }) => await guarded(() => store.upsert(args.tenant_id, args.collection, args.documents)),
});

export const knowledgeSearch = tool({
	name: 'knowledge_search',
	title: 'Search the knowledge base',
	description:
		'Searches a tenant\'s knowledge (products, support procedures, business rules, past interactions) with the customer\'s own words: typos, missing accents, Portuguese, Spanish or English; product codes and figures ("12000 BTUs", "i7") match exactly. Answer only from the hits.',
	input: z.object({
		tenant_id: tenantIdField,
		query: z.string().trim().min(1).max(2_000).describe('The question as the customer wrote it.'),
		collections: z.array(collectionField).optional().describe('Where to search (default products, support_procedures and business_rules).'),
		filter: z.record(z.string(), z.unknown()).optional().describe('Metadata conditions, all required, e.g. {"category": "cadeiras"} or {"brand": ["Aurora", "Flex"]}.'),
		top_k: z.number().int().min(1).max(50).optional().describe('How many hits (default 5).'),
	}),
	output: z.object({ hits: z.array(hitOutput) }),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { store }) => ({
		hits: await guarded(() => store.search(args.tenant_id, args.query, { collections: args.collections, filter: args.filter, topK: args.top_k })),
	}),
});

export const knowledgeDelete = tool({
	name: 'knowledge_delete',
	title: 'Delete knowledge documents',
	description: 'Deletes documents of a tenant by the ids given at upsert (all their passages).',
	input: z.object({
		tenant_id: tenantIdField,
		collection: collectionField,
		ids: z.array(z.string().min(1)).min(1).max(1_000).describe('Document ids to delete.'),
	}),
	output: z.object({ deleted: z.number().describe('Passages deleted.') }),
	annotations: { ...DESTRUCTIVE, openWorldHint: true },
	run: async (args, { store }) => await guarded(() => store.delete(args.tenant_id, args.collection, args.ids)),
});

export const knowledgeLogInteraction = tool({
	name: 'knowledge_log_interaction',
	title: 'Log a conversation turn',
	description: 'Appends one conversation turn (question, answer, channel, agent, intent, outcome) to the tenant\'s interactions, so later searches can learn from past answers.',
	input: z.object({
		tenant_id: tenantIdField,
		conversation_id: z.union([z.string(), z.number()]).transform(String).describe('The conversation (Chatwoot display id).'),
		channel: z.string().min(1).max(32).describe('whatsapp, instagram, email, webchat, ...'),
		agent: z.string().min(1).max(64).describe('The agent that answered: sales, scheduling, business_rules, support, human.'),
		intent: z.string().min(1).max(64).describe('The routed intent.'),
		outcome: z.string().min(1).max(64).describe('answered, handoff, fallback, ...'),
		question: z.string().min(1).max(10_000).describe('What the customer wrote.'),
		answer: z.string().max(10_000).optional().describe('What was answered.'),
	}),
	output: z.object({ id: z.string() }),
	annotations: { ...WRITE, openWorldHint: true },
	run: async (args, { store }) => {
		const id = `turn-${args.conversation_id}-${randomUUID()}`;
		await guarded(() => store.upsert(args.tenant_id, 'interactions', [
			{
				id,
				title: args.question.slice(0, 200),
				text: `${args.question}\n${args.answer ?? ''}`,
				metadata: { conversation_id: args.conversation_id, channel: args.channel, agent: args.agent, intent: args.intent, outcome: args.outcome, at: new Date().toISOString() },
			},
		]));
		return { id };
	},
});

export const knowledgeSyncProducts = tool({
	name: 'knowledge_sync_products',
	title: 'Sync products from Odoo',
	description:
		'Pulls a tenant\'s products for sale from Odoo into the products collection: only products changed since the last sync are fetched (by write_date), unchanged ones are skipped and archived ones removed. full=true re-reads everything and also removes products no longer for sale.',
	input: z.object({
		tenant_id: tenantIdField,
		full: z.boolean().optional().describe('Whether to re-read the whole catalog instead of the changes since the last sync.'),
	}),
	output: z.object({ fetched: z.number(), upserted: z.number(), deleted: z.number(), unchanged: z.number() }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { store, odoo }) => {
		if (!odoo) throw new RefusedError('knowledge_sync_products needs Odoo: set ODOO_URL, ODOO_DB, ODOO_USERNAME and ODOO_API_KEY (or the node\'s Odoo credential).');
		return await guarded(() => syncProducts(store, odoo, args.tenant_id, { full: args.full }));
	},
});
