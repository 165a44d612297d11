/**
 * Product variants as Odoo makes them: a template's attribute lines (`product.template.attribute.line`) give one
 * `product.template.attribute.value` per value and one `product.product` per combination, named
 * "Template (Value, Value)", priced at the template's price plus the values' `price_extra`.
 */
import { create, displayName } from '../orm/store';
import type { Env, FieldDef, ModelSpec, Rec } from '../orm/types';

type Spec = Partial<ModelSpec> & { name: string };

const f = (type: string, string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type, string, ...extra });
const ids = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** What a variant takes from its template (related fields in Odoo, copied here). */
const FROM_TEMPLATE = ['name', 'list_price', 'sale_ok', 'purchase_ok', 'type', 'is_storable', 'detailed_type', 'categ_id', 'uom_id', 'currency_id', 'description_sale', 'taxes_id'];

/** The company's currency: a product's when it names none (Odoo computes it so). */
export function companyCurrency(env: Env): number | false {
	const company = env.store.models.get('res.company')?.records.get(1);
	return typeof company?.currency_id === 'number' ? company.currency_id : env.store.models.get('res.currency')?.records.has(1) ? 1 : false;
}

/** The variant's attribute values in the order of the template's lines: "Steel, White". */
export function variantSuffix(env: Env, product: Rec): string {
	const values = env.store.models.get('product.template.attribute.value');
	if (!values) return '';
	return ids(product.product_template_variant_value_ids)
		.map((id) => values.records.get(id))
		.filter((value): value is Rec => value !== undefined)
		.sort((a, b) => num(a.attribute_line_id) - num(b.attribute_line_id) || a.id - b.id)
		.map((value) => String(value.name ?? ''))
		.join(', ');
}

function cartesian(groups: number[][]): number[][] {
	return groups.reduce<number[][]>((combos, group) => combos.flatMap((combo) => group.map((id) => [...combo, id])), [[]]);
}

/**
 * Makes the attribute values and the variants a template's lines call for. Only templates with attribute lines get
 * variants here; a template created without any keeps the single variant its seed gives it.
 */
export function syncVariants(template: Rec, env: Env): void {
	const lines = ids(template.attribute_line_ids)
		.map((id) => env.store.model('product.template.attribute.line').records.get(id))
		.filter((line): line is Rec => line !== undefined);
	if (lines.length === 0) return;
	const ptavs = env.store.model('product.template.attribute.value');
	const groups = lines.map((line) =>
		ids(line.value_ids).map((valueId) => {
			const existing = [...ptavs.records.values()].find((ptav) => ptav.attribute_line_id === line.id && ptav.product_attribute_value_id === valueId);
			if (existing) return existing.id;
			const value = env.store.model('product.attribute.value').records.get(valueId);
			return create(env, 'product.template.attribute.value', {
				product_tmpl_id: template.id,
				attribute_line_id: line.id,
				attribute_id: line.attribute_id,
				product_attribute_value_id: valueId,
				name: typeof value?.name === 'string' ? value.name : '',
				price_extra: 0,
			}).id;
		}),
	);
	const products = env.store.model('product.product');
	const have = [...products.records.values()].filter((p) => p.product_tmpl_id === template.id);
	const key = (combo: number[]) => [...combo].sort((a, b) => a - b).join(',');
	const known = new Set(have.map((p) => key(ids(p.product_template_variant_value_ids))));
	const shared: Record<string, unknown> = {};
	for (const field of FROM_TEMPLATE) if (field in products.spec.fields && template[field] !== undefined) shared[field] = template[field];
	if (!shared.currency_id && 'currency_id' in products.spec.fields) shared.currency_id = companyCurrency(env);
	for (const combo of cartesian(groups)) {
		if (known.has(key(combo))) continue;
		create(env, 'product.product', { ...shared, product_tmpl_id: template.id, default_code: false, product_template_attribute_value_ids: [[6, 0, combo]], product_template_variant_value_ids: [[6, 0, combo]] });
	}
	const variants = [...products.records.values()].filter((p) => p.product_tmpl_id === template.id).map((p) => p.id);
	template.product_variant_ids = variants;
	template.product_variant_id = variants[0] ?? false;
	template.product_variant_count = variants.length;
}

