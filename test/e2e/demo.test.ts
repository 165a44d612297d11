import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../../scripts/lib/runtime';

jest.setTimeout(240_000);

/** `npm run demo` as a newcomer runs it, in its self-check mode: start, verify, stop. */
it('npm run demo brings up n8n with the OmniCrew nodes and every template imported', async () => {
	const root = join(__dirname, '..', '..');
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'omnicrew-demo-'));
	// npm test has just built dist/; rebuilding here would pull it from under parallel tests
	const child = spawn(process.execPath, [join(root, 'scripts', 'run.mjs'), 'scripts/demo.ts', '--check', '--no-build'], {
		cwd: root,
		env: { ...process.env, OMNICREW_DEMO_PORT: String(port), OMNICREW_DEMO_DIR: join(dir, 'n8n') },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	rmSync(dir, { recursive: true, force: true });

	expect({ code, tail: code === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, tail: '' });
	expect(output).toContain(`Editor:    http://127.0.0.1:${port}`);
	expect(output).toMatch(/Login:\s+demo@omnicrew\.dev \/ \S+/);
	expect(output).toContain('n8n-nodes-omnicrew.tenantCache');
	expect(output).toMatch(/template tenant-cache-quickstart\.json: imported and active/);
	expect(output).toContain('check passed');
	for (let n = 1; n <= 8; n++) expect(output).toContain(`step ${n}/8`);
	expect(output).toMatch(/template chatwoot-auto-reply\.json: imported and active/);
	expect(output).toMatch(/Chatwoot bot replied: Olá, Demo! Recebemos sua mensagem \(whatsapp\)/);
});
