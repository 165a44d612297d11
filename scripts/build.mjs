// Bundles every node, credential and the omnicrew-mcp binary into dist/ as CommonJS files with no
// runtime dependencies (n8n community packages may not have any). n8n-workflow stays external
// (n8n provides it).
//
// esbuild cannot split CommonJS output, so the sharing is explicit:
//   dist/runtime/shared.js   every third-party package (MCP SDK, zod, ioredis, mongodb, Qdrant,
//                            the stemmers, ...), every lib/ module and every module of nodes/ or
//                            bin/ that more than one bundle uses; loaded once per process
//   dist/nodes/**, dist/credentials/**, dist/bin/omnicrew-mcp.js
//                            only the code no other bundle uses; each import of a shared module
//                            becomes `require('<relative path>/runtime/shared.js').load('<key>')`
// so a module-level pool or cache (lib/connection-pool.ts, lib/resilience.ts, ...) exists once
// per process, not once per node type. The runtime evaluates a module on its first load(), so
// loading it costs a parse and runs nothing.
import { build } from 'esbuild';
import { chmod, cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const RUNTIME = 'runtime/shared.js';
const RUNTIME_NAMESPACE = 'omnicrew-runtime';
const BIN_ENTRY = 'bin/omnicrew-mcp.ts';

async function walk(dir) {
	const out = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await walk(path)));
		else out.push(path);
	}
	return out;
}

const toKey = (absolute) => relative(root, absolute).split(sep).join('/');
const isThirdParty = (key) => key.includes('node_modules/');

const started = Date.now();
const files = [...(await walk(join(root, 'nodes'))), ...(await walk(join(root, 'credentials')))];
const entries = [...files.filter((f) => f.endsWith('.node.ts') || f.endsWith('.credentials.ts')), join(root, BIN_ENTRY)];
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
	absWorkingDir: root,
	tsconfig: join(root, 'tsconfig.json'),
	// The router's labelled dataset travels inside the bundle as text.
	loader: { '.jsonl': 'text' },
	external: [
		// n8n's own copy: the nodes' errors and types must be n8n's. The standalone binary never
		// reaches it (checked below), so it needs no copy of its own.
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

/**
 * Which files go to the runtime, from the module graph of every entry: all third-party code, all
 * of lib/, and every other module more than one bundle reaches, closed over its imports so that no
 * module can exist both inside the runtime and inside a bundle. (The graph comes from an in-memory
 * ESM build with splitting: the same graph as the CommonJS builds, three times faster to get.)
 */
async function planRuntime() {
	const { metafile } = await build({ ...common, format: 'esm', splitting: true, entryPoints: entries, outbase: root, outdir: dist, write: false, metafile: true, logLevel: 'error' });
	const internalImports = (key) => metafile.inputs[key].imports.filter(({ external }) => !external).map(({ path }) => path);
	const reachable = (from) => {
		const seen = new Set(from);
		const pending = [...from];
		while (pending.length > 0) {
			for (const path of internalImports(pending.pop())) {
				if (seen.has(path)) continue;
				seen.add(path);
				pending.push(path);
			}
		}
		return seen;
	};
	const bundlesOf = new Map();
	for (const entry of entries) for (const key of reachable([toKey(entry)])) bundlesOf.set(key, (bundlesOf.get(key) ?? 0) + 1);
	const seeds = [...bundlesOf].filter(([key, count]) => !isThirdParty(key) && (key.startsWith('lib/') || count > 1)).map(([key]) => key);
	const inRuntime = reachable(seeds);
	// The runtime exports the shared modules of this repository and every third-party file this
	// repository imports directly; the rest of node_modules is reached only from inside the runtime.
	const exported = new Set([...inRuntime].filter((key) => !isThirdParty(key)));
	for (const key of Object.keys(metafile.inputs)) {
		if (!isThirdParty(key)) for (const path of internalImports(key)) if (isThirdParty(path)) exported.add(path);
	}
	const entryInRuntime = entries.map(toKey).find((key) => exported.has(key));
	if (entryInRuntime) throw new Error(`${entryInRuntime} is imported by another bundle: move what they share out of it.`);

	const binReachesN8n = [...reachable([BIN_ENTRY])].some((key) => metafile.inputs[key].imports.some(({ path, external }) => external && path.startsWith('n8n-workflow')));
	if (binReachesN8n) throw new Error(`${BIN_ENTRY} now imports n8n-workflow: the standalone binary has no n8n to provide it.`);
	return [...exported].sort();
}

/**
 * The runtime's entry: one lazy loader per exported module, so nothing is evaluated before it is
 * asked for, and each module's exports object is handed out once (every bundle gets the same one).
 */
function runtimeSource(keys) {
	const loaders = keys.map((key) => `\t${JSON.stringify(key)}: () => require(${JSON.stringify(`./${key}`)}),`).join('\n');
	return `const loaders = {\n${loaders}\n};
const loaded = new Map();
exports.load = function load(key) {
	if (loaded.has(key)) return loaded.get(key);
	const loader = Object.prototype.hasOwnProperty.call(loaders, key) ? loaders[key] : undefined;
	if (!loader) throw new Error('dist/${RUNTIME} has no module "' + key + '": dist/ mixes files from different builds; rebuild the package.');
	const value = loader();
	loaded.set(key, value);
	return value;
};
`;
}

/** Resolves every import that lands on a runtime module to a stub requiring it from the runtime. */
function runtimeImports(runtimeKeys, runtimeFromOutput) {
	const skip = Symbol('resolving for the runtime plugin');
	return {
		name: 'omnicrew-runtime',
		setup(pluginBuild) {
			pluginBuild.onResolve({ filter: /.*/, namespace: RUNTIME_NAMESPACE }, (args) => ({ path: args.path, external: true }));
			pluginBuild.onResolve({ filter: /.*/, namespace: 'file' }, async (args) => {
				if (args.pluginData === skip || args.kind === 'entry-point') return undefined;
				const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, with: args.with, pluginData: skip });
				if (resolved.errors.length > 0 || resolved.external || resolved.namespace !== 'file') return undefined;
				const key = toKey(resolved.path);
				return runtimeKeys.has(key) ? { path: key, namespace: RUNTIME_NAMESPACE } : undefined;
			});
			pluginBuild.onLoad({ filter: /.*/, namespace: RUNTIME_NAMESPACE }, (args) => ({
				contents: `module.exports = require(${JSON.stringify(runtimeFromOutput)}).load(${JSON.stringify(args.path)});\n`,
				loader: 'js',
			}));
		},
	};
}

