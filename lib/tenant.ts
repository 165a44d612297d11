import { z } from 'zod/v4';

import { RefusedError } from './errors';

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
