import { RefusedError } from '../../lib/errors';
import { openInProcess } from '../../lib/mcp/in-process';
import type { ServerEntry } from '../../lib/mcp/registry';
import { buildMcpServer, type ServerInfo } from '../../lib/mcp/server';
import type { McpServer } from '../../lib/mcp/sdk';
import type { McpSession } from '../../lib/mcp/session';
import type { ToolCall, ToolDefinition } from '../../lib/mcp/tool';
import { VERSION } from '../../lib/version';
import { ChatwootClient } from './client/chatwoot-client';
import { chatwootTools, type ChatwootToolContext } from './tools';

export const CHATWOOT_SERVER_INFO: ServerInfo = {
	name: 'omnicrew-chatwoot',
	version: VERSION,
	instructions:
		'Chatwoot as a bot sees it. tenant_id is the Chatwoot account id; conversation_id the display id. Reply with chatwoot_send_message, ' +
		'hand over to humans with chatwoot_handoff (the bot then stays silent), keep labels and custom attributes with the merge tools.',
};

/** Restricts every tool to one account when the deployment serves a single Chatwoot account. */
function scoped(tools: ReadonlyArray<ToolDefinition<ChatwootToolContext>>, accountId: string | undefined): ReadonlyArray<ToolDefinition<ChatwootToolContext>> {
	if (!accountId) return tools;
	return tools.map((tool) => ({
		...tool,
		run: async (args: { tenant_id: string }, ctx: ChatwootToolContext, call: ToolCall) => {
			if (args.tenant_id !== accountId) {
				throw new RefusedError(`tenant_id ${args.tenant_id} is not served here: this server is limited to Chatwoot account ${accountId} (CHATWOOT_ACCOUNT_ID).`);
			}
			return await tool.run(args as never, ctx, call);
		},
	}));
}

export function createChatwootServer(ctx: ChatwootToolContext, options: { accountId?: string } = {}): McpServer {
	return buildMcpServer(CHATWOOT_SERVER_INFO, scoped(chatwootTools, options.accountId), ctx);
}

/** The same tools as an embedded session, run in this process without MCP. */
export function openChatwootSession(ctx: ChatwootToolContext, options: { accountId?: string } = {}): McpSession {
	return openInProcess(CHATWOOT_SERVER_INFO, scoped(chatwootTools, options.accountId), ctx);
}

export const chatwootServerEntry: ServerEntry = {
	name: 'chatwoot',
	summary: 'Chatwoot as an agent bot: reply, private notes, hand-off to humans, status, typing, labels and custom attributes (merged), conversations and contacts.',
	variables: [
		{ name: 'CHATWOOT_URL', required: true, description: 'the Chatwoot address, e.g. https://chat.example.com' },
		{ name: 'CHATWOOT_API_TOKEN', required: true, description: 'a user access token, or an agent-bot token (bots cannot list messages or read contacts)' },
		{ name: 'CHATWOOT_ACCOUNT_ID', required: false, description: 'limit the server to this account; without it every account the token reaches is served' },
	],
	tools: chatwootTools,
	async open(env) {
		if (!env.CHATWOOT_URL) throw new Error('CHATWOOT_URL is not set: point it at your Chatwoot, e.g. https://chat.example.com.');
		if (!env.CHATWOOT_API_TOKEN) throw new Error('CHATWOOT_API_TOKEN is not set: use a user access token (Profile settings) or an agent-bot token.');
		const chatwoot = new ChatwootClient({ baseUrl: env.CHATWOOT_URL, token: env.CHATWOOT_API_TOKEN });
		const accountId = env.CHATWOOT_ACCOUNT_ID || undefined;
		return { build: () => createChatwootServer({ chatwoot }, { accountId }), close: async () => undefined };
	},
};