/** Fails the build when a bundle carries code the runtime holds: that module would exist twice. */
function assertOwnCodeOnly(metafile, runtimeKeys) {
	for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
		const bundled = Object.keys(inputs).filter((key) => !key.startsWith(`${RUNTIME_NAMESPACE}:`));
		const duplicated = bundled.filter((key) => isThirdParty(key) || runtimeKeys.has(key));
		if (duplicated.length > 0) throw new Error(`${output} bundles ${duplicated.slice(0, 5).join(', ')}, which dist/${RUNTIME} already holds.`);
	}
}

const runtimeKeys = await planRuntime();
await rm(dist, { recursive: true, force: true });
const runtimeBuild = build({
	...common,
	stdin: { contents: runtimeSource(runtimeKeys), resolveDir: root, sourcefile: 'omnicrew-runtime.js', loader: 'js' },
	outfile: join(dist, RUNTIME),
});

// A stub's require path depends only on how deep its bundle sits, so entries build in one batch per depth.
const outputOf = (entry) => join(dist, relative(root, entry)).replace(/\.ts$/, '.js');
const runtimePathFrom = (entry) => {
	const path = relative(dirname(outputOf(entry)), join(dist, RUNTIME)).split(sep).join('/');
	return path.startsWith('.') ? path : `./${path}`;
};
const batches = new Map();
for (const entry of entries.filter((e) => !e.endsWith(BIN_ENTRY))) {
	const path = runtimePathFrom(entry);
	batches.set(path, [...(batches.get(path) ?? []), entry]);
}
const keySet = new Set(runtimeKeys);
const binEntry = join(root, BIN_ENTRY);
const [, ...bundles] = await Promise.all([
	runtimeBuild,
	...[...batches].map(([path, batch]) => build({ ...common, entryPoints: batch, outbase: root, outdir: dist, metafile: true, plugins: [runtimeImports(keySet, path)] })),
	build({
		...common,
		entryPoints: [binEntry],
		outfile: outputOf(binEntry),
		banner: { js: '#!/usr/bin/env node' },
		metafile: true,
		plugins: [runtimeImports(keySet, runtimePathFrom(binEntry))],
	}),
]);
for (const { metafile } of bundles) assertOwnCodeOnly(metafile, keySet);
await chmod(outputOf(binEntry), 0o755);
for (const asset of assets) {
	const target = join(dist, relative(root, asset));
	await mkdir(dirname(target), { recursive: true });
	await cp(asset, target);
}
const runtimeSize = (await stat(join(dist, RUNTIME))).size;
console.log(
	`built ${entries.length - 1} entries, omnicrew-mcp and the shared runtime (${runtimeKeys.length} modules, ${(runtimeSize / 1e6).toFixed(1)} MB) into dist/ in ${Date.now() - started} ms`,
);
