/**
 * `seed: 'contract'`: the demo records of the recorded Odoo 17/18 databases, with their ids and values.
 * `data/contract-*.json` is generated from the corpus by `tools/harvest-contract-seed.mjs`; this module turns it
 * into model specs and records, and adds the models and fields the corpus only writes.
 */
import data17 from './data/contract-17.json';
import data18 from './data/contract-18.json';
import data19 from './data/contract-19.json';
import { ACCESS_POLICY } from './models/access';
import { BUSINESS_SPECS } from './models/business';
import { CALENDAR_SPECS } from './models/calendar';
import { DISCUSS_SPECS } from './models/discuss';
import { VARIANT_SPECS } from './models/variants';
import { PRICING_SPECS } from './models/pricing';
import { setAccessPolicy, type Store } from './orm/store';
import type { FieldDef, ModelSpec, Rec, Version } from './orm/types';

interface HarvestedModel {
	fields: Record<string, Record<string, unknown>>;
	fieldOrder: string[];
	records: Record<string, Record<string, unknown>>;
	labels?: Record<string, string>;
	fieldsGet?: Record<string, Record<string, unknown>>;
}

interface Harvest {
	/** What the recorded server reported (`common.version`'s server_version), and when it was recorded. */
	serverVersion?: string;
	recordedAt?: string;
	models: Record<string, HarvestedModel>;
	sessions: Record<string, Record<string, unknown>>;
	/** Login -> uid, as the recorded server authenticated them. */
	logins?: Record<string, number>;
	/** The id the recorded server gave the first record created in each model. */
	created: Record<string, number>;
	stock: Record<string, Record<string, Record<string, number>>>;
}

const DESCRIPTIONS: Record<string, string> = {
	'res.partner': 'Contact',
	'product.product': 'Product Variant',
	'product.template': 'Product',
	'sale.order': 'Sales Order',
	'sale.order.line': 'Sales Order Line',
	'res.users': 'User',
	'res.company': 'Companies',
	'calendar.event': 'Calendar Event',
	'mail.message': 'Message',
	'discuss.channel': 'Discussion Channel',
};

