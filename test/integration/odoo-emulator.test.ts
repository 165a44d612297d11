/** The Odoo emulator's own behaviour beyond the recorded corpus: domains, access errors, 17 vs 18, failNext. */
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';

async function rpc(emulator: OdooEmulator, service: string, method: string, args: unknown[]): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(`${emulator.url}/jsonrpc`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }),
	});
	const text = await response.text();
	return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}

const kw = (emulator: OdooEmulator, uid: number, password: string, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
	rpc(emulator, 'object', 'execute_kw', [emulator.db, uid, password, model, method, args, kwargs]);

function errorName(body: Record<string, unknown>): unknown {
	const error = body.error as { data?: { name?: unknown } } | undefined;
	return error?.data?.name;
}

describe('Odoo emulator', () => {
	let v17: OdooEmulator;
	let v18: OdooEmulator;
	beforeAll(async () => {
		v17 = await startOdooEmulator();
		v18 = await startOdooEmulator({ version: '18.0' });
	});
	afterAll(async () => {
		await v17.close();
		await v18.close();
	});

	it.each([
		['=', 'FURN_7777', [5]],
		['=ilike', 'furn_7777', [5]],
		['=like', 'FURN_77%', [5]],
		['ilike', 'furn_777', [5]],
		['like', 'furn_777', []],
		['in', ['FURN_7777', 'E-COM09'], [5, 19]],
	])('default_code %s %j', async (operator, value, ids) => {
		const { body } = await kw(v17, 2, 'admin', 'product.product', 'search', [[['default_code', operator, value]]], { order: 'id' });
		expect(body.result).toEqual(ids);
	});

	it('combines leaves with |, & and !', async () => {
		const { body } = await kw(v17, 2, 'admin', 'product.product', 'search', [['|', ['default_code', '=', 'FURN_7777'], '!', ['id', '!=', 19]]], { order: 'id' });
		expect(body.result).toEqual([5, 19]);
	});

	it('refuses writes to a portal user and AccessDenied on a bad password', async () => {
		expect(errorName((await kw(v17, 7, 'portal', 'res.partner', 'create', [{ name: 'x' }])).body)).toBe('odoo.exceptions.AccessError');
		expect(errorName((await kw(v17, 2, 'nope', 'res.partner', 'search', [[]])).body)).toBe('odoo.exceptions.AccessDenied');
	});

	it('knows name_get in 17 but not in 18', async () => {
		expect((await kw(v17, 2, 'admin', 'product.product', 'name_get', [[5]])).body.result).toEqual([[5, '[FURN_7777] Office Chair']]);
		expect(errorName((await kw(v18, 2, 'admin', 'product.product', 'name_get', [[5]])).body)).toBe('builtins.AttributeError');
	});

	it('injects HTTP failures with failNext', async () => {
		v17.failNext(/^\/jsonrpc$/, 502, 2);
		expect((await rpc(v17, 'common', 'version', [])).status).toBe(502);
		expect((await rpc(v17, 'common', 'version', [])).status).toBe(502);
		expect((await rpc(v17, 'common', 'version', [])).status).toBe(200);
	});
});

describe('Odoo emulator: brazil seed', () => {
	let br17: OdooEmulator;
	let br18: OdooEmulator;
	const admin = (emulator: OdooEmulator, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => kw(emulator, 2, 'admin', model, method, args, kwargs);
	const ids = async (emulator: OdooEmulator, model: string, domain: unknown[], context: Record<string, unknown> = {}) =>
		(await admin(emulator, model, 'search', [domain], { order: 'id', context })).body.result;
	beforeAll(async () => {
		br17 = await startOdooEmulator({ seed: 'brazil' });
		br18 = await startOdooEmulator({ seed: 'brazil', version: '18.0' });
	});
	afterAll(async () => {
		await br17.close();
		await br18.close();
	});

	it('sells 30+ single-variant products in BRL with Portuguese names, codes, EAN-13 barcodes and costs', async () => {
		const { body } = await admin(br17, 'product.product', 'search_read', [[['sale_ok', '=', true]]], {
			fields: ['name', 'default_code', 'barcode', 'list_price', 'standard_price', 'currency_id', 'type', 'categ_id', 'description_sale', 'product_tmpl_id'],
			order: 'id',
		});
		const rows = body.result as Array<Record<string, unknown>>;
		expect(rows.length).toBeGreaterThanOrEqual(30);
		expect(rows[0]).toMatchObject({ id: 1, name: 'Cadeira Ergonômica Pro', default_code: 'CAD-ERG-01', list_price: 1899.9, standard_price: 1100, currency_id: [6, 'BRL'], type: 'product', categ_id: [7, 'Todos / Móveis / Cadeiras'], product_tmpl_id: [1, '[CAD-ERG-01] Cadeira Ergonômica Pro'] });
		for (const row of rows.filter((r) => r.type !== 'service')) {
			const code = String(row.barcode);
			expect(code).toMatch(/^789\d{10}$/);
			const sum = [...code.slice(0, 12)].reduce((acc, digit, index) => acc + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
			expect(Number(code[12])).toBe((10 - (sum % 10)) % 10);
		}
		expect(rows.filter((r) => r.type === 'service').map((r) => r.id)).toEqual([32, 33, 34, 35, 36]);
		expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['Mesa de Escritório 120cm', 'Ar-condicionado Split 12000 BTUs', 'Notebook Core i7 16GB', 'Papel A4 500 folhas']));
	});

	it('treats % and _ as wildcards in like/ilike, case-insensitive but accent-sensitive', async () => {
		expect(await ids(br17, 'product.product', [['name', 'ilike', 'ergonômica']])).toEqual([1]);
		expect(await ids(br17, 'product.product', [['name', 'ilike', 'ERGONÔMICA']])).toEqual([1]);
		expect(await ids(br17, 'product.product', [['name', 'ilike', 'ergonomica']])).toEqual([]);
		expect(await ids(br17, 'product.product', [['name', 'ilike', 'cadeira%pro']])).toEqual([1]);
		expect(await ids(br17, 'product.product', [['default_code', 'ilike', 'cad_erg']])).toEqual([1]);
		expect(await ids(br17, 'product.product', [['default_code', 'like', 'cad_erg']])).toEqual([]);
		expect(await ids(br17, 'product.product', [['default_code', '=like', 'SRV-%']])).toEqual([32, 33, 34, 35, 36]);
		expect(await ids(br17, 'product.product', [['name', 'ilike', 'split 1_000']])).toEqual([21, 22]);
		expect((await admin(br17, 'product.product', 'name_search', ['mesa%120'])).body.result).toEqual([[4, '[MES-ESC-120] Mesa de Escritório 120cm']]);
	});

	it('finds products by category with child_of', async () => {
		expect(await ids(br17, 'product.product', [['categ_id', 'child_of', 2]])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(await ids(br17, 'product.product', [['categ_id', 'child_of', 'Eletrônicos']])).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
		expect(await ids(br17, 'product.category', [['id', 'child_of', 2]])).toEqual([2, 7, 8]);
	});

	it('serves stock per warehouse (17: context warehouse, by id or name)', async () => {
		const stock = async (emulator: OdooEmulator, productIds: number[], context: Record<string, unknown>) =>
			(await admin(emulator, 'product.product', 'read', [productIds, ['qty_available', 'virtual_available', 'free_qty', 'incoming_qty']], { context })).body.result;
		expect(await stock(br17, [1, 3, 4, 5, 10], {})).toEqual([
			{ id: 1, qty_available: 17, virtual_available: 16, free_qty: 16, incoming_qty: 0 },
			{ id: 3, qty_available: 0, virtual_available: 40, free_qty: 0, incoming_qty: 40 },
			{ id: 4, qty_available: 8, virtual_available: 8, free_qty: 8, incoming_qty: 0 },
			{ id: 5, qty_available: 4, virtual_available: 4, free_qty: 4, incoming_qty: 0 },
			{ id: 10, qty_available: 0, virtual_available: 0, free_qty: 0, incoming_qty: 0 },
		]);
		expect(await stock(br17, [1, 4, 5], { warehouse: 1 })).toEqual([
			{ id: 1, qty_available: 12, virtual_available: 11, free_qty: 11, incoming_qty: 0 },
			{ id: 4, qty_available: 8, virtual_available: 8, free_qty: 8, incoming_qty: 0 },
			{ id: 5, qty_available: 0, virtual_available: 0, free_qty: 0, incoming_qty: 0 },
		]);
		expect(await stock(br17, [1, 4, 5], { warehouse: 'Rio de Janeiro' })).toEqual([
			{ id: 1, qty_available: 5, virtual_available: 5, free_qty: 5, incoming_qty: 0 },
			{ id: 4, qty_available: 0, virtual_available: 0, free_qty: 0, incoming_qty: 0 },
			{ id: 5, qty_available: 4, virtual_available: 4, free_qty: 4, incoming_qty: 0 },
		]);
		// 17 ignores the 18 key
		expect(await stock(br17, [4], { warehouse_id: 2 })).toEqual([{ id: 4, qty_available: 8, virtual_available: 8, free_qty: 8, incoming_qty: 0 }]);
		expect(await ids(br17, 'product.product', [['qty_available', '<=', 0], ['type', '=', 'product']])).toEqual([3, 10, 16, 24]);
		expect(await ids(br17, 'product.product', [['qty_available', '>', 0], ['categ_id', 'child_of', 2]], { warehouse: 2 })).toEqual([1, 2, 5, 6, 7, 8]);
		const warehouses = (await admin(br17, 'stock.warehouse', 'search_read', [[]], { fields: ['name', 'code'] })).body.result;
		expect(warehouses).toEqual([{ id: 1, name: 'São Paulo', code: 'SP' }, { id: 2, name: 'Rio de Janeiro', code: 'RJ' }]);
	});

	it('serves stock per warehouse (18: context warehouse_id; consu + is_storable)', async () => {
		const { body } = await admin(br18, 'product.product', 'read', [[1, 32], ['type', 'is_storable', 'qty_available']], { context: { warehouse_id: 'São Paulo' } });
		expect(body.result).toEqual([{ id: 1, type: 'consu', is_storable: true, qty_available: 12 }, { id: 32, type: 'service', is_storable: false, qty_available: 0 }]);
		expect((await admin(br18, 'product.product', 'read', [[1], ['qty_available']], { context: { warehouse_id: 2 } })).body.result).toEqual([{ id: 1, qty_available: 5 }]);
		expect((await admin(br18, 'product.product', 'read', [[1], ['qty_available']], { context: { warehouse: 2 } })).body.result).toEqual([{ id: 1, qty_available: 17 }]);
		expect(await ids(br18, 'product.product', [['type', '=', 'product']])).toEqual([]);
		expect(errorName((await admin(br17, 'product.product', 'read', [[1], ['is_storable']])).body)).toBe('builtins.ValueError');
	});

	it('finds customers by phone in any format with phone_mobile_search', async () => {
		const byPhone = (operator: string, value: string) => ids(br17, 'res.partner', [['phone_mobile_search', operator, value]]);
		expect(await byPhone('ilike', '98765-4321')).toEqual([10]);
		expect(await byPhone('=', '+55 11 98765-4321')).toEqual([10]);
		expect(await byPhone('=', '5511987654321')).toEqual([]);
		expect(await byPhone('ilike', '11987654321')).toEqual([10]);
		expect(await byPhone('=', '21998765432')).toEqual([11]);
		expect(await byPhone('ilike', '(21) 99876-5432')).toEqual([11]);
		expect(await byPhone('ilike', '+55 21 99876-5432')).toEqual([]);
		expect(await byPhone('ilike', '+55 21 3456')).toEqual([14]);
		expect(await byPhone('ilike', '0055 11 9555')).toEqual([15]);
		expect(await byPhone('=', '11976543210')).toEqual([12]);
		expect(await byPhone('ilike', '3222.1100')).toEqual([13]);
		expect(await byPhone('ilike', '99123')).toEqual([13]);
		expect(errorName((await admin(br17, 'res.partner', 'search', [[['phone_mobile_search', 'ilike', '12']]])).body)).toBe('odoo.exceptions.UserError');
		expect(await ids(br17, 'res.partner', [['phone', 'ilike', '98765-4321']])).toEqual([10]);
		expect(await ids(br17, 'res.partner', [['phone', '=', '11987654321']])).toEqual([]);
	});

	it('computes phone_sanitized with and without the phone library, and matches e-mails', async () => {
		const read = async () => (await admin(br17, 'res.partner', 'read', [[10, 11, 12, 14, 24], ['phone_sanitized']])).body.result;
		expect(await read()).toEqual([
			{ id: 10, phone_sanitized: '+5511987654321' },
			{ id: 11, phone_sanitized: '+5521998765432' },
			{ id: 12, phone_sanitized: '+5511976543210' },
			{ id: 14, phone_sanitized: '+552134567890' },
			{ id: 24, phone_sanitized: '+5511982223333' },
		]);
		br17.setPhoneLibrary(false);
		try {
			expect(await read()).toEqual([
				{ id: 10, phone_sanitized: '+55 11 98765-4321' },
				{ id: 11, phone_sanitized: '(21) 99876-5432' },
				{ id: 12, phone_sanitized: '11976543210' },
				{ id: 14, phone_sanitized: '0055 21 3456-7890' },
				{ id: 24, phone_sanitized: '011 98222-3333' },
			]);
		} finally {
			br17.setPhoneLibrary(true);
		}
		expect(await ids(br17, 'res.partner', [['email', '=ilike', 'helena.martins@empresa.com.br']])).toEqual([17]);
		expect(await ids(br17, 'res.partner', [['email', '=', 'helena.martins@empresa.com.br']])).toEqual([]);
		expect(await ids(br17, 'res.partner', [['email_normalized', '=', 'helena.martins@empresa.com.br']])).toEqual([17]);
	});

	it('has sales orders in every state and confirms drafts', async () => {
		const { body } = await admin(br17, 'sale.order', 'search_read', [[]], { fields: ['name', 'partner_id', 'state', 'invoice_status', 'delivery_status', 'client_order_ref', 'amount_total'], order: 'id' });
		const orders = body.result as Array<Record<string, unknown>>;
		expect(orders.map((o) => o.state)).toEqual(['sale', 'done', 'draft', 'sale', 'sale', 'cancel', 'draft', 'sale', 'sale', 'done']);
		expect(orders[0]).toEqual({ id: 1, name: 'S00001', partner_id: [10, 'Ana Paula Ferreira'], state: 'sale', invoice_status: 'to invoice', delivery_status: 'pending', client_order_ref: 'OC-ANA-001', amount_total: 2049.9 });
		expect(orders[3]).toMatchObject({ delivery_status: 'partial', partner_id: [11, 'Bruno Carvalho'] });
		const before = (await admin(br17, 'product.product', 'read', [[21], ['virtual_available']], { context: { warehouse: 2 } })).body.result;
		expect((await admin(br17, 'sale.order', 'action_confirm', [[3]])).body.result).toBe(true);
		const after = (await admin(br17, 'product.product', 'read', [[21], ['virtual_available']], { context: { warehouse: 2 } })).body.result;
		expect(before).toEqual([{ id: 21, virtual_available: 11 }]);
		expect(after).toEqual([{ id: 21, virtual_available: 10 }]);
		expect(errorName((await admin(br17, 'sale.order', 'action_confirm', [[3]])).body)).toBe('odoo.exceptions.UserError');
		const states18 = (await admin(br18, 'sale.order', 'search_read', [[['id', 'in', [2, 10]]]], { fields: ['state', 'locked'] })).body.result;
		expect(states18).toEqual([{ id: 2, state: 'sale', locked: true }, { id: 10, state: 'sale', locked: true }]);
	});

	it('posts messages on any record and channel, returning the message id', async () => {
		const channel = (await admin(br17, 'discuss.channel', 'search_read', [[]], { fields: ['name', 'channel_type'] })).body.result;
		expect(channel).toEqual([{ id: 1, name: 'geral', channel_type: 'channel' }]);
		const first = (await admin(br17, 'discuss.channel', 'message_post', [[1]], { body: 'Olá, equipe!', message_type: 'comment', subtype_xmlid: 'mail.mt_comment' })).body.result;
		expect(typeof first).toBe('number');
		const onOrder = (await admin(br17, 'sale.order', 'message_post', [[1]], { body: 'Cliente pediu entrega à tarde.' })).body.result;
		const onPartner = (await admin(br17, 'res.partner', 'message_post', [[10]], { body: 'Ligar amanhã' })).body.result;
		const onEvent = (await admin(br17, 'calendar.event', 'message_post', [[1]], { body: 'Confirmado' })).body.result;
		expect([onOrder, onPartner, onEvent]).toEqual([Number(first) + 1, Number(first) + 2, Number(first) + 3]);
		const message = (await admin(br17, 'mail.message', 'read', [[onOrder], ['body', 'model', 'res_id']])).body.result;
		expect(message).toEqual([{ id: onOrder, body: '<p>Cliente pediu entrega à tarde.</p>', model: 'sale.order', res_id: 1 }]);
	});

	it('schedules calendar events in São Paulo business hours within the next two weeks', async () => {
		const { body } = await admin(br17, 'calendar.event', 'search_read', [[]], { fields: ['name', 'start', 'stop', 'duration', 'partner_ids', 'allday'], order: 'start' });
		const events = body.result as Array<Record<string, unknown>>;
		expect(events.length).toBe(6);
		const now = Date.now();
		for (const event of events) {
			const start = new Date(`${String(event.start).replace(' ', 'T')}Z`);
			const stop = new Date(`${String(event.stop).replace(' ', 'T')}Z`);
			expect(String(event.start)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00$/);
			expect(start.getTime()).toBeGreaterThan(now);
			expect(start.getTime()).toBeLessThan(now + 15 * 86400_000);
			const localHour = (start.getUTCHours() + 21) % 24;
			expect(localHour).toBeGreaterThanOrEqual(9);
			expect(localHour + (start.getUTCMinutes() + Number(event.duration) * 60) / 60).toBeLessThanOrEqual(18);
			expect((stop.getTime() - start.getTime()) / 3600_000).toBe(event.duration);
			expect(event.partner_ids).toContain(3);
			expect([1, 2, 3, 4, 5]).toContain(start.getUTCDay());
		}
		const forAna = await ids(br17, 'calendar.event', [['partner_ids', 'in', [10]]]);
		expect(forAna).toEqual([1]);
	});

	it('keeps the contract users and the admin API key', async () => {
		const uid = (await rpc(br17, 'common', 'authenticate', [br17.db, 'admin', br17.users.admin.apiKey, {}])).body.result;
		expect(uid).toBe(2);
		expect((await kw(br17, 6, 'demo', 'res.users', 'read', [[6], ['login', 'partner_id']])).body.result).toEqual([{ id: 6, login: 'demo', partner_id: [7, 'Casa & Escritório Comércio Ltda, Marc Demo'] }]);
		expect((await kw(br17, 7, 'portal', 'sale.order', 'search_read', [[]], { fields: ['name'] })).body.result).toEqual([{ id: 9, name: 'S00009' }]);
	});
});
