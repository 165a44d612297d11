/** Access rights of the demo users: admin (everything), demo (internal, no settings), portal (own records, read-only). */
import type { AccessPolicy, Operation } from '../orm/store';
import type { Env, ModelState, Rec } from '../orm/types';

const PORTAL_UID = 7;
const PORTAL_PARTNER = 8;
const DEMO_UID = 6;
const SETTINGS_MODELS = ['res.company', 'res.users', 'ir.module.module', 'account.tax', 'res.currency'];

const VERB: Record<Operation, string> = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' };

export const ACCESS_POLICY: AccessPolicy = {
	acl(env: Env, model: string, operation: Operation): boolean {
		if (env.uid === PORTAL_UID) return operation === 'read';
		if (env.uid === DEMO_UID && operation !== 'read' && SETTINGS_MODELS.includes(model)) return false;
		return true;
	},
	rule(env: Env, model: string, rec: Rec): boolean {
		if (env.uid !== PORTAL_UID) return true;
		if (model === 'res.partner') return rec.id === PORTAL_PARTNER || rec.is_company === true;
		if (model === 'sale.order') return rec.partner_id === PORTAL_PARTNER;
		return true;
	},
	aclMessage(env: Env, model: ModelState, operation: Operation): string {
		const groups =
			env.uid === PORTAL_UID && model.spec.name === 'res.partner'
				? ['Extra Rights/Contact Creation', 'Inventory/Administrator', 'Sales/Administrator']
				: env.uid === PORTAL_UID
					? ['Administration/Settings', 'Inventory/Administrator', 'Inventory/User', 'Invoicing/Billing Administrator', 'Sales/Administrator', 'Sales/User: Own Documents Only', 'Technical/Show Accounting Features - Readonly', 'User types/Internal User']
					: ['Administration/Access Rights'];
		return `You are not allowed to ${VERB[operation]} '${model.spec.description}' (${model.spec.name}) records.\n\nThis operation is allowed for the following groups:\n${groups.map((group) => `\t- ${group}`).join('\n')}\n\nContact your administrator to request access if necessary.`;
	},
};