/** Fields the corpus writes or that a client commonly sends, beyond those it reads back. */
const EXTRA_FIELDS: Record<string, Record<string, FieldDef>> = {
	'res.partner': {
		name: { type: 'char' }, email: { type: 'char' }, phone: { type: 'char' }, mobile: { type: 'char' }, street: { type: 'char' }, street2: { type: 'char' }, city: { type: 'char' }, zip: { type: 'char' },
		website: { type: 'char' }, comment: { type: 'html' }, vat: { type: 'char' }, ref: { type: 'char' }, lang: { type: 'selection' }, tz: { type: 'selection' }, function: { type: 'char' },
		is_company: { type: 'boolean' }, active: { type: 'boolean' }, type: { type: 'selection' }, parent_id: { type: 'many2one', relation: 'res.partner' },
		child_ids: { type: 'one2many', relation: 'res.partner', inverse: 'parent_id' }, country_id: { type: 'many2one', relation: 'res.country' },
		category_id: { type: 'many2many', relation: 'res.partner.category' }, company_id: { type: 'many2one', relation: 'res.company' }, user_id: { type: 'many2one', relation: 'res.users' },
		email_normalized: { type: 'char' }, phone_sanitized: { type: 'char' },
	},
	'sale.order': {
		name: { type: 'char' }, partner_id: { type: 'many2one', relation: 'res.partner', required: true, string: 'Customer' }, client_order_ref: { type: 'char' }, note: { type: 'html' },
		order_line: { type: 'one2many', relation: 'sale.order.line', inverse: 'order_id' }, state: { type: 'selection' }, date_order: { type: 'datetime' },
		pricelist_id: { type: 'many2one', relation: 'product.pricelist' }, currency_id: { type: 'many2one', relation: 'res.currency' }, company_id: { type: 'many2one', relation: 'res.company' },
		user_id: { type: 'many2one', relation: 'res.users' }, amount_untaxed: { type: 'monetary' }, amount_tax: { type: 'monetary' }, amount_total: { type: 'monetary' }, picking_ids: { type: 'one2many', relation: 'stock.picking' },
		invoice_status: { type: 'selection' }, warehouse_id: { type: 'many2one', relation: 'stock.warehouse' },
	},
	'sale.order.line': {
		order_id: { type: 'many2one', relation: 'sale.order' }, product_id: { type: 'many2one', relation: 'product.product' }, name: { type: 'text' }, sequence: { type: 'integer' },
		display_type: { type: 'selection' }, product_uom_qty: { type: 'float' }, product_uom: { type: 'many2one', relation: 'uom.uom' }, price_unit: { type: 'float' }, discount: { type: 'float' },
		price_subtotal: { type: 'monetary' }, price_tax: { type: 'float' }, price_total: { type: 'monetary' }, tax_id: { type: 'many2many', relation: 'account.tax' },
		qty_delivered: { type: 'float' }, qty_invoiced: { type: 'float' },
	},
	'product.product': {
		name: { type: 'char' }, default_code: { type: 'char' }, barcode: { type: 'char' }, active: { type: 'boolean' }, list_price: { type: 'float' }, lst_price: { type: 'float' }, sale_ok: { type: 'boolean' },
		type: { type: 'selection' }, categ_id: { type: 'many2one', relation: 'product.category' }, product_tmpl_id: { type: 'many2one', relation: 'product.template' },
		qty_available: { type: 'float' }, virtual_available: { type: 'float' }, incoming_qty: { type: 'float' }, outgoing_qty: { type: 'float' }, free_qty: { type: 'float' },
		// related from the template in Odoo; read by the customer-facing product search
		description_sale: { type: 'text' }, currency_id: { type: 'many2one', relation: 'res.currency' }, uom_id: { type: 'many2one', relation: 'uom.uom' },
	},
	'product.category': { name: { type: 'char' }, parent_id: { type: 'many2one', relation: 'product.category' }, complete_name: { type: 'char' } },
	'res.users': { name: { type: 'char' }, login: { type: 'char', required: true, string: 'Login' }, active: { type: 'boolean' }, partner_id: { type: 'many2one', relation: 'res.partner' } },
	'mail.message': {
		body: { type: 'html' }, author_id: { type: 'many2one', relation: 'res.partner' }, date: { type: 'datetime' }, message_type: { type: 'selection' }, model: { type: 'char' }, res_id: { type: 'integer' },
		subtype_id: { type: 'many2one', relation: 'mail.message.subtype' }, record_name: { type: 'char' }, is_internal: { type: 'boolean' }, email_from: { type: 'char' },
	},
	'discuss.channel': {
		name: { type: 'char', required: true, string: 'Name' }, channel_type: { type: 'selection' }, description: { type: 'text' }, uuid: { type: 'char' },
		channel_partner_ids: { type: 'many2many', relation: 'res.partner' }, channel_member_ids: { type: 'one2many', relation: 'discuss.channel.member' },
		group_public_id: { type: 'many2one', relation: 'res.groups' }, member_count: { type: 'integer' }, create_uid: { type: 'many2one', relation: 'res.users' }, create_date: { type: 'datetime' },
	},
	'discuss.channel.member': { channel_id: { type: 'many2one', relation: 'discuss.channel' }, partner_id: { type: 'many2one', relation: 'res.partner' }, create_date: { type: 'datetime' } },
	'calendar.event': {
		name: { type: 'char', required: true, string: 'Meeting Subject' }, start: { type: 'datetime' }, stop: { type: 'datetime' }, allday: { type: 'boolean' }, duration: { type: 'float' },
		start_date: { type: 'date' }, stop_date: { type: 'date' }, partner_ids: { type: 'many2many', relation: 'res.partner' }, attendee_ids: { type: 'one2many', relation: 'calendar.attendee' },
		user_id: { type: 'many2one', relation: 'res.users' }, description: { type: 'html' }, location: { type: 'char' }, active: { type: 'boolean' },
		display_time: { type: 'char', store: false }, event_tz: { type: 'selection' },
	},
	'product.pricelist': {
		name: { type: 'char' }, currency_id: { type: 'many2one', relation: 'res.currency' }, item_ids: { type: 'one2many', relation: 'product.pricelist.item', inverse: 'pricelist_id' }, active: { type: 'boolean' },
		company_id: { type: 'many2one', relation: 'res.company' }, discount_policy: { type: 'selection' }, sequence: { type: 'integer' },
	},
	'product.pricelist.item': {
		pricelist_id: { type: 'many2one', relation: 'product.pricelist' }, applied_on: { type: 'selection' }, product_id: { type: 'many2one', relation: 'product.product' },
		product_tmpl_id: { type: 'many2one', relation: 'product.template' }, categ_id: { type: 'many2one', relation: 'product.category' }, compute_price: { type: 'selection' },
		fixed_price: { type: 'float' }, percent_price: { type: 'float' }, min_quantity: { type: 'float' }, base: { type: 'selection' }, price: { type: 'char', store: false },
		price_discount: { type: 'float' }, price_surcharge: { type: 'float' }, date_start: { type: 'datetime' }, date_end: { type: 'datetime' },
	},
	'stock.picking': { name: { type: 'char' } },
	'calendar.attendee': {
		event_id: { type: 'many2one', relation: 'calendar.event', required: true, string: 'Meeting linked' }, partner_id: { type: 'many2one', relation: 'res.partner', required: true, string: 'Attendee' },
		state: { type: 'selection' }, common_name: { type: 'char' }, email: { type: 'char' }, availability: { type: 'selection' },
	},
	'ir.module.module': { name: { type: 'char' }, state: { type: 'selection' }, shortdesc: { type: 'char' }, latest_version: { type: 'char' } },
	'res.partner.category': { name: { type: 'char' } },
	'product.template.attribute.line': { product_tmpl_id: { type: 'many2one', relation: 'product.template' } },
	'product.template.attribute.value': { product_tmpl_id: { type: 'many2one', relation: 'product.template' } },
	'ir.model.fields': { model: { type: 'char' } },
};

