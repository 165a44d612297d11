import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startN8n, type N8nInstance, type WorkflowJson } from '../../scripts/lib/n8n-instance';
import { startFerretDb, startRedisServer, type FerretDbServer, type RedisServer } from '../../scripts/lib/runtime';

jest.setTimeout(240_000);

/** Webhook → Tenant Config (update crew) → Tenant Config (get crew) → Respond, in a real n8n on FerretDB and Redis. */
describe('Tenant Config node in a real n8n 2.41.1', () => {
	let n8n: N8nInstance;
	let ferret: FerretDbServer;
	let redis: RedisServer;
	let workflowId: string;
	const workflow = JSON.parse(readFileSync(join(__dirname, 'workflows', 'tenant-config.json'), 'utf8')) as WorkflowJson;

	beforeAll(async () => {
		[ferret, redis] = await Promise.all([startFerretDb(), startRedisServer()]);
		n8n = await startN8n();
		const mongo = await n8n.api.createCredential('MongoDB (OmniCrew)', 'mongoDbOmniCrewApi', { connectionStringSecret: ferret.uri, database: 'e2e', dataCollections: 'leads' });
		const cache = await n8n.api.createCredential('Redis (OmniCrew)', 'redisOmniCrewApi', { mode: 'standalone', url: redis.url });
		workflowId = await n8n.api.createWorkflow(workflow, { mongoDbOmniCrewApi: { id: mongo, name: 'MongoDB (OmniCrew)' }, redisOmniCrewApi: { id: cache, name: 'Redis (OmniCrew)' } });
		await n8n.api.activate(workflowId);
		await n8n.waitForWebhook('omnicrew/tenant-config');
	});
	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([ferret?.stop(), redis?.stop()]);
	});

	const send = async (body: Record<string, unknown>) => {
		const response = await fetch(n8n.webhookUrl('omnicrew/tenant-config'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};

	it('stores a crew override as a new version and reads it back', async () => {
		const first = await send({ tenant_id: 'acme', crew: { router: { confidence_threshold: 0.66 } } });
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ tenant_id: 'acme', channel: 'whatsapp', source: 'override', version: 2, cached: false });
		expect((first.body.crew as { router: { confidence_threshold: number } }).router.confidence_threshold).toBe(0.66);
		const second = await send({ tenant_id: 'acme', crew: { router: { confidence_threshold: 0.5 } } });
		expect(second.body).toMatchObject({ version: 3 });
	});

	it('fails the execution with the field named when the crew is wrong', async () => {
		const bad = await send({ tenant_id: 'acme', crew: { router: { confidence_threshold: 7 } } });
		expect(bad.status).toBe(500);
		const failed = (await n8n.api.executions(workflowId)).find((execution) => execution.status === 'error');
		expect(failed).toBeDefined();
		const detail = await n8n.api.execution(failed!.id);
		expect(JSON.stringify(detail.data?.resultData?.error ?? detail.data)).toMatch(/crew\.router\.confidence_threshold/);
	});

	it('shows the node and its AI-tool variant in the editor', async () => {
		expect(await n8n.nodeTypeNames()).toEqual(expect.arrayContaining(['n8n-nodes-omnicrew.tenantConfig', 'n8n-nodes-omnicrew.tenantConfigTool']));
	});
});
