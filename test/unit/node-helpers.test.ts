import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { McpSession, ToolOutcome } from '../../lib/mcp/client';
import { callToolForItem } from '../../lib/n8n/call-tool';
import { runPerItem } from '../../lib/n8n/execute';
import { OPERATIONS } from '../../nodes/TenantCache/actions/operations';
import { FAKE_NODE, fakeExecuteFunctions } from '../support/fake-execute';

const sessionAnswering = (outcome: ToolOutcome): McpSession & { calls: Array<[string, unknown]> } => {
	const calls: Array<[string, unknown]> = [];
	return {
		calls,
		callTool: async (name, args) => {
			calls.push([name, args]);
			return outcome;
		},
		listToolNames: async () => [],
		listTools: async () => [],
		close: async () => undefined,
	};
};

describe('callToolForItem', () => {
	it('returns the data of a successful call', async () => {
		const session = sessionAnswering({ ok: true, data: { hit: true } });
		expect(await callToolForItem(FAKE_NODE, session, 'cache_get', { tenant_id: 'a' }, 0)).toEqual({ hit: true });
		expect(session.calls).toEqual([['cache_get', { tenant_id: 'a' }]]);
	});

	it('turns a refusal into a NodeOperationError with the message and item index', async () => {
		const session = sessionAnswering({ ok: false, kind: 'refused', message: 'tenant_id is required' });
		const error = await callToolForItem(FAKE_NODE, session, 'cache_get', {}, 3).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('tenant_id is required');
		expect((error as NodeOperationError).context.itemIndex).toBe(3);
	});

	it('turns an upstream failure into a NodeApiError', async () => {
		const session = sessionAnswering({ ok: false, kind: 'upstream', message: 'Redis: Connection refused' });
		const error = await callToolForItem(FAKE_NODE, session, 'cache_get', {}, 1).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toBe('Redis: Connection refused');
	});
});

describe('runPerItem', () => {
	it('pairs every output with its input item', async () => {
		const ctx = fakeExecuteFunctions({ items: [{ a: 1 }, { a: 2 }], params: [{}] });
		const out = await runPerItem(ctx, async (i, item) => ({ i, a: item.json.a }));
		expect(out).toEqual([
			{ json: { i: 0, a: 1 }, pairedItem: { item: 0 } },
			{ json: { i: 1, a: 2 }, pairedItem: { item: 1 } },
		]);
	});

	it('keeps the input and adds the error with Continue On Fail', async () => {
		const ctx = fakeExecuteFunctions({ items: [{ a: 1 }, { a: 2 }], params: [{}], continueOnFail: true });
		const out = await runPerItem(ctx, async (i) => {
			if (i === 0) throw new Error('bad item');
			return { ok: true };
		});
		expect(out).toEqual([
			{ json: { a: 1, error: 'bad item' }, pairedItem: { item: 0 } },
			{ json: { ok: true }, pairedItem: { item: 1 } },
		]);
	});

	it('stops at the first failure without Continue On Fail', async () => {
		const ctx = fakeExecuteFunctions({ items: [{}], params: [{}] });
		await expect(runPerItem(ctx, async () => Promise.reject(new Error('stop')))).rejects.toThrow('stop');
	});
});

describe('Tenant Cache operations plan their tool calls', () => {
	const plan = (operation: keyof typeof OPERATIONS, params: Record<string, unknown>) =>
		OPERATIONS[operation].toArgs(fakeExecuteFunctions({ items: [{}], params: [params] }), 0);

	it.each([
		['get', { tenantId: 'acme', type: 'price', key: 'k' }, { tenant_id: 'acme', type: 'price', key: 'k' }],
		[
			'set',
			{ tenantId: 'acme', type: 'price', key: 'k', value: '{"price": 10}', options: { ttlSeconds: 60, tags: 'product:1, catalog' } },
			{ tenant_id: 'acme', type: 'price', key: 'k', value: { price: 10 }, ttl_seconds: 60, tags: ['product:1', 'catalog'] },
		],
		['set', { tenantId: 'acme', type: 'custom', key: 'k', value: { already: 'object' }, options: {} }, { tenant_id: 'acme', type: 'custom', key: 'k', value: { already: 'object' } }],
		['delete', { tenantId: 'acme', type: 'stock', key: 'k' }, { tenant_id: 'acme', type: 'stock', key: 'k' }],
		['invalidate', { tenantId: 'acme', tag: 'product:1' }, { tenant_id: 'acme', tag: 'product:1' }],
		['remember', { tenantId: 'acme', type: 'price', key: 'k', leaseToken: '', options: { waitMs: 500 } }, { tenant_id: 'acme', type: 'price', key: 'k', wait_ms: 500 }],
		['remember', { tenantId: 'acme', type: 'price', key: 'k', leaseToken: 'L1', value: '3', options: {} }, { tenant_id: 'acme', type: 'price', key: 'k', lease_token: 'L1', value: 3 }],
		['seen', { tenantId: 'acme', eventId: 'm1', options: {} }, { tenant_id: 'acme', id: 'm1' }],
		['lock', { tenantId: 'acme', lockName: 'c1', options: { ttlSeconds: 10, waitMs: 100 } }, { tenant_id: 'acme', name: 'c1', ttl_seconds: 10, wait_ms: 100 }],
		['unlock', { tenantId: 'acme', lockName: 'c1', token: 'T' }, { tenant_id: 'acme', name: 'c1', token: 'T' }],
		['stats', { tenantId: 'acme' }, { tenant_id: 'acme' }],
	] as const)('%s', (operation, params, expected) => {
		expect(plan(operation, params)).toEqual(expected);
	});

	it('names the problem when Value is not JSON', () => {
		expect(() => plan('set', { tenantId: 'a', type: 'custom', key: 'k', value: '{price: 10}', options: {} })).toThrow(/Value is not valid JSON/);
	});
});
