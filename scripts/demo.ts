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
 *   --odoo-url, --odoo-db, --odoo-user with OMNICREW_DEMO_ODOO_KEY (or _PASSWORD) in the
 *                             environment: the user's own Odoo instead of the stand-in
 *
 * OMNICREW_DEMO_PORT picks the editor port (default 5678, or the next free one);
 * OMNICREW_DEMO_DIR the n8n user folder (default .omnicrew/demo, wiped at each start).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { TransientError } from '../lib/resilience';
import { formatMoney } from '../nodes/Crew/responder/locale';
import { createStackCredentials, odooClientFor, startCrewStack, triggerPath, type CrewServices, type OdooLogin } from './lib/crew-stack';
import { DEMO_USAGE, parseDemoOptions, type DemoOptions } from './lib/demo-options';
import { demoStatePath, type DemoState } from './lib/demo-state';
import { packPackage, repoRoot, startN8n, type N8nInstance, type WorkflowJson } from './lib/n8n-instance';
import { ensureFerretDb, ensureN8n, ensureNode24, ensureRedisServer, freePort, progress } from './lib/runtime';
import { sayAsCustomer } from './lib/say';

const root = repoRoot();
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

/** What the self-check asks about, and the price it expects, as the crew formats money. */
interface SampleProduct {
	name: string;
	price: number;
	currency: string | null;
	question: string;
}

const many2oneName = (value: unknown): string | null => (Array.isArray(value) && typeof value[1] === 'string' ? value[1] : null);

/** The message carries only what went wrong: never the secret, and on one line. */
function odooProblem(error: unknown, secret: string): string {
	let text = error instanceof Error ? error.message : String(error);
	if (secret.length >= 4) text = text.split(secret).join('***');
	return text.replace(/\s+/g, ' ').trim();
}

