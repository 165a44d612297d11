import { z } from 'zod/v4';

import { InvalidInputError, RefusedError } from '../../../lib/errors';
import { toolFactory } from '../../../lib/mcp/tool';
import type { OdooClient } from '../client/odoo-client';
import { OdooError } from '../client/errors';
import type { Domain, OdooRecord } from '../client/types';
import { normalizePhone, phoneTail, samePhone } from '../phone';
import { bindingOf } from '../profile';
import { containsText, equalsIgnoringCase } from './domain';
import { tenantField, type OdooToolContext } from './fields';

const tool = toolFactory<OdooToolContext>();

/**
 * Partners whose stored phone or mobile is the same number as `e164` (or its form without/with the ninth digit).
 * Odoo is only asked for candidates sharing the last digits; each one is then compared in full, so a short number
 * or one that is the tail of another never binds to that other customer.
 */
async function byPhone(odoo: OdooClient, e164: string): Promise<OdooRecord[]> {
	// Odoo 19 folded `mobile` into `phone`
	const hasMobile = (await odoo.version()).major < 19;
	const fields = ['id', 'name', 'phone', 'email', 'country_id', ...(hasMobile ? ['mobile'] : [])];
	const tail = phoneTail(e164);
	let candidates: OdooRecord[];
	try {
		// phone_mobile_search (module sms) ignores spaces, dots, dashes and brackets in stored numbers; it also strips
		// backslashes from the value, so no LIKE escape would survive it: the tail is digits only
		candidates = await odoo.searchRead('res.partner', [containsText('phone_mobile_search', tail, 'phone')], { fields, limit: 50, order: 'id' });
	} catch (error) {
		if (!(error instanceof OdooError) || error.type !== 'bad_domain') throw error;
		const last4 = tail.slice(-4);
		const domain: Domain = hasMobile ? ['|', containsText('phone', last4, 'phone'), containsText('mobile', last4, 'phone')] : [containsText('phone', last4, 'phone')];
		candidates = await odoo.searchRead('res.partner', domain, { fields, limit: 200, order: 'id' });
	}
	const codes = await callingCodes(odoo, candidates);
	return candidates.filter((p) => {
		const code = codes.get(countryIdOf(p)) ?? '55';
		return [p.phone, p.mobile].some((stored) => typeof stored === 'string' && samePhone(stored, e164, code));
	});
}

const countryIdOf = (partner: OdooRecord): number | undefined => (Array.isArray(partner.country_id) && typeof partner.country_id[0] === 'number' ? partner.country_id[0] : undefined);

/** The calling code (res.country.phone_code) of each candidate's country: a number stored without "+" belongs to it. */
async function callingCodes(odoo: OdooClient, partners: OdooRecord[]): Promise<Map<number | undefined, string>> {
	const ids = [...new Set(partners.map(countryIdOf).filter((id): id is number => id !== undefined))];
	const codes = new Map<number | undefined, string>();
	if (!ids.length) return codes;
	for (const country of await odoo.read('res.country', ids, ['phone_code'])) {
		if (typeof country.phone_code === 'number' && country.phone_code > 0) codes.set(country.id as number, String(country.phone_code));
	}
	return codes;
}

/** An e-mail as compared: without surrounding blanks, lowercase (addresses are matched case-insensitively). */
const emailKey = (email: string): string => email.trim().normalize('NFC').toLowerCase();

/** Loose shape only (one `@`, no blanks or brackets): the binding's e-mail comes from the channel, not from zod. */
const EMAIL_SHAPE = /^[^\s@<>]+@[^\s@<>]+$/;

/** Partners whose e-mail is exactly `email`, ignoring case: `%` and `_` in it are plain characters. */
async function byEmail(odoo: OdooClient, email: string): Promise<OdooRecord[]> {
	const wanted = emailKey(email);
	const candidates = await odoo.searchRead('res.partner', [equalsIgnoringCase('email', wanted, 'email')], { fields: ['id', 'name', 'email'], limit: 5, order: 'id' });
	// with the unaccent extension ILIKE also ignores accents; only the same address binds
	return candidates.filter((p) => typeof p.email === 'string' && emailKey(p.email) === wanted);
}

export const odooPartnerFindOrCreate = tool({
	name: 'odoo_partner_find_or_create',
	title: 'Find or create the customer',
	description:
		'Finds the customer (res.partner) by phone or e-mail — Brazilian formats such as "(11) 98765-4321", with or without +55 or the ninth digit, all match — and creates it only when none exists. Under the customer profile the phone, e-mail and name come from the conversation, not from these arguments.',
	input: z.object({
		tenant_id: tenantField,
		phone: z.string().trim().min(8).max(40).optional().describe('Phone in any usual format, e.g. "+55 11 98765-4321" or "(11) 98765-4321".'),
		email: z.email({ error: 'email is not an e-mail address' }).optional().describe('E-mail address.'),
		name: z.string().trim().min(1).max(200).optional().describe('Full name, used only when the partner is created.'),
	}),
	output: z.object({
		partner_id: z.number(),
		name: z.string(),
		created: z.boolean().describe('Whether the partner was created by this call.'),
		matched_by: z.enum(['phone', 'email', 'binding', 'created']),
		phone: z.string().nullable().describe('The phone in E.164 form, when one was given.'),
	}),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { odoo, profile }, call) => {
		const binding = bindingOf(call);
		let { phone, email, name } = args;
		if (profile === 'customer') {
			if (binding.partner_id) {
				// read returns archived partners too; an archived one (merged, or removed by the business) is not bound again
				const [partner] = await odoo.read('res.partner', [binding.partner_id], ['id', 'name', 'active']);
				if (partner && partner.active !== false) return { partner_id: partner.id, name: String(partner.name), created: false, matched_by: 'binding' as const, phone: binding.phone ?? null };
			}
			if (!binding.phone && !binding.email) {
				throw new RefusedError('The customer profile refuses odoo_partner_find_or_create: the caller has bound no phone or e-mail of the conversation\'s customer.');
			}
			// the conversation's contact, never what the model typed
			({ phone, email, name } = { phone: binding.phone, email: binding.email, name: binding.name ?? name });
		}
		email = email?.trim() || undefined;
		if (!phone && !email) throw new InvalidInputError('Give a phone or an e-mail to find the customer by.');
		const e164 = phone ? normalizePhone(phone) : null;
		if (phone && !e164) throw new InvalidInputError(`"${phone}" is not a phone number: write it with the area code, e.g. (11) 98765-4321 or +55 11 98765-4321.`);
		if (email && !EMAIL_SHAPE.test(email)) throw new InvalidInputError(`"${email}" is not an e-mail address.`);
		const viaPhone = e164 ? await byPhone(odoo, e164) : [];
		if (viaPhone.length) return { partner_id: viaPhone[0].id, name: String(viaPhone[0].name), created: false, matched_by: 'phone' as const, phone: e164 };
		const viaEmail = email ? await byEmail(odoo, email) : [];
		if (viaEmail.length) return { partner_id: viaEmail[0].id, name: String(viaEmail[0].name), created: false, matched_by: 'email' as const, phone: e164 };
		const display = name || email || e164 || 'Cliente';
		const id = await odoo.create('res.partner', { name: display, ...(e164 ? { phone: e164 } : {}), ...(email ? { email } : {}) });
		return { partner_id: id, name: display, created: true, matched_by: 'created' as const, phone: e164 };
	},
});
