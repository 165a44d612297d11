import type { INodeProperties } from 'n8n-workflow';

import { operationOptions, operationsWith, fromTools, type ArgDecl, type ToolOperationDecl } from '../../../lib/n8n/args';
import { CHANNELS, CHANNEL_LABELS } from '../schema/channels';
import { configTools } from '../tools';

/** A node field filling a tool argument; its kind and whether it is optional come from the tool's schema. */
const a = (arg: string, param: string): ArgDecl => ({ arg, param });

const putArgs = [a('author', 'author'), a('expected_version', 'expectedVersion'), a('replace', 'replace')];

export const OPERATIONS = fromTools(
	{
		getCrew: { tool: 'config_get_crew', name: 'Get Crew', action: 'Get the crew of a channel', description: 'Override or default', args: [a('channel', 'channel')] },
		putCrew: {
			tool: 'config_put_crew',
			name: 'Update Crew',
			action: 'Update the crew of a channel',
			description: 'Validated, stored as a new version',
			args: [a('channel', 'channel'), a('crew', 'crew'), ...putArgs],
		},
		listCrews: { tool: 'config_list_crews', name: 'List Crews', action: 'List the crews of a tenant', description: 'Every channel', args: [] },
		getTenant: { tool: 'config_get_tenant', name: 'Get Tenant', action: 'Get a tenant configuration', description: 'Override or default', args: [] },
		putTenant: {
			tool: 'config_put_tenant',
			name: 'Update Tenant',
			action: 'Update a tenant configuration',
			description: 'Validated, stored as a new version',
			args: [a('tenant', 'tenant'), ...putArgs],
		},
		history: {
			tool: 'config_history',
			name: 'History',
			action: 'List configuration versions',
			description: 'Who changed what, when',
			args: [a('kind', 'kind'), a('id', 'configId'), a('limit', 'limit')],
		},
		rollback: {
			tool: 'config_rollback',
			name: 'Rollback',
			action: 'Roll a configuration back',
			description: 'To an earlier version',
			args: [a('kind', 'kind'), a('id', 'configId'), a('version', 'version'), a('author', 'author')],
		},
		getUpstreams: {
			tool: 'config_get_upstreams',
			name: 'Get Upstreams',
			action: 'Get a tenant\'s upstreams',
			description: 'Its Chatwoot, Odoo and knowledge settings; secrets only as set or not',
			args: [],
		},
		putUpstreams: {
			tool: 'config_put_upstreams',
			name: 'Set Upstreams',
			action: 'Set a tenant\'s upstreams',
			description: 'Its own Chatwoot account, Odoo and knowledge prefix; secrets sealed',
			args: [a('upstreams', 'upstreams'), a('author', 'author')],
		},
		find: {
			tool: 'data_find',
			name: 'Find Data',
			action: 'Find structured data',
			description: 'In an allowed collection',
			args: [a('collection', 'collection'), a('filter', 'filter'), a('projection', 'projection'), a('sort', 'sort'), a('limit', 'limit'), a('skip', 'skip')],
		},
		insert: { tool: 'data_insert', name: 'Insert Data', action: 'Insert structured data', description: 'tenant_id is added', args: [a('collection', 'collection'), a('documents', 'documents')] },
		update: {
			tool: 'data_update',
			name: 'Update Data',
			action: 'Update structured data',
			description: 'With update operators',
			args: [a('collection', 'collection'), a('filter', 'filter'), a('update', 'update'), a('many', 'many'), a('upsert', 'upsert')],
		},
		aggregate: {
			tool: 'data_aggregate',
			name: 'Aggregate Data',
			action: 'Aggregate structured data',
			description: 'A pipeline scoped to the tenant',
			args: [a('collection', 'collection'), a('pipeline', 'pipeline'), a('limit', 'limit')],
		},
	} satisfies Record<string, ToolOperationDecl>,
	configTools,
);

export type ConfigOperation = keyof typeof OPERATIONS;

export const operationProperty: INodeProperties = operationOptions(OPERATIONS, 'getCrew');

const shown = (param: string) => ({ show: { operation: operationsWith(OPERATIONS, param) } });

