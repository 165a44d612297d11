import { z } from 'zod/v4';

import { linkInProcess } from '../../lib/mcp/client';
import { buildMcpServer } from '../../lib/mcp/server';
import { READ_ONLY, toolFactory } from '../../lib/mcp/tool';
import { InvalidInputError, RefusedError, UpstreamError } from '../../lib/errors';
import { SERVERS } from '../../bin/servers';

describe('every registered tool follows the house conventions', () => {
	const tools = SERVERS.flatMap((server) => server.tools.map((tool) => ({ server: (server.toolPrefixes ?? [server.name]).join('|'), tool })));

	it.each(tools.map(({ server, tool }) => [`${tool.name}`, server, tool] as const))('%s', (_name, server, tool) => {
		const definition = tool as unknown as {
			name: string;
			description: string;
			title: string;
			input: z.ZodObject;
			output: z.ZodObject;
			annotations: Record<string, boolean>;
		};
		expect(definition.name).toMatch(new RegExp(`^(${server})_[a-z]+(_[a-z]+)*$`));
		expect(definition.title.length).toBeGreaterThan(5);
		expect(definition.description.length).toBeGreaterThan(40);
		expect(Object.keys(definition.annotations).sort()).toEqual(['destructiveHint', 'idempotentHint', 'openWorldHint', 'readOnlyHint']);
		const schema = z.toJSONSchema(definition.input, { io: 'input' }) as { properties: Record<string, { description?: string }> };
		for (const [field, property] of Object.entries(schema.properties)) {
			expect({ field, described: (property.description ?? '').length > 10 }).toEqual({ field, described: true });
		}
		expect(z.toJSONSchema(definition.output, { io: 'output' })).toHaveProperty('properties');
	});
});

describe('buildMcpServer', () => {
	const tool = toolFactory<{ fail?: Error }>();
	const echo = tool({
		name: 'test_echo',
		title: 'Echo',
		description: 'Echoes its input for the wiring tests of the MCP layer.',
		input: z.object({ text: z.string().describe('Text to echo back to the caller.') }),
		output: z.object({ echoed: z.string() }),
		annotations: READ_ONLY,
		run: async ({ text }, ctx) => {
			if (ctx.fail) throw ctx.fail;
			return { echoed: text };
		},
	});

	const session = async (fail?: Error) =>
		await linkInProcess(buildMcpServer({ name: 'test', version: '0', instructions: 'test' }, [echo], { fail }));

	it('returns structuredContent and the same JSON as text', async () => {
		const s = await session();
		expect(await s.callTool('test_echo', { text: 'olá' })).toEqual({ ok: true, data: { echoed: 'olá' } });
		await s.close();
	});

	it.each([
		[new InvalidInputError('key is too long'), 'invalid_input'],
		[new RefusedError('not allowed'), 'refused'],
		[new UpstreamError('Redis down at redis://:pw@h:1'), 'upstream'],
		[new Error('boom'), 'internal'],
	])('turns %p into a tool error of kind %s', async (error, kind) => {
		const s = await session(error);
		const outcome = await s.callTool('test_echo', { text: 'x' });
		expect(outcome).toMatchObject({ ok: false, kind });
		if (!outcome.ok) expect(outcome.message).not.toContain(':pw@');
		await s.close();
	});

	it('reports input validation with the field name', async () => {
		const s = await session();
		const outcome = await s.callTool('test_echo', { text: 42 });
		expect(outcome).toMatchObject({ ok: false, kind: 'invalid_input' });
		if (!outcome.ok) expect(outcome.message).toMatch(/text/);
		await s.close();
	});

	it('reports an unknown tool', async () => {
		const s = await session();
		expect(await s.callTool('test_nope', {})).toMatchObject({ ok: false, kind: 'invalid_input' });
		await s.close();
	});
});
