/**
 * A real Odoo 17, 18 or 19 on 127.0.0.1 for the tests: Debian's Python and PostgreSQL, Odoo from
 * the source the user names (see odoo-source.ts), one Odoo process and one throw-away PostgreSQL
 * cluster per suite. The database (demo data, sale_management, stock, contacts, calendar, and an
 * API key for admin) is built once per version and kept in the cache folder as a pg_dump plus a
 * tarball of its filestore; each suite restores it into its own cluster and starts in seconds.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { withFileLock } from './file-lock';
import { odooCacheDir, resolveOdooSource, type OdooMajor, type OdooSource } from './odoo-source';
import { ensureOdooPackages, freePort, missingDebianPackages, ODOO_DEBIAN_PACKAGES, postgresBinDir, progress, startPostgres, type Log, type PostgresServer } from './runtime';

export { ODOO_MAJORS, realOdooNotice, sourceFor, sourceVariable, type OdooMajor } from './odoo-source';

export const ODOO_PYTHON = '/usr/bin/python3';
export const ODOO_TEMPLATE_MODULES: readonly string[] = ['sale_management', 'stock', 'contacts', 'calendar'];
/** Loaded into the template, so a `lang: pt_BR` context works as it does for a Brazilian shop. */
export const ODOO_TEMPLATE_LANGUAGES: readonly string[] = ['pt_BR'];
/** The demo database's administrator (Odoo's own demo credentials). */
export const ODOO_ADMIN = { login: 'admin', password: 'admin' } as const;

/** Every database a suite's Odoo serves is named like this; the pristine copy is not. */
const DB_PREFIX = 'omnicrew';
const PRISTINE_DB = 'pristine_template';
const ODOO_ROLE = 'odoo';

export interface TemplateFiles {
	dump: string;
	filestore: string;
	meta: string;
}

export interface TemplateMeta {
	version: OdooMajor;
	sourceIdentity: string;
	modules: string[];
	languages: string[];
	/** Admin's API key in clear: the database holds only its hash. A test key of a throw-away database. */
	apiKey: string;
	builtAt: string;
	buildSeconds: number;
}

export function templateFiles(version: OdooMajor): TemplateFiles {
	const base = join(odooCacheDir(), `${version}-template`);
	return { dump: `${base}.dump`, filestore: `${base}.filestore.tar`, meta: `${base}.json` };
}

function readMeta(files: TemplateFiles): TemplateMeta | undefined {
	if (!existsSync(files.meta) || !existsSync(files.dump) || !existsSync(files.filestore)) return undefined;
	try {
		return JSON.parse(readFileSync(files.meta, 'utf8')) as TemplateMeta;
	} catch {
		return undefined;
	}
}

function templateIsCurrent(meta: TemplateMeta | undefined, source: OdooSource): meta is TemplateMeta {
	return (
		meta !== undefined &&
		meta.sourceIdentity === source.identity &&
		meta.modules.join(',') === ODOO_TEMPLATE_MODULES.join(',') &&
		meta.languages.join(',') === ODOO_TEMPLATE_LANGUAGES.join(',')
	);
}

// --- PostgreSQL as a client -----------------------------------------------------------------

interface Cluster {
	server: PostgresServer;
	bin: string;
	rolePassword: string;
}

function pg(cluster: Cluster, tool: string, args: string[], as: 'superuser' | 'odoo', what: string): string {
	const user = as === 'superuser' ? cluster.server.user : ODOO_ROLE;
	const password = as === 'superuser' ? cluster.server.password : cluster.rolePassword;
	const result = spawnSync(join(cluster.bin, tool), ['-h', '127.0.0.1', '-p', String(cluster.server.port), '-U', user, ...args], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' },
	});
	if (result.status !== 0) throw new Error(`${what} failed (${tool} exit ${result.status ?? result.signal}): ${String(result.stderr ?? '').trim().slice(-1500)}`);
	return String(result.stdout ?? '');
}

