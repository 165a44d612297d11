/** HTTP plumbing: the bearer key, routing, JSON and Server-Sent Events answers, injected failures, recording. */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

import { completionBody, completionId, streamChunks, toolCallId, usageOf, type ResponseMeta } from './completion';
import { badRequest, injectedFailure, invalidUrl, missingKey, modelNotFound, OpenAiError, wrongKey } from './errors';
import { completionTokens, promptTokens, type Completion } from './tokens';
import type { ChatRequest, Script, ScriptedAnswer, UsageTotals } from './types';
import { parseChatRequest } from './validate';
import { closeServer, listenOn, readBody } from '../http';

export interface ServerSettings {
	apiKey: string;
	model: string;
	script: Script;
	latencyMs: number;
}

/** When the listed model was "created", as GET /v1/models reports it. */
const MODEL_CREATED = 1_717_171_717;

function toCompletion(answer: ScriptedAnswer): Completion {
	const toolCalls = (answer.tool_calls ?? []).map((call) => ({ id: toolCallId(), name: call.name, arguments: JSON.stringify(call.arguments ?? {}) }));
	// OpenAI sends null content when the answer is only tool calls.
	const content = answer.content !== undefined && answer.content !== '' ? answer.content : toolCalls.length > 0 ? null : '';
	return { content, toolCalls };
}

export class OpenAiServer {
	readonly requests: ChatRequest[] = [];
	readonly usage: UsageTotals = { calls: 0, promptTokens: 0, completionTokens: 0 };
	private readonly failures: number[] = [];
	private readonly server: Server;
	private script: Script;
	private callIndex = 0;

	constructor(private readonly settings: ServerSettings) {
		this.script = settings.script;
		this.server = createServer((req, res) => {
			void this.handle(req, res).catch((error: unknown) => {
				const message = error instanceof Error ? error.message : String(error);
				sendError(res, new OpenAiError(500, `The server had an error while processing your request: ${message}`, 'server_error'));
			});
		});
	}

	async listen(port: number, host: string): Promise<number> {
		return await listenOn(this.server, port, host);
	}

	async close(): Promise<void> {
		await closeServer(this.server);
	}

	failNext(count: number, status: number): void {
		for (let i = 0; i < count; i++) this.failures.push(status);
	}

	setScript(script: Script): void {
		this.script = script;
		this.callIndex = 0;
	}

	reset(): void {
		this.requests.length = 0;
		this.failures.length = 0;
		Object.assign(this.usage, { calls: 0, promptTokens: 0, completionTokens: 0 });
		this.setScript(this.settings.script);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		res.setHeader('x-request-id', `req_${randomBytes(16).toString('hex')}`);
		res.setHeader('openai-version', '2020-10-01');
		const method = (req.method ?? 'GET').toUpperCase();
		const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname.replace(/\/+$/, '');
		try {
			this.authorize(req);
			if (method === 'GET' && path === '/v1/models') return sendJson(res, 200, { object: 'list', data: [this.modelObject()] });
			const modelPath = /^\/v1\/models\/([^/]+)$/.exec(path);
			if (method === 'GET' && modelPath) {
				const id = decodeURIComponent(modelPath[1]);
				if (id !== this.settings.model) throw modelNotFound(id);
				return sendJson(res, 200, this.modelObject());
			}
			if (method === 'POST' && path === '/v1/chat/completions') return await this.complete(req, res, started);
			throw invalidUrl(method, path || '/');
		} catch (error) {
			if (!(error instanceof OpenAiError)) throw error;
			sendError(res, error);
		}
	}

	/** OpenAI takes the key only as `Authorization: Bearer <key>`. */
	private authorize(req: IncomingMessage): void {
		const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
		if (given === undefined) throw missingKey();
		if (given !== this.settings.apiKey) throw wrongKey(given);
	}

	private modelObject() {
		return { id: this.settings.model, object: 'model', created: MODEL_CREATED, owned_by: 'system' };
	}

	private async complete(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
		let raw: string;
		try {
			raw = await readBody(req);
		} catch (error) {
			throw badRequest(error instanceof Error ? error.message : String(error));
		}
		const request = parseChatRequest(raw);
		this.requests.push(request);
		if (this.settings.latencyMs > 0) await delay(this.settings.latencyMs);
		const failure = this.failures.shift();
		if (failure !== undefined) throw injectedFailure(failure, request.model);

		const completion = toCompletion(this.script(request, this.callIndex++));
		const usage = usageOf(promptTokens(request), completionTokens(completion));
		this.usage.calls += 1;
		this.usage.promptTokens += usage.prompt_tokens;
		this.usage.completionTokens += usage.completion_tokens;

		const meta: ResponseMeta = { id: completionId(), created: Math.floor(Date.now() / 1000), model: request.model };
		res.setHeader('openai-processing-ms', String(Date.now() - started));
		if (request.stream !== true) return sendJson(res, 200, completionBody(meta, completion, usage));
		res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
		const withUsage = request.stream_options?.include_usage === true;
		for (const chunk of streamChunks(meta, completion, withUsage ? usage : null)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
		res.end('data: [DONE]\n\n');
	}
}

function sendJson(res: ServerResponse, status: number, body: object): void {
	if (res.headersSent) {
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

const sendError = (res: ServerResponse, error: OpenAiError) => sendJson(res, error.status, error.body);
