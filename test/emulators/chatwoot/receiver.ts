/** A local HTTP endpoint standing in for n8n or a bot: records every POST and answers with scripted statuses. */
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** Raw body, exactly as received (what a signature is computed over). */
	raw: string;
	body: unknown;
}

export interface WebhookReceiver {
	url: string;
	received: ReceivedRequest[];
	/** Statuses for the next requests, in order; once used up the receiver answers 200. */
	respondWith(...statuses: number[]): void;
	/** Delays every answer, e.g. to exceed the webhook timeout. */
	delayResponses(ms: number): void;
	/** Resolves once at least `count` requests matched. */
	waitFor(predicate: (request: ReceivedRequest) => boolean, count?: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
	close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
	const received: ReceivedRequest[] = [];
	const scripted: number[] = [];
	const listeners = new Set<() => void>();
	let delay = 0;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: unknown = raw;
			try {
				body = JSON.parse(raw);
			} catch {
				// Not JSON: keep the raw text.
			}
			received.push({ method: req.method ?? 'POST', path: req.url ?? '/', headers: req.headers, raw, body });
			for (const listener of [...listeners]) listener();
			const status = scripted.shift() ?? 200;
			const answer = () => {
				res.writeHead(status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ ok: status < 300 }));
			};
			if (delay > 0) setTimeout(answer, delay);
			else answer();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		respondWith: (...statuses) => scripted.push(...statuses),
		delayResponses: (ms) => {
			delay = ms;
		},
		waitFor: (predicate, count = 1, timeoutMs = 5000) =>
			new Promise((resolve, reject) => {
				const check = () => {
					const found = received.filter(predicate);
					if (found.length < count) return false;
					listeners.delete(check);
					clearTimeout(timer);
					resolve(found);
					return true;
				};
				const timer = setTimeout(() => {
					listeners.delete(check);
					reject(new Error(`receiver: timed out waiting for ${count} requests (got ${received.filter(predicate).length} of ${received.length})`));
				}, timeoutMs);
				listeners.add(check);
				check();
			}),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
