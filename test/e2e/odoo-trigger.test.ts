import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { signBody } from '../../lib/webhook-signature';
import { startN8n, type N8nInstance, type WorkflowJson } from '../../scripts/lib/n8n-instance';
import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';

jest.setTimeout(240_000);

const SECRET = 'odoo-addon-shared-secret';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Odoo Trigger in a real n8n: signed events run once, forged, stale and malformed ones never. */
describe('Odoo Trigger in a real n8n 2.41.1', () => {
	let n8n: N8nInstance;
	let redis: RedisServer;
	let workflowId: string;
	const workflow = JSON.parse(readFileSync(join(__dirname, 'workflows', 'odoo-trigger.json'), 'utf8')) as WorkflowJson;
	const path = `${String(workflow.nodes[0].webhookId)}/odoo`;

	beforeAll(async () => {
		redis = await startRedisServer();
		n8n = await startN8n();
		const credentials = {
			odooOmniCrewApi: {
				id: await n8n.api.createCredential('Odoo API', 'odooOmniCrewApi', { url: 'http://127.0.0.1:9', db: 'omnicrew', username: 'admin', apiKey: 'k', authType: 'apiKey', webhookSecret: SECRET }),
				name: 'Odoo API',
			},
			redisOmniCrewApi: { id: await n8n.api.createCredential('Redis (OmniCrew)', 'redisOmniCrewApi', { mode: 'standalone', url: redis.url }), name: 'Redis (OmniCrew)' },
		};
		workflowId = await n8n.api.createWorkflow(workflow, credentials);
		await n8n.api.activate(workflowId);
		await n8n.waitForWebhook(path);
	});
	afterAll(async () => {
		await n8n?.stop();
		await redis?.stop();
	});

	const event = (id: string) => ({
		id,
		event: 'discuss.message',
		model: 'discuss.channel',
		record_ids: [5],
		values: { body: 'Quanto temos da cadeira ergonômica?', author_partner_id: 3 },
		company_id: 1,
		tenant_id: 'acme',
		user_id: 2,
		occurred_at: new Date().toISOString(),
	});

	const send = async (body: unknown, options: { secret?: string; ageSeconds?: number } = {}) => {
		const raw = JSON.stringify(body);
		const timestamp = String(Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0));
		const response = await fetch(n8n.webhookUrl(path), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-omnicrew-timestamp': timestamp, 'x-omnicrew-signature': signBody(options.secret ?? SECRET, timestamp, raw) },
			body: raw,
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};

	const succeeded = async () => (await n8n.api.executions(workflowId)).filter((e) => e.status === 'success');

	it('runs the workflow once for a signed event, with the event as the item', async () => {
		expect((await send(event('evt-100'))).status).toBe(200);
		await pause(1_000);
		const runs = await succeeded();
		expect(runs).toHaveLength(1);
		const detail = await n8n.api.execution(runs[0].id);
		expect(detail.data?.resultData?.runData?.['Odoo Trigger']?.[0]?.data?.main?.[0]?.[0]?.json).toMatchObject({ id: 'evt-100', event: 'discuss.message', tenant_id: 'acme', record_ids: [5] });
	});

	it('runs a duplicate event id once', async () => {
		const again = await send(event('evt-100'));
		expect(again).toEqual({ status: 200, body: { received: true, ignored: 'duplicate event' } });
		await pause(1_000);
		expect(await succeeded()).toHaveLength(1);
	});

	it('refuses a forged signature and a replay older than 5 minutes with 401, and a malformed event with 400', async () => {
		expect(await send(event('evt-101'), { secret: 'guess' })).toMatchObject({ status: 401, body: { reason: expect.stringMatching(/signature does not match/) } });
		expect(await send(event('evt-102'), { ageSeconds: 301 })).toMatchObject({ status: 401, body: { reason: expect.stringMatching(/stale timestamp/) } });
		expect(await send({ hello: 'world' })).toMatchObject({ status: 400, body: { reason: expect.stringMatching(/not an OmniCrew Odoo event/) } });
		await pause(1_000);
		expect(await succeeded()).toHaveLength(1);
	});
});
