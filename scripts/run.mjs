// Runs one of the project's TypeScript scripts (demo, test, bench) with nothing installed by
// hand: installs the dev dependencies on a fresh clone, bundles the script with esbuild and runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
if (!script) {
	console.error('usage: node scripts/run.mjs <script.ts> [args...]');
	process.exit(2);
}

if (!existsSync(join(root, 'node_modules', 'esbuild')) || !existsSync(join(root, 'node_modules', 'jest'))) {
	console.log('[omnicrew] dev dependencies: installing with npm ci (first run only)');
	const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
	if (npm.status !== 0) process.exit(npm.status ?? 1);
}

const { build } = await import(pathToFileURL(join(root, 'node_modules', 'esbuild', 'lib', 'main.js')).href);
const outDir = join(root, 'node_modules', '.cache', 'omnicrew-scripts');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, `${basename(script, '.ts')}.cjs`);
await build({
	entryPoints: [join(root, script)],
	outfile,
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	packages: 'external',
	tsconfig: join(root, 'tsconfig.json'),
	logLevel: 'warning',
	loader: { '.jsonl': 'text' },
	sourcemap: 'inline',
});
process.argv = [process.argv[0], outfile, ...args];
process.setSourceMapsEnabled?.(true);
const { createRequire } = await import('node:module');
createRequire(import.meta.url)(outfile);
