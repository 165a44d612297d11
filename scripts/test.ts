/**
 * `npm test`: makes sure the real services exist (Node 24 + n8n 2.41.1 in the cache folder,
 * redis-server and PostgreSQL from Debian, FerretDB built from its Go module, and Odoo's Debian packages
 * when an Odoo source is given), builds the package, then runs every jest project. Each test file
 * starts its own services on random loopback ports and stops them.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { ensureFerretDb, ensureN8n, ensureNode24, ensureOdooPackages, ensurePostgres, ensureRedisServer, progress } from './lib/runtime';
import { repoRoot } from './lib/n8n-instance';
import { ODOO_MAJORS, realOdooNotice, sourceFor } from './lib/odoo-source';

const root = repoRoot();
const started = Date.now();
const step = (n: number, total: number, text: string) => progress(`step ${n}/${total}: ${text}`);

step(1, 4, 'real services');
ensureNode24();
ensureN8n();
ensureRedisServer();
ensureFerretDb();
ensurePostgres();
// The real-Odoo suites run only where an Odoo source is given; this line says which, or how to enable them.
progress(realOdooNotice());
if (ODOO_MAJORS.some((version) => sourceFor(version))) ensureOdooPackages();

step(2, 4, 'build');
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

step(3, 4, 'jest: unit, integration (real Redis and FerretDB), e2e (real n8n 2.41.1), real-odoo');
const jest = spawnSync(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', ...process.argv.slice(2)], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
});

step(4, 4, `done in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(jest.status ?? 1);
