import { z } from 'zod/v4';

import { InvalidInputError, RefusedError } from './errors';

/**
 * A tenant is a Chatwoot account. Its id becomes part of every Redis key (`t:{tenant}:...`),
 * so it may not contain the `:` separator: otherwise tenant `a:b` could address tenant `a`.
 */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const TENANT_ID_RULE =
	'1-64 characters: letters, digits, "_", "." or "-", starting with a letter or digit (a Chatwoot account id such as 12 works)';

export function assertTenantId(value: unknown): string {
	if (value === undefined || value === null || value === '') {
		throw new RefusedError('tenant_id is required: every call is scoped to one tenant (the Chatwoot account id).');
	}
	const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
	if (typeof text !== 'string' || !TENANT_ID_PATTERN.test(text)) {
		throw new RefusedError(`tenant_id ${JSON.stringify(value)} is not valid: use ${TENANT_ID_RULE}.`);
	}
	return text;
}

/** Zod field for `tenant_id`; accepts a numeric account id and always yields a string. */
export const tenantIdField = z
	.union([z.string(), z.number().int().nonnegative()], {
		error: 'tenant_id is required: every call is scoped to one tenant (the Chatwoot account id)',
	})
	.transform((value) => String(value))
	.pipe(z.string().regex(TENANT_ID_PATTERN, { error: `tenant_id must be ${TENANT_ID_RULE}` }))
	.describe('Tenant (company) id: the Chatwoot account id, e.g. "12" or "acme". Required on every call.');

/** `*` in a tenant list: every tenant. */
export const ALL_TENANTS = '*';

/** Which tenants one caller may act on: all of them, or a fixed list. */
export type TenantGrant = { readonly all: true } | { readonly all: false; readonly tenants: ReadonlySet<string> };

/**
 * Reads a tenant list: `"*"`, `["*"]`, or a non-empty list of tenant ids. `where` names the list
 * in errors; it must not be the secret the list belongs to.
 */
export function parseTenantGrant(value: unknown, where: string): TenantGrant {
	const list = value === ALL_TENANTS ? [ALL_TENANTS] : value;
	if (!Array.isArray(list) || list.length === 0) {
		throw new InvalidInputError(`${where} must be "${ALL_TENANTS}" or a non-empty list of tenant ids, e.g. ["12", "acme"].`);
	}
	if (list.includes(ALL_TENANTS)) {
		if (list.length > 1) throw new InvalidInputError(`${where} mixes "${ALL_TENANTS}" with tenant ids: "${ALL_TENANTS}" alone means every tenant.`);
		return { all: true };
	}
	const tenants = new Set<string>();
	for (const item of list) {
		const text = typeof item === 'number' && Number.isInteger(item) && item >= 0 ? String(item) : item;
		if (typeof text !== 'string' || !TENANT_ID_PATTERN.test(text)) {
			throw new InvalidInputError(`${where}: ${JSON.stringify(item)} is not a tenant id: use ${TENANT_ID_RULE}.`);
		}
		tenants.add(text);
	}
	return { all: false, tenants };
}

export function tenantGranted(grant: TenantGrant, tenantId: string): boolean {
	return grant.all || grant.tenants.has(tenantId);
}

/** "every tenant" or "tenants 12, acme", for messages to the caller who holds the grant. */
export function describeTenantGrant(grant: TenantGrant): string {
	return grant.all ? 'every tenant' : `tenant${grant.tenants.size === 1 ? '' : 's'} ${[...grant.tenants].join(', ')}`;
}
