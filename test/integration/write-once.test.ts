/**
 * A write is done once: when Odoo or Chatwoot carries a request out and then the answer is lost (a timeout or
 * a 5xx after the commit), the client does not send it again and says the write may have been applied; it
 * does send it again when it provably never arrived (connection refused) or was throttled with a Retry-After.
 * Reads keep their retries. Breakers and back-pressure belong to one upstream account, not to a whole URL.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { isUnconfirmedWrite } from '../../lib/errors';
import { ChatwootClient } from '../../nodes/Chatwoot/client/chatwoot-client';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { freePort } from '../../scripts/lib/runtime';
import { startChatwootEmulator, type ChatwootEmulator } from '../emulators/chatwoot';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';

const RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 };
const TIMEOUT_MS = 400;

/** Expects `promise` to fail as a write whose outcome is unknown, with a message matching `pattern`. */
async function expectUnconfirmed(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
	const error = await promise.then(
		() => undefined,
		(failure: unknown) => failure,
	);
	expect(isUnconfirmedWrite(error)).toBe(true);
	expect(error).toMatchObject({ kind: 'upstream', message: expect.stringMatching(pattern) });
}

/**
 * A TCP port that forwards to `targetPort` only while open: closed, connections to it are refused, so a
 * request sent then provably never reached the upstream.
 */
class Gate {
	private readonly server: TcpServer;
	private readonly sockets = new Set<Socket>();

	private constructor(
		readonly port: number,
		targetPort: number,
	) {
		this.server = createTcpServer((client) => {
			const upstream = connect(targetPort, '127.0.0.1');
			for (const socket of [client, upstream]) {
				this.sockets.add(socket);
				socket.on('close', () => this.sockets.delete(socket));
				socket.on('error', () => {
					client.destroy();
					upstream.destroy();
				});
			}
			client.pipe(upstream).pipe(client);
		});
	}

	static async to(targetPort: number): Promise<Gate> {
		return new Gate(await freePort(), targetPort);
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async open(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.port, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve();
			});
		});
	}

	async close(): Promise<void> {
		if (!this.server.listening) return;
		const closed = new Promise((resolve) => this.server.close(resolve));
		for (const socket of this.sockets) socket.destroy();
		await closed;
		// let the client's connection pool see its kept-alive sockets closed before the next request
		await sleep(100);
	}
}

const portOf = (url: string) => Number(new URL(url).port);

