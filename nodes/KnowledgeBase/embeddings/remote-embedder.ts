import { UpstreamError } from '../../../lib/errors';
import type { DenseEmbedder } from '../store/knowledge-store';

/** Turns any "texts → vectors" function into a DenseEmbedder, learning the size from one probe. */
export async function probeEmbedder(embed: (texts: string[]) => Promise<number[][]>): Promise<DenseEmbedder> {
	const [probe] = await embed(['probe']);
	if (!Array.isArray(probe) || probe.length === 0) throw new UpstreamError('The embedding model returned no vector for a probe text.');
	return { size: probe.length, distance: 'Cosine', embed };
}

/** An OpenAI-compatible /embeddings endpoint (OpenAI, Azure, Ollama, vLLM, LM Studio...). */
export async function openAiCompatibleEmbedder(options: { url: string; apiKey?: string; model: string; timeoutMs?: number }): Promise<DenseEmbedder> {
	const endpoint = `${options.url.replace(/\/+$/, '')}/embeddings`;
	return await probeEmbedder(async (texts) => {
		const response = await fetch(endpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
			body: JSON.stringify({ model: options.model, input: texts }),
			signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
		}).catch((error: unknown) => {
			throw new UpstreamError(`The embeddings endpoint ${endpoint} could not be reached (${(error as { cause?: { code?: string } }).cause?.code ?? String(error)}).`);
		});
		const text = await response.text();
		if (!response.ok) throw new UpstreamError(`The embeddings endpoint answered ${response.status}: ${text.slice(0, 200)}`);
		const body = JSON.parse(text) as { data?: Array<{ embedding: number[]; index?: number }> };
		const data = [...(body.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
		if (data.length !== texts.length) throw new UpstreamError(`The embeddings endpoint returned ${data.length} vectors for ${texts.length} texts.`);
		return data.map((d) => d.embedding);
	});
}
