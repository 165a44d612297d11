import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startN8n, type N8nInstance, type WorkflowJson } from '../../scripts/lib/n8n-instance';
import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';
import { seedKnowledge } from '../support/crew';

jest.setTimeout(240_000);

type Answer = { reply: string; handoff: boolean; agent: string; route: { agent: string; intent: string; method: string } };

/** Webhook → Crew Router → 4 Specialist Agents + Human → Respond, in a real n8n, no LLM. */
describe('crew workflow in a real n8n 2.41.1', () => {
	let n8n: N8nInstance;
	let odoo: OdooEmulator;
	let qdrant: QdrantEmulator;
	let redis: RedisServer;
	let conversation = 500;
	const workflow = JSON.parse(readFileSync(join(__dirname, 'workflows', 'crew.json'), 'utf8')) as WorkflowJson;

	beforeAll(async () => {
		[odoo, qdrant, redis] = await Promise.all([startOdooEmulator({ seed: 'brazil' }), startQdrantEmulator({ apiKey: 'e2e-key' }), startRedisServer()]);
		await seedKnowledge(qdrant, '7', 'e2e_', 'e2e-key');
		n8n = await startN8n();
		const odooId = await n8n.api.createCredential('Odoo API', 'odooOmniCrewApi', { url: odoo.url, db: odoo.db, username: odoo.users.admin.login, apiKey: odoo.users.admin.apiKey, authType: 'apiKey' });
		const qdrantId = await n8n.api.createCredential('Qdrant API', 'qdrantOmniCrewApi', { url: qdrant.url, apiKey: 'e2e-key', prefix: 'e2e_' });
		const redisId = await n8n.api.createCredential('Redis (OmniCrew)', 'redisOmniCrewApi', { mode: 'standalone', url: redis.url });
		const id = await n8n.api.createWorkflow(workflow, {
			odooOmniCrewApi: { id: odooId, name: 'Odoo API' },
			qdrantOmniCrewApi: { id: qdrantId, name: 'Qdrant API' },
			redisOmniCrewApi: { id: redisId, name: 'Redis (OmniCrew)' },
		});
		await n8n.api.activate(id);
		await n8n.waitForWebhook('omnicrew/crew');
	});
	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([odoo?.close(), qdrant?.close(), redis?.stop()]);
	});

	const say = async (text: string) => {
		const response = await fetch(n8n.webhookUrl('omnicrew/crew'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ tenant_id: '7', channel: 'whatsapp', text, conversation_id: String(++conversation), contact: { name: 'Ana Paula Ferreira', phone: '+55 11 98765-4321' } }),
		});
		expect(response.status).toBe(200);
		return (await response.json()) as Answer;
	};

	it('answers a price question on the Sales branch with the Odoo price', async () => {
		const answer = await say('vcs tem a cadeira ergonomica? qto custa?');
		expect(answer.route).toMatchObject({ agent: 'sales', intent: 'sales' });
		expect(answer.reply).toContain('R$ 1.899,90');
	});

	it('offers real free slots on the Scheduling branch', async () => {
		const answer = await say('quero agendar a instalação do ar condicionado');
		expect(answer.route.agent).toBe('scheduling');
		expect(answer.reply).toMatch(/1\. .*\d{2}:\d{2}/);
	});

	it('quotes the rule on the Business Rules branch', async () => {
		const answer = await say('da desconto pagando no pix?');
		expect(answer.route.agent).toBe('business_rules');
		expect(answer.reply).toMatch(/5% de desconto/);
	});

	it('gives the procedure on the Support branch', async () => {
		const answer = await say('meu notebook não liga de jeito nenhum');
		expect(answer.route.agent).toBe('support');
		expect(answer.reply).toMatch(/^1\. /m);
	});

	it('answers a greeting on the fallback agent\'s branch, without tools and without a hand-off', async () => {
		const answer = await say('bom diaaa');
		expect(answer.route).toMatchObject({ agent: 'sales', intent: 'conversation' });
		expect(answer).toMatchObject({ handoff: false, agent: 'sales' });
		expect(answer.reply).toMatch(/^Oi! Aqui é da Empresa 7\. Posso te ajudar com preços e estoque/);
	});

	it('hands off on the Human branch', async () => {
		const answer = await say('quero falar com um atendente');
		expect(answer).toMatchObject({ handoff: true, agent: 'human' });
		expect(answer.route.agent).toBe('human');
	});

	it('shows the crew nodes in the editor', async () => {
		expect(await n8n.nodeTypeNames()).toEqual(expect.arrayContaining(['n8n-nodes-omnicrew.crewRouter', 'n8n-nodes-omnicrew.specialistAgent']));
	});
});
