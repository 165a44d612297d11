/** Access rights of the demo users: admin (everything), demo (internal, no settings), portal (own records, read-only). */
import type { AccessPolicy, Operation } from '../orm/store';
import type { Env, ModelState, Rec } from '../orm/types';

const PORTAL_UID = 7;
const PORTAL_PARTNER = 8;
const DEMO_UID = 6;

/** The demo users go by login: their uids differ between recorded versions (19: demo 5, portal 6). */
function userOf(env: Env): Rec | undefined {
	return env.store.has('res.users') ? env.store.model('res.users').records.get(env.uid) : undefined;
}
function isPortal(env: Env): boolean {
	const login = userOf(env)?.login;
	return typeof login === 'string' ? login === 'portal' : env.uid === PORTAL_UID;
}
function isDemo(env: Env): boolean {
	const login = userOf(env)?.login;
	return typeof login === 'string' ? login === 'demo' : env.uid === DEMO_UID;
}
function portalPartner(env: Env): number {
	const partner = userOf(env)?.partner_id;
	return typeof partner === 'number' ? partner : PORTAL_PARTNER;
}
const SETTINGS_MODELS = ['res.company', 'res.users', 'ir.module.module', 'account.tax', 'res.currency'];

const VERB: Record<Operation, string> = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' };

export const ACCESS_POLICY: AccessPolicy = {
	acl(env: Env, model: string, operation: Operation): boolean {
		if (isPortal(env)) return operation === 'read';
		if (isDemo(env) && operation !== 'read' && SETTINGS_MODELS.includes(model)) return false;
		return true;
	},
	rule(env: Env, model: string, rec: Rec): boolean {
		if (!isPortal(env)) return true;
		if (model === 'res.partner') return rec.id === portalPartner(env) || rec.is_company === true;
		if (model === 'sale.order') return rec.partner_id === portalPartner(env);
		return true;
	},
	aclMessage(env: Env, model: ModelState, operation: Operation): string {
		const groups =
			isPortal(env) && model.spec.name === 'res.partner'
				? ['Extra Rights/Contact Creation', 'Inventory/Administrator', 'Sales/Administrator']
				: isPortal(env)
					? ['Administration/Settings', 'Inventory/Administrator', 'Inventory/User', 'Invoicing/Billing Administrator', 'Sales/Administrator', 'Sales/User: Own Documents Only', 'Technical/Show Accounting Features - Readonly', 'User types/Internal User']
					: ['Administration/Access Rights'];
		return `You are not allowed to ${VERB[operation]} '${model.spec.description}' (${model.spec.name}) records.\n\nThis operation is allowed for the following groups:\n${groups.map((group) => `\t- ${group}`).join('\n')}\n\nContact your administrator to request access if necessary.`;
	},
};
