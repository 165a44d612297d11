/**
 * `npm run demo`: the main job on embedded defaults. Installs or starts what it needs — Node 24
 * and n8n 2.41.1 from the npm registry, redis-server from Debian, FerretDB from its Go module —
 * then runs, on 127.0.0.1: Redis, FerretDB, the Chatwoot, Odoo, Qdrant and OpenAI-compatible
 * emulators (the Brazilian demo shop, its policies and procedures, its catalog synced into the
 * knowledge base) and a real n8n with every template imported, credentials created and the
 * channel crews active. `npm run demo:say` then talks to it as a customer.
 *
 *   npm run demo              start and keep running until Ctrl-C
 *   npm run demo -- --check   start, verify a grounded answer end to end, stop (used by the tests)
 *   --no-build                use dist/ as it is (the test suite has just built it)
 *
 * OMNICREW_DEMO_PORT picks the editor port (default 5678, or the next free one);
 * OMNICREW_DEMO_DIR the n8n user folder (default .omnicrew/demo, wiped at each start).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { createStackCredentials, startCrewStack, triggerPath, type CrewStack } from './lib/crew-stack';
import { demoStatePath, type DemoState } from './lib/demo-state';
import { packPackage, repoRoot, startN8n, type N8nInstance, type WorkflowJson } from './lib/n8n-instance';
import { ensureFerretDb, ensureN8n, ensureNode24, ensureRedisServer, freePort, progress } from './lib/runtime';
import { sayAsCustomer } from './lib/say';

const root = repoRoot();
const check = process.argv.includes('--check');
const build = !process.argv.includes('--no-build');
const LOGIN = { email: 'demo@omnicrew.dev', password: 'OmniCrew-demo-1' };
const TOTAL = 8;
const CHANNELS = ['whatsapp', 'facebook', 'instagram', 'email', 'webchat'] as const;
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

function templates(): Array<{ file: string; name: string; workflow: WorkflowJson }> {
	const dir = join(root, 'workflows-templates');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, name: file.replace(/\.json$/, ''), workflow: JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson }));
}

const isTrigger = (workflow: WorkflowJson) =>
	workflow.nodes.some((node) => typeof node.type === 'string' && /(webhook|trigger)$/i.test(node.type.split('.').pop() ?? ''));

async function main(): Promise<void> {
	let stack: CrewStack | undefined;
	let n8n: N8nInstance | undefined;
	const userFolder = process.env.OMNICREW_DEMO_DIR || join(root, '.omnicrew', 'demo');
	const stop = async () => {
		rmSync(demoStatePath(userFolder), { force: true });
		await n8n?.stop();
		await stack?.close();
	};
	try {
		step(1, 'Node 24 (n8n 2.x needs it)');
		ensureNode24();
		step(2, 'n8n 2.41.1');
		ensureN8n();
		step(3, 'redis-server and FerretDB (a MongoDB-compatible server)');
		ensureRedisServer();
		ensureFerretDb();

		step(4, build ? 'build and pack n8n-nodes-omnicrew' : 'pack n8n-nodes-omnicrew (dist/ as built)');
		if (build) {
			const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
			if (built.status !== 0) throw new Error('The build failed (see above).');
		}
		if (existsSync(userFolder)) rmSync(userFolder, { recursive: true, force: true });
		const tarball = packPackage(join(userFolder, 'pack'));

		step(5, 'start Redis, FerretDB and the Chatwoot, Odoo, Qdrant and chat-model stand-ins; sync the demo shop into the knowledge base');
		stack = await startCrewStack();
		progress(`Chatwoot ${stack.chatwoot.url} · Odoo ${stack.odoo.url} (db ${stack.odoo.db}) · Qdrant ${stack.qdrant.url} · chat model ${stack.openai.url} · Redis ${stack.redis.url} · FerretDB ${stack.ferret.uri}`);

		const port = await editorPort();
		step(6, `start n8n 2.41.1 on 127.0.0.1:${port} (about 10 s)`);
		n8n = await startN8n({ userFolder, port, tarball, owner: LOGIN, env: { N8N_LOG_LEVEL: 'warn', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } });

		step(7, 'create the credentials and import every template');
		const credentials = await createStackCredentials(n8n.api, stack);
		const workflowIds: Record<string, string> = {};
		const imported: string[] = [];
		for (const { file, name, workflow } of templates()) {
			const id = await n8n.api.createWorkflow(workflow, credentials);
			workflowIds[name] = id;
			let state = 'imported';
			if (isTrigger(workflow)) {
				await n8n.api.activate(id);
				state = 'imported and active';
			}
			imported.push(`${workflow.name} (${file}): ${state}`);
			progress(`template ${file}: ${state}`);
		}

		step(8, 'connect each Chatwoot inbox to its channel crew');
		const bots: string[] = [];
		for (const channel of CHANNELS) {
			const workflow = templates().find((t) => t.name === `${channel}-crew`)?.workflow;
			if (!workflow) continue;
			await n8n.waitForWebhook(triggerPath(workflow));
			const url = n8n.webhookUrl(triggerPath(workflow));
			stack.chatwoot.connectBot(channel, url);
			bots.push(`    ${channel.padEnd(9)} → ${url}`);
		}

		const nodeTypes = (await n8n.nodeTypeNames()).filter((name) => name.startsWith('n8n-nodes-omnicrew.'));
		if (nodeTypes.length === 0) throw new Error(`n8n did not load n8n-nodes-omnicrew; see ${n8n.logFilePath}`);
		// demo:say reads executions (route, usage) through n8n's public API with a key of its own
		const scopes = await n8n.rest<string[]>('GET', '/rest/api-keys/scopes');
		const key = await n8n.rest<{ rawApiKey: string }>('POST', '/rest/api-keys', { label: 'omnicrew demo:say', scopes, expiresAt: null });
		const state: DemoState = { n8n: n8n.url, apiKey: key.rawApiKey, chatwoot: stack.chatwoot.url, tenantId: stack.tenantId, workflows: workflowIds };
		writeFileSync(demoStatePath(userFolder), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });

		const banner = [
			'',
			'  OmniCrew demo is running',
			`  Editor:    ${n8n.url}`,
			`  Login:     ${LOGIN.email} / ${LOGIN.password}`,
			`  Nodes:     ${nodeTypes.join(', ')}`,
			`  Templates: ${imported.length}`,
			...imported.map((line) => `    - ${line}`),
			'  Chatwoot inboxes (emulator) deliver to:',
			...bots,
			`  Odoo:      ${stack.odoo.url} (emulator, database ${stack.odoo.db}: the demo shop's products, stock, orders and calendar)`,
			'  Talk to it as a customer (in another terminal):',
			'    npm run demo:say -- --channel whatsapp "Vocês têm a cadeira ergonômica?"',
			'    npm run demo:say -- --channel email "Qual o prazo para trocar um produto?"',
			'    npm run demo:say -- --channel webchat --conversation <id> "pode ser a primeira"',
			`  Logs:      ${n8n.logFilePath}`,
			'  The demo starts from a clean n8n every time: export workflows you want to keep. Ctrl-C stops it.',
			'',
		];
		process.stdout.write(`${banner.join('\n')}\n`);

		if (check) {
			await selfCheck(state, stack);
			await stop();
			return;
		}
		await new Promise<void>((resolve) => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		});
		progress('stopping n8n and the services');
		await stop();
	} catch (error) {
		await stop().catch(() => undefined);
		throw error;
	}
}

/** A customer asks for a price on WhatsApp: the reply must quote what Odoo holds, with the route taken. */
async function selfCheck(state: DemoState, stack: CrewStack): Promise<void> {
	const chair = stack.odoo.model('product.template').find((p) => p.name === 'Cadeira Ergonômica Pro');
	if (!chair) throw new Error('The Odoo emulator has no "Cadeira Ergonômica Pro".');
	const price = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(chair.list_price));
	const answer = await sayAsCustomer(state, { channel: 'whatsapp', text: 'Vocês têm a cadeira ergonômica pro? Quanto custa?' });
	progress(`the WhatsApp crew replied (${answer.route?.agent ?? '?'}): ${answer.reply}`);
	if (!answer.reply.includes(price)) throw new Error(`The reply does not quote Odoo's price R$ ${price}: ${answer.reply}`);
	progress('check passed: nodes loaded, templates imported and active, a grounded answer came back through Chatwoot');
}

main().catch((error: unknown) => {
	process.stderr.write(`[omnicrew] demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
