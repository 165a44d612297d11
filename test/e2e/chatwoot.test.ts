import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Redis } from 'ioredis';

import { startN8n, type N8nInstance, type WorkflowJson } from '../../scripts/lib/n8n-instance';
import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { signBody } from '../../lib/webhook-signature';
import { startChatwootEmulator, type ChatwootEmulator } from '../emulators/chatwoot';

jest.setTimeout(240_000);

const workflow = (name: string) => JSON.parse(readFileSync(join(__dirname, 'workflows', `${name}.json`), 'utf8')) as WorkflowJson;
const triggerPath = (wf: WorkflowJson) => `${String(wf.nodes[0].webhookId)}/chatwoot`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Chatwoot Trigger → Chatwoot (send message) in real n8n, against the Chatwoot emulator. */
describe('Chatwoot Trigger → Chatwoot reply in a real n8n 2.41.1', () => {
	let chatwoot: ChatwootEmulator;
	let redis: RedisServer;
	let n8n: N8nInstance;
	const reply = workflow('chatwoot-reply');
	const burst = workflow('chatwoot-burst-reply');
	let replyId: string;

	const botReplies = (conversationId: number, sender: 'agent_bot' | 'user' = 'agent_bot') => chatwoot.replies(conversationId, sender);

	async function waitForReplies(conversationId: number, count: number, timeoutMs = 20_000, sender: 'agent_bot' | 'user' = 'agent_bot'): Promise<Array<{ id: number; content: string }>> {
		const deadline = Date.now() + timeoutMs;
		while (botReplies(conversationId, sender).length < count) {
			if (Date.now() > deadline) throw new Error(`expected ${count} replies by ${sender} in conversation ${conversationId}, saw ${botReplies(conversationId, sender).length}\n${n8n.logs(20)}`);
			await pause(100);
		}
		return botReplies(conversationId, sender);
	}

	const emulator = async (method: string, path: string): Promise<Record<string, unknown>> => {
		const response = await fetch(`${chatwoot.url}/api/v1/accounts/${chatwoot.accountId}${path}`, { method, headers: { api_access_token: chatwoot.tokens.admin } });
		return (await response.json()) as Record<string, unknown>;
	};

	beforeAll(async () => {
		[chatwoot, redis] = await Promise.all([startChatwootEmulator({ botRetryDelayMs: 200 }), startRedisServer()]);
		n8n = await startN8n();
		const credentials = {
			chatwootOmniCrewApi: {
				id: await n8n.api.createCredential('Chatwoot API', 'chatwootOmniCrewApi', {
					baseUrl: chatwoot.url,
					accessToken: chatwoot.tokens.bot,
					accountId: chatwoot.accountId,
					webhookSecret: chatwoot.bot.secret,
				}),
				name: 'Chatwoot API',
			},
			redisOmniCrewApi: { id: await n8n.api.createCredential('Redis (OmniCrew)', 'redisOmniCrewApi', { mode: 'standalone', url: redis.url }), name: 'Redis (OmniCrew)' },
		};
		replyId = await n8n.api.createWorkflow(reply, credentials);
		const burstId = await n8n.api.createWorkflow(burst, credentials);
		await n8n.api.activate(replyId);
		await n8n.api.activate(burstId);
		await n8n.waitForWebhook(triggerPath(reply));
		await n8n.waitForWebhook(triggerPath(burst));
		chatwoot.connectBot('whatsapp', n8n.webhookUrl(triggerPath(reply)));
	});

	afterAll(async () => {
		await n8n?.stop();
		await chatwoot?.close();
		await redis?.stop();
	});

	it('shows both nodes and the AI-tool variant of the Chatwoot node in the editor', async () => {
		expect(await n8n.nodeTypeNames()).toEqual(
			expect.arrayContaining(['n8n-nodes-omnicrew.chatwootTrigger', 'n8n-nodes-omnicrew.chatwoot', 'n8n-nodes-omnicrew.chatwootTool']),
		);
	});

	it('answers one customer message with exactly one reply, and ignores the echo of that reply', async () => {
		const sent = await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'Oi! Vocês têm a cadeira ergonômica?', contact: { name: 'Ana Paula', phone: '+5511987654321' } });
		expect(sent.deliveries.every((d) => d.status === 200)).toBe(true);

		const replies = await waitForReplies(sent.conversationId, 1);
		expect(replies[0].content).toBe('Recebido (1): Oi! Vocês têm a cadeira ergonômica?');
		// the bot's own reply comes back to the trigger as message_created (outgoing)
		await chatwoot.waitForDeliveries((d) => d.event === 'message_created' && d.body.includes('"message_type":"outgoing"'), 1);
		await pause(1_500);
		expect(botReplies(sent.conversationId)).toHaveLength(1);
	});

	it('records a turn as answered when a reply tagged with it comes back, so a take-over will not answer it again', async () => {
		const sent = await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'Tem entrega para Campinas?', contact: { name: 'Marina Costa', phone: '+5511955550077' } });
		await waitForReplies(sent.conversationId, 1);
		const inspect = new Redis(redis.url);
		try {
			const turn = `t:${chatwoot.accountId}:_turn:conversation:${sent.conversationId}`;
			// the trigger numbered the message and kept it with its ticket (this workflow never unlocks)
			const ticket = Number(await inspect.hget(turn, 'next'));
			expect(ticket).toBeGreaterThan(0);
			expect(await inspect.hget(turn, `m:${ticket}`)).toContain('Tem entrega para Campinas?');

			// a forged echo carrying the turn: unsigned, or signed for another account, it changes nothing
			const ofThisConversation = (body: string) => (JSON.parse(body) as { conversation?: { id?: number } }).conversation?.id === sent.conversationId;
			const echo = await chatwoot.waitForDeliveries((d) => d.event === 'message_created' && d.body.includes('"message_type":"outgoing"') && ofThisConversation(d.body), 1);
			const forged = { ...(JSON.parse(echo[0].body) as Record<string, unknown>), content_attributes: { omnicrew_turn: ticket } };
			const unsigned = await fetch(n8n.webhookUrl(triggerPath(reply)), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
			expect(unsigned.status).toBe(401);
			const foreign = JSON.stringify({ ...forged, account: { id: chatwoot.accountId + 1, name: 'Outra' } });
			const at = String(Math.floor(Date.now() / 1000));
			const otherAccount = await fetch(n8n.webhookUrl(triggerPath(reply)), {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-chatwoot-timestamp': at, 'x-chatwoot-signature': signBody(chatwoot.bot.secret, at, foreign) },
				body: foreign,
			});
			expect(otherAccount.status).toBe(403);
			expect(await otherAccount.json()).toMatchObject({ error: 'Forbidden', reason: expect.stringMatching(/serves account/) });
			expect(await inspect.hexists(turn, `m:${ticket}`)).toBe(1);

			const response = await fetch(`${chatwoot.url}/api/v1/accounts/${chatwoot.accountId}/conversations/${sent.conversationId}/messages`, {
				method: 'POST',
				headers: { api_access_token: chatwoot.tokens.bot, 'content-type': 'application/json' },
				body: JSON.stringify({ content: 'Entregamos, sim.', content_attributes: { omnicrew_turn: ticket } }),
			});
			expect(response.status).toBe(200);
			const deadline = Date.now() + 10_000;
			while ((await inspect.hexists(turn, `m:${ticket}`)) === 1 && Date.now() < deadline) await pause(100);
			expect(await inspect.hexists(turn, `m:${ticket}`)).toBe(0);
		} finally {
			inspect.disconnect();
		}
	});

	it('does not answer a redelivered event', async () => {
		const sent = await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'Qual o prazo de entrega?', contact: { name: 'Rafael Lima', phone: '+5511955550001' } });
		await waitForReplies(sent.conversationId, 1);
		const original = sent.deliveries.find((d) => d.event === 'message_created');
		expect(original).toBeDefined();
		const again = await chatwoot.redeliver(original!.id);
		expect(again.status).toBe(200);
		await pause(1_500);
		expect(botReplies(sent.conversationId)).toHaveLength(1);
	});

	it('accepts a captured signed request once: sent again, even under a new X-Chatwoot-Delivery, it is a 200 no-op', async () => {
		const sent = await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'Vocês abrem sábado?', contact: { name: 'Paula Nunes', phone: '+5511955550003' } });
		await waitForReplies(sent.conversationId, 1);
		const before = await n8n.api.settledExecutions(replyId);
		const captured = sent.deliveries.find((d) => d.event === 'message_created' && d.target === 'agent_bot');
		expect(captured?.headers['X-Chatwoot-Signature']).toMatch(/^sha256=/);
		const replay = await fetch(n8n.webhookUrl(triggerPath(reply)), {
			method: 'POST',
			headers: { ...captured!.headers, 'X-Chatwoot-Delivery': 'c0ffee00-0000-4000-8000-000000000001' },
			body: captured!.body,
		});
		expect(replay.status).toBe(200);
		expect(await replay.json()).toMatchObject({ received: true, ignored: expect.stringMatching(/replayed request/) });
		await pause(1_500);
		expect(botReplies(sent.conversationId)).toHaveLength(1);
		expect((await n8n.api.executions(replyId)).length).toBe(before);
	});

	it('refuses a forged signature with 401 and a reason, without running the workflow', async () => {
		const before = await n8n.api.settledExecutions(replyId);
		const body = readFileSync(join(__dirname, '..', 'contracts', 'chatwoot', 'examples', '01_message_created_incoming_whatsapp.json'), 'utf8');
		const timestamp = String(Math.floor(Date.now() / 1000));
		const response = await fetch(n8n.webhookUrl(triggerPath(reply)), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-chatwoot-timestamp': timestamp, 'x-chatwoot-signature': signBody('not-the-secret', timestamp, body) },
			body,
		});
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ reason: expect.stringMatching(/signature does not match/) });

		const stale = String(Math.floor(Date.now() / 1000) - 3_600);
		const replay = await fetch(n8n.webhookUrl(triggerPath(reply)), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-chatwoot-timestamp': stale, 'x-chatwoot-signature': signBody(chatwoot.bot.secret, stale, body) },
			body,
		});
		expect(replay.status).toBe(401);
		expect(await replay.json()).toMatchObject({ reason: expect.stringMatching(/stale timestamp/) });
		await pause(500);
		expect((await n8n.api.executions(replyId)).length).toBe(before);
	});

	it('without a webhook secret refuses every request with 401, unless Accept Unsigned Requests (Testing Only) is on', async () => {
		const unsignedCredentials = {
			chatwootOmniCrewApi: {
				id: await n8n.api.createCredential('Chatwoot API (no secret)', 'chatwootOmniCrewApi', { baseUrl: chatwoot.url, accessToken: chatwoot.tokens.bot, accountId: chatwoot.accountId }),
				name: 'Chatwoot API (no secret)',
			},
		};
		const variant = (name: string, webhookId: string, acceptUnsigned: boolean): WorkflowJson => ({
			...reply,
			name,
			nodes: reply.nodes.map((node, index) => {
				if (index !== 0) return node;
				const { redisOmniCrewApi: _redis, ...credentials } = node.credentials ?? {};
				return { ...node, webhookId, credentials, parameters: { ...(node.parameters as Record<string, unknown>), acceptUnsigned } };
			}),
		});
		const refusing = variant('Chatwoot reply, no secret (e2e)', '5f0c2a9e-1d3b-4c7e-9a11-0000000000aa', false);
		const accepting = variant('Chatwoot reply, unsigned accepted (e2e)', '5f0c2a9e-1d3b-4c7e-9a11-0000000000ab', true);
		const ids = [await n8n.api.createWorkflow(refusing, unsignedCredentials), await n8n.api.createWorkflow(accepting, unsignedCredentials)];
		for (const id of ids) await n8n.api.activate(id);
		await n8n.waitForWebhook(triggerPath(refusing));
		await n8n.waitForWebhook(triggerPath(accepting));
		const body = readFileSync(join(__dirname, '..', 'contracts', 'chatwoot', 'examples', '01_message_created_incoming_whatsapp.json'), 'utf8');
		const post = (wf: WorkflowJson) => fetch(n8n.webhookUrl(triggerPath(wf)), { method: 'POST', headers: { 'content-type': 'application/json' }, body });

		const refused = await post(refusing);
		expect(refused.status).toBe(401);
		expect(await refused.json()).toMatchObject({ error: 'Unauthorized', reason: expect.stringMatching(/no webhook secret.*Accept Unsigned Requests \(Testing Only\)/) });
		const accepted = await post(accepting);
		expect(accepted.status).toBe(200);
		const deadline = Date.now() + 10_000;
		while ((await n8n.api.executions(ids[1])).length === 0 && Date.now() < deadline) await pause(100);
		expect((await n8n.api.executions(ids[1])).length).toBe(1);
		expect((await n8n.api.executions(ids[0])).length).toBe(0);
		for (const id of ids) await n8n.api.deactivate(id);
	});

	it('stays silent after a hand-off (the conversation is open, the humans\' turn)', async () => {
		const sent = await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'Quero falar com um atendente', contact: { name: 'Júlia Martins', phone: '+5511955550002' } });
		await waitForReplies(sent.conversationId, 1);
		const handoff = await fetch(`${chatwoot.url}/api/v1/accounts/${chatwoot.accountId}/conversations/${sent.conversationId}/toggle_status`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', api_access_token: chatwoot.tokens.bot },
			body: JSON.stringify({ status: 'open' }),
		});
		expect(handoff.status).toBe(200);
		await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'Alô?', conversationId: sent.conversationId });
		await pause(1_500);
		expect(botReplies(sent.conversationId)).toHaveLength(1);
	});

	it('registers an account webhook on activation, verifies with its secret, answers any status, and removes it on deactivation', async () => {
		const admin = {
			chatwootOmniCrewApi: {
				id: await n8n.api.createCredential('Chatwoot API (admin)', 'chatwootOmniCrewApi', { baseUrl: chatwoot.url, accessToken: chatwoot.tokens.admin, accountId: chatwoot.accountId }),
				name: 'Chatwoot API (admin)',
			},
			redisOmniCrewApi: { id: await n8n.api.createCredential('Redis (OmniCrew) 2', 'redisOmniCrewApi', { mode: 'standalone', url: redis.url }), name: 'Redis (OmniCrew) 2' },
		};
		const wf = workflow('chatwoot-account-webhook');
		const id = await n8n.api.createWorkflow(wf, admin);
		await n8n.api.activate(id);
		await n8n.waitForWebhook(triggerPath(wf));
		const url = n8n.webhookUrl(triggerPath(wf));
		// n8n serves the webhook route before the trigger's create() has finished upstream
		const listHooks = async () => ((await emulator('GET', '/webhooks')).payload as { webhooks: Array<{ url: string; subscriptions: string[]; secret: string }> }).webhooks;
		let registered = (await listHooks()).find((h) => h.url === url);
		for (let i = 0; !registered && i < 100; i++) {
			await pause(100);
			registered = (await listHooks()).find((h) => h.url === url);
		}
		expect(registered).toMatchObject({ subscriptions: ['message_created'] });
		expect(registered?.secret).toBeTruthy();

		// an Instagram DM: no bot there, the conversation is open, and this trigger answers any status
		const sent = await chatwoot.customerMessage({ inbox: 'instagram', text: 'Oi! Tem a jaqueta no M?', contact: { name: 'Lucas Ferreira', identifier: 'ig-lucas' } });
		const toHook = sent.deliveries.find((d) => d.url === url);
		expect(toHook).toMatchObject({ status: 200, headers: expect.objectContaining({ 'X-Chatwoot-Signature': expect.stringMatching(/^sha256=/) }) });
		// this credential holds an admin token, so the reply comes from a user, not the bot
		const replies = await waitForReplies(sent.conversationId, 1, 20_000, 'user');
		expect(replies[0].content).toBe('Recebido (1): Oi! Tem a jaqueta no M?');

		await n8n.api.deactivate(id);
		for (let i = 0; (await listHooks()).some((h) => h.url === url) && i < 100; i++) await pause(100);
		expect((await listHooks()).some((h) => h.url === url)).toBe(false);
	});

	it('groups a burst of three messages within the window into one reply', async () => {
		chatwoot.connectBot('whatsapp', n8n.webhookUrl(triggerPath(burst)));
		const first = await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'oi', contact: { name: 'Bruno', phone: '+5521998877665' } });
		await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'vcs tem', conversationId: first.conversationId });
		await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'cadeira gamer?', conversationId: first.conversationId });

		const replies = await waitForReplies(first.conversationId, 1);
		expect(replies[0].content).toBe('Recebido (3): oi\nvcs tem\ncadeira gamer?');
		await pause(2_500);
		expect(botReplies(first.conversationId)).toHaveLength(1);
		chatwoot.connectBot('whatsapp', n8n.webhookUrl(triggerPath(reply)));
	});
});
