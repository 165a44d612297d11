import { createServer, type Server } from 'node:http';

import { hashingEmbedder } from '../../nodes/KnowledgeBase/embeddings/hashing-embedder';
import { freePort } from '../../scripts/lib/runtime';

export interface EmbeddingsServer {
	/** OpenAI-style base URL, ending in /v1. */
	url: string;
	requests: number;
	close(): Promise<void>;
}

/**
 * The LLM stand-in for embeddings: answers POST /v1/embeddings as OpenAI does (float arrays, or
 * base64 float32 when `encoding_format: "base64"`, which OpenAI's SDK asks for by default), with
 * deterministic trigram vectors.
 */
export async function startEmbeddingsServer(size = 64): Promise<EmbeddingsServer> {
	const model = hashingEmbedder(size);
	const state = { requests: 0 };
	const server: Server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			state.requests++;
			const parsed = JSON.parse(body || '{}') as { input?: string | string[]; model?: string; encoding_format?: string };
			const inputs = Array.isArray(parsed.input) ? parsed.input : [String(parsed.input ?? '')];
			void model.embed(inputs).then((vectors) => {
				const data = vectors.map((vector, index) => ({
					object: 'embedding',
					index,
					embedding: parsed.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
				}));
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ object: 'list', data, model: parsed.model ?? 'fake', usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } }));
			});
		});
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}/v1`,
		get requests() {
			return state.requests;
		},
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