/** A cluster with a role Odoo accepts: Odoo refuses to run as a PostgreSQL superuser named postgres, and needs CREATEDB. */
async function startCluster(): Promise<Cluster> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed: apt-get install postgresql (npm test installs it).');
	const server = await startPostgres({ database: 'postgres' });
	const cluster = { server, bin, rolePassword: randomBytes(12).toString('hex') };
	try {
		pg(cluster, 'psql', ['-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-c', `CREATE ROLE ${ODOO_ROLE} LOGIN CREATEDB PASSWORD '${cluster.rolePassword}'`], 'superuser', 'Creating the odoo role');
	} catch (error) {
		await server.stop();
		throw error;
	}
	return cluster;
}

// --- Odoo processes ------------------------------------------------------------------------------

interface OdooConfig {
	tree: string;
	cluster: Cluster;
	dataDir: string;
	httpPort?: number;
	dbName?: string;
}

/** Settings go in a config file, which keeps the database password off the process list. */
function writeOdooConfig(path: string, config: OdooConfig): string {
	const { tree, cluster } = config;
	const lines = [
		'[options]',
		`addons_path = ${join(tree, 'odoo', 'addons')},${join(tree, 'addons')}`,
		`data_dir = ${config.dataDir}`,
		'db_host = 127.0.0.1',
		`db_port = ${cluster.server.port}`,
		`db_user = ${ODOO_ROLE}`,
		`db_password = ${cluster.rolePassword}`,
		`admin_passwd = ${randomBytes(12).toString('hex')}`,
		'http_interface = 127.0.0.1',
		...(config.httpPort ? [`http_port = ${config.httpPort}`] : []),
		...(config.dbName ? [`db_name = ${config.dbName}`, `dbfilter = ^${DB_PREFIX}(_[a-z0-9_]+)?$`] : []),
		'workers = 0',
		'max_cron_threads = 0',
		'log_level = info',
		'',
	];
	writeFileSync(path, lines.join('\n'), { mode: 0o600 });
	return path;
}

function odooEnv(home: string, pythonPath?: string): NodeJS.ProcessEnv {
	return { PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC', PYTHONUNBUFFERED: '1', ...(pythonPath ? { PYTHONPATH: pythonPath } : {}) };
}

function spawnOdoo(tree: string, args: string[], home: string, logFile: string, stdin?: string, pythonPath?: string): { child: ChildProcess; output: () => string } {
	const child = spawn(ODOO_PYTHON, [join(tree, 'odoo-bin'), ...args], {
		cwd: home,
		env: odooEnv(home, pythonPath),
		detached: true,
		stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
	});
	const log = createWriteStream(logFile, { flags: 'a' });
	let recent = '';
	for (const stream of [child.stdout, child.stderr]) {
		stream?.on('data', (chunk: Buffer) => {
			log.write(chunk);
			recent = (recent + chunk.toString()).slice(-64 * 1024);
		});
	}
	child.once('close', () => log.end());
	if (stdin !== undefined) child.stdin?.end(stdin);
	return { child, output: () => recent };
}

async function exitOf(child: ChildProcess): Promise<number> {
	if (child.exitCode !== null) return child.exitCode;
	if (child.signalCode !== null) return 128;
	return await new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 128)));
}

function tail(text: string, lines = 60): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

