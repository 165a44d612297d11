/**
 * The OpenAI emulator driven by the crew's own client (openAiPort, llmRoute, llmTurn) and by raw
 * HTTP, as LangChain's ChatOpenAI would call it: JSON and streamed answers, OpenAI's error bodies,
 * token usage, and the default script's routing, grounded and tool-using answers.
 */
import { errorKindOf } from '../../lib/errors';
import { answerDraft, type TurnContext } from '../../nodes/Crew/agent/context';
import { llmTurn } from '../../nodes/Crew/agent/llm-agent';
import { PHRASES } from '../../nodes/Crew/agent/templates';
import { Toolbox } from '../../nodes/Crew/agent/toolbox';
import { openAiPort } from '../../nodes/Crew/llm/openai';
import type { ChatMessage, ChatModelPort, ToolSpec } from '../../nodes/Crew/llm/port';
import { llmRoute } from '../../nodes/Crew/router/llm-route';
import { defaultCrew, defaultTenant } from '../../nodes/TenantConfig/schema/defaults';
import { contextOf, customerText, draftOf, groundedScript, startOpenAiEmulator, type OpenAiEmulator } from '../emulators/openai';

interface ErrorReply {
	error: { message: string; type: string; param: string | null; code: string | null };
}

interface ToolCallDelta {
	index: number;
	id?: string;
	type?: string;
	function?: { name?: string; arguments?: string };
}