export const fieldProperties: INodeProperties[] = [
	{ displayName: 'Tenant ID', name: 'tenantId', type: 'string', required: true, default: '={{ $json.tenant_id }}' },
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		options: CHANNELS.map((value) => ({ name: CHANNEL_LABELS[value], value })),
		default: 'whatsapp',
		displayOptions: shown('channel'),
	},
	{
		displayName: 'Crew',
		name: 'crew',
		type: 'json',
		default: '{"router": {"confidence_threshold": 0.6}}',
		description: 'The fields to change; objects merge into the current crew, lists (agents) replace',
		displayOptions: shown('crew'),
	},
	{
		displayName: 'Tenant',
		name: 'tenant',
		type: 'json',
		default: '{"name": "Minha Empresa", "handoff": {"max_bot_turns": 8}}',
		description: 'The fields to change; objects merge into the current configuration, lists replace',
		displayOptions: shown('tenant'),
	},
	{
		displayName: 'Upstreams',
		name: 'upstreams',
		type: 'json',
		default: '{"chatwoot": {"base_url": "https://chat.example.com"}}',
		description:
			'The tenant\'s own Chatwoot (address, bot token, webhook secret), Odoo (address, database, login, API key or password) and knowledge collection prefix, as JSON (keys in docs/configuration.md). Tokens and secrets are write-only: leave one out to keep it, null removes it. They are sealed before they are stored, but an execution keeps its input: feed them from a one-off run, not a workflow that runs often.',
		displayOptions: shown('upstreams'),
	},
	{
		displayName: 'Kind',
		name: 'kind',
		type: 'options',
		options: [
			{ name: 'Crew', value: 'crew' },
			{ name: 'Tenant', value: 'tenant' },
		],
		default: 'crew',
		displayOptions: shown('kind'),
	},
	{ displayName: 'Crew Channel', name: 'configId', type: 'string', default: 'whatsapp', description: 'For a crew, its channel; ignored for the tenant', displayOptions: shown('configId') },
	{ displayName: 'Version', name: 'version', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'The version to return to; 1 is the built-in defaults', displayOptions: shown('version') },
	{ displayName: 'Collection', name: 'collection', type: 'string', default: 'leads', description: 'One of the credential\'s data collections', displayOptions: shown('collection') },
	{ displayName: 'Filter', name: 'filter', type: 'json', default: '{}', description: 'MongoDB conditions; the tenant is always added', displayOptions: shown('filter') },
	{ displayName: 'Update', name: 'update', type: 'json', default: '{"$set": {"status": "closed"}}', description: 'Update operators', displayOptions: shown('update') },
	{ displayName: 'Documents', name: 'documents', type: 'json', default: '[{"name": "Ana", "status": "new"}]', displayOptions: shown('documents') },
	{ displayName: 'Pipeline', name: 'pipeline', type: 'json', default: '[{"$group": {"_id": "$status", "n": {"$sum": 1}}}]', displayOptions: shown('pipeline') },
	{ displayName: 'Author', name: 'author', type: 'string', default: '', description: 'Who makes the change; kept in the history (default: this workflow)', displayOptions: shown('author') },
	{ displayName: 'Expected Version', name: 'expectedVersion', type: 'number', default: 0, description: 'Refuse the change unless this is the current version (0 = do not check)', displayOptions: shown('expectedVersion') },
	{ displayName: 'Replace', name: 'replace', type: 'boolean', default: false, description: 'Whether to store exactly the given configuration instead of merging it into the current one', displayOptions: shown('replace') },
	{ displayName: 'Projection', name: 'projection', type: 'json', default: '{}', displayOptions: shown('projection') },
	{ displayName: 'Sort', name: 'sort', type: 'json', default: '{}', description: 'Sort order, e.g. {"created_at": -1} for newest first', displayOptions: shown('sort') },
	{ displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'Max number of results to return', displayOptions: shown('limit') },
	{ displayName: 'Skip', name: 'skip', type: 'number', typeOptions: { minValue: 0 }, default: 0, displayOptions: shown('skip') },
	{ displayName: 'Update Many', name: 'many', type: 'boolean', default: false, description: 'Whether to update every matching document, not only the first', displayOptions: shown('many') },
	{ displayName: 'Upsert', name: 'upsert', type: 'boolean', default: false, description: 'Whether to insert a document when none matches', displayOptions: shown('upsert') },
];
