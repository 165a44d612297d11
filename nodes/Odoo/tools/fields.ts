import { z } from 'zod/v4';

import { tenantIdField } from '../../../lib/tenant';
import type { OdooClient } from '../client/odoo-client';
import type { OdooProfile } from '../profile';

export interface OdooToolContext {
	odoo: OdooClient;
	profile: OdooProfile;
}

/** Required on every Odoo tool, as on every other server: a call without a tenant is refused. */
export const tenantField = tenantIdField;

export const modelField = z
	.string({ error: 'model is required, e.g. "res.partner"' })
	.regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, { error: 'model must be a technical name such as res.partner or sale.order' })
	.describe('Technical model name, e.g. "res.partner", "product.product", "sale.order".');

export const idsField = z.array(z.number().int().positive()).min(1, { error: 'ids must list at least one record id' }).max(1_000).describe('Record ids.');

export const domainField = z
	.array(z.union([z.enum(['&', '|', '!']), z.tuple([z.string(), z.string(), z.unknown()])]), { error: 'domain must be a list of [field, operator, value] leaves and "&", "|", "!"' })
	.describe('Odoo domain in prefix notation, e.g. [["name", "ilike", "cadeira"], ["sale_ok", "=", true]].');

export const fieldsField = z.array(z.string().min(1)).optional().describe('Fields to return; fewer fields answer faster.');

export const contextField = z.record(z.string(), z.unknown()).optional().describe('Odoo context, e.g. {"lang": "pt_BR", "active_test": false}.');

export const confirmField = z
	.boolean()
	.optional()
	.describe('Whether the user has confirmed this destructive action. Without true the tool changes nothing and says what would happen.');

/** What a destructive tool answers before confirmation. */
export const previewOutput = {
	needs_confirmation: z.boolean().optional().describe('True when nothing was done yet: ask the user, then call again with confirm: true.'),
	would: z.string().optional().describe('What the call would do, in plain words.'),
};

export const many2oneName = (value: unknown): string | null => (Array.isArray(value) && typeof value[1] === 'string' ? value[1] : null);
export const many2oneId = (value: unknown): number | null => (Array.isArray(value) && typeof value[0] === 'number' ? value[0] : null);

/**
 * The login's language as an Odoo context, for reads and searches of translatable fields (product
 * names): Odoo's web client sends it with every call, and without it a pt_BR catalog answers in English.
 */
export async function langContext(odoo: OdooClient): Promise<Record<string, string> | undefined> {
	const { lang } = await odoo.userContext();
	return lang ? { lang } : undefined;
}

/**
 * A product as people tell it apart: the display name without the `[code] ` prefix Odoo puts in
 * front, so variants of one template ("Large Desk (Glass)", "Large Desk (Wood)") stay distinct.
 */
export function productLabel(product: Record<string, unknown>): string {
	const display = typeof product.display_name === 'string' && product.display_name ? product.display_name : String(product.name ?? '');
	const prefix = typeof product.default_code === 'string' && product.default_code ? `[${product.default_code}] ` : '';
	return prefix && display.startsWith(prefix) ? display.slice(prefix.length) : display;
}

/** The variant's attribute values ("Steel, White"), or null for a product with a single variant. */
export function variantOf(product: Record<string, unknown>): string | null {
	const label = productLabel(product);
	const name = String(product.name ?? '');
	return name && label.startsWith(`${name} (`) && label.endsWith(')') ? label.slice(name.length + 2, -1) : null;
}
