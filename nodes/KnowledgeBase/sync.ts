import type { OdooClient } from '../Odoo/client/odoo-client';
import type { Domain, OdooRecord } from '../Odoo/client/types';
import type { KnowledgeDocument, KnowledgeStore } from './store/knowledge-store';

const FIELDS = ['id', 'display_name', 'name', 'default_code', 'barcode', 'description_sale', 'categ_id', 'write_date'];

export interface SyncResult {
	fetched: number;
	upserted: number;
	deleted: number;
	unchanged: number;
}

const docId = (p: OdooRecord): string => (typeof p.default_code === 'string' && p.default_code ? p.default_code : `product-${p.id}`);
const categoryOf = (p: OdooRecord): string | null => (Array.isArray(p.categ_id) ? String(p.categ_id[1]) : null);

/**
 * Product text for search: name with variant values, reference, barcode, category and the sales
 * description. Prices and stock are left out on purpose: agents read those live from Odoo.
 */
export function productDocument(p: OdooRecord): KnowledgeDocument {
	const category = categoryOf(p);
	const lines = [
		typeof p.description_sale === 'string' ? p.description_sale : '',
		category ? `Categoria: ${category}` : '',
		typeof p.barcode === 'string' && p.barcode ? `Código de barras: ${p.barcode}` : '',
	].filter(Boolean);
	return {
		id: docId(p),
		title: String(p.display_name || p.name),
		text: lines.join('\n') || String(p.display_name || p.name),
		metadata: { odoo_id: p.id, category, write_date: String(p.write_date ?? '') },
	};
}

/**
 * Pulls the products for sale from Odoo into a tenant's `products` collection, incrementally:
 * only products written since the newest one already synced are fetched, unchanged ones are
 * skipped, archived ones are removed. A second run right after changes nothing.
 */
export async function syncProducts(store: KnowledgeStore, odoo: OdooClient, tenantId: string, options: { full?: boolean } = {}): Promise<SyncResult> {
	const known = await store.documents(tenantId, 'products');
	const dates = [...known.values()].map((m) => String(m.write_date ?? '')).filter(Boolean).sort();
	const since = options.full ? undefined : dates.at(-1);
	const changedSince: Domain = since ? [['write_date', '>=', since]] : [];
	const active = await odoo.searchRead('product.product', [['sale_ok', '=', true], ...changedSince], { fields: FIELDS, limit: 10_000, order: 'id' });
	const archived = await odoo.searchRead('product.product', [['active', '=', false], ...changedSince], { fields: ['id', 'default_code'], limit: 10_000, context: { active_test: false } });
	const changed = active.filter((p) => known.get(docId(p))?.write_date !== String(p.write_date ?? ''));
	if (changed.length) await store.upsert(tenantId, 'products', changed.map(productDocument));
	const gone = archived.map(docId).filter((id) => known.has(id));
	// a full sync also removes products no longer for sale
	if (options.full) {
		const live = new Set(active.map(docId));
		for (const id of known.keys()) if (!live.has(id) && !gone.includes(id)) gone.push(id);
	}
	if (gone.length) await store.delete(tenantId, 'products', gone);
	return { fetched: active.length, upserted: changed.length, deleted: gone.length, unchanged: active.length - changed.length };
}