/**
 * Inverse links the corpus implies but never reads: attribute lines and values belong to the template whose
 * `attribute_line_ids` / variants list them; the `ir.model.fields` rows read are those of `res.partner`.
 */
function linkSeed(store: Store, version: Version): void {
	const lines = store.model('product.template.attribute.line');
	const values = store.model('product.template.attribute.value');
	const variants = store.model('product.product');
	const list = (value: unknown) => (Array.isArray(value) ? (value as number[]) : []);
	for (const template of store.model('product.template').records.values()) {
		for (const id of list(template.attribute_line_ids)) {
			const line = lines.records.get(id);
			if (line && line.product_tmpl_id === undefined) line.product_tmpl_id = template.id;
			for (const valueId of list(line?.product_template_value_ids)) {
				const value = values.records.get(valueId);
				if (value && value.product_tmpl_id === undefined) value.product_tmpl_id = template.id;
			}
		}
		for (const id of list(template.product_variant_ids)) {
			const variant = variants.records.get(id);
			if (variant && variant.product_tmpl_id === undefined) variant.product_tmpl_id = template.id;
		}
	}
	// 17's demo company has a default sales tax (15%, id 1) that every demo product carries; 18's has none
	if (version === '17.0' && store.model('account.tax').records.has(1)) {
		for (const name of ['product.product', 'product.template']) {
			for (const rec of store.model(name).records.values()) if (rec.taxes_id === undefined) rec.taxes_id = [1];
		}
	}
	for (const variant of store.model('product.product').records.values()) {
		for (const id of Array.isArray(variant.product_template_attribute_value_ids) ? (variant.product_template_attribute_value_ids as number[]) : []) {
			const value = values.records.get(id);
			if (value && value.product_tmpl_id === undefined && typeof variant.product_tmpl_id === 'number') value.product_tmpl_id = variant.product_tmpl_id;
		}
	}
	for (const field of store.model('ir.model.fields').records.values()) if (field.model === undefined) field.model = 'res.partner';
}

const SPECS = [...BUSINESS_SPECS, ...CALENDAR_SPECS, ...DISCUSS_SPECS, ...PRICING_SPECS, ...VARIANT_SPECS];

/** Display names the corpus shows only on records created while recording (so the harvest missed them). */
const DISPLAY_NAMES: Record<Version, Record<string, Record<number, string>>> = {
	'17.0': { 'res.partner': { 26: 'Azure Interior, Brandon Freeman', 27: 'Azure Interior, Nicole Ford' }, 'res.users': { 2: 'Mitchell Admin', 6: 'Marc Demo', 7: 'Joel Willis' } },
	'18.0': { 'res.partner': { 27: 'Azure Interior, Brandon Freeman', 28: 'Azure Interior, Nicole Ford' }, 'res.users': { 2: 'Mitchell Admin', 6: 'Marc Demo', 7: 'Joel Willis' } },
};

const STOCK_FIELDS = ['qty_available', 'virtual_available', 'incoming_qty', 'outgoing_qty', 'free_qty'];

