import { UpstreamError } from '../../../lib/errors';
import { estimateTokens, type ChatCompletion, type ChatMessage, type ChatModelPort, type CompleteOptions } from './port';

export interface OpenAiSettings {
	baseUrl: string;
	apiKey?: string;
	model: string;
}

interface OpenAiReply {
	choices?: Array<{ message?: { content?: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> } }>;
	usage?: { prompt_tokens?: number; completion_tokens?: number };
	error?: { message?: string };
}

function toOpenAi(message: ChatMessage): Record<string, unknown> {
	if (message.role === 'tool') return { role: 'tool', content: message.content, tool_call_id: message.toolCallId };
	if (message.role === 'assistant' && message.toolCalls?.length) {
		return {
			role: 'assistant',
			content: message.content || null,
			tool_calls: message.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
		};
	}
	return { role: message.role, content: message.content };
}

/** An OpenAI-compatible /chat/completions endpoint (OpenAI, Azure-compatible gateways, Ollama, vLLM…). */
export function openAiPort(settings: OpenAiSettings): ChatModelPort {
	const url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
	return {
		name: settings.model,
		async complete(messages: readonly ChatMessage[], options: CompleteOptions = {}): Promise<ChatCompletion> {
			const body: Record<string, unknown> = { model: settings.model, messages: messages.map(toOpenAi), temperature: 0.2 };
			if (options.tools?.length) body.tools = options.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
			if (options.json && !options.tools?.length) body.response_format = { type: 'json_object' };
			let response: Response;
			try {
				response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
					body: JSON.stringify(body),
					signal: options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
				});
			} catch (error) {
				throw new UpstreamError(`The chat model at ${new URL(url).host} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
			}
			const reply = (await response.json().catch(() => ({}))) as OpenAiReply;
			if (!response.ok) throw new UpstreamError(`The chat model answered ${response.status}: ${reply.error?.message ?? 'no detail'}`);
			const message = reply.choices?.[0]?.message ?? {};
			const text = message.content ?? '';
			const toolCalls = (message.tool_calls ?? []).map((call) => {
				let args: Record<string, unknown> = {};
				try {
					args = JSON.parse(call.function.arguments || '{}') as Record<string, unknown>;
				} catch {
					args = {};
				}
				return { id: call.id, name: call.function.name, args };
			});
			return {
				text,
				toolCalls,
				usage: {
					input: reply.usage?.prompt_tokens ?? estimateTokens(messages.map((m) => m.content).join('\n')),
					output: reply.usage?.completion_tokens ?? estimateTokens(text),
				},
			};
		},
	};
}
