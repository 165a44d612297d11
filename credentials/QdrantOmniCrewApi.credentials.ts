import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class QdrantOmniCrewApi implements ICredentialType {
	name = 'qdrantOmniCrewApi';

	displayName = 'Qdrant API';

	icon: Icon = { light: 'file:../nodes/KnowledgeBase/knowledgeBase.svg', dark: 'file:../nodes/KnowledgeBase/knowledgeBase.dark.svg' };

	documentationUrl = 'https://github.com/omnicrew/n8n-nodes-omnicrew/blob/main/docs/nodes/knowledge-base.md';

	properties: INodeProperties[] = [
		{ displayName: 'URL', name: 'url', type: 'string', default: 'http://127.0.0.1:6333', placeholder: 'https://xyz.cloud.qdrant.io:6333' },
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '', description: 'Leave empty for a Qdrant without authentication' },
		{
			displayName: 'Collection Prefix',
			name: 'prefix',
			type: 'string',
			default: 'omnicrew_',
			description: 'Prefix of the collection names, so several deployments can share one Qdrant',
		},
	];

	authenticate: IAuthenticateGeneric = { type: 'generic', properties: { headers: { 'api-key': '={{$credentials.apiKey}}' } } };

	test: ICredentialTestRequest = { request: { baseURL: '={{$credentials.url.replace(/\\/$/, "")}}', url: '/collections', method: 'GET' } };
}
