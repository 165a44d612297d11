import { z } from 'zod/v4';

import { callDefinedTool, type ServerInfo } from './dispatch';
import type { ListedTool, McpSession } from './session';
import type { ToolDefinition } from './tool';

const listings = new WeakMap<ToolDefinition<never>, ListedTool>();

/**
 * A tool as an MCP server lists it: the input JSON Schema the SDK derives from the zod schema
 * (draft 7, the input side of transforms) and the annotations with the title. Derived once per
 * tool; test/integration/embedded-conformance.test.ts holds it to the server's own listing.
 */
function listingOf(tool: ToolDefinition<never>): ListedTool {
	let listed = listings.get(tool);
	if (!listed) {
		listed = {
			name: tool.name,
			description: tool.description,
			inputSchema: z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' }) as Record<string, unknown>,
			annotations: { title: tool.title, ...tool.annotations } as ListedTool['annotations'],
		};
		listings.set(tool, listed);
	}
	return listed;
}

/**
 * The embedded session: the server's tools run in this process, without MCP. A call goes
 * through `callDefinedTool` like a call to the MCP server built from the same tools
 * (`buildMcpServer`), so it returns the same outcome, failures and their facts included, without
 * JSON-RPC, transports or a handshake. `cleanup` runs once, on the first `close()`.
 */
export function openInProcess<Ctx>(info: ServerInfo, tools: ReadonlyArray<ToolDefinition<Ctx>>, ctx: Ctx, cleanup: () => Promise<void> = async () => undefined): McpSession {
	let closing: Promise<void> | undefined;
	return {
		callTool: async (name, args, meta) => await callDefinedTool(info, tools, name, args, ctx, { meta: { ...(meta ?? {}) } }),
		listToolNames: async () => tools.map((tool) => tool.name),
		// Copies: a caller may change what it got without changing the next listing.
		listTools: async () => tools.map((tool) => structuredClone(listingOf(tool as ToolDefinition<never>))),
		close: async () => {
			closing ??= cleanup();
			await closing;
		},
	};
}