interface Chunk {
	id: string;
	object: string;
	model: string;
	choices: Array<{ index: number; delta: { role?: string; content?: string | null; tool_calls?: ToolCallDelta[] }; finish_reason: string | null }>;
	usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

const PRODUCT_TOOLS: ToolSpec[] = [
	{ name: 'weather_forecast', description: 'Weather forecast for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
	{
		name: 'product_search',
		description: 'Search the catalogue: products, prices and stock',
		parameters: { type: 'object', properties: { limit: { type: 'integer' }, query: { type: 'string' } }, required: ['limit', 'query'] },
	},
];

describe('OpenAI emulator', () => {
	let emulator: OpenAiEmulator;
	let port: ChatModelPort;

	const post = async (body: unknown, key: string | null = emulator.apiKey, path = '/chat/completions') =>
		await fetch(`${emulator.url}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});

	/** One streamed request, read as a client reads Server-Sent Events: the data of each event, in order. */
	async function stream(body: Record<string, unknown>): Promise<{ data: string[]; chunks: Chunk[] }> {
		const response = await post({ model: emulator.model, ...body, stream: true });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const events = (await response.text()).split('\n\n');
		expect(events.pop()).toBe('');
		const data = events.map((event) => {
			expect(event).toMatch(/^data: /);
			return event.slice('data: '.length);
		});
		return { data, chunks: data.slice(0, -1).map((text) => JSON.parse(text) as Chunk) };
	}

	beforeAll(async () => {
		emulator = await startOpenAiEmulator();
		port = openAiPort({ baseUrl: emulator.url, apiKey: emulator.apiKey, model: emulator.model });
	});
	beforeEach(() => emulator.reset());
	afterAll(() => emulator.close());

	it('listens on loopback only and serves its model list behind the key', async () => {
		expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
		await expect(startOpenAiEmulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
		const models = await fetch(`${emulator.url}/models`, { headers: { authorization: `Bearer ${emulator.apiKey}` } });
		expect(await models.json()).toEqual({ object: 'list', data: [{ id: emulator.model, object: 'model', created: expect.any(Number), owned_by: 'system' }] });
		const anonymous = await fetch(`${emulator.url}/models`);
		expect(anonymous.status).toBe(401);
		expect(((await anonymous.json()) as ErrorReply).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/^You didn't provide an API key/) });
	});

	it('routes customer messages in pt, es and en through llmRoute', async () => {
		const cases: Array<[string, string]> = [
			['Quero falar com um atendente, por favor', 'human'],
			['Quanto custa o sofá? Tem no estoque?', 'sales'],
			['¿Puedo agendar una visita técnica el lunes?', 'scheduling'],
			['What is your return policy? Do you take pix?', 'business_rules'],
			['Tem garantia esse produto?', 'business_rules'],
			['Meu pedido tem defeito', 'support'],
			['Olá, bom dia', 'support'],
		];
		for (const [text, intent] of cases) {
			const routed = await llmRoute(port, text);
			expect({ text, intent: routed.intent, confidence: routed.confidence }).toEqual({ text, intent, confidence: 0.8 });
		}
		const last = emulator.requests[emulator.requests.length - 1];
		expect(last.response_format).toEqual({ type: 'json_object' });
		expect(customerText(last)).toBe('Olá, bom dia');
	});

	describe('grounded agent turns', () => {
		const grounding = JSON.stringify({ name: 'Sofá Aurora 3 lugares', list_price: 1999, qty_available: 3 });
		const draftText = 'Temos sim! **Sofá Aurora 3 lugares** sai por R$ 1.999,00 e temos 3 unidades em estoque.';

		function turnContext(text: string): TurnContext {
			const crew = defaultCrew('whatsapp');
			const tools = new Toolbox('loja', {}, null, {});
			tools.grounding.push(grounding);
			return { text, lang: 'pt', role: 'sales', tenant: defaultTenant('loja'), crew, agent: crew.agents[0], tools, memory: { turns: [] }, now: new Date(), phrases: PHRASES.pt };
		}
		const options = { channelRules: '', writeTools: new Set<string>() };

		it('answers with the draft after a short opener and calls no tool', async () => {
			const outcome = await llmTurn(port, turnContext('Quanto custa o sofá Aurora?'), answerDraft(draftText), PRODUCT_TOOLS, [], options);
			expect(outcome).toMatchObject({ text: `Claro! ${draftText}`, handoff: false, pending: null });
			expect(outcome.usage.calls).toBe(1);
			const [request] = emulator.requests;
			expect(request.tools?.map((tool) => tool.function.name)).toEqual(['weather_forecast', 'product_search']);
			expect(draftOf(request)).toBe(draftText);
			expect(contextOf(request)).toBe(grounding);
		});

		it('reads a draft given alone to be phrased, without the raw tool results', async () => {
			const outcome = await llmTurn(port, turnContext('Quanto custa o sofá Aurora?'), answerDraft(draftText), [], [], { ...options, phraseOnly: true });
			expect(outcome).toMatchObject({ text: `Claro! ${draftText}`, handoff: false });
			const [request] = emulator.requests;
			expect(request.tools ?? []).toEqual([]);
			expect(draftOf(request)).toBe(draftText);
			expect(contextOf(request)).toBe('');
			expect(JSON.stringify(request.messages)).not.toContain('qty_available');
		});

		it('gives the bare draft back when asked to rewrite an ungrounded answer', async () => {
			emulator.setScript((request, call) => (call === 0 ? { content: 'O sofá custa R$ 999,00.' } : groundedScript(request, call)));
			const outcome = await llmTurn(port, turnContext('Quanto custa o sofá Aurora?'), answerDraft(draftText), [], [], options);
			expect(outcome).toMatchObject({ text: draftText, handoff: false });
			expect(outcome.usage.calls).toBe(2);
			const rewrite = emulator.requests[1].messages;
			expect(rewrite[rewrite.length - 1].content).toMatch(/^Your answer states figures that are not in the tool results: R\$ 999,00/);
			expect(rewrite[rewrite.length - 2]).toEqual({ role: 'assistant', content: 'O sofá custa R$ 999,00.' });
		});

		it('opens in the language of the draft', async () => {
			const spanish = 'El **Sofá Aurora** cuesta $ 1.999,00 y hay 3 en stock.';
			const reply = await port.complete([{ role: 'system', content: `CONTEXT (tool results of this turn):\n${grounding}\n\nDRAFT answer composed from them:\n${spanish}` }, { role: 'user', content: 'Customer message:\n<<<\n¿Cuánto cuesta?\n>>>' }]);
			expect(reply.text).toBe(`¡Claro! ${spanish}`);
			// A draft that already opens warmly is left as it is.
			const warm = '¡Hola! El **Sofá Aurora** cuesta $ 1.999,00.';
			expect((await port.complete([{ role: 'system', content: `CONTEXT (tool results of this turn):\n${grounding}\n\nDRAFT answer composed from them:\n${warm}` }, { role: 'user', content: 'hola' }])).text).toBe(warm);
			const english = 'The **Aurora sofa** is in stock and you can order it today.';
			const other = await port.complete([{ role: 'system', content: `CONTEXT (tool results of this turn):\n(none)\n\nDRAFT answer composed from them:\n${english}` }, { role: 'user', content: 'Is it in stock?' }]);
			expect(other.text).toBe(`Sure! ${english}`);
		});
	});

	it('makes a tool round trip with matching ids, quoting the first tool result', async () => {
		const question = 'Quanto custa o sofá? Tem estoque?';
		const messages: ChatMessage[] = [
			{ role: 'system', content: 'You are the shop assistant.' },
			{ role: 'user', content: question },
		];
		const first = await port.complete(messages, { tools: PRODUCT_TOOLS });
		expect(first.text).toBe('');
		expect(first.toolCalls).toEqual([{ id: expect.stringMatching(/^call_[A-Za-z0-9]{24}$/), name: 'product_search', args: { query: question } }]);
		const result = `Sofá Aurora 3 lugares, tecido linho cinza. ${'Estrutura em madeira de eucalipto, pés de metal, almofadas soltas. '.repeat(10)}`;
		messages.push({ role: 'assistant', content: '', toolCalls: first.toolCalls }, { role: 'tool', toolCallId: first.toolCalls[0].id, content: result });
		const second = await port.complete(messages, { tools: PRODUCT_TOOLS });
		expect(second.toolCalls).toEqual([]);
		expect(second.text.startsWith('Aqui está o que encontrei: Sofá Aurora 3 lugares, tecido linho cinza.')).toBe(true);
		expect(second.text.endsWith('…')).toBe(true);
		expect(second.text.length).toBeLessThan(440);
		const answered = emulator.requests[1].messages;
		expect(answered[2].tool_calls?.[0].id).toBe(first.toolCalls[0].id);
		expect(answered[3].tool_call_id).toBe(first.toolCalls[0].id);

		// A tool message answering an id that was never called is refused, as OpenAI refuses it.
		messages[3] = { role: 'tool', toolCallId: 'call_unknown', content: result };
		const refused = await port.complete(messages).catch((error: unknown) => error);
		expect(errorKindOf(refused)).toBe('upstream');
		expect(String(refused)).toContain("'tool_call_id' of 'call_unknown' not found in 'tool_calls' of previous message");
	});

	it('reports the usage the emulator counts: a token per 4 characters of messages, tools and answer', async () => {
		const plain = await port.complete([
			{ role: 'system', content: 'You are brief.' },
			{ role: 'user', content: 'Hello there' },
		]);
		expect(plain.text).toBe('Thanks for your message! How can I help?');
		// (14 + 11) characters in, 40 out
		expect(plain.usage).toEqual({ input: 7, output: 10 });
		expect(emulator.usage).toEqual({ calls: 1, promptTokens: 7, completionTokens: 10 });

		const withTools = await port.complete([{ role: 'user', content: 'preço do sofá' }], { tools: PRODUCT_TOOLS });
		const offered = JSON.stringify(emulator.requests[1].tools);
		expect(withTools.usage.input).toBe(Math.ceil(('preço do sofá'.length + offered.length) / 4));
		expect(withTools.usage.output).toBe(Math.ceil(('product_search'.length + JSON.stringify({ query: 'preço do sofá' }).length) / 4));
		expect(emulator.usage).toEqual({ calls: 2, promptTokens: 7 + withTools.usage.input, completionTokens: 10 + withTools.usage.output });
	});

	it('refuses a wrong key with 401, surfacing as an UpstreamError', async () => {
		const wrong = openAiPort({ baseUrl: emulator.url, apiKey: 'sk-not-the-right-key-1234', model: emulator.model });
		const error = await wrong.complete([{ role: 'user', content: 'oi' }]).catch((caught: unknown) => caught);
		expect(errorKindOf(error)).toBe('upstream');
		expect(String(error)).toMatch(/answered 401: Incorrect API key provided: sk-\*+1234\./);
		expect(emulator.requests).toHaveLength(0);
		expect(emulator.usage.calls).toBe(0);
		const raw = await post({ model: emulator.model, messages: [{ role: 'user', content: 'oi' }] }, 'sk-wrong');
		expect(raw.status).toBe(401);
		expect(((await raw.json()) as ErrorReply).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
	});

	it('answers failNext with 500 and 429 in OpenAI error bodies, then recovers', async () => {
		emulator.failNext(1, 500);
		const error = await port.complete([{ role: 'user', content: 'oi' }]).catch((caught: unknown) => caught);
		expect(errorKindOf(error)).toBe('upstream');
		expect(String(error)).toContain('answered 500: The server had an error while processing your request');
		expect((await port.complete([{ role: 'user', content: 'oi' }])).text).toBe('Obrigado pela mensagem! Como posso ajudar?');

		emulator.failNext(2, 429);
		for (let i = 0; i < 2; i++) {
			const limited = await post({ model: emulator.model, messages: [{ role: 'user', content: 'oi' }] });
			expect(limited.status).toBe(429);
			expect(((await limited.json()) as ErrorReply).error).toEqual({ message: expect.stringMatching(/^Rate limit reached/), type: 'requests', param: 'requests', code: 'rate_limit_exceeded' });
		}
		expect((await post({ model: emulator.model, messages: [{ role: 'user', content: 'oi' }] })).status).toBe(200);
		expect(emulator.requests).toHaveLength(5);
		expect(emulator.usage.calls).toBe(2);
	});

	it('refuses malformed bodies with 400 and OpenAI wording', async () => {
		const cases: Array<[unknown, string | null, string | null, RegExp]> = [
			['{"model": ', null, null, /^We could not parse the JSON body of your request/],
			[{ messages: [{ role: 'user', content: 'oi' }] }, null, null, /^you must provide a model parameter$/],
			[{ model: emulator.model }, 'messages', 'missing_required_parameter', /^Missing required parameter: 'messages'\.$/],
			[{ model: emulator.model, messages: [] }, 'messages', 'empty_array', /empty array/],
			[{ model: emulator.model, messages: [{ role: 'robot', content: 'oi' }] }, 'messages[0].role', 'invalid_value', /^Invalid value: 'robot'\. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'\.$/],
			[{ model: emulator.model, messages: [{ role: 'user' }] }, 'messages[0].content', 'missing_required_parameter', /content/],
			[{ model: emulator.model, messages: [{ role: 'tool', tool_call_id: 'call_1', content: 'x' }] }, 'messages.[0].role', null, /must be a response to a preceeding message with 'tool_calls'/],
			[{ model: emulator.model, messages: [{ role: 'user', content: 'oi' }], tools: [] }, 'tools', 'empty_array', /empty array/],
			[{ model: emulator.model, messages: [{ role: 'user', content: 'oi' }], tools: [{ type: 'function', function: { name: 'look up' } }] }, 'tools[0].function.name', null, /does not match pattern/],
			[{ model: emulator.model, messages: [{ role: 'user', content: 'oi' }], response_format: { type: 'json_object' } }, 'messages', null, /must contain the word 'json'/],
			[{ model: emulator.model, messages: [{ role: 'user', content: 'oi' }], stream_options: { include_usage: true } }, 'stream_options', null, /only allowed when 'stream' is enabled/],
		];
		for (const [body, param, code, message] of cases) {
			const response = await post(body);
			expect(response.status).toBe(400);
			const { error } = (await response.json()) as ErrorReply;
			expect({ body, param: error.param, code: error.code, type: error.type }).toEqual({ body, param, code, type: 'invalid_request_error' });
			expect(error.message).toMatch(message);
		}
		expect(emulator.requests).toHaveLength(0);
		expect((await post({ model: emulator.model, messages: [] }, emulator.apiKey, '/completions')).status).toBe(404);
	});

	describe('streaming (stream: true), read as LangChain reads it', () => {
		it('streams content deltas that concatenate to the whole answer, then usage, then [DONE]', async () => {
			const messages = [{ role: 'user', content: 'Quero saber sobre a entrega, por favor.' }];
			const whole = (await (await post({ model: emulator.model, messages })).json()) as { choices: Array<{ message: { content: string } }>; usage: Record<string, unknown> };
			const { data, chunks } = await stream({ messages, stream_options: { include_usage: true } });
			expect(data[data.length - 1]).toBe('[DONE]');
			expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
			expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === emulator.model)).toBe(true);
			const [first, ...rest] = chunks;
			expect(first.choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
			const usageChunk = rest.pop();
			const finish = rest.pop();
			expect(finish?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
			expect(rest.length).toBeGreaterThan(3);
			const text = rest.map((chunk) => chunk.choices[0].delta.content ?? '').join('');
			expect(text).toBe(whole.choices[0].message.content);
			expect([first, ...rest, finish].every((chunk) => chunk?.usage === null)).toBe(true);
			expect(usageChunk?.choices).toEqual([]);
			expect(usageChunk?.usage).toEqual(whole.usage);
			expect(emulator.usage.calls).toBe(2);
		});

		it('streams tool calls by index: id, type and name first, then argument pieces', async () => {
			const args = { query: 'sofá aurora de três lugares em linho cinza', limit: 5 };
			emulator.setScript(() => ({ tool_calls: [{ name: 'product_search', arguments: args }, { name: 'weather_forecast', arguments: { city: 'Curitiba' } }] }));
			const tools = PRODUCT_TOOLS.map((tool) => ({ type: 'function', function: tool }));
			const { data, chunks } = await stream({ messages: [{ role: 'user', content: 'sofá' }], tools });
			expect(data[data.length - 1]).toBe('[DONE]');
			expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
			expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: null });
			const calls: Array<{ id?: string; type?: string; name?: string; arguments: string }> = [];
			for (const chunk of chunks) {
				for (const delta of chunk.choices[0].delta.tool_calls ?? []) {
					const call = (calls[delta.index] ??= { arguments: '' });
					if (delta.id !== undefined) {
						expect(call.id).toBeUndefined();
						Object.assign(call, { id: delta.id, type: delta.type, name: delta.function?.name });
					}
					call.arguments += delta.function?.arguments ?? '';
				}
			}
			expect(calls).toEqual([
				{ id: expect.stringMatching(/^call_/), type: 'function', name: 'product_search', arguments: JSON.stringify(args) },
				{ id: expect.stringMatching(/^call_/), type: 'function', name: 'weather_forecast', arguments: '{"city":"Curitiba"}' },
			]);
			expect(calls[0].id).not.toBe(calls[1].id);
			const pieces = chunks.filter((chunk) => chunk.choices[0].delta.tool_calls?.[0].index === 0).length;
			expect(pieces).toBeGreaterThan(2);
			expect(chunks[chunks.length - 1].choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
		});
	});

	it('lets tests compose scripts from the helpers, and reset restores the default script', async () => {
		emulator.setScript((request, call) => ({ content: `${call}:${customerText(request)}:${draftOf(request) ?? 'no draft'}` }));
		const wrapped: ChatMessage[] = [{ role: 'user', content: 'Customer message:\n<<<\nTem cadeira?\n>>>' }];
		expect((await port.complete(wrapped)).text).toBe('0:Tem cadeira?:no draft');
		expect((await port.complete(wrapped)).text).toBe('1:Tem cadeira?:no draft');
		emulator.reset();
		expect(emulator.requests).toHaveLength(0);
		expect(emulator.usage).toEqual({ calls: 0, promptTokens: 0, completionTokens: 0 });
		expect((await port.complete(wrapped)).text).toBe('Obrigado pela mensagem! Como posso ajudar?');
	});

	it('waits latencyMs before answering', async () => {
		const slow = await startOpenAiEmulator({ latencyMs: 150, apiKey: 'sk-slow' });
		try {
			const started = Date.now();
			await openAiPort({ baseUrl: slow.url, apiKey: 'sk-slow', model: 'any-model' }).complete([{ role: 'user', content: 'oi' }]);
			expect(Date.now() - started).toBeGreaterThanOrEqual(140);
			expect(slow.requests[0].model).toBe('any-model');
		} finally {
			await slow.close();
		}
	});
});