describe('Odoo: writes are sent once', () => {
	let odoo: OdooEmulator;
	const client = (options: { timeoutMs?: number; url?: string } = {}) =>
		new OdooClient({
			url: options.url ?? odoo.url,
			db: odoo.db,
			username: odoo.users.admin.login,
			apiKey: odoo.users.admin.apiKey,
			protocol: 'jsonrpc',
			retry: RETRY,
			timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
		});
	/** The execute_kw requests of one model and method that reached the emulator. */
	const calls = (model: string, method: string) =>
		odoo.requests.filter((request) => {
			const args = (request.body as { params?: { args?: unknown[] } } | undefined)?.params?.args;
			return Array.isArray(args) && args[3] === model && args[4] === method;
		}).length;

	beforeAll(async () => {
		odoo = await startOdooEmulator({ seed: 'brazil', version: '17.0' });
	});
	afterEach(async () => {
		odoo.faults.clear();
		// each test's lost answers count towards this login's breaker; a success starts the count again
		await client().searchCount('res.partner', []);
	});
	afterAll(async () => await odoo.close());

	it('creates one quotation when Odoo commits it and then does not answer in time', async () => {
		const before = odoo.model('sale.order').length;
		odoo.faults.commitThen('timeout', { match: { model: 'sale.order', method: 'create' } });
		const started = Date.now();
		await expectUnconfirmed(
			client().create('sale.order', { partner_id: 10, order_line: [[0, 0, { product_id: 1, product_uom_qty: 2 }]] }),
			/^Odoo at http:\/\/127\.0\.0\.1:\d+ did not answer in time \(no answer within 400 ms\); the order \(sale\.order\) may have been created, so it was not sent again\. Check in Odoo/,
		);
		expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
		expect(odoo.model('sale.order')).toHaveLength(before + 1);
		expect(calls('sale.order', 'create')).toBe(1);
	});

	it('books one appointment when Odoo commits it and then answers 500', async () => {
		const before = odoo.model('calendar.event').length;
		odoo.faults.commitThen('500', { match: { model: 'calendar.event', method: 'create' } });
		await expectUnconfirmed(
			client().create('calendar.event', { name: 'Visita técnica', start: '2031-03-04 13:00:00', stop: '2031-03-04 14:00:00', partner_ids: [[6, 0, [10]]] }),
			/answered HTTP 500; the booking \(calendar\.event\) may have been created, so it was not sent again/,
		);
		const events = odoo.model('calendar.event');
		expect(events).toHaveLength(before + 1);
		expect(events.filter((event) => event.name === 'Visita técnica')).toHaveLength(1);
		expect(calls('calendar.event', 'create')).toBe(1);
	});

	it('creates one contact when a proxy answers 502 after the commit', async () => {
		odoo.faults.commitThen('502', { match: { model: 'res.partner', method: 'create' } });
		await expectUnconfirmed(client().create('res.partner', { name: 'Contato Único 502' }), /answered HTTP 502; the contact \(res\.partner\) may have been created/);
		expect(odoo.model('res.partner').filter((partner) => partner.name === 'Contato Único 502')).toHaveLength(1);
		expect(calls('res.partner', 'create')).toBe(1);
	});

	it('does not repeat a write or any method that is not a known read', async () => {
		odoo.faults.commitThen('504', { match: { model: 'res.partner', method: 'write' } });
		await expectUnconfirmed(client().write('res.partner', [10], { comment: 'uma vez' }), /the contact \(res\.partner\) may have been changed/);
		expect(calls('res.partner', 'write')).toBe(1);

		const draft = odoo.model('sale.order').find((order) => order.state === 'draft');
		if (!draft) throw new Error('the brazil seed has draft orders');
		odoo.faults.commitThen('500', { match: { model: 'sale.order', method: 'action_confirm' } });
		await expectUnconfirmed(client().call('sale.order', 'action_confirm', { ids: [Number(draft.id)] }), /action_confirm on the order \(sale\.order\) may have run/);
		expect(calls('sale.order', 'action_confirm')).toBe(1);
	});

	it('still retries reads after a timeout or a 5xx', async () => {
		odoo.faults.commitThen('500', { match: { model: 'res.partner', method: 'search_read' }, times: 2 });
		const found = await client().searchRead('res.partner', [['id', '=', 10]], { fields: ['name'] });
		expect(found).toEqual([expect.objectContaining({ id: 10, name: 'Ana Paula Ferreira' })]);
		expect(calls('res.partner', 'search_read')).toBe(3);

		odoo.faults.commitThen('timeout', { match: { model: 'product.product', method: 'search_count' } });
		expect(await client().searchCount('product.product', [])).toBeGreaterThan(0);
		expect(calls('product.product', 'search_count')).toBe(2);
	});

	it('sends a write again when the connection was refused, and it is then created once', async () => {
		const gate = await Gate.to(portOf(odoo.url));
		await gate.open();
		const through = client({ url: gate.url });
		await through.uid(); // the version and login are known; only the create goes out below
		await gate.close();

		const before = calls('res.partner', 'create');
		const slow = new OdooClient({ url: gate.url, db: odoo.db, username: 'admin', apiKey: odoo.users.admin.apiKey, protocol: 'jsonrpc', retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 400 } });
		const creating = slow.create('res.partner', { name: 'Contato Após Recusa' });
		await sleep(50); // the first attempt meets a closed port
		await gate.open();
		try {
			expect(await creating).toEqual(expect.any(Number));
		} finally {
			await gate.close();
		}
		expect(odoo.model('res.partner').filter((partner) => partner.name === 'Contato Após Recusa')).toHaveLength(1);
		expect(calls('res.partner', 'create')).toBe(before + 1);
	});

	it('sends a write again after a 429 with Retry-After', async () => {
		odoo.faults.reject(429, { match: { model: 'res.partner', method: 'create' }, retryAfterSeconds: 1 });
		const started = Date.now();
		const id = await client().create('res.partner', { name: 'Contato Após 429' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(odoo.model('res.partner').filter((partner) => partner.name === 'Contato Após 429')).toEqual([expect.objectContaining({ id })]);
	});

	it('says a refused connection plainly when nothing ever answers', async () => {
		const nowhere = new OdooClient({ url: `http://127.0.0.1:${await freePort()}`, db: 'x', username: 'admin', password: 'admin', retry: RETRY });
		await expect(nowhere.create('res.partner', { name: 'x' })).rejects.toThrow(/Odoo at .* could not be reached \(connection refused\)/);
	});
});

describe('Odoo 19 (JSON-2): writes are sent once', () => {
	let odoo: OdooEmulator;
	beforeAll(async () => {
		odoo = await startOdooEmulator({ seed: 'brazil', version: '19.0' });
	});
	afterAll(async () => await odoo.close());

	it('creates one quotation when the answer times out', async () => {
		const json2 = new OdooClient({ url: odoo.url, db: odoo.db, username: 'admin', apiKey: odoo.users.admin.apiKey, retry: RETRY, timeoutMs: TIMEOUT_MS });
		expect(await json2.protocol()).toBe('json2');
		const before = odoo.model('sale.order').length;
		odoo.faults.commitThen('timeout', { match: { model: 'sale.order', method: 'create' } });
		await expectUnconfirmed(
			json2.create('sale.order', { partner_id: 10, order_line: [[0, 0, { product_id: 1, product_uom_qty: 1 }]] }),
			/did not answer in time.*the order \(sale\.order\) may have been created, so it was not sent again/,
		);
		expect(odoo.model('sale.order')).toHaveLength(before + 1);
		expect(odoo.requests.filter((request) => request.path === '/json/2/sale.order/create')).toHaveLength(1);
	});
});

describe('Odoo: one login\'s trouble does not hold back another on the same server', () => {
	let odoo: OdooEmulator;
	const as = (login: 'admin' | 'demo') =>
		new OdooClient({ url: odoo.url, db: odoo.db, username: login, password: odoo.users[login].password, protocol: 'jsonrpc', retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1_000 } });
	beforeAll(async () => {
		odoo = await startOdooEmulator({ seed: 'brazil', version: '18.0' });
		await as('admin').uid();
		await as('demo').uid();
	});
	afterAll(async () => await odoo.close());

	it('opens the failing login\'s circuit only', async () => {
		odoo.faults.reject(502, { match: { login: 'demo' }, times: 100 });
		for (let i = 0; i < 5; i++) await expect(as('demo').searchCount('res.partner', [])).rejects.toThrow(/answered HTTP 502/);
		const seen = odoo.requests.length;
		await expect(as('demo').searchCount('res.partner', [])).rejects.toThrow(/Odoo at .* \(database omnicrew\) is unavailable: the last 5 calls failed.*circuit open/);
		expect(odoo.requests).toHaveLength(seen);
		expect(await as('admin').searchCount('res.partner', [])).toBeGreaterThan(0);
		odoo.faults.clear();
	});
});

