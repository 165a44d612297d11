/**
 * The answer's wire forms, after OpenAI's Chat Completions reference: one `chat.completion` object,
 * or a stream of `chat.completion.chunk` objects (role first, then content pieces or tool-call
 * pieces keyed by index, then the finish reason, then, when asked, a usage chunk with no choices).
 */
import { randomBytes } from 'node:crypto';

import type { Completion } from './tokens';

export interface Usage {
	prompt_tokens: number;
	completion_tokens: number;
	total_tokens: number;
	prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
	completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
}

export interface ResponseMeta {
	id: string;
	created: number;
	model: string;
}

type FinishReason = 'stop' | 'tool_calls';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ARGUMENT_PIECE = 12;
const SYSTEM_FINGERPRINT = 'fp_7c3e1d9a52';

function randomId(prefix: string, length: number): string {
	return prefix + [...randomBytes(length)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

export const completionId = () => randomId('chatcmpl-', 29);
export const toolCallId = () => randomId('call_', 24);

export function usageOf(promptTokens: number, completionTokens: number): Usage {
	return {
		prompt_tokens: promptTokens,
		completion_tokens: completionTokens,
		total_tokens: promptTokens + completionTokens,
		prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
		completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
	};
}

const finishReasonOf = (completion: Completion): FinishReason => (completion.toolCalls.length > 0 ? 'tool_calls' : 'stop');

const wireToolCalls = (completion: Completion) =>
	completion.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }));

export function completionBody(meta: ResponseMeta, completion: Completion, usage: Usage): Record<string, unknown> {
	const message: Record<string, unknown> = { role: 'assistant', content: completion.content, refusal: null, annotations: [] };
	if (completion.toolCalls.length > 0) message.tool_calls = wireToolCalls(completion);
	return {
		id: meta.id,
		object: 'chat.completion',
		created: meta.created,
		model: meta.model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasonOf(completion) }],
		usage,
		service_tier: 'default',
		system_fingerprint: SYSTEM_FINGERPRINT,
	};
}

/** Word-sized content pieces (each keeps its trailing spaces), so deltas concatenate back exactly. */
function contentPieces(content: string): string[] {
	return content.match(/\s*\S+\s*|\s+/g) ?? [];
}

function argumentPieces(text: string): string[] {
	const pieces: string[] = [];
	for (let i = 0; i < text.length; i += ARGUMENT_PIECE) pieces.push(text.slice(i, i + ARGUMENT_PIECE));
	return pieces;
}

/**
 * The chunk objects of a streamed answer, in order (the caller writes each as `data: <json>` and
 * ends with `data: [DONE]`). With `usage` set (stream_options.include_usage), every chunk carries
 * `usage: null` and a last chunk carries the usage with an empty `choices`.
 */
export function streamChunks(meta: ResponseMeta, completion: Completion, usage: Usage | null): Array<Record<string, unknown>> {
	const envelope = {
		id: meta.id,
		object: 'chat.completion.chunk',
		created: meta.created,
		model: meta.model,
		service_tier: 'default',
		system_fingerprint: SYSTEM_FINGERPRINT,
	};
	const chunk = (delta: Record<string, unknown>, finishReason: FinishReason | null = null): Record<string, unknown> => ({
		...envelope,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
		...(usage ? { usage: null } : {}),
	});
	const header = (call: Completion['toolCalls'][number], index: number) => ({ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } });
	const chunks: Array<Record<string, unknown>> = [];
	const first = completion.toolCalls[0];
	const opensWithCall = completion.content === null && first !== undefined;
	if (opensWithCall) {
		// A tool-call-only answer opens with the role and the first call's id and name together.
		chunks.push(chunk({ role: 'assistant', content: null, tool_calls: [header(first, 0)], refusal: null }));
	} else {
		chunks.push(chunk({ role: 'assistant', content: '', refusal: null }));
		for (const piece of contentPieces(completion.content ?? '')) chunks.push(chunk({ content: piece }));
	}
	completion.toolCalls.forEach((call, index) => {
		if (!(opensWithCall && index === 0)) chunks.push(chunk({ tool_calls: [header(call, index)] }));
		for (const piece of argumentPieces(call.arguments)) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
	});
	chunks.push(chunk({}, finishReasonOf(completion)));
	if (usage) chunks.push({ ...envelope, choices: [], usage });
	return chunks;
}
