import { errorKindOf, errorMessageOf } from '../errors';
import { admitCall, callScopeOf } from './call-scope';
import { sharedSchemaValidator } from './schema-validator';
import { McpServer, type CallToolResult } from './sdk';
import type { ToolCall, ToolDefinition } from './tool';

export interface ServerInfo {
	name: string;
	version: string;
	/** Shown to MCP clients on initialize: when to use this server. */
	instructions: string;
}

/** Where the error kind travels on a failed call (structuredContent must match the output schema). */
export const ERROR_KIND_META = 'omnicrew/error_kind';

export function toolResult(data: unknown): CallToolResult {
	return {
		structuredContent: data as Record<string, unknown>,
		content: [{ type: 'text', text: JSON.stringify(data) }],
	};
}

export function toolError(error: unknown): CallToolResult {
	return {
		isError: true,
		content: [{ type: 'text', text: errorMessageOf(error) }],
		_meta: { [ERROR_KIND_META]: errorKindOf(error) },
	};
}

/** Runs one tool on already validated arguments; never throws. */
export async function runTool<Ctx>(tool: ToolDefinition<Ctx>, args: unknown, ctx: Ctx, call: ToolCall = { meta: {} }): Promise<CallToolResult> {
	try {
		return toolResult(await tool.run(args as Parameters<typeof tool.run>[0], ctx, call));
	} catch (error) {
		return toolError(error);
	}
}

/**
 * Builds an MCP server from tool definitions over one context (clients, settings). Building is
 * cheap, so stateless HTTP can build one per request over a shared context.
 */
export function buildMcpServer<Ctx>(info: ServerInfo, tools: ReadonlyArray<ToolDefinition<Ctx>>, ctx: Ctx): McpServer {
	const server = new McpServer({ name: info.name, version: info.version }, { instructions: info.instructions, jsonSchemaValidator: sharedSchemaValidator });
	for (const tool of tools) {
		server.registerTool(
			tool.name,
			{
				title: tool.title,
				description: tool.description,
				inputSchema: tool.input,
				outputSchema: tool.output,
				annotations: { title: tool.title, ...tool.annotations },
			},
			async (args: unknown, extra: { _meta?: Record<string, unknown>; authInfo?: unknown }) => {
				// Over HTTP, the request's token limits the tenants and its calls share a wait budget.
				const scope = callScopeOf(extra.authInfo);
				if (scope) {
					try {
						admitCall(scope, tool.name, args);
					} catch (error) {
						return toolError(error);
					}
				}
				return await runTool(tool, args, ctx, { meta: { ...(extra._meta ?? {}) } });
			},
		);
	}
	return server;
}
