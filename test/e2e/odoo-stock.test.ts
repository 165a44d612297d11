import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startN8n, type N8nInstance, type WorkflowJson } from '../../scripts/lib/n8n-instance';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';

jest.setTimeout(240_000);

/** Webhook → Odoo (stock availability) → Respond, in a real n8n against the Odoo emulator. */
describe('Odoo (OmniCrew) node in a real n8n 2.41.1', () => {
	let n8n: N8nInstance;
	let odoo: OdooEmulator;
	const workflow = JSON.parse(readFileSync(join(__dirname, 'workflows', 'odoo-stock.json'), 'utf8')) as WorkflowJson;

	beforeAll(async () => {
		odoo = await startOdooEmulator({ seed: 'brazil' });
		n8n = await startN8n();
		const id = await n8n.api.createCredential('Odoo API', 'odooOmniCrewApi', {
			url: odoo.url,
			db: odoo.db,
			username: odoo.users.admin.login,
			apiKey: odoo.users.admin.apiKey,
			authType: 'apiKey',
		});
		const workflowId = await n8n.api.createWorkflow(workflow, { odooOmniCrewApi: { id, name: 'Odoo API' } });
		await n8n.api.activate(workflowId);
		await n8n.waitForWebhook('omnicrew/odoo-stock');
	});
	afterAll(async () => {
		await n8n?.stop();
		await odoo?.close();
	});

	const ask = async (body: Record<string, unknown>) => {
		const response = await fetch(n8n.webhookUrl('omnicrew/odoo-stock'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		return { status: response.status, body: (await response.json()) as { products?: Array<Record<string, unknown>> } };
	};

	it('answers with the stock Odoo holds, per warehouse', async () => {
		const [chair] = odoo.model('product.product').filter((p) => String(p.name).startsWith('Cadeira Ergonômica'));
		const answer = await ask({ tenant_id: 'acme', query: 'cadeira ergonomica' });
		expect(answer.status).toBe(200);
		const row = answer.body.products?.find((p) => p.id === chair.id);
		expect(row).toBeDefined();
		expect((row!.warehouses as unknown[]).length).toBeGreaterThanOrEqual(2);
		expect(typeof row!.on_hand).toBe('number');
	});

	it('answers for one warehouse when asked', async () => {
		const answer = await ask({ tenant_id: 'acme', query: 'cadeira ergonomica', warehouse: 'Rio de Janeiro' });
		expect(answer.status).toBe(200);
		expect((answer.body.products?.[0]?.warehouses as Array<{ warehouse: string }>).map((w) => w.warehouse)).toEqual(['Rio de Janeiro']);
	});
});
