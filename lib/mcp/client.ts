import { z } from 'zod/v4';

import type { ErrorKind } from '../errors';
import { redactSecrets } from '../errors';
import { dispatchByShape } from './fast-dispatch';
import { sharedSchemaValidator } from './schema-validator';
import { ERROR_KIND_META } from './server';
import { Client, InMemoryTransport, McpError, StreamableHTTPClientTransport, type CallToolResult, type McpServer } from './sdk';

export type ToolOutcome =
	| { ok: true; data: Record<string, unknown> }
	| { ok: false; kind: ErrorKind; message: string };

/** A connected MCP client with the one thing nodes need from it. */
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

const CLIENT_INFO = { name: 'omnicrew-node', version: '1' };

/**
 * The shape we read from a tool result. The SDK would parse every result against the full
 * protocol schema (a union of every content kind); `outcomeOf` reads only these fields and
 * copes with anything else, so the lighter check is enough and keeps calls cheap.
 */
const TOOL_RESULT = z.looseObject({
	content: z.array(z.looseObject({ type: z.string() })).default([]),
	structuredContent: z.record(z.string(), z.unknown()).optional(),
	isError: z.boolean().optional(),
	_meta: z.record(z.string(), z.unknown()).optional(),
});
type ResultSchema = Parameters<Client['callTool']>[1];

function kindFromText(text: string): ErrorKind {
	if (/^(MCP error -32602: )?Input validation error/i.test(text)) return 'invalid_input';
	if (/not found/i.test(text)) return 'invalid_input';
	return 'internal';
}

export function outcomeOf(result: CallToolResult): ToolOutcome {
	const text = result.content
		.filter((part): part is { type: 'text'; text: string } => part.type === 'text')
		.map((part) => part.text)
		.join('\n');
	if (result.isError) {
		const metaKind = result._meta?.[ERROR_KIND_META];
		const kind = typeof metaKind === 'string' ? (metaKind as ErrorKind) : kindFromText(text);
		return { ok: false, kind, message: text || 'The tool failed without a message.' };
	}
	if (result.structuredContent) return { ok: true, data: result.structuredContent };
	try {
		const parsed: unknown = JSON.parse(text);
		if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { ok: true, data: parsed as Record<string, unknown> };
	} catch {
		// Not JSON: hand the text back as is.
	}
	return { ok: true, data: { text } };
}

function sessionOf(client: Client, onClose: () => Promise<void>): McpSession {
	return {
		async callTool(name, args, meta) {
			try {
				return outcomeOf((await client.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) }, TOOL_RESULT as unknown as ResultSchema)) as CallToolResult);
			} catch (error) {
				const message = redactSecrets(error instanceof Error ? error.message : String(error));
				if (error instanceof McpError || (error instanceof Error && error.name === 'McpError')) {
					return { ok: false, kind: kindFromText(message), message };
				}
				return { ok: false, kind: 'upstream', message };
			}
		},
		async listToolNames() {
			return (await this.listTools()).map((tool) => tool.name);
		},
		async listTools() {
			const tools: ListedTool[] = [];
			let cursor: string | undefined;
			do {
				const page = await client.listTools(cursor ? { cursor } : undefined);
				for (const tool of page.tools) {
					tools.push({ name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema as Record<string, unknown>, annotations: { ...(tool.annotations ?? {}) } });
				}
				cursor = page.nextCursor;
			} while (cursor);
			return tools;
		},
		close: onClose,
	};
}

/** Links a client to a server in the same process: no sockets, no serialisation beyond JSON objects. */
export async function linkInProcess(server: McpServer, cleanup: () => Promise<void> = async () => undefined): Promise<McpSession> {
	const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
	await server.connect(serverTransport);
	const client = new Client(CLIENT_INFO, { jsonSchemaValidator: sharedSchemaValidator });
	await client.connect(clientTransport);
	dispatchByShape(server);
	dispatchByShape(client);
	return sessionOf(client, async () => {
		try {
			await client.close();
			await server.close();
		} finally {
			await cleanup();
		}
	});
}

export interface RemoteOptions {
	/** Sent as `Authorization: Bearer <token>`. */
	token?: string;
	headers?: Record<string, string>;
}

/** Connects to an `omnicrew-mcp --http` server (or any Streamable HTTP MCP server). */
export async function connectRemote(url: string, options: RemoteOptions = {}): Promise<McpSession> {
	let endpoint: URL;
	try {
		endpoint = new URL(url);
	} catch {
		throw new Error(`MCP server URL "${url}" is not a URL: use http(s)://host:port/mcp.`);
	}
	const headers: Record<string, string> = { ...options.headers };
	if (options.token) headers.Authorization = `Bearer ${options.token}`;
	const transport = new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } });
	const client = new Client(CLIENT_INFO, { jsonSchemaValidator: sharedSchemaValidator });
	try {
		await client.connect(transport);
	} catch (error) {
		const message = redactSecrets(error instanceof Error ? error.message : String(error));
		throw new Error(`Could not connect to the MCP server at ${endpoint.origin}${endpoint.pathname}: ${message}`);
	}
	return sessionOf(client, async () => {
		await client.close();
	});
}
