/**
 * A real n8n 2.41.1, headless on loopback, with this package installed the way n8n's own
 * installer does it (the packed tarball under the user folder's nodes/node_modules), driven
 * through its public API: credentials, workflows, activation, webhooks, executions.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, n8nBin, n8nDir, node24Bin, node24Env } from './runtime';

export const PACKAGE_NAME = 'n8n-nodes-omnicrew';

export interface Credentials {
	email: string;
	password: string;
}

export interface StartOptions {
	/** Kept after stop when given; a fresh temp folder otherwise. */
	userFolder?: string;
	port?: number;
	env?: Record<string, string>;
	owner?: Credentials;
	/** The packed package; packed from the repo's dist/ when absent. */
	tarball?: string;
	readyTimeoutMs?: number;
}

export interface WorkflowJson {
	name: string;
	nodes: Array<Record<string, unknown> & { credentials?: Record<string, { id?: string; name: string }> }>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	finished: boolean;
	workflowId: string;
	data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message: string } }>>; error?: { message: string } } };
}

/** Locates the package root whether this runs from source (jest) or bundled (scripts/run.mjs). */
export function repoRoot(): string {
	let dir = __dirname;
	for (let i = 0; i < 8; i++) {
		if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'workflows-templates'))) return dir;
		dir = join(dir, '..');
	}
	return process.cwd();
}

/** `npm pack` of the built package; n8n's installer starts from the same tarball. */
export function packPackage(destination: string): string {
	const root = repoRoot();
	if (!existsSync(join(root, 'dist', 'nodes'))) throw new Error('dist/ is missing: run "npm run build" first.');
	mkdirSync(destination, { recursive: true });
	const result = spawnSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: root, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
	const [{ filename }] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{ filename: string }>;
	return join(destination, filename);
}

function installPackage(userFolder: string, tarball: string): void {
	const target = join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	mkdirSync(target, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`Unpacking ${tarball} failed: ${untar.stderr}`);
}

function bcryptHash(password: string): string {
	const requireFromN8n = createRequire(join(n8nDir(), 'node_modules', 'n8n', 'package.json'));
	const bcrypt = requireFromN8n('bcryptjs') as { hashSync(text: string, rounds: number): string };
	return bcrypt.hashSync(password, 10);
}

export class N8nApi {
	constructor(
		readonly baseUrl: string,
		private readonly apiKey: string,
	) {}

	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
			method,
			headers: { 'X-N8N-API-KEY': this.apiKey, 'content-type': 'application/json', accept: 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n API ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string> {
		const created = await this.request<{ id: string }>('POST', '/credentials', { name, type, data });
		return created.id;
	}

	/** Creates a workflow from template JSON, pointing each node's credentials at the given ids (by credential type). */
	async createWorkflow(workflow: WorkflowJson, credentialIds: Record<string, { id: string; name: string }> = {}): Promise<string> {
		const nodes = workflow.nodes.map((node) => {
			if (!node.credentials) return node;
			const credentials = Object.fromEntries(
				Object.entries(node.credentials).map(([type, ref]) => [type, credentialIds[type] ?? ref]),
			);
			return { ...node, credentials };
		});
		const created = await this.request<{ id: string }>('POST', '/workflows', {
			name: workflow.name,
			nodes,
			connections: workflow.connections,
			settings: workflow.settings ?? { executionOrder: 'v1' },
		});
		return created.id;
	}

	async activate(workflowId: string): Promise<void> {
		await this.request('POST', `/workflows/${workflowId}/activate`);
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.request('POST', `/workflows/${workflowId}/deactivate`);
	}

	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const page = await this.request<{ data: ExecutionSummary[] }>('GET', `/executions?workflowId=${workflowId}&limit=250`);
		return page.data;
	}

	/**
	 * How many executions a workflow has once n8n has stopped adding any (five reads 200 ms apart
	 * agree): a reply reaches Chatwoot before the execution that sent it is saved, so a count taken
	 * right after the reply can be one short.
	 */
	async settledExecutions(workflowId: string): Promise<number> {
		let count = (await this.executions(workflowId)).length;
		for (let still = 0; still < 5; ) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			const now = (await this.executions(workflowId)).length;
			still = now === count ? still + 1 : 0;
			count = now;
		}
		return count;
	}

	async execution(id: string): Promise<ExecutionSummary> {
		return await this.request<ExecutionSummary>('GET', `/executions/${id}?includeData=true`);
	}
}

export class N8nInstance {
	readonly url: string;
	api!: N8nApi;

	constructor(
		readonly port: number,
		readonly owner: Credentials,
		readonly userFolder: string,
		private readonly child: ChildProcess,
		private readonly logFile: string,
		private readonly removeFolder: boolean,
	) {
		this.url = `http://127.0.0.1:${port}`;
	}

