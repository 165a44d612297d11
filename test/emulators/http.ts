/** HTTP plumbing every emulator shares: listening on loopback, closing, reading a bounded body. */
import type { IncomingMessage, Server } from 'node:http';

export const BODY_LIMIT = 10 * 1024 * 1024;

/** Listens and answers the port actually bound (port 0 picks a free one, with no race). */
export async function listenOn(server: Server, port: number, host: string): Promise<number> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('the emulator is not listening on a TCP port');
	return address.port;
}

/** Stops accepting and drops kept-alive connections, so a test file ends without open handles. */
export async function closeServer(server: Server): Promise<void> {
	await new Promise<void>((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

export async function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		size += buffer.length;
		if (size > limit) throw new Error('the request body is too large');
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}
