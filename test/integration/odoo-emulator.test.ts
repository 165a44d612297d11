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
