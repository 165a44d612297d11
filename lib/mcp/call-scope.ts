import { RefusedError } from '../errors';
import { describeTenantGrant, tenantGranted, type TenantGrant } from '../tenant';

/**
 * What the calls of one HTTP request may do, decided by the transport from its token and limits
 * and checked on every tool call of that request: which tenants, and how much waiting in total.
 * It travels as the SDK's `authInfo`, which only the server side can set.
 */
export interface CallScope {
	readonly tenants: TenantGrant;
	/** Milliseconds of `wait_ms` all calls of the request may ask for together. */
	readonly waitBudgetMs: number;
	/** What is left of it; every admitted call takes its `wait_ms` off. */
	waitLeftMs: number;
}

/** The SDK's AuthInfo shape. The bearer token itself is never put in: nothing downstream needs it. */
export interface ScopedAuthInfo {
	token: string;
	clientId: string;
	scopes: string[];
	extra: Record<string, unknown>;
}

const SCOPE_FIELD = 'omnicrew/call_scope';

export function authInfoFor(scope: CallScope): ScopedAuthInfo {
	return { token: '[not kept]', clientId: 'omnicrew-mcp-http', scopes: [], extra: { [SCOPE_FIELD]: scope } };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The scope of the request a call came in, or undefined for stdio and in-process calls. */
export function callScopeOf(authInfo: unknown): CallScope | undefined {
	if (!isRecord(authInfo) || !isRecord(authInfo.extra)) return undefined;
	const scope = authInfo.extra[SCOPE_FIELD];
	return isRecord(scope) && isRecord(scope.tenants) ? (scope as unknown as CallScope) : undefined;
}

/**
 * Throws a refusal when a call (its arguments already validated) reaches outside the request's
 * tenants or asks for more waiting than the request has left; otherwise takes its wait off.
 */
export function admitCall(scope: CallScope, toolName: string, args: unknown): void {
	const record = isRecord(args) ? args : {};
	if (!scope.tenants.all) {
		const given = record.tenant_id;
		const tenantId = typeof given === 'string' || typeof given === 'number' ? String(given) : '';
		const granted = describeTenantGrant(scope.tenants);
		if (tenantId === '') throw new RefusedError(`${toolName}: this token may act only on ${granted}; name one of them in tenant_id.`);
		if (!tenantGranted(scope.tenants, tenantId)) throw new RefusedError(`${toolName}: tenant_id ${tenantId} is not open to this token; it may act only on ${granted}.`);
	}
	const wait = record.wait_ms;
	if (typeof wait === 'number' && wait > 0) {
		if (wait > scope.waitLeftMs) {
			throw new RefusedError(
				`${toolName}: wait_ms ${wait} is more than this request may still wait (${scope.waitLeftMs} of ${scope.waitBudgetMs} ms shared by all its calls); ask for less, or send the call in a request of its own.`,
			);
		}
		scope.waitLeftMs -= wait;
	}
}