/** A variant's `price_extra`: the sum of its values' extras, stored on it so that every price computation sees it. */
function spreadPriceExtra(value: Rec, env: Env): void {
	const products = env.store.model('product.product');
	const ptavs = env.store.model('product.template.attribute.value');
	for (const product of products.records.values()) {
		const own = ids(product.product_template_attribute_value_ids);
		if (!own.includes(value.id)) continue;
		product.price_extra = own.reduce((sum, id) => sum + num(ptavs.records.get(id)?.price_extra), 0);
	}
}

export const VARIANT_FIELDS: Record<string, Record<string, FieldDef>> = {
	'product.template': {
		attribute_line_ids: f('one2many', 'Product Attributes', { relation: 'product.template.attribute.line', inverse: 'product_tmpl_id' }),
		product_variant_ids: f('one2many', 'Products', { relation: 'product.product' }),
		product_variant_count: f('integer', '# Product Variants'),
	},
	'product.product': {
		product_template_attribute_value_ids: f('many2many', 'Attribute Values', { relation: 'product.template.attribute.value' }),
		product_template_variant_value_ids: f('many2many', 'Variant Values', { relation: 'product.template.attribute.value' }),
		price_extra: f('float', 'Variant Price Extra'),
	},
};

export const VARIANT_SPECS: Spec[] = [
	{
		name: 'product.attribute',
		order: 'sequence, id',
		fields: {
			name: f('char', 'Attribute', { required: true }),
			value_ids: f('one2many', 'Values', { relation: 'product.attribute.value', inverse: 'attribute_id' }),
			create_variant: f('selection', 'Variant Creation Mode', { selection: [['always', 'Instantly'], ['dynamic', 'Dynamically'], ['no_variant', 'Never']] }),
			sequence: f('integer', 'Sequence'),
		},
		defaults: { create_variant: () => 'always', sequence: () => 20 },
	},
	{
		name: 'product.attribute.value',
		order: 'attribute_id, sequence, id',
		fields: { name: f('char', 'Value', { required: true }), attribute_id: f('many2one', 'Attribute', { relation: 'product.attribute', required: true }), sequence: f('integer', 'Sequence') },
		defaults: { sequence: () => 10 },
	},
	{
		name: 'product.template.attribute.line',
		fields: {
			product_tmpl_id: f('many2one', 'Product Template', { relation: 'product.template' }),
			attribute_id: f('many2one', 'Attribute', { relation: 'product.attribute', required: true }),
			value_ids: f('many2many', 'Values', { relation: 'product.attribute.value' }),
		},
	},
	{
		name: 'product.template.attribute.value',
		fields: {
			name: f('char', 'Value'),
			product_tmpl_id: f('many2one', 'Product Template', { relation: 'product.template' }),
			attribute_line_id: f('many2one', 'Attribute Line', { relation: 'product.template.attribute.line' }),
			attribute_id: f('many2one', 'Attribute', { relation: 'product.attribute' }),
			product_attribute_value_id: f('many2one', 'Attribute Value', { relation: 'product.attribute.value' }),
			price_extra: f('float', 'Value Price Extra'),
		},
		displayName: (rec, env) => {
			const attribute = typeof rec.attribute_id === 'number' ? env.store.models.get('product.attribute')?.records.get(rec.attribute_id) : undefined;
			return attribute ? `${displayName(env.store.model('product.attribute'), attribute, env)}: ${String(rec.name ?? '')}` : String(rec.name ?? '');
		},
		afterWrite: (rec, vals, env) => {
			if ('price_extra' in vals) spreadPriceExtra(rec, env);
		},
	},
];
