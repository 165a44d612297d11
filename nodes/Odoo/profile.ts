import { RefusedError } from '../../lib/errors';
import type { ToolCall } from '../../lib/mcp/tool';

/**
 * Access profiles, chosen per node and per server (ODOO_PROFILE), never by a tool's arguments.
 * customer: for agents that talk to customers — business tools only, an allowlist of models and
 * fields, small results, and writes only for the conversation's own partner.
 * erp_operator: for Odoo's own users — every tool; destructive ones need confirm: true.
 */
export type OdooProfile = 'customer' | 'erp_operator';

export const PROFILES: readonly OdooProfile[] = ['customer', 'erp_operator'];

export function parseProfile(value: string | undefined, source: string): OdooProfile {
	const profile = (value || 'customer') as OdooProfile;
	if (!PROFILES.includes(profile)) throw new RefusedError(`${source} must be customer or erp_operator (got "${value}").`);
	return profile;
}

export const CUSTOMER_TOOLS = new Set([
	'odoo_product_search',
	'odoo_stock_availability',
	'odoo_partner_find_or_create',
	'odoo_sale_order_create',
	'odoo_order_status',
	'odoo_calendar_free_slots',
	'odoo_calendar_book',
	'odoo_calendar_reschedule',
	'odoo_calendar_cancel',
]);

export const LIMITS: Record<OdooProfile, { maxResults: number }> = {
	customer: { maxResults: 10 },
	erp_operator: { maxResults: 200 },
};

/** Product fields a customer-facing agent may see: no costs, margins or internal notes. */
export const CUSTOMER_PRODUCT_FIELDS = ['id', 'name', 'display_name', 'default_code', 'barcode', 'list_price', 'lst_price', 'currency_id', 'categ_id', 'description_sale', 'uom_id'];

export function assertToolAllowed(tool: string, profile: OdooProfile): void {
	if (profile === 'customer' && !CUSTOMER_TOOLS.has(tool)) {
		throw new RefusedError(
			`The customer profile refuses ${tool}: customer-facing agents only get the business tools (${[...CUSTOMER_TOOLS].join(', ')}). Generic reads and writes are for the erp_operator profile.`,
		);
	}
}

/** The conversation's customer, bound by the caller's code (node or crew), never by the model. */
export interface Binding {
	partner_id?: number;
	phone?: string;
	email?: string;
	name?: string;
}

export const BINDING_META = 'omnicrew/binding';

export function bindingOf(call: ToolCall): Binding {
	const raw = call.meta[BINDING_META];
	if (!raw || typeof raw !== 'object') return {};
	const b = raw as Record<string, unknown>;
	// blank text binds nothing: a whitespace-only e-mail must not become a search
	const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
	return {
		partner_id: typeof b.partner_id === 'number' && Number.isSafeInteger(b.partner_id) && b.partner_id > 0 ? b.partner_id : undefined,
		phone: text(b.phone),
		email: text(b.email),
		name: text(b.name),
	};
}

/**
 * The partner a customer-profile write acts on: the bound one. A different partner_id in the
 * model's arguments is refused, so a prompt cannot redirect a booking or quotation.
 */
export function boundPartner(profile: OdooProfile, call: ToolCall, requested: number | undefined, tool: string): number | undefined {
	if (profile === 'erp_operator') return requested;
	const bound = bindingOf(call).partner_id;
	if (!bound) {
		throw new RefusedError(`The customer profile refuses ${tool}: no customer is bound to this conversation. Call odoo_partner_find_or_create first (its partner is bound by the caller).`);
	}
	if (requested !== undefined && requested !== bound) {
		throw new RefusedError(`The customer profile refuses ${tool} for partner ${requested}: it may only act for the conversation's own customer.`);
	}
	return bound;
}
