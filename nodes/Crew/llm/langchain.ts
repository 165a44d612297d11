import { estimateTokens, withTimeout, type ChatCompletion, type ChatMessage, type ChatModelPort, type CompleteOptions, type ToolCallRequest } from './port';

/**
 * The slice of a LangChain chat model (what an n8n chat-model sub-node hands over) used here.
 * Typed structurally: n8n provides @langchain/core at run time and we never bundle it.
 */
interface LangChainMessage {
	content: unknown;
	tool_calls?: Array<{ id?: string; name: string; args: Record<string, unknown> }>;
	usage_metadata?: { input_tokens?: number; output_tokens?: number };
	response_metadata?: object;
}

type MessageLike = { role: string; content: string; tool_calls?: unknown[]; tool_call_id?: string };

export interface LangChainChatModel {
	invoke(messages: MessageLike[], options?: Record<string, unknown>): Promise<LangChainMessage>;
	bindTools?(tools: Array<{ type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } }>): LangChainChatModel;
	_llmType?(): string;
}

export function isLangChainChatModel(value: unknown): value is LangChainChatModel {
	return typeof value === 'object' && value !== null && typeof (value as { invoke?: unknown }).invoke === 'function';
}

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content.map((part) => (typeof part === 'string' ? part : typeof part === 'object' && part && 'text' in part ? String((part as { text: unknown }).text) : '')).join('');
	}
	return '';
}

function toLangChain(message: ChatMessage): MessageLike {
	if (message.role === 'tool') return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
	if (message.role === 'assistant' && message.toolCalls?.length) {
		return { role: 'assistant', content: message.content, tool_calls: message.toolCalls.map((c) => ({ id: c.id, name: c.name, args: c.args, type: 'tool_call' })) };
	}
	return { role: message.role, content: message.content };
}

export function langChainPort(model: LangChainChatModel): ChatModelPort {
	return {
		name: typeof model._llmType === 'function' ? model._llmType() : 'chat model',
		async complete(messages: readonly ChatMessage[], options: CompleteOptions = {}): Promise<ChatCompletion> {
			const bound =
				options.tools?.length && typeof model.bindTools === 'function'
					? model.bindTools(options.tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } })))
					: model;
			const reply = await withTimeout(bound.invoke(messages.map(toLangChain)), options.timeoutMs, 'The chat model');
			const text = textOf(reply.content);
			const toolCalls: ToolCallRequest[] = (reply.tool_calls ?? []).map((call, i) => ({ id: call.id ?? `call_${i}`, name: call.name, args: call.args ?? {} }));
			const usage = reply.usage_metadata;
			// Older providers report usage in response_metadata instead of usage_metadata.
			const metadata = (reply.response_metadata ?? {}) as { tokenUsage?: { promptTokens?: number; completionTokens?: number }; usage?: { prompt_tokens?: number; completion_tokens?: number } };
			const legacy = metadata.tokenUsage ?? { promptTokens: metadata.usage?.prompt_tokens, completionTokens: metadata.usage?.completion_tokens };
			return {
				text,
				toolCalls,
				usage: {
					input: usage?.input_tokens ?? legacy.promptTokens ?? estimateTokens(messages.map((m) => m.content).join('\n')),
					output: usage?.output_tokens ?? legacy.completionTokens ?? estimateTokens(text),
				},
			};
		},
	};
}
