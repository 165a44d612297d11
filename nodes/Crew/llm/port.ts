/**
 * What the crew needs from a chat model, whichever kind is connected: an n8n chat-model sub-node
 * (LangChain) or an OpenAI-compatible endpoint. Keeping this small lets the brain run with any
 * model, and with none.
 */
export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string;
	/** On assistant messages that asked for tools. */
	toolCalls?: ToolCallRequest[];
	/** On tool messages: which call this answers. */
	toolCallId?: string;
}

export interface ToolSpec {
	name: string;
	description: string;
	/** JSON Schema of the arguments. */
	parameters: Record<string, unknown>;
}

export interface ToolCallRequest {
	id: string;
	name: string;
	args: Record<string, unknown>;
}

export interface TokenUsage {
	input: number;
	output: number;
}

export interface ChatCompletion {
	text: string;
	toolCalls: ToolCallRequest[];
	usage: TokenUsage;
}

export interface CompleteOptions {
	tools?: readonly ToolSpec[];
	/** Give up after this long; the caller falls back to its embedded answer. */
	timeoutMs?: number;
	/** Ask for a JSON object answer (when the model supports it). */
	json?: boolean;
}

export interface ChatModelPort {
	readonly name: string;
	complete(messages: readonly ChatMessage[], options?: CompleteOptions): Promise<ChatCompletion>;
}

/** A rough count for models that report no usage: ~4 characters per token. */
export function estimateTokens(text: string): number {
	return Math.ceil(text.length / 4);
}

export async function withTimeout<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T> {
	if (!ms) return await work;
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		return await Promise.race([
			work,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
			}),
		]);
	} finally {
		if (timer) clearTimeout(timer);
	}
}
