/**
 * Scripts decide what the emulated model answers. `groundedScript`, the default, reads a request
 * the way a careful model would:
 *   1. a routing request of the crew ("Answer with JSON only", customer text between <<< and >>>)
 *      gets `{"intent", "confidence"}` from keyword rules (intents.ts);
 *   2. a grounded agent turn of the crew (a system message "CONTEXT (tool results of this turn):"
 *      holding "DRAFT answer composed from them:", or one holding only the draft, "DRAFT reply,
 *      from this turn's tool results:") gets the draft back, after a short opener in
 *      its language, and the bare draft when asked to rewrite it: the draft is grounded, so no
 *      figure is ever added;
 *   3. an agent offering tools gets one call of the most relevant tool when this turn has no tool
 *      result yet, and afterwards a short reply quoting the first tool result;
 *   4. anything else gets a short polite sentence (wrapped as {"answer"} when JSON is required).
 * The helpers are exported so tests can compose scripts of their own.
 */
import { conceptOf, fold, hasKeyword, routeByKeywords } from './intents';
import { languageOf, requestedLanguage, WORDS, type Language } from './language';
import { messageText } from './messages';
import type { ChatRequest, JsonSchema, Script, ScriptedAnswer, ScriptedToolCall, ToolDefinition } from './types';

export const ROUTING_MARKER = 'Answer with JSON only';
export const CONTEXT_HEADER = 'CONTEXT (tool results of this turn):';
export const DRAFT_HEADER = 'DRAFT answer composed from them:\n';
/** A draft given alone, to be phrased: its first line is the header. */
export const PHRASE_HEADER = 'DRAFT reply, from this turn\'s tool results:';
export const REWRITE_MARKER = 'Your answer states figures that are not in the tool results';
const QUOTE_LIMIT = 400;

const instructionsOf = (request: ChatRequest): string[] =>
	request.messages.filter((message) => message.role === 'system' || message.role === 'developer').map(messageText);

function lastUserIndex(request: ChatRequest): number {
	for (let i = request.messages.length - 1; i >= 0; i--) if (request.messages[i].role === 'user') return i;
	return -1;
}

/**
 * The customer's words: the text between `<<<` and `>>>` of the latest user message that has
 * such a block (the crew wraps customer text this way), else the latest user message as is.
 */
export function customerText(request: ChatRequest): string {
	const users = request.messages.filter((message) => message.role === 'user').map(messageText);
	for (const text of [...users].reverse()) {
		const wrapped = /<<<\n([\s\S]*?)\n>>>/.exec(text);
		if (wrapped) return wrapped[1];
	}
	return users[users.length - 1] ?? '';
}

function contextMessage(request: ChatRequest): string | null {
	return instructionsOf(request).find((text) => text.startsWith(CONTEXT_HEADER)) ?? null;
}

/** The tool results the crew put in its CONTEXT message ('' when there is none). */
export function contextOf(request: ChatRequest): string {
	const context = contextMessage(request);
	if (context === null) return '';
	const body = context.slice(CONTEXT_HEADER.length);
	const draftAt = body.indexOf(`\n\n${DRAFT_HEADER}`);
	return (draftAt < 0 ? body : body.slice(0, draftAt)).trim();
}

/** The draft answer the crew composed from its tool results, or null when the request carries none. */
export function draftOf(request: ChatRequest): string | null {
	const alone = instructionsOf(request).find((text) => text.startsWith(PHRASE_HEADER));
	if (alone !== undefined) return alone.slice(alone.indexOf('\n') + 1);
	const context = contextMessage(request);
	const at = context?.indexOf(DRAFT_HEADER) ?? -1;
	return context && at >= 0 ? context.slice(at + DRAFT_HEADER.length) : null;
}

export const isRoutingRequest = (request: ChatRequest): boolean => instructionsOf(request).some((text) => text.includes(ROUTING_MARKER));

function isRewriteRequest(request: ChatRequest): boolean {
	const last = request.messages[lastUserIndex(request)];
	return last !== undefined && messageText(last).startsWith(REWRITE_MARKER);
}

const wantsJson = (request: ChatRequest): boolean => request.response_format?.type === 'json_object' || request.response_format?.type === 'json_schema';

/** The reply language: what the instructions ask for ("Answer in Spanish."), else the given text's. */
function replyLanguage(request: ChatRequest, text: string): Language {
	for (const instructions of instructionsOf(request)) {
		const requested = requestedLanguage(instructions);
		if (requested) return requested;
	}
	return languageOf(text);
}

/** What our router says the conversation is about already (a careful model keeps short follow-ups there). */
const ONGOING = /The conversation is ongoing with: (sales|scheduling|business_rules|support)\b/;

