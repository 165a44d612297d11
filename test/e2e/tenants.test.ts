import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { signBody } from '../../lib/webhook-signature';
import { SecretBox } from '../../lib/secret-box';
import { startN8n, type N8nInstance, type WorkflowJson } from '../../scripts/lib/n8n-instance';
import { startFerretDb, type FerretDbServer } from '../../scripts/lib/runtime';
import { openMongo, type MongoConnection } from '../../nodes/TenantConfig/store/mongo';
import { UpstreamStore } from '../../nodes/TenantConfig/store/upstream-store';
import { startChatwootEmulator, type ChatwootEmulator } from '../emulators/chatwoot';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';

jest.setTimeout(240_000);

const KEY = 'e2e-deployment-secrets-key-0123456789abcdef';
const workflow = JSON.parse(readFileSync(join(__dirname, 'workflows', 'chatwoot-tenants.json'), 'utf8')) as WorkflowJson;
const triggerPath = `${String(workflow.nodes[0].webhookId)}/chatwoot`;
const crewWorkflow = JSON.parse(readFileSync(join(__dirname, 'workflows', 'chatwoot-tenants-crew.json'), 'utf8')) as WorkflowJson;
const crewTriggerPath = `${String(crewWorkflow.nodes[0].webhookId)}/chatwoot`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One channel workflow serving two tenants in a real n8n 2.41.1: each tenant's Chatwoot account
 * (its own Chatwoot, bot token and webhook secret) and Odoo come from its tenant upstreams, sealed
 * in MongoDB (FerretDB) with the deployment's key; nothing crosses from one tenant to the other.
 */
