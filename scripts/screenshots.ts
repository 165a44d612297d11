/**
 * Pictures of every workflow template on the real n8n canvas, for workflows-templates/README.md.
 *
 *   node scripts/run.mjs scripts/screenshots.ts [--out workflows-templates/images] [--build] [template-name ...]
 *
 * Starts a throw-away n8n 2.41.1 with the packed package (dist/ as it is, or rebuilt first with
 * --build), imports each template with placeholder credentials on loopback addresses (nothing is
 * activated or executed), opens it in headless Chromium as the owner and saves
 * <out>/<template-name>.png. Without names, every workflows-templates/*.json is taken.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

import { ensureChromium, startChromium, type Chromium, type ChromiumPage } from './lib/chromium';
import { repoRoot, startN8n, type N8nInstance, type WorkflowJson } from './lib/n8n-instance';
import { ensureN8n, progress } from './lib/runtime';

const USAGE = 'usage: node scripts/run.mjs scripts/screenshots.ts [--out <dir>] [--build] [template-name ...]';
/** The editor's size in CSS pixels; the canvas fits the workflow into it. */
const VIEWPORT = { width: 1600, height: 900 };
/**
 * Sharpest first: at 1x the sticky notes of a wide crew are too small to read. A coarser scale is
 * used only when a picture would exceed what the README can carry without weighing the repository
 * down.
 */
const SCALES = [1.4, 1.2, 1];
const MAX_PNG_BYTES = 300_000;
const TEMPLATES_DIR = join(repoRoot(), 'workflows-templates');

interface Options {
	outDir: string;
	build: boolean;
	names: string[];
}

interface Template {
	name: string;
	workflow: WorkflowJson;
}

type CredentialRefs = Record<string, { id: string; name: string }>;

function parseArgs(argv: string[]): Options {
	const options: Options = { outDir: join(TEMPLATES_DIR, 'images'), build: false, names: [] };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--out') {
			const dir = argv[++i];
			if (!dir) throw new Error(`--out needs a folder.\n${USAGE}`);
			options.outDir = isAbsolute(dir) ? dir : join(process.cwd(), dir);
		} else if (arg === '--build') options.build = true;
		else if (arg === '--help' || arg === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}.\n${USAGE}`);
		else options.names.push(arg.replace(/\.json$/, ''));
	}
	return options;
}

function loadTemplates(names: string[]): Template[] {
	const available = readdirSync(TEMPLATES_DIR)
		.filter((file) => file.endsWith('.json'))
		.map((file) => file.slice(0, -'.json'.length))
		.sort();
	const unknown = names.filter((name) => !available.includes(name));
	if (unknown.length > 0) throw new Error(`No such template: ${unknown.join(', ')}. Templates: ${available.join(', ')}.`);
	return (names.length > 0 ? names : available).map((name) => ({
		name,
		workflow: JSON.parse(readFileSync(join(TEMPLATES_DIR, `${name}.json`), 'utf8')) as WorkflowJson,
	}));
}

/** dist/ may be in the middle of a rebuild by another command: give it a moment to reappear. */
async function waitForDist(timeoutMs = 120_000): Promise<void> {
	const marker = join(repoRoot(), 'dist', 'nodes');
	const deadline = Date.now() + timeoutMs;
	while (!existsSync(marker)) {
		if (Date.now() > deadline) throw new Error('dist/ is missing: run "npm run build" first, or pass --build.');
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}

function build(): void {
	const built = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'build.mjs')], { cwd: repoRoot(), stdio: 'inherit' });
	if (built.status !== 0) throw new Error('The build failed (see above).');
}

/**
 * Placeholder values for the package's own credentials: every address is loopback and every
 * secret a dummy, because the canvas only needs a credential to exist, never to work.
 */
const PLACEHOLDERS: Record<string, Record<string, unknown>> = {
	chatwootOmniCrewApi: { baseUrl: 'http://127.0.0.1:3000', accessToken: 'placeholder-token', accountId: 1, webhookSecret: '' },
	redisOmniCrewApi: { mode: 'standalone', url: 'redis://127.0.0.1:6379', tls: false },
	odooOmniCrewApi: { url: 'http://127.0.0.1:8069', db: 'odoo', username: 'bot@example.com', apiKey: 'placeholder-key', authType: 'apiKey', webhookSecret: '' },
	qdrantOmniCrewApi: { url: 'http://127.0.0.1:6333', apiKey: '', prefix: 'omnicrew_' },
	mongoDbOmniCrewApi: { connectionStringSecret: 'mongodb://127.0.0.1:27017', database: 'omnicrew', dataCollections: 'contacts,leads,tickets,notes,events,records' },
	omniCrewMcpApi: { url: 'http://127.0.0.1:3100/mcp', token: '' },
	openAiApi: { apiKey: 'placeholder-key', url: 'http://127.0.0.1:11434/v1' },
};

interface JsonSchema {
	type?: string;
	enum?: unknown[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
}

/** A credential type of another package (n8n's own, say): fill what its schema requires. */
function placeholderFromSchema(schema: JsonSchema): Record<string, unknown> {
	const data: Record<string, unknown> = {};
	for (const field of schema.required ?? []) {
		const property = schema.properties?.[field] ?? {};
		if (property.enum?.length) data[field] = property.enum[0];
		else if (property.type === 'number' || property.type === 'integer') data[field] = 0;
		else if (property.type === 'boolean') data[field] = false;
		else if (/url/i.test(field)) data[field] = 'http://127.0.0.1';
		else data[field] = /host/i.test(field) ? '127.0.0.1' : 'placeholder';
	}
	return data;
}

function credentialTypes(templates: Template[]): Map<string, string> {
	const types = new Map<string, string>();
	for (const { workflow } of templates) {
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) if (!types.has(type)) types.set(type, ref.name);
		}
	}
	return types;
}

async function createCredentials(n8n: N8nInstance, templates: Template[]): Promise<CredentialRefs> {
	const refs: CredentialRefs = {};
	for (const [type, name] of credentialTypes(templates)) {
		try {
			const data = PLACEHOLDERS[type] ?? placeholderFromSchema(await n8n.api.request<JsonSchema>('GET', `/credentials/schema/${type}`));
			refs[type] = { id: await n8n.api.createCredential(name, type, data), name };
		} catch (error) {
			// The picture is still worth taking; the node just shows its missing-credential mark.
			progress(`warning: no placeholder credential of type ${type}: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
	return refs;
}

