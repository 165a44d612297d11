import { Workflow, type IDataObject, type INodeTypes } from 'n8n-workflow';

import { itemParameter, resolveSimpleParameter } from '../../lib/n8n/parameters';
import { fakeExecuteFunctions } from '../support/fake-execute';

/**
 * n8n-workflow's evaluation of a parameter value for one input item. In this test runner that is
 * its `legacy` engine (N8N_EXPRESSION_ENGINE=legacy); n8n 2.41's default isolated engine is checked
 * in test/integration/expression-fast-path-n8n.test.ts.
 */
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
		'={{ $json.sequence?.x ?? "none" }}',
		'={{ $json.sequence?.x.y ?? "none" }}',
		'={{ $json.sequence?.x ? 1 : 0 }}',
		'={{\n\t$json.contact.name\n}}',
		'={{ $json.contact?.name ?? -0 }}',
		'={{ $json.class ?? "reserved words are names" }}',
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
		['={{ $json.sequence?.x }}', 'undefined, which is not a parameter value'],
		['={{ $json.constructor ?? "" }}', 'a name n8n refuses'],
		['={{ $json.contact?.__proto__ ?? "" }}', 'a name n8n refuses'],
		['={{ $json.prototype ?? "" }}', 'a name n8n refuses'],
		['={{ $json.sequence?.getPrototypeOf ?? "" }}', 'a name n8n refuses, even after a `?.` that short-circuits'],
		['={{ $json.toString ? 1 : 0 }}', 'an Object.prototype name, read from the prototype by n8n'],
		['={{ $json.contact.valueOf ?? "" }}', 'an Object.prototype name'],
		['={{ $json.hasOwnProperty ?? "" }}', 'an Object.prototype name'],
		['={{ $json.$ ?? "" }}', 'a lone `$`, which n8n refuses'],
		['={{ $json["text"] }}', 'bracket access'],
		['={{ $json.route?.["agent"] ?? "" }}', 'bracket access'],
		['={{ $json.text.0 }}', 'a numeric name'],
		['={{ $json.sequence ?? 010 }}', 'a number n8n reads as octal'],
		['={{ $json.sequence ?? 1e3 }}', 'an exponent'],
		['={{ $json.sequence ?? .5 }}', 'a number without its leading digit'],
		['={{ $json.sequence ?? "a\\b" }}', 'a backslash in a string'],
		['={{ $json.sequence ?? ".constructor" }}', 'n8n refuses `.constructor` anywhere in the parameter'],
		['=.constructor {{ $json.text }}', 'n8n refuses `.constructor` anywhere in the parameter'],
		['=a\\\\b{{ $json.text }}', 'two backslashes in the text, which n8n reads as one'],
		['=a\\b{{ $json.text }}', 'a backslash in the text'],
		['=a\\{{ $json.text }}', 'an escaped `{{`'],
		['={{\u00a0$json.text }}', 'whitespace other than ASCII'],
		['={{ $json .text }}', 'a space before a name'],
	])('leaves %s to n8n (%s)', (raw) => {
		expect(resolveSimpleParameter(raw, message).ok).toBe(false);
	});

	it('reads the same name from an item when it is one n8n reads', () => {
		expect(resolveSimpleParameter('={{ $json.values ?? "" }}', { values: 'v' })).toEqual({ ok: true, value: 'v' });
		expect(resolveSimpleParameter('={{ $json.toJSON ?? "" }}', { toJSON: 't' })).toEqual({ ok: true, value: 't' });
		expect(resolveSimpleParameter('={{ $json.toString ?? "" }}', { toString: 't' })).toEqual({ ok: false });
	});

	it('gives undefined, not null, for a `?.` on null, as n8n does', () => {
		const item: IDataObject = { a: null };
		expect(resolveSimpleParameter('={{ $json.a?.b ?? "none" }}', item)).toEqual({ ok: true, value: 'none' });
		expect(resolveSimpleParameter('={{ $json.a?.b.c ?? "none" }}', item)).toEqual({ ok: true, value: 'none' });
		expect(resolveSimpleParameter('={{ $json.a?.b }}', item)).toEqual({ ok: false });
		expect(resolveSimpleParameter('={{ $json.a.b ?? "none" }}', item)).toEqual({ ok: false });
	});

	it('reads items whose objects come from another realm', () => {
		// structuredClone builds its copy with the host realm's Object.prototype, not the test's
		const copy = structuredClone({ contact: { name: 'Ana' } }) as IDataObject;
		expect(Object.getPrototypeOf(copy)).not.toBe(Object.prototype);
		expect(resolveSimpleParameter('={{ $json.contact?.name ?? "" }}', copy)).toEqual({ ok: true, value: 'Ana' });
	});

	it('leaves values it cannot read as n8n does to n8n', () => {
		const accessor: IDataObject = {};
		Object.defineProperty(accessor, 'x', { get: () => 'computed', enumerable: true });
		const cases: Array<[string, IDataObject]> = [
			['={{ $json.at ? 1 : 0 }}', { at: new Date(0) }],
			['={{ $json.at.x ?? "" }}', { at: new Date(0) }],
			['=n:{{ $json.n }}', { n: Number.NaN }],
			['={{ $json.n }}', { n: Infinity }],
			['={{ $json.x }}', accessor],
			['={{ $json.o.x ?? "" }}', { o: Object.create(null) as IDataObject }],
			['={{ $json.list.length ?? 0 }}', { list: [1, 2] }],
			['={{ $json.f ? 1 : 0 }}', { f: (() => 1) as unknown as IDataObject }],
		];
		for (const [raw, json] of cases) expect({ raw, ok: resolveSimpleParameter(raw, json).ok }).toEqual({ raw, ok: false });
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
