import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { connectRemote, type McpSession } from '../mcp/client';

export const MCP_REMOTE_CREDENTIAL = 'omniCrewMcpApi';

export interface OmniCrewMcpCredential {
	url: string;
	token?: string;
}

/** The Embedded / Remote choice every action node offers first. */
export const connectionProperty: INodeProperties = {
	displayName: 'Connection',
	name: 'connection',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Embedded',
			value: 'embedded',
			description: 'Run the tools inside n8n with this node\'s credential, no server to start',
		},
		{
			name: 'Remote MCP Server',
			value: 'remote',
			description: 'Call an omnicrew-mcp server started elsewhere (--http), by URL and token',
		},
	],
	default: 'embedded',
};

/** Opens the node's MCP session for one execution; callers close it in `finally`. */
export async function openNodeSession(ctx: IExecuteFunctions, embedded: () => Promise<McpSession>): Promise<McpSession> {
	const connection = ctx.getNodeParameter('connection', 0, 'embedded') as string;
	if (connection === 'embedded') return await embedded();
	if (connection !== 'remote') {
		throw new NodeOperationError(ctx.getNode(), `The connection "${connection}" is not supported: use Embedded or Remote MCP Server.`);
	}
	const credential = await ctx.getCredentials<OmniCrewMcpCredential>(MCP_REMOTE_CREDENTIAL);
	try {
		return await connectRemote(credential.url, { token: credential.token || undefined });
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error), {
			description: 'Check the URL and token of the OmniCrew MCP Server credential, and that the server runs with --http.',
		});
	}
}
