import type { INodeProperties } from 'n8n-workflow';

import { operationOptions, operationsWith, fromTools, type ArgDecl, type ToolOperationDecl } from '../../../lib/n8n/args';
import { COLLECTIONS } from '../store/collections';
import { knowledgeTools } from '../tools';

/** A node field filling a tool argument; its kind and whether it is optional come from the tool's schema. */
const a = (arg: string, param: string): ArgDecl => ({ arg, param });

export const OPERATIONS = fromTools(
	{
		search: {
			tool: 'knowledge_search',
			name: 'Search',
			action: 'Search the knowledge base',
			description: 'With the customer\'s own words',
			args: [a('query', 'query'), a('collections', 'collections'), a('filter', 'filter'), a('top_k', 'topK')],
		},
		upsert: {
			tool: 'knowledge_upsert',
			name: 'Upsert Documents',
			action: 'Add or replace documents',
			description: 'Same IDs replace earlier versions',
			args: [a('collection', 'collection'), a('documents', 'documents')],
		},
		delete: { tool: 'knowledge_delete', name: 'Delete Documents', action: 'Delete documents', description: 'By your IDs', args: [a('collection', 'collection'), a('ids', 'ids')] },
		syncProducts: {
			tool: 'knowledge_sync_products',
			name: 'Sync Products From Odoo',
			action: 'Sync products from Odoo',
			description: 'Incremental; needs the Odoo API credential',
			args: [a('full', 'full')],
		},
		logInteraction: {
			tool: 'knowledge_log_interaction',
			name: 'Log Interaction',
			action: 'Log a conversation turn',
			description: 'Question, answer, channel, agent, intent, outcome',
			args: [
				a('conversation_id', 'conversationId'),
				a('channel', 'channel'),
				a('agent', 'agent'),
				a('intent', 'intent'),
				a('outcome', 'outcome'),
				a('question', 'question'),
				a('answer', 'answer'),
			],
		},
	} satisfies Record<string, ToolOperationDecl>,
	knowledgeTools,
);

export type KnowledgeOperation = keyof typeof OPERATIONS;

export const operationProperty: INodeProperties = operationOptions(OPERATIONS, 'search');

const shown = (param: string) => ({ show: { operation: operationsWith(OPERATIONS, param) } });
const collectionOptions = COLLECTIONS.map((c) => ({ name: c, value: c }));

export const fieldProperties: INodeProperties[] = [
	{ displayName: 'Tenant ID', name: 'tenantId', type: 'string', required: true, default: '={{ $json.tenant_id }}' },
	{ displayName: 'Query', name: 'query', type: 'string', required: true, default: '={{ $json.text }}', displayOptions: shown('query') },
	{
		displayName: 'Collections',
		name: 'collections',
		type: 'multiOptions',
		options: collectionOptions,
		default: [],
		description: 'Where to search; none selected means products, support procedures and business rules',
		displayOptions: shown('collections'),
	},
	{ displayName: 'Filter', name: 'filter', type: 'json', default: '{}', description: 'Metadata conditions, e.g. {"category": "cadeiras"}', displayOptions: shown('filter') },
	{ displayName: 'Limit', name: 'topK', type: 'number', typeOptions: { minValue: 1, maxValue: 50 }, default: 5, description: 'Max number of results to return', displayOptions: shown('topK') },
	{ displayName: 'Collection', name: 'collection', type: 'options', options: collectionOptions, default: 'products', displayOptions: shown('collection') },
	{
		displayName: 'Documents',
		name: 'documents',
		type: 'json',
		default: '[{"id": "CAD-ERG-01", "title": "Cadeira Ergonômica Pro", "text": "…", "metadata": {"category": "cadeiras"}}]',
		displayOptions: shown('documents'),
	},
	{ displayName: 'Document IDs', name: 'ids', type: 'string', default: '', description: 'Comma-separated', displayOptions: shown('ids') },
	{ displayName: 'Full Sync', name: 'full', type: 'boolean', default: false, description: 'Whether to re-read the whole catalog instead of the changes since the last sync', displayOptions: shown('full') },
	{ displayName: 'Conversation ID', name: 'conversationId', type: 'string', default: '={{ $json.conversation_id }}', displayOptions: shown('conversationId') },
	{ displayName: 'Channel', name: 'channel', type: 'string', default: '={{ $json.channel }}', displayOptions: shown('channel') },
	{ displayName: 'Agent', name: 'agent', type: 'string', default: '', displayOptions: shown('agent') },
	{ displayName: 'Intent', name: 'intent', type: 'string', default: '', displayOptions: shown('intent') },
	{ displayName: 'Outcome', name: 'outcome', type: 'string', default: 'answered', displayOptions: shown('outcome') },
	{ displayName: 'Question', name: 'question', type: 'string', default: '={{ $json.text }}', displayOptions: shown('question') },
	{ displayName: 'Answer', name: 'answer', type: 'string', default: '', displayOptions: shown('answer') },
];
