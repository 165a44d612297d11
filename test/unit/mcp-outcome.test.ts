import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod/v4';

import { InvalidInputError, OmniCrewError, UnconfirmedWriteError, UpstreamError } from '../../lib/errors';
import type { McpSession, ToolOutcome } from '../../lib/mcp/client';
import { openInProcess } from '../../lib/mcp/in-process';
import { ERROR_KIND_META, HTTP_STATUS_META, UPSTREAM_CODE_META, failureOf, outcomeOf, resultOf } from '../../lib/mcp/outcome';
import { READ_ONLY, toolFactory } from '../../lib/mcp/tool';
import { callToolForItem } from '../../lib/n8n/call-tool';
import { TransientError } from '../../lib/resilience';
import { FAKE_NODE } from '../support/fake-execute';

describe('failures keep their kind and upstream facts as data', () => {
	it('puts the kind, the HTTP status and the upstream code in _meta, and reads them back from there', () => {
		const failure = failureOf(new OmniCrewError('refused', 'Odoo not allowed for this user: no', { httpStatus: 403, upstreamCode: 'odoo.exceptions.AccessError' }));
		const result = resultOf(failure);
		expect(result).toEqual({
			isError: true,
			content: [{ type: 'text', text: 'Odoo not allowed for this user: no' }],
			_meta: { [ERROR_KIND_META]: 'refused', [HTTP_STATUS_META]: 403, [UPSTREAM_CODE_META]: 'odoo.exceptions.AccessError' },
		});
		expect(outcomeOf(JSON.parse(JSON.stringify(result)), { foreign: false })).toEqual(failure);
	});

	it('never guesses a kind from the wording of our own servers: no kind in _meta is internal', () => {
		const worded = { isError: true, content: [{ type: 'text' as const, text: 'Tool x not found' }] };
		expect(outcomeOf(worded, { foreign: false })).toEqual({ ok: false, kind: 'internal', message: 'Tool x not found' });
		// a third-party server sends no _meta: only then does the wording count
		expect(outcomeOf(worded, { foreign: true })).toEqual({ ok: false, kind: 'invalid_input', message: 'Tool x not found' });
	});

	it('ignores facts that are not well-formed', () => {
		const result = { isError: true, content: [{ type: 'text' as const, text: 'x' }], _meta: { [ERROR_KIND_META]: 'upstream', [HTTP_STATUS_META]: '429', [UPSTREAM_CODE_META]: 7 } };
		expect(outcomeOf(result, { foreign: false })).toEqual({ ok: false, kind: 'upstream', message: 'x' });
	});

	it('keeps the facts of the cause when an error wraps another', () => {
		const attempt = new TransientError('Chatwoot answered 502', 'maybe_delivered', { httpStatus: 502 });
		expect(new UnconfirmedWriteError('the message may have been sent', { cause: attempt })).toMatchObject({ kind: 'upstream', httpStatus: 502 });
		expect(new UpstreamError('circuit open')).not.toHaveProperty('httpStatus');
	});

	it('masks secrets in an upstream code as in messages', () => {
		expect(failureOf(new UpstreamError('x', { upstreamCode: 'password=abc123' })).upstreamCode).toBe('password=***');
	});
});

