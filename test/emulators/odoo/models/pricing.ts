/**
 * Pricelists: `product.pricelist` ("Name (CUR)"), its items (fixed price or percentage, by variant, template,
 * category or global, with a minimum quantity), the public `get_contextual_price` on products and templates
 * (context `pricelist`, `quantity`), the partners' `property_product_pricelist` fallback (the first pricelist) and
 * the pricelist price of new sales order lines.
 */
import { valueError } from '../errors';
import { labelOf, storedValue } from '../orm/store';
import type { Env, ModelSpec, Rec } from '../orm/types';

type Spec = Partial<ModelSpec> & { name: string };

/** Item precedence: variant rules, then template, category and global ones. */
const APPLIED_ORDER = ['0_product_variant', '1_product', '2_product_category', '3_global'];

function num(value: unknown): number {
	return typeof value === 'number' ? value : 0;
}

function round(value: number, digits = 2): number {
	const factor = 10 ** digits;
	return Math.round((value + Number.EPSILON) * factor) / factor;
}

function categoryChain(env: Env, categoryId: unknown): number[] {
	const categories = env.store.model('product.category');
	const chain: number[] = [];
	let current = typeof categoryId === 'number' ? categoryId : undefined;
	while (current !== undefined && !chain.includes(current)) {
		chain.push(current);
		const parent = categories.records.get(current)?.parent_id;
		current = typeof parent === 'number' ? parent : undefined;
	}
	return chain;
}

/** The first pricelist (what `property_product_pricelist` falls back to), or false. */
export function defaultPricelist(env: Env): number | false {
	if (!env.store.has('product.pricelist')) return false;
	const active = [...env.store.model('product.pricelist').records.values()].filter((rec) => rec.active !== false).sort((a, b) => num(a.sequence) - num(b.sequence) || a.id - b.id);
	return active[0]?.id ?? false;
}

/**
 * The price of a product (`variant` set) or template in a pricelist for a quantity: the first matching item by
 * precedence, minimum quantity (highest first) and id; its base is the sales price (`lst_price` for a variant).
 */
export function pricelistPrice(env: Env, pricelistId: unknown, template: Rec, variant: Rec | undefined, quantity: number): number {
	const base = variant ? num(variant.list_price ?? template.list_price) + num(variant.price_extra) : num(template.list_price);
	if (typeof pricelistId !== 'number' || !env.store.has('product.pricelist.item')) return base;
	const categories = categoryChain(env, template.categ_id ?? variant?.categ_id);
	const items = [...env.store.model('product.pricelist.item').records.values()]
		.filter((item) => item.pricelist_id === pricelistId)
		.filter((item) => quantity >= num(item.min_quantity))
		.filter((item) => {
			switch (item.applied_on) {
				case '0_product_variant':
					return variant !== undefined && item.product_id === variant.id;
				case '1_product':
					return item.product_tmpl_id === template.id;
				case '2_product_category':
					return categories.includes(num(item.categ_id));
				default:
					return true;
			}
		})
		.sort((a, b) => APPLIED_ORDER.indexOf(String(a.applied_on)) - APPLIED_ORDER.indexOf(String(b.applied_on)) || num(b.min_quantity) - num(a.min_quantity) || a.id - b.id);
	const item = items[0];
	if (!item) return base;
	if (item.compute_price === 'fixed') return round(num(item.fixed_price));
	if (item.compute_price === 'percentage') return round(base * (1 - num(item.percent_price) / 100));
	return round(base - base * (num(item.price_discount) / 100) + num(item.price_surcharge));
}

function templateOf(env: Env, variant: Rec): Rec {
	const templates = env.store.model('product.template');
	return (typeof variant.product_tmpl_id === 'number' ? templates.records.get(variant.product_tmpl_id) : undefined) ?? variant;
}

