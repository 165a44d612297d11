import { SharedConnections } from '../connection-pool';
import type { McpSession } from './session';

const sessions = new SharedConnections<McpSession>(async (session) => await session.close());

/**
 * An embedded session shared by the executions of this process that open it with the same
 * settings (the kind of server and the credential values it is built from), closed once unused
 * for 30 s. What is shared is the tools' context: the upstream clients and what they learnt (an
 * HTTP agent per Qdrant client, the knowledge store's checked collections). A session holds no
 * data of an execution: only what its settings determine. `close()` of the returned session
 * hands it back.
 */
export async function sharedSession(settings: unknown, open: () => Promise<McpSession> | McpSession): Promise<McpSession> {
	const shared = await sessions.acquire(settings, open);
	return { ...shared.value, close: async () => shared.release() };
}

/** Closes every shared session now (tests, shutdown). */
export const closeSharedSessions = async (): Promise<void> => await sessions.closeAll();
