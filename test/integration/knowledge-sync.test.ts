import { QdrantClient } from '@qdrant/js-client-rest';

import type { McpSession } from '../../lib/mcp/client';
import { openKnowledgeSession } from '../../nodes/KnowledgeBase/server';
import { KnowledgeStore } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';

/** knowledge_sync_products: Odoo emulator (Brazilian shop) → Qdrant emulator, incremental and idempotent. */
describe('knowledge_sync_products', () => {
	let odoo: OdooEmulator;
	let qdrant: QdrantEmulator;
	let session: McpSession;
	let odooClient: OdooClient;

	const sync = async (tenant: string, full = false) => {
		const outcome = await session.callTool('knowledge_sync_products', { tenant_id: tenant, ...(full ? { full } : {}) });
		if (!outcome.ok) throw new Error(outcome.message);
		return outcome.data;
	};
	const search = async (tenant: string, query: string) => {
		const outcome = await session.callTool('knowledge_search', { tenant_id: tenant, query, collections: ['products'] });
		if (!outcome.ok) throw new Error(outcome.message);
		return outcome.data.hits as Array<{ id: string; title: string; metadata: Record<string, unknown> }>;
	};

	beforeAll(async () => {
		[odoo, qdrant] = await Promise.all([startOdooEmulator({ seed: 'brazil' }), startQdrantEmulator()]);
		odooClient = new OdooClient({ url: odoo.url, db: odoo.db, username: 'admin', apiKey: odoo.users.admin.apiKey });
		const store = new KnowledgeStore(new QdrantClient({ url: qdrant.url, checkCompatibility: false }), { prefix: 'sync_' });
		session = openKnowledgeSession({ store, odoo: odooClient });
	});
	afterAll(async () => {
		await session.close();
		await qdrant.close();
		await odoo.close();
	});

	it('imports every product for sale, then changes nothing on a second run', async () => {
		const forSale = await odooClient.searchCount('product.product', [['sale_ok', '=', true]]);
		expect(await sync('acme')).toEqual({ fetched: forSale, upserted: forSale, deleted: 0, unchanged: 0 });
		expect((await sync('acme')).upserted).toBe(0);
		const [hit] = await search('acme', 'cadeira ergonomica');
		expect(hit).toMatchObject({ id: 'CAD-ERG-01', metadata: { odoo_id: 1, category: expect.stringMatching(/Cadeiras/) } });
	});

	it('picks up a renamed product and drops an archived one', async () => {
		await odooClient.write('product.product', [4], { name: 'Mesa de Escritório 140cm Premium' });
		const renamed = await sync('acme');
		expect(renamed.upserted).toBe(1);
		expect((await search('acme', 'mesa 140cm premium'))[0].title).toMatch(/140cm Premium/);

		const [desk] = await odooClient.read('product.product', [4], ['default_code']);
		await odooClient.write('product.product', [4], { active: false });
		expect(await sync('acme')).toMatchObject({ upserted: 0, deleted: 1 });
		expect((await search('acme', 'mesa 140cm premium')).map((h) => h.id)).not.toContain(desk.default_code);
	});

	it('syncs per tenant: another tenant sees nothing until its own sync', async () => {
		expect(await search('globex', 'cadeira ergonomica')).toEqual([]);
		expect((await sync('globex')).upserted).toBeGreaterThan(0);
		expect((await search('globex', 'cadeira ergonomica'))[0].id).toBe('CAD-ERG-01');
	});

	it('says what to configure when Odoo is not set', async () => {
		const store = new KnowledgeStore(new QdrantClient({ url: qdrant.url, checkCompatibility: false }), { prefix: 'noodoo_' });
		const bare = openKnowledgeSession({ store });
		expect(await bare.callTool('knowledge_sync_products', { tenant_id: 'acme' })).toMatchObject({ ok: false, kind: 'refused', message: expect.stringMatching(/needs Odoo: set ODOO_URL/) });
		await bare.close();
	});
});