/** One Chatwoot URL serving several accounts, as Chatwoot Cloud does, each answering as its test wants. */
class SharedChatwoot {
	readonly hits: Record<string, number> = {};
	readonly behaviour: Record<string, 'ok' | '503' | '429-long' | '429-now'> = {};
	private readonly server: HttpServer;
	url = '';

	constructor() {
		this.server = createHttpServer((req, res) => {
			const account = /^\/api\/v1\/accounts\/(\d+)\//.exec(req.url ?? '')?.[1] ?? '-';
			this.hits[account] = (this.hits[account] ?? 0) + 1;
			const mode = this.behaviour[account] ?? 'ok';
			if (mode === '503') {
				res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"Service Unavailable"}');
			} else if (mode === '429-long' || mode === '429-now') {
				res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': mode === '429-long' ? '30' : '0' }).end('Retry later\n');
			} else {
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"payload":["vip"]}');
			}
		});
	}

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		const address = this.server.address();
		if (!address || typeof address === 'string') throw new Error('not listening on TCP');
		this.url = `http://127.0.0.1:${address.port}`;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

describe('Chatwoot: one account\'s trouble does not hold back another on the same URL', () => {
	const shared = new SharedChatwoot();
	const client = () => new ChatwootClient({ baseUrl: shared.url, token: 'same-user-token', retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1_000 } });
	beforeAll(async () => await shared.start());
	afterAll(async () => await shared.stop());

	it('opens the failing account\'s circuit only', async () => {
		shared.behaviour['11'] = '503';
		for (let i = 0; i < 5; i++) await expect(client().getLabels('11', 1)).rejects.toThrow(/Chatwoot answered 503/);
		const seen = shared.hits['11'];
		await expect(client().getLabels('11', 1)).rejects.toThrow(/Chatwoot account 11 at .* is unavailable: the last 5 calls failed.*circuit open/);
		expect(shared.hits['11']).toBe(seen);
		expect(await client().getLabels('12', 1)).toEqual(['vip']);
		expect(shared.hits['12']).toBe(1);
	});

	it('holds back a throttled account without asking Chatwoot again, and only that account', async () => {
		shared.behaviour['21'] = '429-long';
		await expect(client().getLabels('21', 1)).rejects.toThrow(/Chatwoot answered 429.*it asked to wait 30 s/);
		expect(shared.hits['21']).toBe(1);
		await expect(client().sendMessage('21', 1, { content: 'olá' })).rejects.toThrow(/Chatwoot account 21 at .* asked to slow down \(HTTP 429\): calls are held back for \d+ s more/);
		expect(shared.hits['21']).toBe(1);
		expect(await client().getLabels('22', 1)).toEqual(['vip']);
	});

	it('does not count 429s towards opening the circuit', async () => {
		shared.behaviour['31'] = '429-now';
		for (let i = 0; i < 8; i++) await expect(client().getLabels('31', 1)).rejects.toThrow(/Chatwoot answered 429/);
		shared.behaviour['31'] = 'ok';
		expect(await client().getLabels('31', 1)).toEqual(['vip']);
	});
});

