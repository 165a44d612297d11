import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class MongoDbOmniCrewApi implements ICredentialType {
	name = 'mongoDbOmniCrewApi';

	displayName = 'MongoDB (OmniCrew)';

	icon: Icon = { light: 'file:../nodes/TenantConfig/tenantConfig.svg', dark: 'file:../nodes/TenantConfig/tenantConfig.dark.svg' };

	documentationUrl = 'https://github.com/omnicrew/n8n-nodes-omnicrew/blob/main/docs/configuration.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Connection String',
			name: 'connectionStringSecret',
			type: 'string',
			typeOptions: { password: true },
			default: 'mongodb://127.0.0.1:27017',
			placeholder: 'mongodb+srv://user:password@cluster0.example.mongodb.net',
			description: 'A MongoDB or MongoDB-compatible (FerretDB, DocumentDB) connection string; it may hold the password',
		},
		{ displayName: 'Database', name: 'database', type: 'string', default: 'omnicrew', description: 'The database holding OmniCrew\'s configuration and data collections' },
		{
			displayName: 'Upstream Secrets Key',
			name: 'secretsKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Seals the tokens and secrets of tenants\' own Chatwoot accounts and Odoo databases stored with Set Upstreams, so one workflow serves every tenant. 32 characters or more, random, the same on every n8n process; empty = tenants\' upstreams cannot be used',
		},
		{
			displayName: 'Data Collections',
			name: 'dataCollections',
			type: 'string',
			default: 'contacts,leads,tickets,notes,events,records',
			description: 'Comma-separated collections the Find/Insert/Update/Aggregate operations may use; nothing else is reachable',
		},
	];
}
