import { admitCall, callScopeOf } from './call-scope';
import { callDefinedTool, type Admission, type ServerInfo } from './dispatch';
import { failureOf, resultOf } from './outcome';
import { sharedSchemaValidator } from './schema-validator';
import { CallToolRequestSchema, McpServer } from './sdk';
import type { ToolDefinition } from './tool';

export type { ServerInfo } from './dispatch';
export { ERROR_KIND_META, HTTP_STATUS_META, UPSTREAM_CODE_META } from './outcome';

/**
 * Builds an MCP server from tool definitions over one context (clients, settings). Building is
 * cheap, so stateless HTTP can build one per request over a shared context.
 *
 * The SDK lists the tools (names, descriptions, JSON Schemas, annotations); calls go through
 * `callDefinedTool`, the same function embedded sessions use, so a call fails alike on both
 * paths, with its kind in `_meta` even for an unknown tool or arguments the schema rejects
 * (which the SDK's own handler would answer without one).
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
			// Never called: the tools/call handler below replaces the SDK's.
			() => resultOf(failureOf(new Error(`${tool.name} was called past the OmniCrew dispatcher.`))),
		);
	}
	// Only a server with tools has the tools capability a tools/call handler needs.
	if (tools.length === 0) return server;
	server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
		// Over HTTP, the request's token limits the tenants and its calls share a wait budget.
		const scope = callScopeOf(extra.authInfo);
		const admit: Admission<Ctx> | undefined = scope ? (tool, args) => admitCall(scope, tool.name, args) : undefined;
		const outcome = await callDefinedTool(info, tools, request.params.name, request.params.arguments, ctx, { meta: { ...(request.params._meta ?? {}) } }, admit);
		return resultOf(outcome);
	});
	return server;
}
