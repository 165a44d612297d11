import { z } from 'zod/v4';

import type { ErrorKind } from '../errors';
import { redactSecrets } from '../errors';
import { outcomeOf, toolFailure } from './outcome';
import { sharedSchemaValidator } from './schema-validator';
import { Client, ErrorCode, InMemoryTransport, McpError, StreamableHTTPClientTransport, type CallToolResult, type McpServer } from './sdk';
import type { ListedTool, McpSession } from './session';

export type { ListedTool, McpSession, ToolFailure, ToolOutcome } from './session';

const CLIENT_INFO = { name: 'omnicrew-node', version: '1' };

/** Our servers name themselves omnicrew-<server> and put every failure's kind in `_meta`. */
const OUR_SERVER = /^omnicrew-/;

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

/** A JSON-RPC error instead of a result (the server refused the request itself, or the transport failed), by its code. */
function kindOfProtocolError(code: number): ErrorKind {
	if (code === ErrorCode.InvalidParams) return 'invalid_input';
	if (code === ErrorCode.ConnectionClosed || code === ErrorCode.RequestTimeout) return 'upstream';
	return 'internal';
}

/** The JSON-RPC code of an McpError, also of one from another bundle's copy of the SDK. */
function protocolErrorCode(error: unknown): number | undefined {
	if (!(error instanceof McpError) && !(error instanceof Error && error.name === 'McpError')) return undefined;
	const { code } = error as { code?: unknown };
	return typeof code === 'number' ? code : undefined;
}

function sessionOf(client: Client, onClose: () => Promise<void>): McpSession {
	const foreign = !OUR_SERVER.test(client.getServerVersion()?.name ?? '');
	return {
		async callTool(name, args, meta) {
			try {
				const result = await client.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) }, TOOL_RESULT as unknown as ResultSchema);
				return outcomeOf(result as CallToolResult, { foreign });
			} catch (error) {
				const message = redactSecrets(error instanceof Error ? error.message : String(error));
				const code = protocolErrorCode(error);
				if (code !== undefined) return toolFailure(kindOfProtocolError(code), message);
				return toolFailure('upstream', message);
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

/**
 * An MCP client linked to a server in the same process over the SDK's in-memory transport: the
 * whole protocol (handshake, JSON-RPC, the SDK's handlers), no sockets, at about ten times the
 * cost of an embedded session, which runs the same tools without MCP (`openInProcess`,
 * lib/mcp/in-process.ts). For what must speak MCP in process, such as tests of the protocol.
 */
export async function linkInProcess(server: McpServer, cleanup: () => Promise<void> = async () => undefined): Promise<McpSession> {
	const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
	await server.connect(serverTransport);
	const client = new Client(CLIENT_INFO, { jsonSchemaValidator: sharedSchemaValidator });
	await client.connect(clientTransport);
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
