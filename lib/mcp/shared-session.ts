import { SharedConnections } from '../connection-pool';
import type { McpSession } from './client';

const sessions = new SharedConnections<McpSession>(async (session) => await session.close());

/**
 * An embedded MCP session shared by the executions of this process that open it with the same
 * settings (the kind of server and the credential values it is built from), closed once unused
 * for 30 s. Building the server, linking a client and its initialize handshake, and the clients
 * inside (an HTTP agent per Qdrant client) cost more than the tool call of a typical step. A
 * session holds no data of an execution: only what its settings determine. `close()` of the
 * returned session hands it back.
 */
export async function sharedSession(settings: unknown, open: () => Promise<McpSession>): Promise<McpSession> {
	const shared = await sessions.acquire(settings, open);
	return { ...shared.value, close: async () => shared.release() };
}

/** Closes every shared session now (tests, shutdown). */
export const closeSharedSessions = async (): Promise<void> => await sessions.closeAll();
