/**
 * An OpenAI Chat Completions emulator for tests, the demo and benchmarks: POST /v1/chat/completions
 * (JSON, or Server-Sent Events with `stream: true`) and GET /v1/models, behind a bearer key, with
 * OpenAI's error bodies, deterministic token usage (tokens.ts) and answers decided by a script
 * (script.ts; `groundedScript` unless another is given).
 */
import { groundedScript } from './script';
import { OpenAiServer } from './server';
import type { OpenAiEmulator, StartOptions } from './types';

export type { ChatRequest, ChatRequestMessage, ContentPart, JsonSchema, OpenAiEmulator, Script, ScriptedAnswer, ScriptedToolCall, StartOptions, ToolDefinition, UsageTotals } from './types';
export { contextOf, customerText, draftAnswer, draftOf, genericAnswer, groundedScript, isRoutingRequest, mostRelevantTool, quoteAnswer, routingAnswer, toolArguments, toolCallFor, toolResultsOfTurn } from './script';
export { routeByKeywords, ROUTING_CONFIDENCE, type RoutedIntent } from './intents';
export { languageOf, type Language } from './language';
export { CHARS_PER_TOKEN, tokensFor } from './tokens';
export type { ErrorBody } from './errors';

export const DEFAULT_API_KEY = 'sk-emulator-5f0c2a9e7b1d4c68';
/** Not a real OpenAI model name: clients then skip downloading a tokenizer for it and count tokens locally. */
export const DEFAULT_MODEL = 'scripted-chat-1';

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

export async function startOpenAiEmulator(options: StartOptions = {}): Promise<OpenAiEmulator> {
	const host = options.host ?? '127.0.0.1';
	if (!isLoopback(host)) throw new Error(`the OpenAI emulator listens on loopback only (got host "${host}")`);
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	const model = options.model ?? DEFAULT_MODEL;
	const server = new OpenAiServer({ apiKey, model, script: options.script ?? groundedScript, latencyMs: options.latencyMs ?? 0 });
	const port = await server.listen(options.port ?? 0, host);
	let closed = false;
	return {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
		apiKey,
		model,
		requests: server.requests,
		usage: server.usage,
		failNext: (count, status) => server.failNext(count, status),
		setScript: (script) => server.setScript(script),
		reset: () => server.reset(),
		async close() {
			if (closed) return;
			closed = true;
			await server.close();
		},
	};
}
