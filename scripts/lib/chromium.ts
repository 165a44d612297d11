/**
 * Headless Chromium from Debian, driven over the Chrome DevTools Protocol: enough to open a page,
 * set a cookie, wait for something to render and save a PNG.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

import { ensureDebianPackage, progress, type Log } from './runtime';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

export function chromiumBin(): string | undefined {
	for (const name of CANDIDATES) {
		const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
		if (found.status === 0) return String(found.stdout).trim();
	}
	return undefined;
}

export function ensureChromium(log: Log = progress): string {
	return ensureDebianPackage({ label: 'chromium', pkg: 'chromium', find: chromiumBin, note: 'about 1 min' }, log);
}

interface CdpMessage {
	id?: number;
	result?: Record<string, unknown>;
	error?: { message: string };
}

type Pending = { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void };

/**
 * A minimal DevTools Protocol client over `--remote-debugging-pipe`: Chromium reads commands on
 * its fd 3 and writes replies on fd 4, each a JSON message ended by a NUL byte. No port is
 * opened and no WebSocket client is needed (Node 20 has none built in).
 */
class CdpPipe {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private buffered: Buffer = Buffer.alloc(0);

	constructor(
		private readonly input: Writable,
		output: Readable,
	) {
		output.on('data', (chunk: Buffer) => this.receive(chunk));
		output.on('close', () => this.failAll(new Error('The DevTools pipe closed.')));
	}

	private receive(chunk: Buffer): void {
		this.buffered = Buffer.concat([this.buffered, chunk]);
		for (let end = this.buffered.indexOf(0); end >= 0; end = this.buffered.indexOf(0)) {
			const text = this.buffered.subarray(0, end).toString('utf8');
			this.buffered = this.buffered.subarray(end + 1);
			this.dispatch(JSON.parse(text) as CdpMessage);
		}
	}

	private dispatch(message: CdpMessage): void {
		if (message.id === undefined) return;
		const waiter = this.pending.get(message.id);
		if (!waiter) return;
		this.pending.delete(message.id);
		if (message.error) waiter.reject(new Error(message.error.message));
		else waiter.resolve(message.result ?? {});
	}

	failAll(error: Error): void {
		for (const waiter of this.pending.values()) waiter.reject(error);
		this.pending.clear();
	}

	/** A browser that stops answering fails the command instead of hanging the script. */
	async send(method: string, params: Record<string, unknown> = {}, sessionId?: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
		const id = this.nextId++;
		return await new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`Chromium did not answer ${method} within ${timeoutMs} ms.`));
			}, timeoutMs);
			const settle = (then: () => void) => {
				clearTimeout(timer);
				then();
			};
			this.pending.set(id, { resolve: (result) => settle(() => resolve(result)), reject: (error) => settle(() => reject(error)) });
			this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
		});
	}
}

export interface Viewport {
	width: number;
	height: number;
	/** Device pixels per CSS pixel: 2 draws the page twice as sharp, in an image twice as wide. */
	scale?: number;
}

/** One page of a headless Chromium. */
export class ChromiumPage {
	constructor(
		private readonly cdp: CdpPipe,
		private readonly sessionId: string,
	) {}

	async send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
		return await this.cdp.send(method, params, this.sessionId);
	}

	/** The page keeps its layout (CSS size); only a change of scale redraws it sharper or coarser. */
	async setViewport(viewport: Viewport): Promise<void> {
		await this.send('Emulation.setDeviceMetricsOverride', { width: viewport.width, height: viewport.height, deviceScaleFactor: viewport.scale ?? 1, mobile: false });
	}

	async setCookie(url: string, name: string, value: string): Promise<void> {
		await this.send('Network.setCookie', { url, name, value, httpOnly: true });
	}

	async goto(url: string): Promise<void> {
		const { errorText } = (await this.send('Page.navigate', { url })) as { errorText?: string };
		if (errorText) throw new Error(`Chromium could not open ${url}: ${errorText}`);
	}

	/** Evaluates an expression in the page and returns its JSON value. */
	async evaluate<T>(expression: string): Promise<T> {
		const reply = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
			result?: { value?: T };
			exceptionDetails?: { text: string };
		};
		if (reply.exceptionDetails) throw new Error(`Page script failed: ${reply.exceptionDetails.text}`);
		return reply.result?.value as T;
	}

	/** Polls an expression until it is truthy. */
	async waitFor(expression: string, timeoutMs: number, what: string): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (await this.evaluate<boolean>(`Boolean(${expression})`).catch(() => false)) return;
			if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	async screenshotPng(): Promise<Buffer> {
		const reply = (await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false })) as { data: string };
		return Buffer.from(reply.data, 'base64');
	}
}

export interface Chromium {
	newPage(viewport: Viewport): Promise<ChromiumPage>;
	stop(): Promise<void>;
}

/**
 * Chromium's helper processes may still be writing to the profile for a moment after the browser
 * exits; a profile left behind in the temp folder is not worth failing a finished run for.
 */
function removeProfile(profile: string): void {
	try {
		rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
	} catch (error) {
		progress(`warning: could not remove ${profile}: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/** Chromium refuses to start its sandbox as root; it only ever opens loopback pages here. */
function sandboxFlags(): string[] {
	return typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
}

/** Starts headless Chromium with a throw-away profile. */
export async function startChromium(bin: string): Promise<Chromium> {
	const profile = mkdtempSync(join(tmpdir(), 'omnicrew-chromium-'));
	const child = spawn(
		bin,
		[
			'--headless=new',
			...sandboxFlags(),
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--no-first-run',
			'--no-default-browser-check',
			'--disable-extensions',
			'--hide-scrollbars',
			'--mute-audio',
			'--remote-debugging-pipe',
			`--user-data-dir=${profile}`,
			'about:blank',
		],
		{ stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
	);
	let errors = '';
	child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
	const cdp = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
	child.once('exit', (code) => cdp.failAll(new Error(`Chromium exited (${code ?? 'signal'}):\n${errors}`)));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
				// Browser.close lets Chromium flush its profile; a signal follows if it does not answer
				cdp.send('Browser.close', {}, undefined, 2_000).catch(() => child.kill('SIGTERM'));
			});
		}
		removeProfile(profile);
	};
	try {
		await cdp.send('Browser.getVersion');
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		newPage: async (viewport) => {
			const { targetId } = (await cdp.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
			const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
			const page = new ChromiumPage(cdp, sessionId);
			await page.send('Page.enable');
			await page.send('Network.enable');
			await page.setViewport(viewport);
			return page;
		},
		stop,
	};
}
