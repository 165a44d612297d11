import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class ChatwootOmniCrewApi implements ICredentialType {
	name = 'chatwootOmniCrewApi';

	displayName = 'Chatwoot API';

	icon: Icon = { light: 'file:../nodes/Chatwoot/chatwoot.svg', dark: 'file:../nodes/Chatwoot/chatwoot.dark.svg' };

	documentationUrl = 'https://github.com/omnicrew/n8n-nodes-omnicrew/blob/main/docs/nodes/chatwoot.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.chatwoot.com',
			placeholder: 'https://chat.example.com',
			description: 'The address you open Chatwoot at',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A user access token (Profile settings) or an agent-bot token (Settings → Bots). A bot token may only reply, change status, typing, labels, custom attributes, assignments and read a conversation: listing messages and reading, searching or updating contacts need a user token.',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'number',
			default: 1,
			description: 'The default account (tenant): the number after /accounts/ in Chatwoot\'s URL',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret Chatwoot shows for the webhook, API inbox or agent bot (Chatwoot 4.11.2+ for webhooks, 4.13+ for bots). The Chatwoot Trigger accepts only calls signed with it; without it the trigger refuses every call unless its "Accept Unsigned Requests (Testing Only)" option is on.',
		},
	];
}
