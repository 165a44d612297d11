/** Shared types of the OpenAI Chat Completions emulator: the request as clients send it, and what a script answers. */

/** One part of a multi-part message content (`[{type: "text", text}]`); other part types are kept but carry no text. */
export interface ContentPart {
	type: string;
	text?: string;
	[key: string]: unknown;
}

export interface RequestToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

export interface ChatRequestMessage {
	role: ChatRole;
	/** Null (or absent) only on assistant messages that carry tool calls. */
	content?: string | ContentPart[] | null;
	name?: string;
	tool_calls?: RequestToolCall[];
	tool_call_id?: string;
}

export interface ToolDefinition {
	type: 'function';
	function: {
		name: string;
		description?: string;
		/** JSON Schema of the arguments. */
		parameters?: JsonSchema;
		strict?: boolean | null;
	};
}

export interface JsonSchema {
	type?: string | string[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	description?: string;
	[key: string]: unknown;
}

/** A validated POST /v1/chat/completions body; fields the emulator does not interpret stay as sent. */
export interface ChatRequest {
	model: string;
	messages: ChatRequestMessage[];
	tools?: ToolDefinition[];
	tool_choice?: unknown;
	stream?: boolean | null;
	stream_options?: { include_usage?: boolean } | null;
	response_format?: { type: 'text' | 'json_object' | 'json_schema'; json_schema?: unknown };
	[key: string]: unknown;
}

export interface ScriptedToolCall {
	name: string;
	arguments: Record<string, unknown>;
}

export interface ScriptedAnswer {
	content?: string;
	tool_calls?: ScriptedToolCall[];
}

/** Decides the answer to one request; `callIndex` counts the completions answered since the script was set (from 0). */
export type Script = (request: ChatRequest, callIndex: number) => ScriptedAnswer;

export interface UsageTotals {
	/** Completions answered (failures, refused keys and malformed bodies are not counted). */
	calls: number;
	promptTokens: number;
	completionTokens: number;
}

export interface StartOptions {
	port?: number;
	/** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
	host?: string;
	apiKey?: string;
	/** The model name GET /v1/models lists; completions accept any model name and echo it. */
	model?: string;
	script?: Script;
	/** Wait this long before answering each completion, as a real model takes time. */
	latencyMs?: number;
}

export interface OpenAiEmulator {
	/** Base URL, ending in /v1 (what OpenAI clients take as `baseURL`). */
	url: string;
	apiKey: string;
	model: string;
	/** Every well-formed completion request that passed the key check, in arrival order, failNext ones included. */
	requests: ChatRequest[];
	/** Running totals of the completions answered, counted as each response reports them. */
	usage: UsageTotals;
	/** Answers the next `count` completion requests with `status` and OpenAI's error body (429, 500, 503…). */
	failNext(count: number, status: number): void;
	/** Replaces the script; its callIndex starts again at 0. */
	setScript(script: Script): void;
	/** Clears requests, usage and pending failures and restores the script given at start. */
	reset(): void;
	close(): Promise<void>;
}
