/**
 * Checks a POST /v1/chat/completions body the way OpenAI does before any model runs, with OpenAI's
 * wording, so a client that sends something the real API refuses fails here too.
 */
import { badRequest, emptyArray, invalidType, invalidValue, missingParameter, noModel, unparsableJson } from './errors';
import { messageText } from './messages';
import type { ChatRequest } from './types';

const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** "a string", "an array", "an integer"…: how OpenAI names the type it got. */
function described(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
	if (typeof value === 'object') return 'an object';
	return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

export function parseChatRequest(raw: string): ChatRequest {
	let body: unknown;
	try {
		body = JSON.parse(raw);
	} catch {
		throw unparsableJson();
	}
	if (!isObject(body)) throw badRequest(`Invalid type for request body: expected an object, but got ${described(body)} instead.`);
	if (body.model === undefined || body.model === null || body.model === '') throw noModel();
	if (typeof body.model !== 'string') throw invalidType('model', 'a string', described(body.model));
	checkMessages(body.messages);
	checkTools(body);
	checkStreaming(body);
	checkResponseFormat(body);
	return body as ChatRequest;
}

function checkMessages(messages: unknown): void {
	if (messages === undefined) throw missingParameter('messages');
	if (!Array.isArray(messages)) throw invalidType('messages', 'an array', described(messages));
	if (messages.length === 0) throw emptyArray('messages');
	messages.forEach((message: unknown, index) => checkMessage(message, `messages[${index}]`));
	checkToolSequence(messages as Fields[]);
}

function checkMessage(message: unknown, path: string): void {
	if (!isObject(message)) throw invalidType(path, 'an object', described(message));
	const role = message.role;
	if (role === undefined) throw missingParameter(`${path}.role`);
	if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw invalidValue(`${path}.role`, String(role), ROLES);
	const content = message.content;
	const hasCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
	if (content === undefined || content === null) {
		// Only an assistant message that calls tools (or a function) may come without content.
		if (!(role === 'assistant' && (hasCalls || message.function_call !== undefined))) throw missingParameter(`${path}.content`);
	} else if (typeof content !== 'string' && !(Array.isArray(content) && content.every(isObject))) {
		throw invalidType(`${path}.content`, 'one of a string or array of objects', described(content));
	}
	if (role === 'tool' && typeof message.tool_call_id !== 'string') throw missingParameter(`${path}.tool_call_id`);
	if (message.tool_calls !== undefined) {
		if (role !== 'assistant') throw badRequest(`Invalid parameter: only messages with role 'assistant' can have 'tool_calls'.`, `${path}.tool_calls`);
		if (!Array.isArray(message.tool_calls)) throw invalidType(`${path}.tool_calls`, 'an array', described(message.tool_calls));
		message.tool_calls.forEach((call: unknown, index) => checkToolCall(call, `${path}.tool_calls[${index}]`));
	}
}

function checkToolCall(call: unknown, path: string): void {
	if (!isObject(call)) throw invalidType(path, 'an object', described(call));
	if (typeof call.id !== 'string') throw missingParameter(`${path}.id`);
	if (call.type !== 'function') throw invalidValue(`${path}.type`, String(call.type), ['function']);
	const fn = call.function;
	if (!isObject(fn)) throw missingParameter(`${path}.function`);
	if (typeof fn.name !== 'string') throw missingParameter(`${path}.function.name`);
	if (typeof fn.arguments !== 'string') throw invalidType(`${path}.function.arguments`, 'a string', described(fn.arguments));
}

/** Every tool call is answered by tool messages right after it, and tool messages answer nothing else. */
function checkToolSequence(messages: Fields[]): void {
	let pending: { index: number; ids: Set<string> } | null = null;
	const unanswered = () => {
		if (pending && pending.ids.size > 0) {
			throw badRequest(
				`An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending.ids].join(', ')}`,
				`messages.[${pending.index}].role`,
			);
		}
	};
	messages.forEach((message, index) => {
		if (message.role === 'tool') {
			if (!pending) throw badRequest("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", `messages.[${index}].role`);
			const id = String(message.tool_call_id);
			if (!pending.ids.delete(id)) throw badRequest(`Invalid parameter: 'tool_call_id' of '${id}' not found in 'tool_calls' of previous message.`, `messages.[${index}].tool_call_id`);
			return;
		}
		unanswered();
		pending = null;
		const calls = message.tool_calls;
		if (message.role === 'assistant' && Array.isArray(calls) && calls.length > 0) {
			pending = { index, ids: new Set(calls.map((call) => String((call as Fields).id))) };
		}
	});
	unanswered();
}

function checkTools(body: Fields): void {
	const tools = body.tools;
	if (tools === undefined || tools === null) {
		if (body.tool_choice !== undefined && body.tool_choice !== null) {
			throw badRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice');
		}
		return;
	}
	if (!Array.isArray(tools)) throw invalidType('tools', 'an array', described(tools));
	if (tools.length === 0) throw emptyArray('tools');
	tools.forEach((tool: unknown, index) => {
		const path = `tools[${index}]`;
		if (!isObject(tool)) throw invalidType(path, 'an object', described(tool));
		if (tool.type !== 'function') throw invalidValue(`${path}.type`, String(tool.type), ['function']);
		const fn = tool.function;
		if (!isObject(fn)) throw missingParameter(`${path}.function`);
		if (typeof fn.name !== 'string') throw missingParameter(`${path}.function.name`);
		if (!TOOL_NAME.test(fn.name)) {
			throw badRequest(`Invalid '${path}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `${path}.function.name`);
		}
		if (fn.parameters !== undefined && !isObject(fn.parameters)) throw invalidType(`${path}.function.parameters`, 'an object', described(fn.parameters));
	});
}

function checkStreaming(body: Fields): void {
	if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') throw invalidType('stream', 'a boolean', described(body.stream));
	if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
		throw badRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
	}
}

function checkResponseFormat(body: Fields): void {
	const format = body.response_format;
	if (format === undefined || format === null) return;
	if (!isObject(format)) throw invalidType('response_format', 'an object', described(format));
	if (format.type !== 'text' && format.type !== 'json_object' && format.type !== 'json_schema') {
		throw invalidValue('response_format.type', String(format.type), ['text', 'json_object', 'json_schema']);
	}
	if (format.type === 'json_object') {
		const messages = body.messages as ChatRequest['messages'];
		if (!messages.some((message) => messageText(message).toLowerCase().includes('json'))) throw badRequest("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages');
	}
}