/** The recorded demo data of a server version (19.0 runs 18.0's models over its own recorded data). */
export function harvestFor(version: Version, serverVersion: Version | '19.0' = version): Harvest {
	if (serverVersion === '19.0') return data19 as unknown as Harvest;
	return (version === '18.0' ? data18 : data17) as unknown as Harvest;
}

export function seedContract(store: Store, version: Version, serverVersion: Version | '19.0' = version): Harvest {
	const harvest = harvestFor(version, serverVersion);
	setAccessPolicy(ACCESS_POLICY);
	const names = new Set([...Object.keys(harvest.models), ...Object.keys(EXTRA_FIELDS), ...SPECS.map((spec) => spec.name)]);
	for (const name of names) {
		const harvested = harvest.models[name];
		const fields: Record<string, FieldDef> = { ...(EXTRA_FIELDS[name] ?? {}) };
		for (const [field, attrs] of Object.entries(harvested?.fields ?? {})) {
			const type = typeof attrs.type === 'string' ? attrs.type : (fields[field]?.type ?? 'char');
			fields[field] = { ...(fields[field] ?? {}), ...attrs, type } as FieldDef;
			if (harvested?.fieldsGet?.[field]) fields[field].fieldsGet = harvested.fieldsGet[field];
		}
		const spec: ModelSpec = { name, description: DESCRIPTIONS[name] ?? name, fields };
		const state = store.define(spec);
		Object.assign(state.labels, harvested?.labels ?? {});
		for (const [id, values] of Object.entries(harvested?.records ?? {})) {
			const rec: Rec = { id: Number(id), ...values };
			store.insert(name, rec);
		}
	}
	for (const [name, labels] of Object.entries(DISPLAY_NAMES[version])) {
		for (const [id, label] of Object.entries(labels)) {
			const rec = store.model(name).records.get(Number(id));
			if (rec && typeof rec.display_name !== 'string') rec.display_name = label;
		}
	}
	linkSeed(store, version);
	// the demo logins' users, as the recording authenticated them (uids and partners differ between versions)
	if (store.has('res.users')) {
		const users = store.model('res.users');
		for (const [login, uid] of Object.entries(harvest.logins ?? {})) {
			if (!users.records.has(uid)) store.insert('res.users', { id: uid });
			const user = users.records.get(uid);
			if (!user) continue;
			if (user.login === undefined) user.login = login;
			const partner = harvest.sessions[String(uid)]?.partner_id;
			if (user.partner_id === undefined && typeof partner === 'number') user.partner_id = partner;
		}
	}
	for (const [name, id] of Object.entries(harvest.created)) if (store.has(name)) store.model(name).nextId = Math.max(store.model(name).nextId, id);
	for (const spec of SPECS) {
		const state = store.model(spec.name);
		// a model's own field definitions fill what the harvest and EXTRA_FIELDS leave out (selections, new fields)
		const fields = { ...state.spec.fields };
		for (const [field, def] of Object.entries(spec.fields ?? {})) fields[field] = { ...def, ...(fields[field] ?? {}) };
		state.spec = {
			...state.spec,
			...spec,
			fields,
			computes: { ...(state.spec.computes ?? {}), ...(spec.computes ?? {}) },
			methods: { ...(state.spec.methods ?? {}), ...(spec.methods ?? {}) },
		};
	}
	// stock figures per context (all warehouses, `warehouse`/`warehouse_id`, `location`), minus confirmed sales
	const products = store.model('product.product');
	const computes = { ...(products.spec.computes ?? {}) };
	for (const field of STOCK_FIELDS) {
		computes[field] = (rec, env) => {
			const warehouse = env.version === '18.0' ? env.context.warehouse_id : env.context.warehouse;
			const key = warehouse !== undefined ? `warehouse:${String(warehouse)}` : env.context.location !== undefined ? `location:${String(env.context.location)}` : 'all';
			const base = harvest.stock[String(rec.id)]?.[key]?.[field] ?? (typeof rec[`__${field}`] === 'number' ? (rec[`__${field}`] as number) : 0);
			const out = typeof rec.__outgoing === 'number' ? rec.__outgoing : 0;
			if (field === 'virtual_available') return base - out;
			if (field === 'outgoing_qty') return base + out;
			return base;
		};
	}
	products.spec.computes = computes;
	return harvest;
}
