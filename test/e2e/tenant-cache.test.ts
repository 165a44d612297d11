import { Redis } from 'ioredis';

import { startN8n, type N8nInstance } from '../../scripts/lib/n8n-instance';
import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { loadTemplate } from '../support/templates';

jest.setTimeout(240_000);

describe('Tenant Cache in a real n8n 2.41.1', () => {
	let redis: RedisServer;
	let n8n: N8nInstance;
	let inspect: Redis;
	let workflowId: string;
	const path = 'omnicrew/cache-quickstart';

	beforeAll(async () => {
		redis = await startRedisServer();
		inspect = new Redis(redis.url);
		n8n = await startN8n();
		const credentialId = await n8n.api.createCredential('Redis (OmniCrew)', 'redisOmniCrewApi', {
			mode: 'standalone',
			url: redis.url,
			tls: false,
		});
		workflowId = await n8n.api.createWorkflow(loadTemplate('tenant-cache-quickstart'), {
			redisOmniCrewApi: { id: credentialId, name: 'Redis (OmniCrew)' },
		});
		await n8n.api.activate(workflowId);
		await n8n.waitForWebhook(path);
	});

	afterAll(async () => {
		await n8n?.stop();
		inspect?.disconnect();
		await redis?.stop();
	});

	const post = async (body: unknown) => {
		const response = await fetch(n8n.webhookUrl(path), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};

	it('shows the node, its AI-tool variant and both credentials in the editor', async () => {
		expect(await n8n.nodeTypeNames()).toEqual(
			expect.arrayContaining(['n8n-nodes-omnicrew.tenantCache', 'n8n-nodes-omnicrew.tenantCacheTool']),
		);
		const credentials = await n8n.rest<Array<{ name: string }>>('GET', '/types/credentials.json');
		expect(credentials.map((credential) => credential.name)).toEqual(expect.arrayContaining(['redisOmniCrewApi', 'omniCrewMcpApi']));
	});

	it('stores a value with Set and reads it back with Get, through real Redis', async () => {
		const response = await post({ tenant_id: 'acme', key: 'CAD-ERG-01', value: { price: 1299.9, currency: 'BRL' } });

		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ hit: true, value: { price: 1299.9, currency: 'BRL' } });
		expect(response.body.ttl_seconds).toBeGreaterThan(290);
		expect(response.body.ttl_seconds).toBeLessThanOrEqual(300);
		expect(JSON.parse((await inspect.get('t:acme:price:CAD-ERG-01')) ?? 'null')).toEqual({ price: 1299.9, currency: 'BRL' });
		expect(await inspect.smembers('t:acme:_tag:catalog')).toEqual(['t:acme:price:CAD-ERG-01']);
	});

	it('keeps tenants apart: the same key for another tenant is another entry', async () => {
		await post({ tenant_id: 'other', key: 'CAD-ERG-01', value: { price: 1 } });

		expect(JSON.parse((await inspect.get('t:acme:price:CAD-ERG-01')) ?? 'null')).toEqual({ price: 1299.9, currency: 'BRL' });
		expect(JSON.parse((await inspect.get('t:other:price:CAD-ERG-01')) ?? 'null')).toEqual({ price: 1 });
	});

	it('fails the execution with the tool\'s message when the tenant is missing, writing nothing', async () => {
		const before = await inspect.dbsize();
		const response = await post({ key: 'NO-TENANT', value: 1 });

		expect(response.status).toBe(500);
		expect(await inspect.dbsize()).toBe(before);
		const executions = await n8n.api.executions(workflowId);
		const failed = executions.find((execution) => execution.status === 'error');
		expect(failed).toBeDefined();
		const detail = await n8n.api.execution(failed!.id);
		expect(JSON.stringify(detail.data?.resultData?.error ?? detail.data)).toMatch(/tenant_id/);
	});

	it('records successful executions that ran our node', async () => {
		const executions = await n8n.api.executions(workflowId);
		const succeeded = executions.filter((execution) => execution.status === 'success');
		expect(succeeded.length).toBeGreaterThanOrEqual(2);
		const detail = await n8n.api.execution(succeeded[0].id);
		const readRun = detail.data?.resultData?.runData?.['Read price']?.[0];
		expect(readRun?.data?.main?.[0]?.[0]?.json).toMatchObject({ hit: true });
	});
});
