import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class OmniCrewMcpApi implements ICredentialType {
	name = 'omniCrewMcpApi';

	displayName = 'OmniCrew MCP Server API';

	icon: Icon = { light: 'file:../nodes/TenantCache/tenantCache.svg', dark: 'file:../nodes/TenantCache/tenantCache.dark.svg' };

	documentationUrl = 'https://github.com/omnicrew/n8n-nodes-omnicrew/blob/main/docs/mcp.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'url',
			type: 'string',
			default: 'http://127.0.0.1:3100/mcp',
			placeholder: 'http://omnicrew-mcp.internal:3100/mcp',
			description: 'Streamable HTTP endpoint of an omnicrew-mcp server started with --http',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The OMNICREW_MCP_TOKEN the server was started with; empty if it needs none',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
	};

	// A JSON-RPC ping: answered by any MCP server without a session.
	test: ICredentialTestRequest = {
		request: {
			url: '={{$credentials.url}}',
			method: 'POST',
			headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
			body: { jsonrpc: '2.0', id: 1, method: 'ping' },
		},
	};
}
