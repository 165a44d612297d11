import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class OdooOmniCrewApi implements ICredentialType {
	name = 'odooOmniCrewApi';

	displayName = 'Odoo API';

	icon: Icon = { light: 'file:../nodes/Odoo/odoo.svg', dark: 'file:../nodes/Odoo/odoo.dark.svg' };

	documentationUrl = 'https://github.com/omnicrew/n8n-nodes-omnicrew/blob/main/docs/nodes/odoo.md';

	properties: INodeProperties[] = [
		{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'https://erp.example.com', description: 'The address you open Odoo at' },
		{ displayName: 'Database', name: 'db', type: 'string', default: '', description: 'The database name (shown on the login page, or ?db= in the URL)' },
		{ displayName: 'Login', name: 'username', type: 'string', default: '', placeholder: 'bot@example.com' },
		{
			displayName: 'API Key or Password',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'An API key (Preferences → Account Security → New API Key) is preferred; it also enables the JSON-2 API on Odoo 19+',
		},
		{
			displayName: 'Secret Type',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'API Key', value: 'apiKey' },
				{ name: 'Password', value: 'password' },
			],
			default: 'apiKey',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The secret the OmniCrew Odoo addon signs its webhooks with; the Odoo Trigger refuses calls not signed with it',
		},
	];
}