/** Logs in before anything is installed or started, so a wrong URL, database, login or secret stops the demo at once. */
async function checkOwnOdoo(odoo: OdooLogin): Promise<{ login: OdooLogin; version: string; uid: number }> {
	const secret = 'apiKey' in odoo.secret ? odoo.secret.apiKey : odoo.secret.password;
	try {
		const client = odooClientFor(odoo, { timeoutMs: 15_000, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
		const version = await client.version();
		const uid = await client.uid();
		return { login: { ...odoo, url: client.url }, version: version.server_version, uid };
	} catch (error) {
		const hint = error instanceof TransientError ? ' Check --odoo-url and that this machine can reach it.' : '';
		throw new Error(`Cannot use the Odoo at ${odoo.url} (database ${odoo.db}, login ${odoo.login}): ${odooProblem(error, secret)}${hint}`);
	}
}

/**
 * A product the customer can ask about: the demo shop's chair, or of one's own Odoo the first
 * product for sale with a price, goods before services (Odoo's demo data starts with expense
 * services such as "Restaurant Expenses", odd things for a customer to ask about).
 */
async function sampleProduct(odoo: OdooLogin, ownOdoo: boolean): Promise<SampleProduct | undefined> {
	const client = odooClientFor(odoo);
	const first = async (domain: Array<[string, string, unknown]>) =>
		(await client.searchRead('product.product', domain, { fields: ['name', 'list_price', 'currency_id'], limit: 1, order: 'id' }))[0];
	const forSale: Array<[string, string, unknown]> = [['sale_ok', '=', true], ['list_price', '>', 0]];
	const product = ownOdoo ? ((await first([...forSale, ['type', '!=', 'service']])) ?? (await first(forSale))) : await first([['name', '=', 'Cadeira Ergonômica Pro']]);
	if (!product) return undefined;
	let currency = many2oneName(product.currency_id);
	if (!currency) {
		// a product without a currency of its own is priced in its company's
		const companies = await client.searchRead('res.company', [], { fields: ['currency_id'], limit: 1, order: 'id' }).catch(() => []);
		currency = many2oneName(companies[0]?.currency_id);
	}
	const name = String(product.name);
	return { name, price: Number(product.list_price), currency, question: `Vocês têm ${name}? Quanto custa?` };
}

async function main(options: DemoOptions): Promise<void> {
	const { check, build } = options;
	let stack: CrewServices | undefined;
	let n8n: N8nInstance | undefined;
	const userFolder = process.env.OMNICREW_DEMO_DIR || join(root, '.omnicrew', 'demo');
	const stop = async () => {
		rmSync(demoStatePath(userFolder), { force: true });
		await n8n?.stop();
		await stack?.close();
	};
	try {
		for (const notice of options.notices) progress(notice);
		let ownOdoo: { login: OdooLogin; version: string; uid: number } | undefined;
		if (options.odoo) {
			progress(`your Odoo: logging in to ${options.odoo.url} (database ${options.odoo.db}, login ${options.odoo.login}, secret from ${options.odoo.secretVariable})`);
			ownOdoo = await checkOwnOdoo(options.odoo);
			progress(`your Odoo: ${ownOdoo.login.url}, Odoo ${ownOdoo.version}, logged in as ${ownOdoo.login.login} (user id ${ownOdoo.uid})`);
		}

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

		if (ownOdoo) {
			step(5, "start Redis, FerretDB and the Chatwoot, Qdrant and chat-model stand-ins; sync your Odoo's catalog and the demo shop's policies and procedures into the knowledge base");
			stack = await startCrewStack({ odoo: ownOdoo.login });
		} else {
			step(5, 'start Redis, FerretDB and the Chatwoot, Odoo, Qdrant and chat-model stand-ins; sync the demo shop into the knowledge base');
			stack = await startCrewStack();
		}
		const odooKind = ownOdoo ? 'your Odoo' : 'emulator';
		progress(`Chatwoot ${stack.chatwoot.url} · Odoo ${stack.odooLogin.url} (${odooKind}, db ${stack.odooLogin.db}) · Qdrant ${stack.qdrant.url} · chat model ${stack.openai.url} · Redis ${stack.redis.url} · FerretDB ${stack.ferret.uri}`);
		progress(`knowledge base: ${stack.catalog.fetched} products synced from ${ownOdoo ? 'your Odoo' : 'the Odoo emulator'}; policies and procedures of the demo shop`);
		// only the check needs it; without --check a failure costs just the example question
		const sample = await sampleProduct(stack.odooLogin, Boolean(ownOdoo)).catch((error: unknown) => {
			if (check) throw error;
			progress(`no example product: ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		});

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

		const odooLines = ownOdoo
			? [
					`  Odoo:      ${ownOdoo.login.url} (your Odoo ${ownOdoo.version}, database ${ownOdoo.login.db}, login ${ownOdoo.login.login}): the crews read its products, stock, orders and calendar, and a customer who books a visit creates a calendar event in it`,
					`  Knowledge: ${stack.catalog.fetched} products synced from your Odoo; the policies and procedures are the demo shop's (a Brazilian office-supply shop)`,
				]
			: [`  Odoo:      ${stack.odooLogin.url} (emulator, database ${stack.odooLogin.db}: the demo shop's products, stock, orders and calendar)`];
		const priceQuestion = ownOdoo && sample ? sample.question : 'Vocês têm a cadeira ergonômica?';
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
			...odooLines,
			'  Talk to it as a customer (in another terminal):',
			`    npm run demo:say -- --channel whatsapp ${JSON.stringify(priceQuestion)}`,
			'    npm run demo:say -- --channel email "Qual o prazo para trocar um produto?"',
			'    npm run demo:say -- --channel webchat --conversation <id> "pode ser a primeira"',
			`  Logs:      ${n8n.logFilePath}`,
			'  The demo starts from a clean n8n every time: export workflows you want to keep. Ctrl-C stops it.',
			'',
		];
		process.stdout.write(`${banner.join('\n')}\n`);

		if (check) {
			if (!sample) {
				throw new Error(
					ownOdoo
						? 'Your Odoo has no product for sale with a price (sale_ok set and a sales price above 0): the check has nothing to ask about.'
						: 'The Odoo emulator has no "Cadeira Ergonômica Pro".',
				);
			}
			await selfCheck(state, sample);
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

/**
 * A customer asks for a price on WhatsApp: the reply must quote the price Odoo holds, in Odoo's
 * currency, written as the crew writes money for a Portuguese question.
 */
async function selfCheck(state: DemoState, sample: SampleProduct): Promise<void> {
	const expected = sample.currency ? formatMoney(sample.price, sample.currency, 'pt') : undefined;
	const number = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(sample.price);
	progress(`check: asking about "${sample.name}", which Odoo sells for ${expected ?? `${number} (no currency in Odoo)`}`);
	const answer = await sayAsCustomer(state, { channel: 'whatsapp', text: sample.question });
	progress(`the WhatsApp crew replied (${answer.route?.agent ?? '?'}): ${answer.reply}`);
	if (expected ? !answer.reply.includes(expected) : !answer.reply.includes(number)) {
		const seen = expected && answer.reply.includes(number) ? `it has ${number}, but not as ${expected}: the crew wrote another currency` : `${number} is not in it`;
		throw new Error(`The reply does not quote Odoo's price ${expected ?? number} for "${sample.name}" (${seen}): ${answer.reply}`);
	}
	progress('check passed: nodes loaded, templates imported and active, a grounded answer came back through Chatwoot');
}

let options: DemoOptions;
try {
	options = parseDemoOptions(process.argv.slice(2), process.env);
} catch (error) {
	process.stderr.write(`[omnicrew] demo: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
}
if (options.help) {
	process.stdout.write(`${DEMO_USAGE}\n`);
} else {
	main(options).catch((error: unknown) => {
		process.stderr.write(`[omnicrew] demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}