/** Odoo's own log lines at ERROR or CRITICAL (docutils also prints "(ERROR/3)" lines on stderr, which do not count). */
function odooErrors(output: string): string[] {
	return output.split('\n').filter((line) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (ERROR|CRITICAL) /.test(line));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

async function stopGroup(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
	const exited = exitOf(child);
	signalGroup(child, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
}

async function runOdooToEnd(tree: string, args: string[], home: string, logFile: string, shownLog: string, what: string, stdin?: string): Promise<string> {
	const { child, output } = spawnOdoo(tree, args, home, logFile, stdin);
	const code = await exitOf(child);
	const errors = odooErrors(output());
	if (code !== 0 || errors.length > 0) {
		throw new Error(`${what} failed (exit ${code}${errors.length ? `, ${errors.length} ERROR lines` : ''}); log ${shownLog}:\n${tail(output())}`);
	}
	return output();
}

/** Makes an API key for admin, in clear once: Odoo stores only its hash. `_generate` took no expiry before 18. */
const API_KEY_SCRIPT = `
keys = env['res.users.apikeys'].with_user(env.ref('base.user_admin'))
try:
    key = keys._generate(None, 'omnicrew tests', None)
except TypeError:
    key = keys._generate(None, 'omnicrew tests')
env.cr.commit()
print('OMNICREW_API_KEY=' + key)
`;

/**
 * Builds the template: a new database with demo data, the modules and languages, and admin's
 * API key, dumped with pg_dump -Fc next to a tarball of its filestore and a JSON side file.
 */
async function buildTemplate(source: OdooSource, files: TemplateFiles, log: Log): Promise<TemplateMeta> {
	const { version, tree } = source;
	log(`Odoo ${version}: building the template database (demo data, ${ODOO_TEMPLATE_MODULES.join(', ')}; about 1-2 min, once)`);
	const started = Date.now();
	const work = mkdtempSync(join(tmpdir(), `omnicrew-odoo${version}-build-`));
	const logFile = join(work, 'odoo.log');
	const cluster = await startCluster();
	try {
		const dataDir = join(work, 'data');
		const conf = writeOdooConfig(join(work, 'odoo.conf'), { tree, cluster, dataDir });
		const db = `${DB_PREFIX}_template`;
		await runOdooToEnd(
			tree,
			[
				'-c', conf, '-d', db, '-i', ODOO_TEMPLATE_MODULES.join(','),
				...(ODOO_TEMPLATE_LANGUAGES.length ? [`--load-language=${ODOO_TEMPLATE_LANGUAGES.join(',')}`] : []),
				// demo data is on by default up to 18 and off from 19 (and --without-demo=<anything> turns it off)
				...(version >= 19 ? ['--with-demo'] : []),
				'--stop-after-init', '--no-http',
			],
			work,
			logFile,
			keptLog(version, 'build'),
			`Installing Odoo ${version}'s template database`,
		);
		const shell = await runOdooToEnd(tree, ['shell', '-c', conf, '-d', db, '--no-http'], work, logFile, keptLog(version, 'build'), `Creating admin's API key in Odoo ${version}`, API_KEY_SCRIPT);
		const apiKey = /^OMNICREW_API_KEY=(\S+)$/m.exec(shell)?.[1];
		if (!apiKey) throw new Error(`odoo-bin shell printed no API key; log ${keptLog(version, 'build')}:\n${tail(shell)}`);
		mkdirSync(odooCacheDir(), { recursive: true });
		const partial = (path: string) => `${path}.partial-${process.pid}`;
		pg(cluster, 'pg_dump', ['-Fc', '--no-owner', '--no-privileges', '-d', db, '-f', partial(files.dump)], 'odoo', `pg_dump of Odoo ${version}'s template`);
		const filestore = join(dataDir, 'filestore', db);
		mkdirSync(filestore, { recursive: true });
		const tar = spawnSync('tar', ['-cf', partial(files.filestore), '-C', filestore, '.'], { encoding: 'utf8' });
		if (tar.status !== 0) throw new Error(`Packing the filestore failed: ${tar.stderr}`);
		const meta: TemplateMeta = {
			version,
			sourceIdentity: source.identity,
			modules: [...ODOO_TEMPLATE_MODULES],
			languages: [...ODOO_TEMPLATE_LANGUAGES],
			apiKey,
			builtAt: new Date().toISOString(),
			buildSeconds: Math.round((Date.now() - started) / 1000),
		};
		renameSync(partial(files.dump), files.dump);
		renameSync(partial(files.filestore), files.filestore);
		writeFileSync(files.meta, `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
		log(`Odoo ${version}: template ready in ${meta.buildSeconds} s (${files.dump})`);
		return meta;
	} catch (error) {
		copyLog(logFile, version, 'build');
		throw error;
	} finally {
		await cluster.server.stop();
		rmSync(work, { recursive: true, force: true });
	}
}

/** The last log of each kind stays in the cache folder, to read after a failed run (the run's own folder is removed). */
function keptLog(version: OdooMajor, kind: 'build' | 'run'): string {
	return join(odooCacheDir(), 'logs', `odoo${version}-${kind}-last.log`);
}

function copyLog(logFile: string, version: OdooMajor, kind: 'build' | 'run'): void {
	if (!existsSync(logFile)) return;
	mkdirSync(join(odooCacheDir(), 'logs'), { recursive: true });
	copyFileSync(logFile, keptLog(version, kind));
}

export interface PreparedTemplate {
	source: OdooSource;
	files: TemplateFiles;
	meta: TemplateMeta;
	/** True when this call built it. */
	built: boolean;
}

/** Debian packages, source tree and cached template for this version: everything but a running Odoo. */
export async function prepareOdooTemplate(version: OdooMajor, log: Log = progress): Promise<PreparedTemplate> {
	const files = templateFiles(version);
	if (missingDebianPackages(ODOO_DEBIAN_PACKAGES).length > 0) {
		await withFileLock(join(odooCacheDir(), 'debian-packages.lock'), "Odoo's Debian packages", async () => ensureOdooPackages(log));
	}
	const source = await resolveOdooSource(version, log);
	const current = readMeta(files);
	if (templateIsCurrent(current, source)) return { source, files, meta: current, built: false };
	return await withFileLock(
		join(odooCacheDir(), `${version}-template.lock`),
		`Odoo ${version}'s template database`,
		async () => {
			const again = readMeta(files);
			if (templateIsCurrent(again, source)) return { source, files, meta: again, built: false };
			return { source, files, meta: await buildTemplate(source, files, log), built: true };
		},
		{ onWait: () => log(`Odoo ${version}: waiting for another run building the template database`) },
	);
}

// --- A running Odoo ------------------------------------------------------------------------------

export interface RealOdoo {
	version: OdooMajor;
	/** As Odoo reports it, e.g. 17.0-20240709 or 19.0. */
	serverVersion: string;
	/** http://127.0.0.1:<port> */
	url: string;
	db: string;
	login: string;
	password: string;
	/** An API key of admin (JSON-2 on 19; JSON-RPC accepts it as a password on every version). */
	apiKey: string;
	logFile: string;
	/** The last lines Odoo printed. */
	logs(lines?: number): string;
	/** Times of this start, in ms: the whole start, the template (about 0 when cached) and each step after it. */
	timings: { templateMs: number; startMs: number; templateBuilt: boolean; clusterMs: number; restoreMs: number; cloneMs: number; odooMs: number };
	/** A new database from the pristine template, served by this Odoo as `omnicrew_<name>`. */
	cloneDb(name: string): Promise<string>;
	stop(): Promise<void>;
}

export interface StartRealOdooOptions {
	log?: Log;
	readyTimeoutMs?: number;
	/** Extra Python import path for this server (PYTHONPATH), e.g. an optional library Odoo picks up when present. */
	pythonPath?: string;
}

function jsonRpc(url: string, service: string, method: string, args: unknown[]): Promise<unknown> {
	return fetch(`${url}/jsonrpc`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }),
		signal: AbortSignal.timeout(30_000),
	}).then(async (response) => {
		const answer = (await response.json()) as { result?: unknown; error?: { data?: { message?: string } } };
		if (answer.error) throw new Error(answer.error.data?.message ?? JSON.stringify(answer.error));
		return answer.result;
	});
}