/** `get_contextual_price()` (on one record): the price for the context's pricelist and quantity. */
function contextualPrice(modelName: 'product.product' | 'product.template') {
	return (env: Env, ids: number[]): number => {
		if (ids.length !== 1) throw valueError(`Expected singleton: ${modelName}(${ids.join(', ')}${ids.length === 1 ? ',' : ''})`);
		const rec = env.store.model(modelName).records.get(ids[0]);
		if (!rec) return 0;
		const quantity = typeof env.context.quantity === 'number' ? env.context.quantity : 1;
		const pricelist = env.context.pricelist;
		return modelName === 'product.product' ? pricelistPrice(env, pricelist, templateOf(env, rec), rec, quantity) : pricelistPrice(env, pricelist, rec, undefined, quantity);
	};
}

/** The price a new sales order line gets: its order's pricelist price, else the product's sales price. */
export function linePrice(env: Env, line: Rec, product: Rec): number {
	const order = typeof line.order_id === 'number' ? env.store.model('sale.order').records.get(line.order_id) : undefined;
	const pricelist = order?.pricelist_id;
	const products = env.store.model('product.product');
	if (typeof pricelist !== 'number') return num(storedValue(products, product, 'lst_price', env));
	return pricelistPrice(env, pricelist, templateOf(env, product), product, typeof line.product_uom_qty === 'number' ? line.product_uom_qty : 1);
}

function itemPriceLabel(env: Env, item: Rec): string {
	if (item.compute_price === 'percentage') {
		return env.version === '18.0' ? `${String(num(item.percent_price))} % discount on sales price` : `${num(item.percent_price).toFixed(1)} % discount`;
	}
	if (item.compute_price === 'fixed') {
		const pricelist = typeof item.pricelist_id === 'number' ? env.store.model('product.pricelist').records.get(item.pricelist_id) : undefined;
		const currency = env.store.model('res.currency').records.get(num(pricelist?.currency_id) || 1);
		const symbol = typeof currency?.symbol === 'string' ? currency.symbol : '$';
		const amount = num(item.fixed_price).toFixed(typeof currency?.decimal_places === 'number' ? currency.decimal_places : 2);
		return currency?.position === 'after' ? `${amount}\u00a0${symbol}` : `${symbol}\u00a0${amount}`;
	}
	return 'formula';
}

export const PRICING_SPECS: Spec[] = [
	{
		name: 'product.pricelist',
		order: 'sequence, id',
		displayName: (rec, env) => `${typeof rec.name === 'string' ? rec.name : ''} (${labelOf(env, 'res.currency', num(rec.currency_id) || 1)})`,
		defaults: {
			currency_id: () => 1,
			company_id: () => 1,
			discount_policy: () => 'with_discount',
			sequence: () => 16,
		},
	},
	{
		name: 'product.pricelist.item',
		order: 'applied_on, min_quantity desc, categ_id desc, id desc',
		defaults: {
			applied_on: () => '3_global',
			compute_price: () => 'fixed',
			fixed_price: () => 0,
			percent_price: () => 0,
			min_quantity: () => 0,
			product_id: () => false,
			product_tmpl_id: () => false,
			categ_id: () => false,
			base: () => 'list_price',
			date_start: () => false,
			date_end: () => false,
		},
		computes: { price: (rec, env) => itemPriceLabel(env, rec) },
		afterCreate: (rec, _vals, env) => {
			// 18 fills the template of a variant rule (a related field)
			if (env.version === '18.0' && typeof rec.product_id === 'number' && rec.product_tmpl_id === false) {
				const template = env.store.model('product.product').records.get(rec.product_id)?.product_tmpl_id;
				if (typeof template === 'number') rec.product_tmpl_id = template;
			}
		},
	},
	{
		name: 'res.partner',
		computes: {
			property_product_pricelist: (rec, env) => defaultPricelist(env) || (typeof rec.property_product_pricelist === 'number' ? rec.property_product_pricelist : false),
		},
	},
	{ name: 'product.product', methods: { get_contextual_price: contextualPrice('product.product') } },
	{ name: 'product.template', methods: { get_contextual_price: contextualPrice('product.template') } },
];
