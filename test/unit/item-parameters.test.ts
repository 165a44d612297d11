import { Workflow, type IDataObject, type INodeTypes } from 'n8n-workflow';

import { itemParameter, resolveSimpleParameter } from '../../lib/n8n/parameters';
import { fakeExecuteFunctions } from '../support/fake-execute';

/** n8n's own evaluation of a parameter value for one input item (n8n-workflow's engine). */
function n8nValue(raw: string, json: IDataObject): unknown {
	const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({
		nodes: [{ id: '1', name: 'Node', type: 'test.node', typeVersion: 1, position: [0, 0], parameters: {} }],
		connections: {},
		active: false,
		nodeTypes,
	});
	return workflow.expression.getParameterValue(raw, null, 0, 0, 'Node', [{ json }], 'manual', {});
}

const message: IDataObject = {
	tenant_id: '7',
	conversation_id: 42,
	text: 'Vocês têm a cadeira?',
	sequence: null,
	contact: { name: 'Ana', phone: null },
	turn: { token: 'abc', skipped: false },
	handoff: false,
	route: { agent: 'sales' },
};

describe('resolveSimpleParameter', () => {
	it.each([
		'={{ $json.tenant_id }}',
		'={{$json.conversation_id}}',
		'=conversation:{{ $json.conversation_id }}',
		'=t-{{ $json.tenant_id }}-x',
		'={{ $json.text }}',
		'={{ $json.sequence ?? 0 }}',
		'={{ $json.contact?.name ?? "" }}',
		'={{ $json.contact?.phone ?? "" }}',
		'={{ $json.contact?.email ?? "" }}',
		"={{ $json.turn?.token ?? 'none' }}",
		"={{ $json.missing?.token ?? 'none' }}",
		'={{ $json.route?.agent ?? "" }}',
		'={{ $json.handoff }}',
		'={{ $json.reply ?? "" }}',
		'={{ $json.sequence ?? -1.5 }}',
		"={{ $json.handoff ? 'handoff' : 'answered' }}",
		'={{ $json.contact ? "known" : "unknown" }}',
		'={{ $json.missing?.x ? 1 : 0 }}',
		'={{ $json.text ? true : false }}',
	])('gives what n8n gives for %s', (raw) => {
		const resolved = resolveSimpleParameter(raw, message);
		expect(resolved.ok).toBe(true);
		expect(resolved.ok && resolved.value).toStrictEqual(n8nValue(raw, message));
	});

	it.each([
		["={{ $json.handoff === true ? 'handoff' : 'answered' }}", 'a comparison'],
		["={{ $json.missing.x ? 'a' : 'b' }}", 'a conditional on a field of a missing field'],
		['={{ String($json.conversation_id) }}', 'a function call'],
		['={{ $json.contact }}', 'an object value'],
		['={{ $json.missing }}', 'a missing field without a fallback'],
		['={{ $json.missing.name ?? "" }}', 'a field of a missing field (an error in n8n)'],
		['={{ $json.text.length }}', 'a property of a string'],
		['=conversation:{{ $json.sequence }}', 'null written inside text'],
		['={{ $json.a }}{{ $json.b }}', 'two expressions'],
		['={{ $("Chatwoot Trigger").item.json.text }}', 'another node'],
		['tenant', 'not an expression'],
	])('leaves %s to n8n (%s)', (raw) => {
		expect(resolveSimpleParameter(raw, message).ok).toBe(false);
	});
});

describe('itemParameter', () => {
	it('reads simple expressions from the item and plain values as they are', () => {
		const ctx = fakeExecuteFunctions({
			items: [message, { ...message, conversation_id: 43 }],
			params: [{ lockName: '=conversation:{{ $json.conversation_id }}', ttl: 45, name: 'plain' }],
		});
		expect(itemParameter(ctx, 'lockName', 0)).toBe('conversation:42');
		expect(itemParameter(ctx, 'lockName', 1)).toBe('conversation:43');
		expect(itemParameter(ctx, 'ttl', 0)).toBe(45);
		expect(itemParameter(ctx, 'name', 1)).toBe('plain');
		expect(itemParameter(ctx, 'absent', 0, '')).toBe('');
	});

	it('asks n8n for anything else', () => {
		const asked: Array<{ name: string; raw: boolean }> = [];
		const ctx = fakeExecuteFunctions({ items: [message], params: [{ outcome: "={{ $json.handoff === true ? 'handoff' : 'answered' }}" }] });
		const getNodeParameter = ctx.getNodeParameter.bind(ctx) as (name: string, i: number, fallback?: unknown, options?: { rawExpressions?: boolean }) => unknown;
		(ctx as unknown as { getNodeParameter: typeof getNodeParameter }).getNodeParameter = (name, i, fallback, options) => {
			asked.push({ name, raw: options?.rawExpressions === true });
			return options?.rawExpressions ? getNodeParameter(name, i, fallback) : 'answered';
		};
		expect(itemParameter(ctx, 'outcome', 0)).toBe('answered');
		expect(asked).toEqual([
			{ name: 'outcome', raw: true },
			{ name: 'outcome', raw: false },
		]);
	});
});
