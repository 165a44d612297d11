/**
 * A Qdrant 1.19 REST emulator for tests and local runs: collections (named dense and sparse vectors,
 * payload indexes), points (upsert, retrieve, delete, scroll, count) and the Query API (dense, sparse
 * with IDF, prefetch + RRF/DBSF fusion) with Qdrant filters, in memory, on a local HTTP server.
 */
import { QdrantServer, buildRoutes } from './server';
import { Store } from './store';
import type { QdrantEmulator, StartOptions } from './types';

export type { QdrantEmulator, RecordedRequest, StartOptions } from './types';
export { QdrantOpenApiValidator, QDRANT_OPENAPI_PATH, type ValidationIssue, type ValidationReport } from './openapi';
export { DEFAULT_RRF_K } from './scoring';

export async function startQdrantEmulator(options: StartOptions = {}): Promise<QdrantEmulator> {
	const host = options.host ?? '127.0.0.1';
	const server = new QdrantServer(buildRoutes(new Store()), options.apiKey);
	const port = await server.listen(options.port ?? 0, host);
	let closed = false;
	const emulator: QdrantEmulator = {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
		requests: server.requests,
		async close() {
			if (closed) return;
			closed = true;
			await server.close();
		},
	};
	if (options.apiKey !== undefined) emulator.apiKey = options.apiKey;
	return emulator;
}