/** The editor's session cookie, as the browser would get it from the sign-in page. */
async function ownerCookie(n8n: N8nInstance): Promise<string> {
	const response = await fetch(`${n8n.url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: n8n.owner.email, password: n8n.owner.password }),
	});
	if (!response.ok) throw new Error(`n8n login failed (${response.status}): ${await response.text()}`);
	const cookie = response.headers.getSetCookie().find((line) => line.startsWith('n8n-auth='));
	if (!cookie) throw new Error('n8n answered the login without an n8n-auth cookie.');
	return cookie.slice('n8n-auth='.length).split(';')[0];
}

/** Every node and sticky note drawn, their icons loaded and the web fonts in. */
function canvasReady(nodeCount: number): string {
	return `document.querySelectorAll('.vue-flow__node').length >= ${nodeCount}
		&& [...document.images].every((image) => image.complete)
		&& document.fonts.status === 'loaded'`;
}

/** Closes whatever the editor may pop up over a freshly opened workflow (tips, notices, dialogs). */
const DISMISS_OVERLAYS = `(() => {
	document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
	for (const selector of ['.el-overlay', '.el-notification', '.el-message', '[data-test-id="banners"]']) {
		for (const element of document.querySelectorAll(selector)) element.remove();
	}
	return true;
})()`;

interface Photo {
	png: Buffer;
	scale: number;
}

async function photograph(page: ChromiumPage, n8n: N8nInstance, workflowId: string, nodeCount: number): Promise<Photo> {
	await page.setViewport({ ...VIEWPORT, scale: SCALES[0] });
	await page.goto(`${n8n.url}/workflow/${workflowId}`);
	try {
		await page.waitFor(canvasReady(nodeCount), 60_000, `the canvas to draw ${nodeCount} nodes`);
	} catch (error) {
		// a sign-in page instead of the editor means the session cookie was refused
		const at = await page.evaluate<string>('location.href').catch(() => 'unknown');
		throw new Error(`${error instanceof Error ? error.message : String(error)} (the browser is at ${at})`);
	}
	await page.evaluate(DISMISS_OVERLAYS);
	// the canvas fits the view with a short animation after the nodes appear
	await new Promise((resolve) => setTimeout(resolve, 1_500));
	for (const [index, scale] of SCALES.entries()) {
		if (index > 0) {
			await page.setViewport({ ...VIEWPORT, scale });
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const png = await page.screenshotPng();
		if (png.length <= MAX_PNG_BYTES || index === SCALES.length - 1) return { png, scale };
	}
	throw new Error('No scale to photograph at.');
}

async function main(): Promise<void> {
	const started = Date.now();
	const options = parseArgs(process.argv.slice(2));
	const templates = loadTemplates(options.names);
	ensureN8n();
	const chromiumBin = ensureChromium();
	if (options.build) build();
	await waitForDist();
	mkdirSync(options.outDir, { recursive: true });

	let n8n: N8nInstance | undefined;
	let chromium: Chromium | undefined;
	try {
		progress('starting n8n 2.41.1 with n8n-nodes-omnicrew (about 10 s)');
		n8n = await startN8n({ env: { N8N_LOG_LEVEL: 'warn' } });
		const credentials = await createCredentials(n8n, templates);
		chromium = await startChromium(chromiumBin);
		const page = await chromium.newPage(VIEWPORT);
		await page.setCookie(n8n.url, 'n8n-auth', await ownerCookie(n8n));
		for (const { name, workflow } of templates) {
			const workflowId = await n8n.api.createWorkflow(workflow, credentials);
			const { png, scale } = await photograph(page, n8n, workflowId, workflow.nodes.length);
			const file = join(options.outDir, `${name}.png`);
			writeFileSync(file, png);
			const size = png.length;
			const pixels = `${Math.round(VIEWPORT.width * scale)}x${Math.round(VIEWPORT.height * scale)}`;
			progress(`${file}: ${pixels}, ${Math.round(size / 1000)} KB${size > MAX_PNG_BYTES ? ' (larger than 300 KB)' : ''}`);
		}
	} finally {
		await chromium?.stop();
		await n8n?.stop();
	}
	progress(`${templates.length} screenshot(s) in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: unknown) => {
	process.stderr.write(`[omnicrew] screenshots failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