describe('Chatwoot: a message is posted once', () => {
	let chatwoot: ChatwootEmulator;
	let phone = 5511955500000;
	const client = (options: { baseUrl?: string; retry?: typeof RETRY; token?: 'bot' | 'agent' | 'admin' } = {}) =>
		new ChatwootClient({ baseUrl: options.baseUrl ?? chatwoot.url, token: chatwoot.tokens[options.token ?? 'bot'], retry: options.retry ?? RETRY, timeoutMs: TIMEOUT_MS });
	const account = () => String(chatwoot.accountId);
	const conversation = async () => (await chatwoot.customerMessage({ inbox: 'whatsapp', text: 'Oi', contact: { name: `Cliente ${++phone}`, phone: `+${phone}` } })).conversationId;
	const posted = (id: number, content: string) => (chatwoot.messages(id) as Array<{ content: string | null }>).filter((message) => message.content === content).length;
	const requests = (method: string, path: RegExp) => chatwoot.requests.filter((request) => request.method === method && path.test(request.path)).length;

	beforeAll(async () => {
		chatwoot = await startChatwootEmulator({ botRetryDelayMs: 50 });
	});
	afterEach(() => chatwoot.faults.clear());
	afterAll(async () => await chatwoot.close());

	it('posts one reply when Chatwoot stores it and then does not answer in time', async () => {
		const id = await conversation();
		chatwoot.faults.commitThen('timeout', { match: { method: 'POST', path: new RegExp(`/conversations/${id}/messages$`) } });
		await expectUnconfirmed(
			client().sendMessage(account(), id, { content: 'Seu pedido saiu para entrega.' }),
			/^Chatwoot at http:\/\/127\.0\.0\.1:\d+ did not answer in time \(no answer within 400 ms\); the message may have been sent to the customer, so it was not sent again\./,
		);
		expect(posted(id, 'Seu pedido saiu para entrega.')).toBe(1);
		expect(requests('POST', new RegExp(`/conversations/${id}/messages$`))).toBe(1);
	});

	it('posts one reply when Chatwoot stores it and then answers 500', async () => {
		const id = await conversation();
		chatwoot.faults.commitThen('500', { match: { method: 'POST', path: /\/messages$/ } });
		await expectUnconfirmed(client().sendMessage(account(), id, { content: 'Obrigado pela compra!' }), /answered HTTP 500; the message may have been sent to the customer/);
		expect(posted(id, 'Obrigado pela compra!')).toBe(1);
		expect(requests('POST', new RegExp(`/conversations/${id}/messages$`))).toBe(1);
	});

	it('registers one webhook when the answer is lost', async () => {
		const admin = new ChatwootClient({ baseUrl: chatwoot.url, token: chatwoot.tokens.admin, retry: RETRY, timeoutMs: TIMEOUT_MS });
		chatwoot.faults.commitThen('502', { match: { method: 'POST', path: /\/webhooks$/ } });
		await expectUnconfirmed(admin.createAccountWebhook(account(), 'http://127.0.0.1:9/once', ['message_created']), /the webhook may have been registered/);
		expect((await admin.listAccountWebhooks(account())).filter((hook) => hook.url === 'http://127.0.0.1:9/once')).toHaveLength(1);
	});

	it('retries a webhook delete, and a retry that finds it gone is done', async () => {
		const admin = new ChatwootClient({ baseUrl: chatwoot.url, token: chatwoot.tokens.admin, retry: RETRY, timeoutMs: TIMEOUT_MS });
		const hook = await admin.createAccountWebhook(account(), 'http://127.0.0.1:9/gone', ['message_created']);
		chatwoot.faults.commitThen('500', { match: { method: 'DELETE', path: new RegExp(`/webhooks/${hook.id}$`) } });
		await admin.deleteAccountWebhook(account(), hook.id);
		expect(requests('DELETE', new RegExp(`/webhooks/${hook.id}$`))).toBe(2);
		expect((await admin.listAccountWebhooks(account())).some((candidate) => candidate.id === hook.id)).toBe(false);
	});

	it('still retries reads after a timeout or a 5xx', async () => {
		const id = await conversation();
		chatwoot.faults.commitThen('500', { match: { method: 'GET', path: /\/messages$/ }, times: 2 });
		expect((await client({ token: 'agent' }).listMessages(account(), id)).map((message) => message.content)).toContain('Oi');
		expect(requests('GET', new RegExp(`/conversations/${id}/messages$`))).toBe(3);

		chatwoot.faults.commitThen('timeout', { match: { method: 'GET', path: new RegExp(`/conversations/${id}$`) } });
		expect(await client({ token: 'agent' }).getConversation(account(), id)).toMatchObject({ id });
		expect(requests('GET', new RegExp(`/conversations/${id}$`))).toBe(2);
	});

	it('sends a reply again when the connection was refused, and it is then posted once', async () => {
		const id = await conversation();
		const gate = await Gate.to(portOf(chatwoot.url));
		const sending = client({ baseUrl: gate.url, retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 400 } }).sendMessage(account(), id, { content: 'Chegou depois da recusa' });
		await sleep(50); // the first attempt meets a closed port
		await gate.open();
		try {
			expect(await sending).toMatchObject({ content: 'Chegou depois da recusa' });
		} finally {
			await gate.close();
		}
		expect(posted(id, 'Chegou depois da recusa')).toBe(1);
		expect(requests('POST', new RegExp(`/conversations/${id}/messages$`))).toBe(1);
	});

	it('sends a reply again after a 429 with Retry-After, and it is posted once', async () => {
		const id = await conversation();
		chatwoot.failNext(new RegExp(`/conversations/${id}/messages$`), 429, { retryAfterSeconds: 1 });
		await client().sendMessage(account(), id, { content: 'Depois do limite' });
		expect(posted(id, 'Depois do limite')).toBe(1);
		expect(requests('POST', new RegExp(`/conversations/${id}/messages$`))).toBe(2);
	});
});
