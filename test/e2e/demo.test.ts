import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { freePort } from '../../scripts/lib/runtime';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';

jest.setTimeout(300_000);

const root = join(__dirname, '..', '..');

function run(script: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
	const child = spawn(process.execPath, [join(root, 'scripts', 'run.mjs'), script, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return { child, output: () => output, exit: new Promise((resolve) => child.once('exit', resolve)) };
}

/** `npm run demo`, then `npm run demo:say` in another process, as a newcomer does it. */
describe('npm run demo and npm run demo:say', () => {
	const dir = mkdtempSync(join(tmpdir(), 'omnicrew-demo-'));
	let demo: ReturnType<typeof run>;
	let port: number;
	const env = () => ({ OMNICREW_DEMO_PORT: String(port), OMNICREW_DEMO_DIR: join(dir, 'n8n') });

	beforeAll(async () => {
		port = await freePort();
		// npm test has just built dist/; rebuilding here would pull it from under parallel tests
		demo = run('scripts/demo.ts', ['--no-build'], env());
		const deadline = Date.now() + 240_000;
		while (!demo.output().includes('OmniCrew demo is running')) {
			if (demo.child.exitCode !== null || Date.now() > deadline) throw new Error(`the demo did not come up:\n${demo.output().slice(-3000)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	});
	afterAll(async () => {
		if (demo?.child.exitCode === null) {
			demo.child.kill('SIGINT');
			await demo.exit;
		}
		rmSync(dir, { recursive: true, force: true });
	});

	it('brings up n8n with the nodes, every template imported and the channel crews active', () => {
		const output = demo.output();
		expect(output).toContain(`Editor:    http://127.0.0.1:${port}`);
		expect(output).toMatch(/Login:\s+demo@omnicrew\.dev \/ \S+/);
		for (let n = 1; n <= 8; n++) expect(output).toContain(`step ${n}/8`);
		for (const name of ['crewRouter', 'specialistAgent', 'chatwootTrigger', 'tenantCache', 'knowledgeBase']) expect(output).toContain(`n8n-nodes-omnicrew.${name}`);
		for (const template of ['whatsapp-crew', 'facebook-crew', 'instagram-crew', 'email-crew', 'webchat-crew', 'odoo-erp-agent', 'knowledge-sync']) {
			expect(output).toMatch(new RegExp(`template ${template}\\.json: imported and active`));
		}
	});

	it('answers a customer through Chatwoot with the price Odoo holds, and says which agent answered', async () => {
		const say = run('scripts/demo-say.ts', ['--channel', 'whatsapp', 'Vocês têm a cadeira ergonômica pro? quanto custa?'], env());
		expect(await say.exit).toBe(0);
		const output = say.output();
		expect(output).toContain('R$ 1.899,90');
		expect(output).toMatch(/route: sales \(intent sales/);
		expect(output).toMatch(/usage: 0 LLM calls/);
		expect(output).toMatch(/--conversation \d+/);
	});

	it('keeps a conversation going and hands off on request', async () => {
		const first = run('scripts/demo-say.ts', ['--channel', 'webchat', 'quero agendar uma visita técnica'], env());
		expect(await first.exit).toBe(0);
		expect(first.output()).toMatch(/1\. .*\d{2}:\d{2}/);
		const conversation = /--conversation (\d+)/.exec(first.output())?.[1];
		const person = run('scripts/demo-say.ts', ['--channel', 'webchat', '--conversation', String(conversation), 'prefiro falar com um atendente'], env());
		expect(await person.exit).toBe(0);
		expect(person.output()).toMatch(/route: human/);
		expect(person.output()).toMatch(/hand-off/);
	});

	it('says clearly what is wrong with a bad call', async () => {
		const bad = run('scripts/demo-say.ts', ['--channel', 'telegram', 'oi'], env());
		expect(await bad.exit).toBe(1);
		expect(bad.output()).toMatch(/--channel must be one of whatsapp/);
	});

	it('stops cleanly on Ctrl-C', async () => {
		demo.child.kill('SIGINT');
		expect(await demo.exit).toBe(0);
		const after = run('scripts/demo-say.ts', ['oi'], env());
		expect(await after.exit).toBe(1);
		expect(after.output()).toMatch(/The demo is not running/);
	});
});

/**
 * `npm run demo -- --odoo-url … --odoo-db … --odoo-user …` with the key in the environment: an
 * Odoo of the user's own, here an emulator this test starts with its own database, key and price.
 */
describe('npm run demo against your own Odoo', () => {
	const dir = mkdtempSync(join(tmpdir(), 'omnicrew-demo-own-'));
	const key = randomBytes(20).toString('hex');
	const PRICE = 1234.5;
	let odoo: OdooEmulator;
	let sellable: number;
	const flags = () => ['--odoo-url', odoo.url, '--odoo-db', odoo.db, '--odoo-user', 'admin'];
	const env = (secret: string, port: number) => ({
		OMNICREW_DEMO_PORT: String(port),
		OMNICREW_DEMO_DIR: join(dir, 'n8n'),
		OMNICREW_DEMO_ODOO_KEY: secret,
		OMNICREW_DEMO_ODOO_PASSWORD: '',
	});

	beforeAll(async () => {
		// Odoo's own demo data (a USD company), not the demo shop's database and key
		odoo = await startOdooEmulator({ seed: 'contract', db: 'minha_loja', apiKey: key });
		const client = new OdooClient({ url: odoo.url, db: odoo.db, username: 'admin', apiKey: key });
		const [first] = await client.searchRead('product.product', [['sale_ok', '=', true], ['list_price', '>', 0], ['type', '!=', 'service']], { fields: ['name'], limit: 1, order: 'id' });
		expect(first.name).toBe('Office Chair');
		// a price no seed holds: quoting it proves the crews read this Odoo, live
		await client.write('product.product', [first.id], { list_price: PRICE });
		sellable = await client.searchCount('product.product', [['sale_ok', '=', true]]);
	});
	afterAll(async () => {
		await odoo?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('names what is missing when --odoo-url comes alone', async () => {
		const demo = run('scripts/demo.ts', ['--no-build', '--odoo-url', odoo.url], env('', await freePort()));
		expect(await demo.exit).toBe(1);
		expect(demo.output()).toMatch(/missing: --odoo-db <database>, --odoo-user <login>, the secret in OMNICREW_DEMO_ODOO_KEY \(an API key\) or OMNICREW_DEMO_ODOO_PASSWORD/);
		expect(demo.output()).not.toContain('step 1/8');
	});

	it('stops before starting anything when the key is wrong, without printing it', async () => {
		const wrong = `wrong-${randomBytes(12).toString('hex')}`;
		const demo = run('scripts/demo.ts', ['--no-build', ...flags()], env(wrong, await freePort()));
		expect(await demo.exit).toBe(1);
		const output = demo.output();
		expect(output).toContain(`Cannot use the Odoo at ${odoo.url} (database minha_loja, login admin): `);
		expect(output).toMatch(/login "admin" was refused by database "minha_loja"/);
		expect(output).not.toContain(wrong);
		expect(output).not.toContain('step 1/8');
		expect(output.trim().split('\n').filter((line) => line.includes('demo failed'))).toHaveLength(1);
	});

	it("runs the crews against it: its catalog in the knowledge base, its price in its currency in the reply", async () => {
		const port = await freePort();
		const demo = run('scripts/demo.ts', ['--no-build', '--check', ...flags()], env(key, port));
		const code = await demo.exit;
		const output = demo.output();
		if (code !== 0) throw new Error(`the demo failed against the given Odoo:\n${output.slice(-4000)}`);
		expect(output).toMatch(new RegExp(`your Odoo: ${odoo.url}, Odoo 17\\.0\\S*, logged in as admin \\(user id 2\\)`));
		expect(output).toContain(`Odoo:      ${odoo.url} (your Odoo 17.0`);
		expect(output).toContain(`knowledge base: ${sellable} products synced from your Odoo`);
		expect(output).toContain("the policies and procedures are the demo shop's");
		expect(output).toContain('check: asking about "Office Chair", which Odoo sells for US$ 1.234,50');
		expect(output).toMatch(/the WhatsApp crew replied \(sales\): .*Office Chair.*US\$ 1\.234,50/);
		expect(output).toContain('check passed');
		expect(output).not.toContain(key);
		// the crew's product search (the demo itself never searches by the customer's words) reached this Odoo
		const searched = odoo.requests.filter((r) => JSON.stringify(r.body).includes('product.product') && JSON.stringify(r.body).toLowerCase().includes('office chair'));
		expect(searched.length).toBeGreaterThan(0);
	});
});
