import { BaseChatModel, type BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';

export interface ScriptedReply {
	content: string;
	tool_calls?: Array<{ name: string; args: Record<string, unknown> }>;
}

/** Decides the next reply from the conversation so far (system, context, customer message...). */
export type Script = (messages: BaseMessage[], call: number) => ScriptedReply;

const tokens = (text: string) => Math.ceil(text.length / 4);
const textOf = (message: BaseMessage) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content));

/**
 * A real LangChain chat model whose answers a test scripts. It counts tokens the way a provider
 * reports them (usage_metadata), records every prompt and the tools it was offered.
 */
export class ScriptedChatModel extends BaseChatModel {
	readonly prompts: BaseMessage[][] = [];
	offeredTools: string[][] = [];
	tokensIn = 0;
	tokensOut = 0;
	private calls = 0;

	constructor(
		private readonly script: Script,
		params: BaseChatModelParams = {},
	) {
		super(params);
	}

	_llmType(): string {
		return 'scripted';
	}

	bindTools(tools: Array<{ function?: { name: string }; name?: string }>): this {
		this.offeredTools.push(tools.map((t) => t.function?.name ?? t.name ?? '?'));
		return this;
	}

	async _generate(messages: BaseMessage[]): Promise<ChatResult> {
		this.prompts.push(messages);
		const reply = this.script(messages, this.calls++);
		const input = tokens(messages.map(textOf).join('\n'));
		const output = tokens(reply.content + JSON.stringify(reply.tool_calls ?? []));
		this.tokensIn += input;
		this.tokensOut += output;
		const message = new AIMessage({
			content: reply.content,
			tool_calls: (reply.tool_calls ?? []).map((call, i) => ({ id: `call_${this.calls}_${i}`, name: call.name, args: call.args, type: 'tool_call' as const })),
			usage_metadata: { input_tokens: input, output_tokens: output, total_tokens: input + output },
		});
		return { generations: [{ text: reply.content, message }] };
	}
}

/** The customer's message inside a prompt (the crew wraps it in <<< >>>). */
export function customerText(messages: BaseMessage[]): string {
	const last = [...messages].reverse().find((m) => m._getType() === 'human');
	const text = last ? textOf(last) : '';
	const match = /<<<\n([\s\S]*?)\n>>>/.exec(text);
	return match ? match[1] : text;
}

/** What the crew gives the model to answer from: this turn's tool results and draft, or the draft alone. */
export function contextOf(messages: BaseMessage[]): string {
	return messages.map(textOf).find((t) => t.startsWith('CONTEXT') || t.startsWith('DRAFT')) ?? '';
}
