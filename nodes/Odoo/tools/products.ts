import { z } from 'zod/v4';

import { InvalidInputError } from '../../../lib/errors';
import { READ_ONLY, toolFactory } from '../../../lib/mcp/tool';
import type { OdooClient } from '../client/odoo-client';
import type { Domain, OdooRecord } from '../client/types';
import { isStorable, productTypeFields, stockContext } from '../client/versions';
import { CUSTOMER_PRODUCT_FIELDS, LIMITS, type OdooProfile } from '../profile';
import { containsAccentTolerant, containsText, equalsIgnoringCase } from './domain';
import { langContext, many2oneName, productLabel, tenantField, variantOf, type OdooToolContext } from './fields';

const tool = toolFactory<OdooToolContext>();

export const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function words(query: string): string[] {
	return fold(query)
		.split(/[^\p{L}\p{N}-]+/u)
		.filter((w) => w.length >= 2);
}

export async function findProducts(odoo: OdooClient, query: string, limit: number, extraFields: string[] = []): Promise<OdooRecord[]> {
	const terms = words(query);
	if (terms.length === 0) throw new InvalidInputError('query needs at least one word of 2 or more letters or digits.');
	// short words ("de", "da") would match every name once their vowels are wildcards
	const nameWords = terms.filter((w) => w.length >= 3);
	const leaves: Domain = [
		containsText('default_code', query, 'query'),
		['barcode', '=', query.trim()],
		...(nameWords.length ? nameWords : [query.trim()]).map((w) => containsAccentTolerant('name', w, 'query')),
	];
	const domain: Domain = ['&', ['sale_ok', '=', true], ...Array<'|'>(leaves.length - 1).fill('|'), ...leaves];
	const fields = [...new Set([...CUSTOMER_PRODUCT_FIELDS, ...extraFields])];
	const wanted = fold(query.trim());
	// exact code or barcode first, then the number of query words found; shorter names break ties.
	// Words are counted in the label, so "large desk glass" puts the Glass variant first.
	const rank = (p: OdooRecord): { exact: boolean; hits: number; length: number } => {
		const code = fold(String(p.default_code || ''));
		const name = fold(productLabel(p));
		return {
			exact: (code !== '' && code === wanted) || String(p.barcode || '') === query.trim(),
			hits: terms.filter((w) => name.includes(w) || code.includes(w)).length,
			length: name.length,
		};
	};
	const needed = Math.min(terms.length, 2);
	const best = (candidates: OdooRecord[]): OdooRecord[] =>
		candidates
			.map((p) => ({ p, r: rank(p) }))
			.filter(({ r }) => r.exact || r.hits >= needed)
			.sort((a, b) => Number(b.r.exact) - Number(a.r.exact) || b.r.hits - a.r.hits || a.r.length - b.r.length)
			.slice(0, limit)
			.map(({ p }) => p);
	// names are searched and shown in the login's language (falling back, per product, to Odoo's own English where it
	// has no translation); a name typed in English in a translated catalog ("Large Desk" for "Mesa grande") matches
	// nothing there, and is searched once more in English
	const context = await langContext(odoo);
	const found = best(await odoo.searchRead('product.product', domain, { fields, limit: 80, context }));
	if (found.length > 0 || !context) return found;
	return best(await odoo.searchRead('product.product', domain, { fields, limit: 80 }));
}

const limitFor = (profile: OdooProfile, asked: number | undefined) => Math.min(asked ?? 5, LIMITS[profile].maxResults);

export const odooProductSearch = tool({
	name: 'odoo_product_search',
	title: 'Find products',
	description:
		'Finds products for sale by name (typos and missing accents tolerated), internal reference or barcode. Returns id, name (with the variant, e.g. "Large Desk (Glass)"), reference, sales price and currency, and stock on hand. Quote prices and stock only from this result.',
	input: z.object({
		tenant_id: tenantField,
		query: z.string({ error: 'query is required' }).trim().min(2).max(200).describe('What the customer asked for, e.g. "cadeira ergonomica", "CAD-ERG-01" or a barcode.'),
		limit: z.number().int().min(1).max(50).optional().describe('How many products at most (default 5; the customer profile caps it at 10).'),
	}),
	output: z.object({
		products: z.array(
			z.object({
				id: z.number(),
				name: z.string().describe('The product as Odoo shows it, in the Odoo user\'s language, with its variant in brackets.'),
				variant: z.string().nullable().describe('The variant\'s attribute values, e.g. "Steel, White"; null when the product has one variant.'),
				default_code: z.string().nullable(),
				barcode: z.string().nullable(),
				list_price: z.number().describe('The sales price of this variant (the template\'s price plus the variant\'s extra), before taxes and pricelists.'),
				currency: z.string().nullable().describe('ISO code of the price\'s currency, e.g. BRL or USD.'),
				qty_available: z.number().nullable().describe('On hand in all warehouses; null for services and consumables.'),
				in_stock: z.boolean(),
			}),
		),
	}),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { odoo, profile }) => {
		const major = (await odoo.version()).major;
		const found = await findProducts(odoo, args.query, limitFor(profile, args.limit), [...productTypeFields(major), 'qty_available']);
		return {
			products: found.map((p) => {
				const storable = isStorable(p, major);
				const qty = storable ? Number(p.qty_available ?? 0) : null;
				return {
					id: p.id,
					name: productLabel(p),
					variant: variantOf(p),
					default_code: p.default_code ? String(p.default_code) : null,
					barcode: p.barcode ? String(p.barcode) : null,
					// list_price is the template's: a variant's extra (FURN_0098: 750 + 50.40) is only in lst_price
					list_price: Number(p.lst_price ?? p.list_price ?? 0),
					currency: many2oneName(p.currency_id),
					qty_available: qty,
					in_stock: qty === null ? true : qty > 0,
				};
			}),
		};
	},
});