/**
 * Starts Odoo `version` for one suite: its own PostgreSQL cluster holding the restored template
 * (as a pristine copy Odoo never opens, plus the suite's database `omnicrew`), a free port on
 * 127.0.0.1, no workers and no cron. Builds the template first when the cache has none.
 */
export async function startRealOdoo(version: OdooMajor, options: StartRealOdooOptions = {}): Promise<RealOdoo> {
	const log = options.log ?? progress;
	const started = Date.now();
	const template = await prepareOdooTemplate(version, log);
	const templateMs = Date.now() - started;
	const work = mkdtempSync(join(tmpdir(), `omnicrew-odoo${version}-`));
	const dataDir = join(work, 'data');
	const logFile = join(work, 'odoo.log');
	let cluster: Cluster | undefined;
	let child: ChildProcess | undefined;
	const cleanup = async () => {
		if (child) await stopGroup(child);
		copyLog(logFile, version, 'run');
		await cluster?.server.stop();
		rmSync(work, { recursive: true, force: true });
	};
	try {
		cluster = await startCluster();
		const clusterAt = Date.now();
		const ready = cluster;
		pg(ready, 'createdb', ['-T', 'template0', PRISTINE_DB], 'odoo', 'createdb');
		pg(ready, 'pg_restore', ['--no-owner', '--no-privileges', '-j', '2', '-d', PRISTINE_DB, template.files.dump], 'odoo', `Restoring Odoo ${version}'s template`);
		const cloneDb = async (name: string): Promise<string> => {
			if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error(`Database name "${name}" must be lower-case letters, digits and _ (it becomes ${DB_PREFIX}_<name>).`);
			const db = name === DB_PREFIX ? name : `${DB_PREFIX}_${name}`;
			pg(ready, 'createdb', ['-T', PRISTINE_DB, db], 'odoo', `Copying the template into ${db}`);
			const filestore = join(dataDir, 'filestore', db);
			mkdirSync(filestore, { recursive: true });
			const untar = spawnSync('tar', ['-xf', template.files.filestore, '-C', filestore], { encoding: 'utf8' });
			if (untar.status !== 0) throw new Error(`Unpacking the filestore for ${db} failed: ${untar.stderr}`);
			return db;
		};
		const restoredAt = Date.now();
		const db = await cloneDb(DB_PREFIX);
		const clonedAt = Date.now();
		const port = await freePort();
		const conf = writeOdooConfig(join(work, 'odoo.conf'), { tree: template.source.tree, cluster: ready, dataDir, httpPort: port, dbName: db });
		const spawned = spawnOdoo(template.source.tree, ['-c', conf], work, logFile, undefined, options.pythonPath);
		child = spawned.child;
		const url = `http://127.0.0.1:${port}`;
		const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Odoo ${version} exited while starting (log ${keptLog(version, 'run')}):\n${tail(spawned.output())}`);
			// authenticate, not just version: it answers once the database's registry is loaded
			const uid = await jsonRpc(url, 'common', 'authenticate', [db, ODOO_ADMIN.login, ODOO_ADMIN.password, {}]).catch(() => undefined);
			if (typeof uid === 'number' && uid > 0) break;
			if (Date.now() > deadline) throw new Error(`Odoo ${version} did not answer on ${url} in time (log ${keptLog(version, 'run')}):\n${tail(spawned.output())}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const { server_version: serverVersion } = (await jsonRpc(url, 'common', 'version', [])) as { server_version: string };
		const startMs = Date.now() - started;
		const steps = { clusterMs: clusterAt - started - templateMs, restoreMs: restoredAt - clusterAt, cloneMs: clonedAt - restoredAt, odooMs: Date.now() - clonedAt };
		log(`Odoo ${version}: ready on ${url} in ${Math.round(startMs / 100) / 10} s (${template.built ? 'template built now' : 'template from the cache'})`);
		let stopped = false;
		return {
			version,
			serverVersion,
			url,
			db,
			login: ODOO_ADMIN.login,
			password: ODOO_ADMIN.password,
			apiKey: template.meta.apiKey,
			logFile,
			logs: (lines = 80) => tail(spawned.output(), lines),
			timings: { templateMs, startMs, templateBuilt: template.built, ...steps },
			cloneDb,
			stop: async () => {
				if (stopped) return;
				stopped = true;
				await cleanup();
			},
		};
	} catch (error) {
		await cleanup();
		throw error;
	}
}
