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
		if (this.child.exitCode === null && this.child.pid) {
			const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
			try {
				process.kill(-this.child.pid, 'SIGTERM');
			} catch {
				this.child.kill('SIGTERM');
			}
			const timer = setTimeout(() => {
				try {
					if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}, 15_000);
			await exited;
			clearTimeout(timer);
		}
		if (this.removeFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export const DEFAULT_OWNER: Credentials = { email: 'owner@omnicrew.dev', password: 'OmniCrew-test-1' };

export async function startN8n(options: StartOptions = {}): Promise<N8nInstance> {
	if (!existsSync(n8nBin())) throw new Error('n8n is not installed: run "npm test" or "npm run demo" once (they install it).');
	const removeFolder = options.userFolder === undefined;
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'omnicrew-n8n-'));
	mkdirSync(userFolder, { recursive: true });
	const tarball = options.tarball ?? packPackage(join(userFolder, 'pack'));
	installPackage(userFolder, tarball);
	const owner = options.owner ?? DEFAULT_OWNER;
	const port = options.port ?? (await freePort());
	const env = node24Env({
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: 'OmniCrew',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(owner.password),
		GENERIC_TIMEZONE: 'UTC',
		// n8n exits silently under NODE_ENV=test, which jest sets for everything it spawns.
		NODE_ENV: 'production',
		N8N_LOG_LEVEL: 'info',
		...options.env,
	});
	const logFile = join(userFolder, 'n8n.log');
	const log = createWriteStream(logFile);
	const child = spawn(node24Bin(), [n8nBin(), 'start'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const instance = new N8nInstance(port, owner, userFolder, child, logFile, removeFolder);
	for (const stream of [child.stdout, child.stderr]) {
		stream?.on('data', (chunk: Buffer) => {
			log.write(chunk);
			instance.recordOutput(chunk.toString());
		});
	}
	const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n exited with code ${child.exitCode} while starting:\n${instance.logs(40)}`);
		const ready = await fetch(`${instance.url}/healthz/readiness`).then((r) => r.ok).catch(() => false);
		if (ready) break;
		if (Date.now() > deadline) {
			await instance.stop();
			throw new Error(`n8n was not ready within ${options.readyTimeoutMs ?? 120_000} ms:\n${instance.logs(40)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await instance.connectApi();
	return instance;
}
