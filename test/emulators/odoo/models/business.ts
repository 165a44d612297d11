/** Business behaviour on top of the generic ORM: partners, products, sales orders, chatter, users. */
import { missingError, userError, validationError, valueError } from '../errors';
import { create, displayName, labelOf, search, storedValue } from '../orm/store';
import type { Env, ModelSpec, Rec } from '../orm/types';
import { emailNormalized, phoneMobileSearch, phoneSanitized } from './phone';
import { linePrice } from './pricing';
import { VARIANT_FIELDS, companyCurrency, syncVariants, variantSuffix } from './variants';

type Spec = Partial<ModelSpec> & { name: string };

function firstId(env: Env, model: string): number | false {
	const records = env.store.models.get(model)?.records;
	return records && records.size ? Math.min(...records.keys()) : false;
}

function num(value: unknown): number {
	return typeof value === 'number' ? value : 0;
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

/** A small stand-in for Odoo's HTML sanitizer: drops scripts, escapes bare `&`. */
function sanitizeHtml(html: string): string {
	return html.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;');
}

const MESSAGE_TYPES = ['email', 'comment', 'notification', 'user_notification', 'auto_comment', 'email_outgoing'];

/** `message_post` on any mail.thread model: returns the new `mail.message` id. */
export function messagePost(model: string) {
	return (env: Env, ids: number[], _args: unknown[], kwargs: Record<string, unknown>): number => {
		if (ids.length !== 1) throw valueError(`Expected singleton: ${model}(${ids.join(', ')}${ids.length === 1 ? ',' : ''})`);
		const target = env.store.model(model);
		const rec = target.records.get(ids[0]);
		if (!rec) throw missingError(model, ids, env.uid);
		const messageType = typeof kwargs.message_type === 'string' ? kwargs.message_type : 'notification';
		if (!MESSAGE_TYPES.includes(messageType)) throw valueError(`Wrong value for mail.message.message_type: '${messageType}'`);
		const subtype = kwargs.subtype_xmlid === 'mail.mt_comment' ? 1 : 2;
		const raw = typeof kwargs.body === 'string' ? kwargs.body : '';
		const body = kwargs.body_is_html ? sanitizeHtml(raw) : `<p>${escapeHtml(raw)}</p>`;
		const user = env.store.model('res.users').records.get(env.uid);
		const author = typeof kwargs.author_id === 'number' ? kwargs.author_id : num(user?.partner_id);
		const partners = env.store.model('res.partner');
		const authorRec = partners.records.get(author);
		const authorEmail = authorRec ? storedValue(partners, authorRec, 'email', env) : false;
		const authorName = authorRec ? storedValue(partners, authorRec, 'name', env) : false;
		const message = create(env, 'mail.message', {
			email_from: typeof authorEmail === 'string' && authorEmail ? `"${typeof authorName === 'string' ? authorName : ''}" <${authorEmail}>` : false,
			body: kwargs.body_is_html && !body.startsWith('<p>') ? `<p>${body}</p>` : body,
			author_id: author,
			message_type: messageType,
			model,
			res_id: ids[0],
			subtype_id: subtype,
			date: env.store.now().toISOString().slice(0, 19).replace('T', ' '),
			record_name: displayName(target, rec, env),
			is_internal: false,
		});
		return message.id;
	};
}

function lineSubtotal(line: Rec): number {
	return Math.round(num(line.product_uom_qty) * num(line.price_unit) * (1 - num(line.discount) / 100) * 100) / 100;
}

function orderLines(env: Env, order: Rec): Rec[] {
	const lines = env.store.model('sale.order.line');
	return (Array.isArray(order.order_line) ? (order.order_line as number[]) : []).map((id) => lines.records.get(id)).filter((line): line is Rec => line !== undefined);
}

function lineTax(env: Env, line: Rec): number {
	const product = typeof line.product_id === 'number' ? env.store.model('product.product').records.get(line.product_id) : undefined;
	const taxes = Array.isArray(line.tax_id) ? (line.tax_id as number[]) : Array.isArray(product?.taxes_id) ? (product.taxes_id as number[]) : [];
	const rate = taxes.reduce((sum, id) => sum + num(env.store.models.get('account.tax')?.records.get(id)?.amount), 0);
	return Math.round(lineSubtotal(line) * rate) / 100;
}

export const BUSINESS_SPECS: Spec[] = [
	{
		name: 'res.partner',
		displayName: (rec, env) => {
			if (typeof rec.display_name === 'string') return rec.display_name;
			const name = typeof rec.name === 'string' ? rec.name : '';
			const parent = typeof rec.parent_id === 'number' ? env.store.model('res.partner').records.get(rec.parent_id) : undefined;
			return parent && rec.type !== 'contact' ? `${displayName(env.store.model('res.partner'), parent, env)}, ${name}` : parent ? `${displayName(env.store.model('res.partner'), parent, env)}, ${name}` : name;
		},
		constraints: (rec, env) => {
			const seen = new Set<number>();
			let current: Rec | undefined = rec;
			while (current && typeof current.parent_id === 'number') {
				if (seen.has(current.id) || current.parent_id === rec.id) throw validationError('You cannot create recursive Partner hierarchies.');
				seen.add(current.id);
				current = env.store.model('res.partner').records.get(current.parent_id);
			}
		},
		afterCreate: (rec, _vals, env) => syncChildren(rec, env),
		afterWrite: (rec, _vals, env) => syncChildren(rec, env),
		computes: { phone_sanitized: (rec, env) => phoneSanitized(rec, env), email_normalized: (rec) => emailNormalized(rec) },
		searchers: { phone_mobile_search: phoneMobileSearch },
		methods: { message_post: messagePost('res.partner') },
	},
	{
		name: 'res.users',
		order: 'name, login',
		// `_inherits` res.partner: the partner is inserted first, so a user that then fails still uses up a partner id
		afterCreate: (rec, _vals, env) => {
			if (typeof rec.partner_id === 'number' || !env.store.has('res.partner')) return;
			const partner = create(env, 'res.partner', { name: typeof rec.name === 'string' ? rec.name : String(rec.login ?? '') });
			rec.partner_id = partner.id;
			rec.__ownPartner = partner.id;
		},
		methods: {
			// `@api.model`: the caller's lang (en_US when unset), tz (false when unset) and uid
			context_get: (env) => {
				const user = env.store.model('res.users').records.get(env.uid);
				return { lang: typeof user?.lang === 'string' && user.lang ? user.lang : 'en_US', tz: typeof user?.tz === 'string' && user.tz ? user.tz : false, uid: env.uid };
			},
		},
		constraints: (rec, env) => {
			for (const other of env.store.model('res.users').records.values()) {
				if (other.id !== rec.id && other.login === rec.login) {
					if (typeof rec.__ownPartner === 'number') env.store.model('res.partner').records.delete(rec.__ownPartner);
					throw validationError('You can not have two users with the same login!');
				}
			}
		},
	},
	{
		name: 'sale.order',
		order: 'date_order desc, id desc',
		// the selections of real 17-19 (17 dropped 'done': a completed order is 'sale' with locked; 18 added 'started')
		fields: {
			state: { type: 'selection', string: 'Status', selection: [['draft', 'Quotation'], ['sent', 'Quotation Sent'], ['sale', 'Sales Order'], ['cancel', 'Cancelled']] },
			delivery_status: { type: 'selection', string: 'Delivery Status', selection: [['pending', 'Not Delivered'], ['started', 'Started'], ['partial', 'Partially Delivered'], ['full', 'Fully Delivered']] },
			invoice_status: { type: 'selection', string: 'Invoice Status', selection: [['upselling', 'Upselling Opportunity'], ['invoiced', 'Fully Invoiced'], ['to invoice', 'To Invoice'], ['no', 'Nothing to Invoice']] },
			locked: { type: 'boolean', string: 'Locked' },
		},
		defaults: {
			state: () => 'draft',
			date_order: (env) => env.store.now().toISOString().slice(0, 19).replace('T', ' '),
			// the company's currency (its pricelist's, when the order has one)
			currency_id: (env) => companyCurrency(env) || 1,
			company_id: () => 1,
			user_id: (env) => env.uid,
			invoice_status: () => 'no',
			locked: () => false,
			warehouse_id: (env) => (env.store.model('stock.warehouse').records.has(1) ? 1 : false),
			pricelist_id: () => false,
		},
		afterCreate: (rec) => {
			rec.name = `S${String(rec.id).padStart(5, '0')}`;
		},
		computes: {
			amount_untaxed: (rec, env) => Math.round(orderLines(env, rec).reduce((sum, line) => sum + lineSubtotal(line), 0) * 100) / 100,
			amount_tax: (rec, env) => Math.round(orderLines(env, rec).reduce((sum, line) => sum + lineTax(env, line), 0) * 100) / 100,
			amount_total: (rec, env) => Math.round(orderLines(env, rec).reduce((sum, line) => sum + lineSubtotal(line) + lineTax(env, line), 0) * 100) / 100,
		},
		beforeUnlink: (rec) => {
			if (rec.state === 'sale' || rec.state === 'sent') throw userError('You can not delete a sent quotation or a confirmed sales order. You must first cancel it.');
		},
		methods: {
			message_post: messagePost('sale.order'),
			action_confirm: (env, ids) => {
				const orders = env.store.model('sale.order');
				for (const id of ids) {
					const order = orders.records.get(id);
					if (!order) continue;
					if (order.state !== 'draft' && order.state !== 'sent') {
						throw userError(`The following orders are not in a state requiring confirmation: ${String(order.name)}`);
					}
				}
				for (const id of ids) {
					const order = orders.records.get(id) as Rec;
					order.state = 'sale';
					// a delivery for the storable products
					const storable = orderLines(env, order).some((line) => {
						const product = typeof line.product_id === 'number' ? env.store.model('product.product').records.get(line.product_id) : undefined;
						return product !== undefined && (product.type === 'product' || product.is_storable === true);
					});
					if (storable && env.store.has('stock.picking')) {
						const picking = create(env, 'stock.picking', { name: `WH/OUT/${String(env.store.model('stock.picking').nextId).padStart(5, '0')}` });
						order.picking_ids = [...(Array.isArray(order.picking_ids) ? (order.picking_ids as number[]) : []), picking.id];
					}
					for (const line of orderLines(env, order)) {
						if (typeof line.product_id !== 'number') continue;
						const product = env.store.model('product.product').records.get(line.product_id);
						if (product && (product.type === 'product' || product.is_storable === true)) product.__outgoing = num(product.__outgoing) + num(line.product_uom_qty);
					}
				}
				return true;
			},
		},
	},
	{
		name: 'sale.order.line',
		defaults: { sequence: () => 10, discount: () => 0, display_type: () => false, qty_delivered: () => 0, qty_invoiced: () => 0 },
		afterCreate: (rec, vals, env) => {
			if (typeof rec.product_id === 'number') {
				const products = env.store.model('product.product');
				const product = products.records.get(rec.product_id);
				if (product) {
					if (!('price_unit' in vals)) rec.price_unit = linePrice(env, rec, product);
					if (!('tax_id' in vals)) rec.tax_id = Array.isArray(product.taxes_id) ? [...(product.taxes_id as number[])] : [];
					if (!('name' in vals)) rec.name = displayName(products, product, env);
					if (!('product_uom' in vals)) rec.product_uom = product.uom_id ?? 1;
					if (!('product_uom_qty' in vals)) rec.product_uom_qty = 1;
				}
			}
		},
		computes: {
			price_subtotal: (rec) => lineSubtotal(rec),
			price_tax: (rec, env) => lineTax(env, rec),
			price_total: (rec, env) => lineSubtotal(rec) + lineTax(env, rec),
		},
	},
	{
		name: 'product.product',
		// `priority desc, default_code, name, id` in Odoo; every demo product has priority 0
		order: 'default_code, name, id',
		fields: VARIANT_FIELDS['product.product'],
		displayName: (rec, env) => {
			if (typeof rec.display_name === 'string') return rec.display_name;
			const base = typeof rec.name === 'string' ? rec.name : labelOf(env, 'product.template', num(rec.product_tmpl_id));
			// "[code] Template (Value, Value)"
			const suffix = variantSuffix(env, rec);
			const name = suffix ? `${base} (${suffix})` : base;
			return typeof rec.default_code === 'string' && rec.default_code ? `[${rec.default_code}] ${name}` : name;
		},
		nameSearchFields: ['default_code', 'barcode'],
		computes: {
			// the template's sales price plus the variant's extra
			lst_price: (rec) => (typeof rec.list_price === 'number' ? rec.list_price + num(rec.price_extra) : num(rec.lst_price)),
		},
		constraints: (rec, env) => {
			if (typeof rec.barcode !== 'string' || !rec.barcode) return;
			const products = env.store.model('product.product');
			const clash = [...products.records.values()].filter((other) => other.barcode === rec.barcode);
			if (clash.length > 1) {
				const names = clash.map((other) => displayName(products, other, env));
				throw validationError(`Barcode(s) already assigned:\n\n- Barcode "${rec.barcode}" already assigned to product(s): ${names.join(env.version === '18.0' ? ' and ' : ', ')}`);
			}
		},
	},
	{
		name: 'product.template',
		nameSearchFields: ['default_code'],
		fields: VARIANT_FIELDS['product.template'],
		// Odoo's defaults for a new product: a consumable (17: detailed_type too; 18: not tracked) for sale and purchase
		defaults: {
			currency_id: (env) => companyCurrency(env),
			type: () => 'consu',
			detailed_type: () => 'consu',
			is_storable: () => false,
			// "All" and "Units" in Odoo: here the first category and unit the seed has
			categ_id: (env) => firstId(env, 'product.category'),
			uom_id: (env) => firstId(env, 'uom.uom'),
			uom_po_id: (env) => firstId(env, 'uom.uom'),
			tracking: () => 'none',
			service_tracking: () => 'no',
			sale_line_warn: () => 'no-message',
			sale_ok: () => true,
			purchase_ok: () => true,
			active: () => true,
		},
		afterCreate: (rec, vals, env) => {
			if ('attribute_line_ids' in vals) syncVariants(rec, env);
		},
		afterWrite: (rec, vals, env) => {
			if ('attribute_line_ids' in vals) syncVariants(rec, env);
		},
		displayName: (rec) => {
			if (typeof rec.display_name === 'string') return rec.display_name;
			const name = typeof rec.name === 'string' ? rec.name : '';
			return typeof rec.default_code === 'string' && rec.default_code ? `[${rec.default_code}] ${name}` : name;
		},
	},
	{
		name: 'product.category',
		parentField: 'parent_id',
		displayName: (rec, env) => categoryPath(rec, env),
		computes: { complete_name: (rec, env) => categoryPath(rec, env) },
	},
	{
		name: 'ir.module.module',
		methods: {
			button_immediate_install: (env, ids) => {
				const modules = env.store.model('ir.module.module');
				for (const id of ids) {
					const module = modules.records.get(id);
					if (!module) continue;
					module.state = 'installed';
					if (module.name === 'calendar') for (const other of modules.records.values()) if (other.name === 'calendar_sms') other.state = 'installed';
				}
				return { type: 'ir.actions.act_url', target: 'self', url: env.version === '18.0' ? '/odoo' : '/web' };
			},
		},
	},
];

/** `complete_name` of a product category: `"Parent / Child"`. */
function categoryPath(rec: Rec, env: Env): string {
	if (typeof rec.display_name === 'string') return rec.display_name;
	const categories = env.store.model('product.category');
	const names: string[] = [];
	const seen = new Set<number>();
	let current: Rec | undefined = rec;
	while (current && !seen.has(current.id)) {
		seen.add(current.id);
		names.unshift(typeof current.name === 'string' ? current.name : '');
		current = typeof current.parent_id === 'number' ? categories.records.get(current.parent_id) : undefined;
	}
	return names.join(' / ');
}

function syncChildren(rec: Rec, env: Env): void {
	const partners = env.store.model('res.partner');
	for (const partner of partners.records.values()) {
		const children = search({ ...env, context: { active_test: false } }, 'res.partner', [['parent_id', '=', partner.id]], {}, false).map((child) => child.id);
		if (partner.id === rec.id || partner.id === rec.parent_id) partner.child_ids = children;
	}
}