export function routingAnswer(request: ChatRequest): ScriptedAnswer {
	const text = customerText(request);
	const ongoing = ONGOING.exec(request.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n'))?.[1];
	const routed = routeByKeywords(text);
	if (ongoing && !hasKeyword(text)) return { content: JSON.stringify({ intent: ongoing, confidence: routed.confidence }) };
	return { content: JSON.stringify(routed) };
}

const STARTS_FRIENDLY = /^\s*(¡|claro|sure|of course|ol[aá]\b|oi\b|hola\b|hello\b|hi\b|bom dia|boa tarde|boa noite|buen[oa]s|good (morning|afternoon|evening))/i;

/** The draft as the reply, with a short opener unless it already opens warmly. */
export function draftAnswer(request: ChatRequest, draft: string): ScriptedAnswer {
	if (isRewriteRequest(request) || STARTS_FRIENDLY.test(draft)) return { content: draft };
	return { content: `${WORDS[replyLanguage(request, draft)].opener} ${draft}` };
}

/** The tool messages answering this turn's calls (those after the latest user message). */
export function toolResultsOfTurn(request: ChatRequest): string[] {
	return request.messages.slice(lastUserIndex(request) + 1).filter((message) => message.role === 'tool').map(messageText);
}

function quoted(text: string): string {
	const trimmed = text.trim().replace(/\s+/g, ' ');
	if (trimmed.length <= QUOTE_LIMIT) return trimmed;
	const cut = trimmed.slice(0, QUOTE_LIMIT);
	const space = cut.lastIndexOf(' ');
	return `${(space > QUOTE_LIMIT / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function quoteAnswer(request: ChatRequest, result: string): ScriptedAnswer {
	return { content: `${WORDS[replyLanguage(request, customerText(request))].found} ${quoted(result)}` };
}

export function genericAnswer(request: ChatRequest): ScriptedAnswer {
	const sentence = WORDS[replyLanguage(request, customerText(request))].generic;
	return { content: wantsJson(request) ? JSON.stringify({ answer: sentence }) : sentence };
}

const STOPWORDS = new Set(['para', 'como', 'sobre', 'quero', 'gostaria', 'voce', 'isso', 'esta', 'este', 'essa', 'esse', 'pelo', 'pela', 'with', 'this', 'that', 'what', 'your', 'have', 'from', 'about', 'please', 'would', 'like', 'tiene', 'usted', 'quiero', 'favor']);

const wordsOf = (text: string): string[] =>
	(fold(text.replace(/([a-z])([A-Z])/g, '$1 $2')).match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length >= 4 && !STOPWORDS.has(word));

/**
 * Equal words, words sharing their first five letters (preço/preços), or keywords of the same
 * intent in any language (estoque/stock, agendar/schedule), as tools are often described in English.
 */
function related(a: string, b: string): boolean {
	if (a === b || (a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5))) return true;
	const concept = conceptOf(a);
	return concept !== null && concept === conceptOf(b);
}

/** The offered tool whose name and description share the most words with the customer's; the first on a tie. */
export function mostRelevantTool(tools: readonly ToolDefinition[], text: string): ToolDefinition | null {
	const asked = wordsOf(text);
	let best: { tool: ToolDefinition; score: number } | null = null;
	for (const tool of tools) {
		const described = wordsOf(`${tool.function.name.replace(/[_-]+/g, ' ')} ${tool.function.description ?? ''}`);
		const score = asked.filter((word) => described.some((other) => related(word, other))).length;
		if (!best || score > best.score) best = { tool, score };
	}
	return best?.tool ?? null;
}

const isStringSchema = (schema: JsonSchema | undefined): boolean =>
	schema !== undefined && (schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string')));

/**
 * The customer's text as the tool's argument: in its first required string property, else its
 * only property when that is a string, else its first string property; `{}` when it takes none.
 */
export function toolArguments(parameters: JsonSchema | undefined, text: string): Record<string, unknown> {
	const properties = parameters?.properties ?? {};
	const names = Object.keys(properties);
	const target =
		(parameters?.required ?? []).find((name) => isStringSchema(properties[name])) ??
		(names.length === 1 && isStringSchema(properties[names[0]]) ? names[0] : undefined) ??
		names.find((name) => isStringSchema(properties[name]));
	return target === undefined ? {} : { [target]: text };
}

/** The call a careful model makes: none under `tool_choice: "none"`, the named tool when one is forced. */
export function toolCallFor(request: ChatRequest): ScriptedToolCall | null {
	const choice = request.tool_choice;
	if (choice === 'none') return null;
	const forced = typeof choice === 'object' && choice !== null ? (choice as { function?: { name?: string } }).function?.name : undefined;
	const offered = (request.tools ?? []).filter((tool) => forced === undefined || tool.function.name === forced);
	const text = customerText(request);
	const tool = mostRelevantTool(offered, text);
	return tool ? { name: tool.function.name, arguments: toolArguments(tool.function.parameters, text) } : null;
}

export const groundedScript: Script = (request) => {
	if (isRoutingRequest(request)) return routingAnswer(request);
	const draft = draftOf(request);
	if (draft !== null && draft.trim() !== '') return draftAnswer(request, draft);
	const [firstResult] = toolResultsOfTurn(request);
	if (firstResult !== undefined) return quoteAnswer(request, firstResult);
	const call = toolCallFor(request);
	if (call) return { tool_calls: [call] };
	return genericAnswer(request);
};