	webhookUrl(path: string): string {
		return `${this.url}/webhook/${path.replace(/^\//, '')}`;
	}

	private recent = '';

	/** Keeps the last output in memory too: a crash at start-up exits before the log file is flushed. */
	recordOutput(text: string): void {
		this.recent = (this.recent + text).slice(-64 * 1024);
	}

	logs(lines = 80): string {
		return this.recent.split('\n').slice(-lines).join('\n');
	}

	get logFilePath(): string {
		return this.logFile;
	}

	private cookie = '';

	/** Calls the editor's internal REST API as the logged-in owner (what the browser sees). */
	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': 'omnicrew-harness', cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
		const parsed = JSON.parse(text) as { data?: T };
		return (parsed.data ?? parsed) as T;
	}

	/** Logs in as the owner and creates an API key with every scope (n8n's public API needs one). */
	async connectApi(): Promise<N8nApi> {
		const login = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': 'omnicrew-harness' },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		if (!login.ok) throw new Error(`n8n login failed (${login.status}): ${await login.text()}`);
		this.cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).join('; ');
		const scopes = await this.rest<string[]>('GET', '/rest/api-keys/scopes');
		const key = await this.rest<{ rawApiKey: string }>('POST', '/rest/api-keys', { label: `omnicrew-${Date.now()}`, scopes, expiresAt: null });
		this.api = new N8nApi(this.url, key.rawApiKey);
		return this.api;
	}

	/** Node types the editor offers, as the browser loads them. */
	async nodeTypeNames(): Promise<string[]> {
		const types = await this.rest<Array<{ name: string }>>('GET', '/types/nodes.json');
		return types.map((type) => type.name);
	}

	/**
	 * Activation is asynchronous: waits until the production webhook is registered. Probes with
	 * OPTIONS (CORS preflight), which n8n answers 2xx only for a registered path, and never executes.
	 */
	async waitForWebhook(path: string, timeoutMs = 15_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const probe = await fetch(this.webhookUrl(path), {
				method: 'OPTIONS',
				headers: { origin: this.url, 'access-control-request-method': 'POST' },
			}).catch(() => undefined);
			if (probe?.ok) return;
			if (Date.now() > deadline) throw new Error(`Webhook ${path} did not go live within ${timeoutMs} ms.\n${this.logs(30)}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	async stop(): Promise<void> {
		await stopProcessGroup(this.child);
		if (this.removeFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export const DEFAULT_OWNER: Credentials = { email: 'owner@omnicrew.dev', password: 'OmniCrew-test-1' };

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/**
 * Signals an n8n process and everything it started (its task runner), which share a process
 * group because n8n is spawned detached; SIGKILL follows when a gentler signal is not obeyed.
 */
async function stopProcessGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 15_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	signalGroup(child, signal);
	const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => signalGroup(child, 'SIGKILL'), killAfterMs);
	await exited;
	clearTimeout(timer);
}

function spawnN8n(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
	return spawn(node24Bin(), [n8nBin(), ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

function recordOutput(child: ChildProcess, logFile: string, record: (text: string) => void): void {
	const log = createWriteStream(logFile);
	for (const stream of [child.stdout, child.stderr]) {
		stream?.on('data', (chunk: Buffer) => {
			log.write(chunk);
			record(chunk.toString());
		});
	}
	// 'close' comes after the output streams have ended, so no chunk is written after end()
	child.once('close', () => log.end());
}

interface EnvSettings {
	userFolder: string;
	/** Main's port: the editor and webhook URLs every process reports point there. */
	port: number;
	encryptionKey: string;
	/** The JS task runner's broker: one per process on a host. */
	runnersBrokerPort: number;
}

/** What every n8n process of one installation runs with, main or worker. */
function n8nEnv(settings: EnvSettings, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return node24Env({
		N8N_USER_FOLDER: settings.userFolder,
		N8N_PORT: String(settings.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${settings.port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${settings.port}/`,
		N8N_ENCRYPTION_KEY: settings.encryptionKey,
		N8N_RUNNERS_BROKER_PORT: String(settings.runnersBrokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		GENERIC_TIMEZONE: 'UTC',
		// n8n exits silently under NODE_ENV=test, which jest sets for everything it spawns.
		NODE_ENV: 'production',
		N8N_LOG_LEVEL: 'info',
		...extra,
	});
}

/** The owner account main creates at start (2.x has no way to run without users). */
function ownerEnv(owner: Credentials): Record<string, string> {
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: 'OmniCrew',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(owner.password),
	};
}

