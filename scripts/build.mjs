// Bundles every node, credential and the omnicrew-mcp binary into dist/ as self-contained
// CommonJS files: n8n community packages may not have runtime dependencies, so the MCP SDK,
// zod and ioredis travel inside. n8n-workflow stays external (n8n provides it).
import { build } from 'esbuild';
import { chmod, cp, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

async function walk(dir) {
	const out = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await walk(path)));
		else out.push(path);
	}
	return out;
}

const started = Date.now();
await rm(dist, { recursive: true, force: true });
const files = [...(await walk(join(root, 'nodes'))), ...(await walk(join(root, 'credentials')))];
const entries = files.filter((f) => f.endsWith('.node.ts') || f.endsWith('.credentials.ts'));
const assets = files.filter((f) => /\.(svg|png)$/.test(f) || f.endsWith('.node.json'));

const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	keepNames: true,
	legalComments: 'none',
	sourcemap: false,
	logLevel: 'warning',
	tsconfig: join(root, 'tsconfig.json'),
	// The router's labelled dataset travels inside the bundle as text.
	loader: { '.jsonl': 'text' },
	external: [
		'n8n-workflow',
		'@n8n/ai-node-sdk',
		'@langchain/core',
		'@langchain/core/*',
		// optional peers of bundled drivers; never pulled in
		'kerberos',
		'snappy',
		'socks',
		'gcp-metadata',
		'@aws-sdk/credential-providers',
		'@mongodb-js/zstd',
		'mongodb-client-encryption',
	],
};

await build({ ...common, entryPoints: entries, outbase: root, outdir: dist });
await build({
	...common,
	entryPoints: [join(root, 'bin/omnicrew-mcp.ts')],
	outfile: join(dist, 'bin/omnicrew-mcp.js'),
	banner: { js: '#!/usr/bin/env node' },
	// The standalone binary has no n8n around it and never loads node code.
	external: common.external.filter((name) => name !== 'n8n-workflow'),
});
await chmod(join(dist, 'bin/omnicrew-mcp.js'), 0o755);
for (const asset of assets) {
	const target = join(dist, relative(root, asset));
	await mkdir(dirname(target), { recursive: true });
	await cp(asset, target);
}
console.log(`built ${entries.length} entries and omnicrew-mcp into dist/ in ${Date.now() - started} ms`);
