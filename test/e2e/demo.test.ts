import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../../scripts/lib/runtime';

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
