import type { ToolOutcome } from './outcome';

export type { ToolFailure, ToolOutcome } from './outcome';

/** Tools a node can call, in process (embedded) or on an MCP server (remote): the one thing nodes need. */
export interface McpSession {
	/** `meta` travels as the request's `_meta`: set by our code, never by a model. */
	callTool(name: string, args: Record<string, unknown>, meta?: Record<string, unknown>): Promise<ToolOutcome>;
	listToolNames(): Promise<string[]>;
	/** Names, descriptions, input JSON Schemas and annotations, e.g. to offer the tools to a model. */
	listTools(): Promise<ListedTool[]>;
	close(): Promise<void>;
}

export interface ListedTool {
	name: string;
	description: string;
	inputSchema: Record<string, unknown>;
	annotations: { readOnlyHint?: boolean; destructiveHint?: boolean };
}
