import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';
import { OMNICREW_MCP_BIN } from '../support/mcp-http';

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text: string }> };

/** `omnicrew-mcp odoo` as a user starts it, against the emulator holding Odoo's own demo data. */
describe('omnicrew-mcp odoo (built binary)', () => {
	let odoo: OdooEmulator;
	const clients: Client[] = [];

	const start = async (profile: string): Promise<Client> => {
		const client = new Client({ name: 'acceptance', version: '1' });
		await client.connect(
			new StdioClientTransport({
				command: process.execPath,
				args: [OMNICREW_MCP_BIN, 'odoo'],
				env: {
					...(process.env as Record<string, string>),
					ODOO_URL: odoo.url,
					ODOO_DB: odoo.db,
					ODOO_USERNAME: odoo.users.admin.login,
					ODOO_API_KEY: odoo.users.admin.apiKey ?? '',
					ODOO_PROFILE: profile,
				},
				stderr: 'pipe',
			}),
		);
		clients.push(client);
		return client;
	};
	const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: { tenant_id: 'acme', ...args } })) as Result;

	beforeAll(async () => {
		odoo = await startOdooEmulator();
	});
	afterAll(async () => {
		await Promise.all(clients.map((c) => c.close()));
		await odoo.close();
	});

	it('lists the eighteen tools', async () => {
		const names = (await (await start('customer')).listTools()).tools.map((t) => t.name);
		expect(names).toHaveLength(18);
		expect(names).toEqual(expect.arrayContaining(['odoo_product_search', 'odoo_stock_availability', 'odoo_partner_find_or_create', 'odoo_order_status', 'odoo_search_read', 'odoo_call']));
	});

	it('answers product search with the demo data\'s price and stock under the customer profile', async () => {
		const client = await start('customer');
		const cabinet = odoo.model('product.product').find((p) => p.sale_ok === true && p.active !== false && typeof p.default_code === 'string')!;
		const found = await call(client, 'odoo_product_search', { query: String(cabinet.default_code) });
		expect(found.isError ? found.content[0].text : 'ok').toBe('ok');
		const product = (found.structuredContent?.products as Array<Record<string, unknown>>)[0];
		expect(product).toMatchObject({ id: cabinet.id, default_code: cabinet.default_code, list_price: cabinet.list_price });
		const stock = await call(client, 'odoo_stock_availability', { product_ids: [cabinet.id as number] });
		expect(stock.isError).toBeFalsy();
		expect((stock.structuredContent?.products as Array<Record<string, unknown>>)[0]).toMatchObject({ id: cabinet.id, on_hand: expect.any(Number) });
	});

	it('refuses generic reads and writes under the customer profile', async () => {
		const client = await start('customer');
		for (const [name, args] of [
			['odoo_search_read', { model: 'res.partner', domain: [] }],
			['odoo_create', { model: 'res.partner', values: { name: 'x' } }],
		] as const) {
			const refused = await call(client, name, args);
			expect(refused.isError).toBe(true);
			expect(refused.content[0].text).toMatch(new RegExp(`customer profile refuses ${name}`));
		}
	});

	it('reads generically under the erp_operator profile', async () => {
		const client = await start('erp_operator');
		const read = await call(client, 'odoo_count', { model: 'product.product', domain: [['sale_ok', '=', true]] });
		expect(read.structuredContent).toMatchObject({ count: expect.any(Number) });
	});
});