describe('two tenants through one workflow in a real n8n 2.41.1', () => {
	let n8n: N8nInstance;
	let ferret: FerretDbServer;
	let mongo: MongoConnection;
	let chat: Record<'one' | 'two', ChatwootEmulator>;
	let odoo: Record<'one' | 'two', OdooEmulator>;
	let workflowId: string;

	async function waitForReply(emulator: ChatwootEmulator, conversationId: number, timeoutMs = 30_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const [reply] = emulator.replies(conversationId);
			if (reply) return reply.content;
			if (Date.now() > deadline) throw new Error(`no reply in conversation ${conversationId} of account ${emulator.accountId}\n${n8n.logs(30)}`);
			await pause(100);
		}
	}

	beforeAll(async () => {
		const [one, two, odooOne, odooTwo, ferretDb] = await Promise.all([
			startChatwootEmulator({ botRetryDelayMs: 200, account: { id: 11, name: 'Loja Um' } }),
			startChatwootEmulator({ botRetryDelayMs: 200, account: { id: 22, name: 'Store Two', locale: 'en' } }),
			startOdooEmulator({ seed: 'brazil' }),
			startOdooEmulator({ seed: 'contract' }),
			startFerretDb(),
		]);
		chat = { one, two };
		odoo = { one: odooOne, two: odooTwo };
		ferret = ferretDb;
		mongo = await openMongo({ uri: ferret.uri, database: 'tenants_e2e' });
		const upstreams = new UpstreamStore(mongo.db, new SecretBox(KEY));
		for (const [name, emulator] of Object.entries(chat) as Array<['one' | 'two', ChatwootEmulator]>) {
			const erp = odoo[name];
			await upstreams.put(String(emulator.accountId), {
				chatwoot: { base_url: emulator.url, bot_token: emulator.tokens.bot, webhook_secret: emulator.bot.secret },
				odoo: { url: erp.url, db: erp.db, login: erp.users.admin.login, api_key: erp.users.admin.apiKey },
			});
		}
		n8n = await startN8n();
		const credential = await n8n.api.createCredential('MongoDB (OmniCrew)', 'mongoDbOmniCrewApi', { connectionStringSecret: ferret.uri, database: 'tenants_e2e', secretsKey: KEY, dataCollections: 'leads' });
		workflowId = await n8n.api.createWorkflow(workflow, { mongoDbOmniCrewApi: { id: credential, name: 'MongoDB (OmniCrew)' } });
		await n8n.api.activate(workflowId);
		const crewId = await n8n.api.createWorkflow(crewWorkflow, { mongoDbOmniCrewApi: { id: credential, name: 'MongoDB (OmniCrew)' } });
		await n8n.api.activate(crewId);
		await n8n.waitForWebhook(triggerPath);
		await n8n.waitForWebhook(crewTriggerPath);
		// the WhatsApp inboxes reach the Odoo workflow, the web chat inboxes the crew workflow
		for (const emulator of Object.values(chat)) {
			emulator.connectBot('whatsapp', n8n.webhookUrl(triggerPath));
			emulator.connectBot('webchat', n8n.webhookUrl(crewTriggerPath));
		}
	});

	afterAll(async () => {
		await n8n?.stop();
		await mongo?.close();
		await Promise.allSettled([...Object.values(chat ?? {}), ...Object.values(odoo ?? {})].map((service) => service.close()));
		await ferret?.stop();
	});

	it('answers each tenant from its own Odoo, in its own Chatwoot account', async () => {
		const first = await chat.one.customerMessage({ inbox: 'whatsapp', text: 'cadeira', contact: { name: 'Ana', phone: '+5511987650001' } });
		const second = await chat.two.customerMessage({ inbox: 'whatsapp', text: 'chair', contact: { name: 'Bob', phone: '+14155550102' } });
		expect([...first.deliveries, ...second.deliveries].every((d) => d.status === 200)).toBe(true);
		const [replyOne, replyTwo] = await Promise.all([waitForReply(chat.one, first.conversationId), waitForReply(chat.two, second.conversationId)]);
		expect(replyOne).toMatch(/^Produto: Cadeira/);
		expect(replyTwo).toMatch(/^Produto: .*Chair/);
		// each Chatwoot was reached with its own bot token only, each Odoo by its own tenant's turn only
		for (const [name, emulator] of Object.entries(chat) as Array<['one' | 'two', ChatwootEmulator]>) {
			const other = name === 'one' ? chat.two : chat.one;
			const posts = emulator.requests.filter((r) => r.method === 'POST' && r.path.includes('/messages'));
			expect(posts.length).toBeGreaterThan(0);
			expect(posts.every((r) => r.token === 'bot')).toBe(true);
			expect(other.tokens.bot).not.toBe(emulator.tokens.bot);
		}
	});

	it('answers each tenant through the Specialist Agent with its own Odoo\'s products and prices', async () => {
		const first = await chat.one.customerMessage({ inbox: 'webchat', text: 'quanto custa a cadeira ergonômica?', contact: { name: 'Ana', phone: '+5511987650002' } });
		const second = await chat.two.customerMessage({ inbox: 'webchat', text: 'how much is the office chair?', contact: { name: 'Bob', phone: '+14155550103' } });
		const [replyOne, replyTwo] = await Promise.all([waitForReply(chat.one, first.conversationId), waitForReply(chat.two, second.conversationId)]);
		expect(replyOne).toMatch(/Cadeira Ergon/);
		expect(replyOne).toMatch(/R\$ ?[\d.]+,\d\d/);
		expect(replyTwo).toMatch(/Office Chair/);
		expect(replyTwo).not.toMatch(/Cadeira|R\$/);
		expect(replyOne).not.toMatch(/Office Chair/);
	});

	it('refuses a request signed with one tenant\'s secret for the other tenant\'s account, and starts nothing', async () => {
		const executions = await n8n.api.settledExecutions(workflowId);
		const body = JSON.stringify({
			event: 'message_created',
			account: { id: chat.two.accountId, name: 'Store Two' },
			message_type: 'incoming',
			content: 'forged',
			conversation: { id: 999, status: 'pending' },
		});
		const at = String(Math.floor(Date.now() / 1000));
		const forged = await fetch(n8n.webhookUrl(triggerPath), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-chatwoot-timestamp': at, 'x-chatwoot-signature': signBody(chat.one.bot.secret, at, body) },
			body,
		});
		expect(forged.status).toBe(401);
		expect(await forged.json()).toMatchObject({ error: 'Unauthorized', reason: expect.stringMatching(/signature does not match/) });
		const unknown = JSON.stringify({ ...JSON.parse(body), account: { id: 33 } });
		const stranger = await fetch(n8n.webhookUrl(triggerPath), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-chatwoot-timestamp': at, 'x-chatwoot-signature': signBody(chat.one.bot.secret, at, unknown) },
			body: unknown,
		});
		expect(stranger.status).toBe(401);
		await pause(1_000);
		expect((await n8n.api.executions(workflowId)).length).toBe(executions);
	});
});
