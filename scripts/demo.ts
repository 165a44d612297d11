/**
 * `npm run demo`: the main job on embedded defaults. Installs or starts what it needs — Node 24
 * and n8n 2.41.1 from the npm registry, redis-server from Debian — then runs a real n8n on
 * 127.0.0.1 with every OmniCrew node and credential loaded and every template imported.
 *
 *   npm run demo              start and keep running until Ctrl-C
 *   npm run demo -- --check   start, verify, stop (used by the test suite)
 *   --no-build                use dist/ as it is (the test suite has just built it)
 *
 * OMNICREW_DEMO_PORT picks the editor port (default 5678, or the next free one);
 * OMNICREW_DEMO_DIR the n8n user folder (default .omnicrew/demo, wiped at each start).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { packPackage, repoRoot, startN8n, type N8nInstance, type WorkflowJson } from './lib/n8n-instance';
import { startChatwootEmulator, type ChatwootEmulator } from '../test/emulators/chatwoot';
import { ensureN8n, ensureNode24, ensureRedisServer, freePort, progress, startRedisServer, type RedisServer } from './lib/runtime';

const root = repoRoot();
const check = process.argv.includes('--check');
const build = !process.argv.includes('--no-build');
const LOGIN = { email: 'demo@omnicrew.dev', password: 'OmniCrew-demo-1' };
const TOTAL = 8;
const step = (n: number, text: string) => progress(`step ${n}/${TOTAL}: ${text}`);

async function portIsFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function editorPort(): Promise<number> {
	const wanted = Number(process.env.OMNICREW_DEMO_PORT ?? 5678);
	if (!Number.isInteger(wanted) || wanted < 1 || wanted > 65535) throw new Error(`OMNICREW_DEMO_PORT must be a port number (got "${process.env.OMNICREW_DEMO_PORT}").`);
	for (let port = wanted; port < wanted + 20; port++) if (await portIsFree(port)) return port;
	return await freePort();
}

function templates(): Array<{ file: string; workflow: WorkflowJson }> {
	const dir = join(root, 'workflows-templates');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson }));
}

const isTrigger = (workflow: WorkflowJson) =>
	workflow.nodes.some((node) => typeof node.type === 'string' && /(webhook|trigger)$/i.test(node.type.split('.').pop() ?? ''));

async function main(): Promise<void> {
	let redis: RedisServer | undefined;
	let chatwoot: ChatwootEmulator | undefined;
	let n8n: N8nInstance | undefined;
	const stop = async () => {
		await n8n?.stop();
		await chatwoot?.close();
		await redis?.stop();
	};
	try {
		step(1, `Node 24 (n8n 2.x needs it)`);
		ensureNode24();
		step(2, 'n8n 2.41.1');
		ensureN8n();
		step(3, 'redis-server');
		ensureRedisServer();

		step(4, build ? 'build and pack n8n-nodes-omnicrew' : 'pack n8n-nodes-omnicrew (dist/ as built)');
		if (build) {
			const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
			if (built.status !== 0) throw new Error('The build failed (see above).');
		}
		const userFolder = process.env.OMNICREW_DEMO_DIR || join(root, '.omnicrew', 'demo');
		if (existsSync(userFolder)) rmSync(userFolder, { recursive: true, force: true });
		const tarball = packPackage(join(userFolder, 'pack'));

		step(5, 'start Redis and the Chatwoot stand-in (emulator of Chatwoot 4.15) on loopback');
		redis = await startRedisServer();
		chatwoot = await startChatwootEmulator({ port: Number(process.env.OMNICREW_DEMO_CHATWOOT_PORT ?? 0) });
		progress(`Redis: ${redis.url}; Chatwoot emulator: ${chatwoot.url}`);

		const port = await editorPort();
		step(6, `start n8n 2.41.1 on 127.0.0.1:${port} (about 10 s)`);
		n8n = await startN8n({ userFolder, port, tarball, owner: LOGIN, env: { N8N_LOG_LEVEL: 'warn' } });

		step(7, 'create the demo credentials and import every template');
		const credentials = {
			redisOmniCrewApi: {
				id: await n8n.api.createCredential('Redis (OmniCrew) — demo', 'redisOmniCrewApi', { mode: 'standalone', url: redis.url, tls: false }),
				name: 'Redis (OmniCrew) — demo',
			},
			chatwootOmniCrewApi: {
				id: await n8n.api.createCredential('Chatwoot API — demo', 'chatwootOmniCrewApi', {
					baseUrl: chatwoot.url,
					accessToken: chatwoot.tokens.bot,
					accountId: chatwoot.accountId,
					webhookSecret: chatwoot.bot.secret,
				}),
				name: 'Chatwoot API — demo',
			},
		};
		const imported: string[] = [];
		for (const { file, workflow } of templates()) {
			const id = await n8n.api.createWorkflow(workflow, credentials);
			let state = 'imported';
			if (isTrigger(workflow)) {
				await n8n.api.activate(id);
				state = 'imported and active';
			}
			imported.push(`${workflow.name} (${file}): ${state}`);
			progress(`template ${file}: ${state}`);
		}

		step(8, 'connect the Chatwoot agent bot to the Chatwoot Trigger of the templates');
		const trigger = templates()
			.flatMap(({ workflow }) => workflow.nodes)
			.find((node) => node.type === 'n8n-nodes-omnicrew.chatwootTrigger');
		const botUrl = trigger ? n8n.webhookUrl(`${String(trigger.webhookId)}/chatwoot`) : undefined;
		if (botUrl) for (const inbox of ['whatsapp', 'facebook', 'instagram', 'email', 'webchat'] as const) chatwoot.connectBot(inbox, botUrl);

		const nodeTypes = (await n8n.nodeTypeNames()).filter((name) => name.startsWith('n8n-nodes-omnicrew.'));
		if (nodeTypes.length === 0) throw new Error(`n8n did not load n8n-nodes-omnicrew; see ${n8n.logFilePath}`);

		const banner = [
			'',
			'  OmniCrew demo is running',
			`  Editor:    ${n8n.url}`,
			`  Login:     ${LOGIN.email} / ${LOGIN.password}`,
			`  Nodes:     ${nodeTypes.join(', ')}`,
			`  Redis:     ${redis.url}`,
			`  Chatwoot:  ${chatwoot.url} (emulator; agent bot "${chatwoot.bot.name}" → ${botUrl ?? 'no trigger template'})`,
			`  Templates: ${imported.length}`,
			...imported.map((line) => `    - ${line}`),
			'  Try it:',
			`    curl -s -X POST ${n8n.webhookUrl('omnicrew/cache-quickstart')} -H 'content-type: application/json' \\`,
			`      -d '{"tenant_id":"acme","key":"CAD-ERG-01","value":{"price":1299.9}}'`,
			'  A customer writes on WhatsApp (the emulator delivers it to the trigger like Chatwoot does):',
			`    curl -s -X POST ${chatwoot.url}/__emulator/customer_message -H 'content-type: application/json' \\`,
			`      -d '{"inbox":"whatsapp","text":"Oi, vocês têm a cadeira ergonômica?","contact":{"name":"Ana Paula","phone":"+5511987654321"}}'`,
			`    curl -s ${chatwoot.url}/__emulator/conversations/<conversation_id>/messages   # the bot's reply`,
			`  Logs:      ${n8n.logFilePath}`,
			'  The demo starts from a clean n8n every time: export workflows you want to keep. Ctrl-C stops it.',
			'',
		];
		process.stdout.write(`${banner.join('\n')}\n`);

		if (check) {
			await n8n.waitForWebhook('omnicrew/cache-quickstart');
			const response = await fetch(n8n.webhookUrl('omnicrew/cache-quickstart'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ tenant_id: 'acme', key: 'demo-check', value: { ok: true } }),
			});
			const body = (await response.json()) as { hit?: boolean };
			if (!response.ok || body.hit !== true) throw new Error(`The quickstart webhook answered ${response.status}: ${JSON.stringify(body)}`);
			if (botUrl) await checkChatwootReply(chatwoot);
			progress('check passed: nodes loaded, templates imported, quickstart answered, Chatwoot message answered');
			await stop();
			return;
		}
		await new Promise<void>((resolve) => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		});
		progress('stopping n8n and Redis');
		await stop();
	} catch (error) {
		await stop().catch(() => undefined);
		throw error;
	}
}

/** A customer message through the emulator must come back as one bot reply. */
async function checkChatwootReply(chatwoot: ChatwootEmulator): Promise<void> {
	const sent = await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'Oi, tudo bem?', contact: { name: 'Demo Check', phone: '+5511900009999' } });
	const deadline = Date.now() + 20_000;
	for (;;) {
		const replies = (chatwoot.messages(sent.conversationId) as Array<{ message_type: number; private: boolean; content: string | null }>).filter(
			(m) => m.message_type === 1 && !m.private,
		);
		if (replies.length > 0) {
			progress(`Chatwoot bot replied: ${replies[0].content ?? ''}`);
			return;
		}
		if (Date.now() > deadline) throw new Error('The Chatwoot auto-reply template did not answer a customer message within 20 s.');
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`[omnicrew] demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
