/**
 * The emulator's token count, deterministic so tests can predict it: one token per 4 characters,
 * rounded up, of
 *   - prompt: every message's text, plus the name and arguments string of each tool call it
 *     carries, plus JSON.stringify(tools) when tools are offered;
 *   - completion: the answer's text plus the name and arguments string of each tool call.
 * Real tokenizers differ, but budgets and reports only need numbers that grow with the text.
 */
import { messageText } from './messages';
import type { ChatRequest } from './types';

export interface Completion {
	content: string | null;
	toolCalls: Array<{ id: string; name: string; arguments: string }>;
}

export const CHARS_PER_TOKEN = 4;

export const tokensFor = (characters: number): number => Math.ceil(characters / CHARS_PER_TOKEN);

export function promptTokens(request: ChatRequest): number {
	let characters = 0;
	for (const message of request.messages) {
		characters += messageText(message).length;
		for (const call of message.tool_calls ?? []) characters += call.function.name.length + call.function.arguments.length;
	}
	if (request.tools?.length) characters += JSON.stringify(request.tools).length;
	return tokensFor(characters);
}

export function completionTokens(completion: Completion): number {
	let characters = completion.content?.length ?? 0;
	for (const call of completion.toolCalls) characters += call.name.length + call.arguments.length;
	return tokensFor(characters);
}