describe('the embedded session', () => {
	const tool = toolFactory<{ fail?: Error }>();
	const echo = tool({
		name: 'test_echo',
		title: 'Echo',
		description: 'Echoes its input for the tests of the embedded session.',
		input: z.object({ text: z.string().describe('Text to echo back.'), times: z.number().int().min(1).default(1).describe('How often to repeat it.') }),
		output: z.object({ echoed: z.string(), meta: z.record(z.string(), z.unknown()) }),
		annotations: READ_ONLY,
		run: async ({ text, times }, ctx, call) => {
			if (ctx.fail) throw ctx.fail;
			return { echoed: text.repeat(times), meta: call.meta };
		},
	});
	const info = { name: 'omnicrew-test', version: '0', instructions: 'test' };

	it('runs the tool on its parsed arguments and hands it the caller\'s _meta', async () => {
		const session = openInProcess(info, [echo], {});
		expect(await session.callTool('test_echo', { text: 'ab', times: 2 }, { 'omnicrew/binding': { partner_id: 7 } })).toEqual({
			ok: true,
			data: { echoed: 'abab', meta: { 'omnicrew/binding': { partner_id: 7 } } },
		});
	});

	it('names the field of bad arguments and the tools of the server for an unknown one', async () => {
		const session = openInProcess(info, [echo], {});
		expect(await session.callTool('test_echo', { text: 'a', times: 0 })).toMatchObject({ ok: false, kind: 'invalid_input', message: expect.stringMatching(/^Invalid arguments for tool test_echo: times: /) });
		expect(await session.callTool('test_nope', {})).toEqual({ ok: false, kind: 'invalid_input', message: 'Tool "test_nope" is not on omnicrew-test; its tools are test_echo.' });
	});

	it('refuses a result that breaks the output schema as internal', async () => {
		const broken = { ...echo, run: async () => ({ echoed: 42 }) } as unknown as typeof echo;
		expect(await openInProcess(info, [broken], {}).callTool('test_echo', { text: 'a' })).toMatchObject({ ok: false, kind: 'internal', message: expect.stringMatching(/test_echo returned a result that does not match its output schema: echoed/) });
	});

	it('lists the input JSON Schema and the annotations with the title, and runs its cleanup once', async () => {
		let cleaned = 0;
		const session = openInProcess(info, [echo], {}, async () => {
			cleaned++;
		});
		const [listed] = await session.listTools();
		expect(listed).toMatchObject({ name: 'test_echo', annotations: { title: 'Echo', readOnlyHint: true }, inputSchema: { type: 'object', required: ['text'] } });
		(listed.inputSchema as { changed?: boolean }).changed = true;
		expect((await session.listTools())[0].inputSchema).not.toHaveProperty('changed');
		await Promise.all([session.close(), session.close()]);
		expect(cleaned).toBe(1);
	});

	it('passes an invalid input error of the tool through with its kind', async () => {
		const session = openInProcess(info, [echo], { fail: new InvalidInputError('text is too long') });
		expect(await session.callTool('test_echo', { text: 'a' })).toEqual({ ok: false, kind: 'invalid_input', message: 'text is too long' });
	});
});

describe('callToolForItem in n8n', () => {
	const answering = (outcome: ToolOutcome): McpSession => ({
		callTool: async () => outcome,
		listToolNames: async () => [],
		listTools: async () => [],
		close: async () => undefined,
	});

	it('gives n8n the upstream HTTP status as the NodeApiError\'s httpCode', async () => {
		const error = await callToolForItem(FAKE_NODE, answering({ ok: false, kind: 'upstream', message: 'Chatwoot answered 429 on GET …: Retry later', httpStatus: 429 }), 'chatwoot_get_conversation', {}, 2).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({ httpCode: '429', message: 'Chatwoot answered 429 on GET …: Retry later', context: { itemIndex: 2 } });
		expect((error as NodeApiError).description).toMatch(/chatwoot_get_conversation tool failed \(upstream\).*HTTP 429/);
	});

	it('makes a refusal the upstream answered an API error, with its code in the description', async () => {
		const outcome: ToolOutcome = { ok: false, kind: 'refused', message: 'Odoo not allowed for this user: …', httpStatus: 403, upstreamCode: 'odoo.exceptions.AccessError' };
		const error = await callToolForItem(FAKE_NODE, answering(outcome), 'odoo_create', {}, 0).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({ httpCode: '403' });
		expect((error as NodeApiError).description).toBe('The odoo_create tool failed (refused): the system behind it answered with error code odoo.exceptions.AccessError (HTTP 403).');
	});

	it('keeps our own refusals a NodeOperationError', async () => {
		const error = await callToolForItem(FAKE_NODE, answering({ ok: false, kind: 'refused', message: 'tenant_id is required' }), 'cache_get', {}, 0).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
	});
});
