import { accountIdOf } from '../Chatwoot/events';
import type { IntakeRequest, IntakeResult, IntakeTrust } from './intake';

/**
 * The account a request claims to come from, read before it is verified: only to choose the
 * secret to verify it with. Nothing else of the body is used until the signature holds.
 */
export function claimedAccount(request: IntakeRequest): string | null {
	let body: unknown = request.parsedBody;
	if (request.rawBody) {
		try {
			body = JSON.parse(request.rawBody.toString('utf8').replace(/^\uFEFF/, ''));
		} catch {
			return null;
		}
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
	return accountIdOf(body as Record<string, unknown>) || null;
}

export const NO_TENANT_SECRET_REASON =
	'this account has no webhook secret in its tenant upstreams, so its requests cannot be verified: set chatwoot.webhook_secret with the Tenant Config node\'s Set Upstreams (config_put_upstreams)';

/**
 * How a trigger serving every tenant verifies one request: with the webhook secret of the account
 * the request names, for that account only. A request signed with one tenant's secret that names
 * another account fails that account's check (401); a request of an account without a secret, or
 * naming none, is refused before anything is written. Unsigned requests are never accepted here.
 */
export async function tenantTrust(request: IntakeRequest, secretOf: (account: string) => Promise<string | null>): Promise<{ trust: IntakeTrust } | { refused: IntakeResult }> {
	const account = claimedAccount(request);
	const refused = (status: 400 | 401, reason: string): { refused: IntakeResult } => ({
		refused: { kind: 'refused', status, body: { error: status === 401 ? 'Unauthorized' : 'Bad Request', reason } },
	});
	if (!account) return refused(400, 'the body names no Chatwoot account (account.id), so no tenant\'s secret can verify it');
	const secret = await secretOf(account);
	if (!secret) return refused(401, NO_TENANT_SECRET_REASON);
	return { trust: { keys: [{ secret, accounts: [account] }], acceptUnsigned: false, unsignedAccounts: [] } };
}