async function warehouses(odoo: OdooClient, wanted: string | number | undefined): Promise<OdooRecord[]> {
	if (wanted === undefined) return await odoo.searchRead('stock.warehouse', [], { fields: ['id', 'name', 'code'], limit: 10 });
	const domain: Domain = typeof wanted === 'number' ? [['id', '=', wanted]] : ['|', containsText('name', wanted, 'warehouse'), equalsIgnoringCase('code', wanted, 'warehouse')];
	const found = await odoo.searchRead('stock.warehouse', domain, { fields: ['id', 'name', 'code'], limit: 2 });
	if (found.length === 0) {
		const all = await odoo.searchRead('stock.warehouse', [], { fields: ['name'], limit: 20 });
		throw new InvalidInputError(`No warehouse matches "${wanted}". Warehouses: ${all.map((w) => String(w.name)).join(', ')}.`);
	}
	return found.slice(0, 1);
}

const STOCK_FIELDS = ['qty_available', 'virtual_available', 'free_qty'];

export const odooStockAvailability = tool({
	name: 'odoo_stock_availability',
	title: 'Stock of products',
	description:
		'Stock of products, by product ids or a query: on hand, forecast (after planned moves) and free to use (not reserved), in one warehouse or per warehouse. Use it before promising availability.',
	input: z.object({
		tenant_id: tenantField,
		product_ids: z.array(z.number().int().positive()).max(20).optional().describe('Product (variant) ids, e.g. from odoo_product_search.'),
		query: z.string().trim().min(2).optional().describe('Or a product name, reference or barcode.'),
		warehouse: z
			.union([z.string().min(1), z.number().int().positive()])
			.transform((w) => (typeof w === 'string' && /^\d+$/.test(w.trim()) ? Number(w.trim()) : w))
			.optional().describe('Warehouse name, code or id; without it every warehouse is listed.'),
	}),
	output: z.object({
		products: z.array(
			z.object({
				id: z.number(),
				name: z.string(),
				default_code: z.string().nullable(),
				on_hand: z.number(),
				forecast: z.number(),
				free_to_use: z.number(),
				warehouses: z.array(z.object({ warehouse: z.string(), on_hand: z.number(), forecast: z.number(), free_to_use: z.number() })),
			}),
		),
	}),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { odoo, profile }) => {
		if (!args.product_ids?.length && !args.query) throw new InvalidInputError('Give product_ids or a query.');
		const major = (await odoo.version()).major;
		const ids = args.product_ids?.length
			? args.product_ids.slice(0, LIMITS[profile].maxResults)
			: (await findProducts(odoo, args.query ?? '', limitFor(profile, 5))).map((p) => p.id);
		if (ids.length === 0) return { products: [] };
		const base = await odoo.read('product.product', ids, ['id', 'name', 'display_name', 'default_code', ...STOCK_FIELDS], await langContext(odoo));
		const places = await warehouses(odoo, args.warehouse);
		const per = await Promise.all(
			places.map(async (w) => ({ w, rows: await odoo.read('product.product', ids, STOCK_FIELDS, stockContext(major, w.id)) })),
		);
		return {
			products: base.map((p) => {
				const breakdown = per.map(({ w, rows }) => {
					const row: Record<string, unknown> = rows.find((r) => r.id === p.id) ?? {};
					return { warehouse: String(w.name), on_hand: Number(row.qty_available ?? 0), forecast: Number(row.virtual_available ?? 0), free_to_use: Number(row.free_qty ?? 0) };
				});
				const single = args.warehouse !== undefined ? breakdown[0] : undefined;
				return {
					id: p.id,
					name: productLabel(p),
					default_code: p.default_code ? String(p.default_code) : null,
					on_hand: single?.on_hand ?? Number(p.qty_available ?? 0),
					forecast: single?.forecast ?? Number(p.virtual_available ?? 0),
					free_to_use: single?.free_to_use ?? Number(p.free_qty ?? 0),
					warehouses: breakdown,
				};
			}),
		};
	},
});
