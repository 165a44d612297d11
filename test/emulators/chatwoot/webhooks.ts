/**
 * Outgoing webhook deliveries as Chatwoot v4.15 sends them (webhooks.md section 2): signed JSON
 * POSTs, one attempt for account webhooks, up to three for the agent bot on 429/500.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { Delivery } from './types';

export interface Destination {
	target: Delivery['target'];
	url: string;
	/** Read at send time, so a rotated secret signs later attempts. */
	secret: () => string | null;
}

export interface DispatcherOptions {
	botRetryDelayMs: number;
	timeoutMs: number;
}

const BOT_RETRY_STATUSES = new Set([429, 500]);
const BOT_MAX_ATTEMPTS = 3;

export function signatureFor(secret: string, timestamp: string, body: string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

interface AttemptResult {
	status: number | 'error';
	error?: string;
}

export class Dispatcher {
	readonly deliveries: Delivery[] = [];
	private readonly destinations = new Map<string, Destination>();
	private readonly queues = new Map<string, Promise<Delivery>>();
	private readonly pending = new Set<Promise<Delivery>>();
	private readonly inFlight = new Set<ClientRequest>();
	private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
	private readonly listeners = new Set<() => void>();
	private closed = false;

	constructor(private readonly options: DispatcherOptions) {}

	/**
	 * Queues one delivery. Deliveries to one destination go out in the order they were queued, so
	 * a receiver sees events in the order Chatwoot produced them.
	 */
	send(destination: Destination, event: string, body: string): Promise<Delivery> {
		const id = randomUUID();
		const key = `${destination.target} ${destination.url}`;
		const previous = this.queues.get(key) ?? Promise.resolve();
		const attempts = destination.target === 'agent_bot' ? BOT_MAX_ATTEMPTS : 1;
		const delivery = previous.then(() => this.run(id, destination, event, body, attempts));
		this.queues.set(key, delivery);
		this.pending.add(delivery);
		void delivery.finally(() => this.pending.delete(delivery));
		return delivery;
	}

	/** Re-POSTs a recorded delivery: same body and X-Chatwoot-Delivery, fresh timestamp and signature. */
	async redeliver(deliveryId: string): Promise<Delivery> {
		const original = this.deliveries.find((delivery) => delivery.id === deliveryId);
		const destination = this.destinations.get(deliveryId);
		if (!original || !destination) throw new Error(`No delivery with X-Chatwoot-Delivery ${deliveryId}`);
		return await this.run(deliveryId, destination, original.event, original.body, 1);
	}

	async waitFor(predicate: (delivery: Delivery) => boolean, count: number, timeoutMs: number): Promise<Delivery[]> {
		const matching = () => this.deliveries.filter(predicate);
		if (matching().length >= count) return matching();
		return await new Promise((resolve, reject) => {
			const check = () => {
				const found = matching();
				if (found.length < count) return;
				cleanup();
				resolve(found);
			};
			const timer = setTimeout(() => {
				cleanup();
				const seen = this.deliveries.map((d) => `${d.target} ${d.event} -> ${d.url} (${d.status})`).join('\n  ');
				reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${count} matching deliveries (found ${matching().length}). Deliveries so far:\n  ${seen || '(none)'}`));
			}, timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				this.listeners.delete(check);
			};
			this.listeners.add(check);
		});
	}

	/** Resolves when every queued delivery has finished. */
	async idle(): Promise<void> {
		while (this.pending.size) await Promise.allSettled([...this.pending]);
	}

	close(): void {
		this.closed = true;
		for (const request of this.inFlight) request.destroy(new Error('emulator closed'));
		for (const entry of this.timers) {
			clearTimeout(entry.timer);
			entry.resolve();
		}
		this.timers.clear();
	}

	private async run(id: string, destination: Destination, event: string, body: string, maxAttempts: number): Promise<Delivery> {
		this.destinations.set(id, destination);
		let headers: Record<string, string> = {};
		let result: AttemptResult = { status: 'error', error: 'not attempted' };
		let attempts = 0;
		while (attempts < maxAttempts && !this.closed) {
			if (attempts > 0) await this.sleep(this.options.botRetryDelayMs);
			if (this.closed) break;
			attempts++;
			headers = this.headersFor(id, destination, body);
			result = await this.post(destination.url, headers, body);
			if (typeof result.status !== 'number' || !BOT_RETRY_STATUSES.has(result.status)) break;
		}
		const delivery: Delivery = { id, url: destination.url, event, status: result.status, attempts, headers, body, target: destination.target };
		if (result.error) delivery.error = result.error;
		this.deliveries.push(delivery);
		for (const listener of [...this.listeners]) listener();
		return delivery;
	}

	private headersFor(id: string, destination: Destination, body: string): Record<string, string> {
		const headers: Record<string, string> = {
			'Content-Type': 'application/json',
			Accept: 'application/json',
			'User-Agent': 'Ruby',
			'X-Chatwoot-Delivery': id,
		};
		const secret = destination.secret();
		if (secret) {
			const timestamp = String(Math.floor(Date.now() / 1000));
			headers['X-Chatwoot-Timestamp'] = timestamp;
			headers['X-Chatwoot-Signature'] = signatureFor(secret, timestamp, body);
		}
		return headers;
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const entry = {
				timer: setTimeout(() => {
					this.timers.delete(entry);
					resolve();
				}, ms),
				resolve,
			};
			this.timers.add(entry);
		});
	}

	private post(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
		return new Promise((resolve) => {
			let target: URL;
			try {
				target = new URL(url);
			} catch {
				resolve({ status: 'error', error: `invalid URL ${url}` });
				return;
			}
			const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
			const payload = Buffer.from(body);
			const request = send(target, { method: 'POST', headers: { ...headers, 'Content-Length': String(payload.length) }, agent: false });
			this.inFlight.add(request);
			let settled = false;
			const finish = (result: AttemptResult) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				this.inFlight.delete(request);
				resolve(result);
			};
			// Chatwoot's WEBHOOK_TIMEOUT bounds the whole exchange (open and read timeouts).
			const timer = setTimeout(() => {
				request.destroy();
				finish({ status: 'error', error: `timeout after ${this.options.timeoutMs} ms` });
			}, this.options.timeoutMs);
			request.on('response', (response) => {
				response.resume();
				response.on('end', () => finish({ status: response.statusCode ?? 0 }));
				response.on('error', (error) => finish({ status: 'error', error: error.message }));
			});
			request.on('error', (error) => finish({ status: 'error', error: error.message }));
			request.end(payload);
		});
	}
}