/** A fresh (or given) user folder with the package unpacked into nodes/node_modules. */
function prepareUserFolder(options: StartOptions): { userFolder: string; removeFolder: boolean } {
	if (!existsSync(n8nBin())) throw new Error('n8n is not installed: run "npm test" or "npm run demo" once (they install it).');
	const removeFolder = options.userFolder === undefined;
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'omnicrew-n8n-'));
	mkdirSync(userFolder, { recursive: true });
	installPackage(userFolder, options.tarball ?? packPackage(join(userFolder, 'pack')));
	return { userFolder, removeFolder };
}

/** Starts `n8n start`, waits for readiness and connects the public API as the owner. */
async function launchMain(settings: EnvSettings, owner: Credentials, env: NodeJS.ProcessEnv, removeFolder: boolean, readyTimeoutMs = 120_000): Promise<N8nInstance> {
	const logFile = join(settings.userFolder, 'n8n.log');
	const child = spawnN8n(['start'], env);
	const instance = new N8nInstance(settings.port, owner, settings.userFolder, child, logFile, removeFolder);
	recordOutput(child, logFile, (text) => instance.recordOutput(text));
	const deadline = Date.now() + readyTimeoutMs;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n exited with code ${child.exitCode} while starting:\n${instance.logs(40)}`);
		const ready = await fetch(`${instance.url}/healthz/readiness`).then((r) => r.ok).catch(() => false);
		if (ready) break;
		if (Date.now() > deadline) {
			await instance.stop();
			throw new Error(`n8n was not ready within ${readyTimeoutMs} ms:\n${instance.logs(40)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await instance.connectApi();
	return instance;
}

export async function startN8n(options: StartOptions = {}): Promise<N8nInstance> {
	const { userFolder, removeFolder } = prepareUserFolder(options);
	const owner = options.owner ?? DEFAULT_OWNER;
	const settings: EnvSettings = {
		userFolder,
		port: options.port ?? (await freePort()),
		encryptionKey: randomBytes(24).toString('hex'),
		runnersBrokerPort: await freePort(),
	};
	const env = n8nEnv(settings, { ...ownerEnv(owner), ...options.env });
	return await launchMain(settings, owner, env, removeFolder, options.readyTimeoutMs);
}

// ---------------------------------------------------------------------------------------------
// Queue mode: one main (editor, API, webhooks) enqueueing every execution into Redis (Bull), and
// workers running them, all sharing one PostgreSQL database, encryption key and package folder.

/**
 * How fast a dead worker's jobs are noticed. A worker holds a lock on each running job and renews
 * it; the surviving workers check every stalled interval for active jobs whose lock has expired.
 * Jobs still waiting in the queue belong to no worker and are simply taken by another one. n8n
 * 2.41 fixes Bull's maxStalledCount at 0, so a job that was running is failed, never run again,
 * and main marks its execution as an error after a fixed 30 s grace (in case it did finish).
 * n8n's defaults (60 s lock, 30 s check) take up to two minutes before that grace starts.
 */
export interface StallDetection {
	lockDurationMs: number;
	lockRenewMs: number;
	stalledIntervalMs: number;
}

/** At most lock duration + two check intervals (12 s) from a worker's death to its jobs' failure. */
export const QUICK_STALL_DETECTION: StallDetection = { lockDurationMs: 6_000, lockRenewMs: 1_500, stalledIntervalMs: 3_000 };

export interface PostgresConnection {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
}

export interface QueueStartOptions extends StartOptions {
	redis: { host?: string; port: number };
	postgres: PostgresConnection;
	/** Worker processes (2 by default). */
	workers?: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`, 5 by default, n8n's advised minimum). */
	concurrency?: number;
	/** Environment for the workers only; `env` goes to every process. */
	workerEnv?: Record<string, string>;
	stallDetection?: StallDetection;
}

export interface N8nQueue {
	main: N8nInstance;
	workers: N8nWorker[];
	/** Stops main and every worker still running, then removes the user folder it created. */
	stop(): Promise<void>;
}

/** One `n8n worker` process, with what its log says about the executions it ran. */
export class N8nWorker {
	private recent = '';
	private partialLine = '';
	private readonly started: string[] = [];
	private readonly finished = new Set<string>();

	constructor(
		readonly index: number,
		readonly healthPort: number,
		private readonly child: ChildProcess,
		readonly logFilePath: string,
	) {}

	get pid(): number {
		return this.child.pid ?? -1;
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	recordOutput(text: string): void {
		this.recent = (this.recent + text).slice(-64 * 1024);
		const lines = (this.partialLine + text).split('\n');
		this.partialLine = lines.pop() ?? '';
		for (const line of lines) this.noteExecution(line);
	}

	// n8n logs "Worker started execution 12 (job 12)" and "Worker finished execution 12 (job 12)" at info level.
	private noteExecution(line: string): void {
		const match = /Worker (started|finished) execution (\S+) \(job/.exec(line);
		if (!match) return;
		if (match[1] === 'started') this.started.push(match[2]);
		else this.finished.add(match[2]);
	}

	/** Execution ids this worker started, finished, and started without finishing (yet, or ever when killed). */
	executions(): { started: string[]; finished: string[]; inFlight: string[] } {
		return { started: [...this.started], finished: [...this.finished], inFlight: this.started.filter((id) => !this.finished.has(id)) };
	}

	logs(lines = 80): string {
		return this.recent.split('\n').slice(-lines).join('\n');
	}

	/** Kills the worker and its task runner at once, as a crashed machine would: no draining, no goodbye to the queue. */
	async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		await stopProcessGroup(this.child, signal);
	}

	/** Graceful stop: n8n drains the jobs it holds first. */
	async stop(): Promise<void> {
		await stopProcessGroup(this.child);
	}

	async waitUntilReady(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (!this.running) throw new Error(`n8n worker ${this.index} exited while starting:\n${this.logs(40)}`);
			const ready = await fetch(`http://127.0.0.1:${this.healthPort}/healthz/readiness`).then((r) => r.ok).catch(() => false);
			if (ready) return;
			if (Date.now() > deadline) throw new Error(`n8n worker ${this.index} was not ready within ${timeoutMs} ms:\n${this.logs(40)}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
}

function queueEnv(options: QueueStartOptions): Record<string, string> {
	const { postgres, redis } = options;
	const stalls = options.stallDetection ?? QUICK_STALL_DETECTION;
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host ?? '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_WORKER_LOCK_DURATION: String(stalls.lockDurationMs),
		QUEUE_WORKER_LOCK_RENEW_TIME: String(stalls.lockRenewMs),
		QUEUE_WORKER_STALLED_INTERVAL: String(stalls.stalledIntervalMs),
		// Production executions (webhooks, triggers) always go to the workers in queue mode; this
		// sends manual ones there too, as n8n 3 will always do.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
	};
}

async function launchWorker(index: number, base: EnvSettings, options: QueueStartOptions, readyTimeoutMs: number): Promise<N8nWorker> {
	const healthPort = await freePort();
	const settings: EnvSettings = { ...base, runnersBrokerPort: await freePort() };
	const env = n8nEnv(settings, {
		...queueEnv(options),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		// the default (::) would listen on every interface
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		...options.env,
		...options.workerEnv,
	});
	const logFile = join(base.userFolder, `n8n-worker-${index}.log`);
	const child = spawnN8n(['worker', `--concurrency=${options.concurrency ?? 5}`], env);
	const worker = new N8nWorker(index, healthPort, child, logFile);
	recordOutput(child, logFile, (text) => worker.recordOutput(text));
	try {
		await worker.waitUntilReady(readyTimeoutMs);
	} catch (error) {
		await worker.kill();
		throw error;
	}
	return worker;
}

/**
 * Starts n8n in queue mode: main first (it runs the database migrations and creates the owner),
 * then the workers side by side, each ready once its health check answers.
 */
export async function startN8nQueue(options: QueueStartOptions): Promise<N8nQueue> {
	const { userFolder, removeFolder } = prepareUserFolder(options);
	const owner = options.owner ?? DEFAULT_OWNER;
	const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
	const settings: EnvSettings = {
		userFolder,
		port: options.port ?? (await freePort()),
		encryptionKey: randomBytes(24).toString('hex'),
		runnersBrokerPort: await freePort(),
	};
	const removeUserFolder = () => {
		if (removeFolder) rmSync(userFolder, { recursive: true, force: true });
	};
	let main: N8nInstance;
	try {
		main = await launchMain(settings, owner, n8nEnv(settings, { ...queueEnv(options), ...ownerEnv(owner), ...options.env }), false, readyTimeoutMs);
	} catch (error) {
		removeUserFolder();
		throw error;
	}
	const launches = await Promise.allSettled(Array.from({ length: options.workers ?? 2 }, (_, index) => launchWorker(index, settings, options, readyTimeoutMs)));
	const workers = launches.flatMap((launch) => (launch.status === 'fulfilled' ? [launch.value] : []));
	const stop = async () => {
		await Promise.all([main.stop(), ...workers.map((worker) => worker.stop())]);
		removeUserFolder();
	};
	const failed = launches.find((launch): launch is PromiseRejectedResult => launch.status === 'rejected');
	if (failed) {
		await stop();
		throw failed.reason;
	}
	return { main, workers, stop };
}
