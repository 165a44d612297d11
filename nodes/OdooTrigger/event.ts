import { z } from 'zod/v4';

import { TENANT_ID_PATTERN } from '../../lib/tenant';

/** The events the OmniCrew Odoo addon sends (docs/odoo-webhooks.md is the contract). */
export const ODOO_EVENTS = ['record.created', 'record.updated', 'record.deleted', 'discuss.message', 'stock.changed'] as const;

export const odooEventSchema = z.object({
	id: z.string().min(1).max(128).describe('Unique event id; a redelivery repeats it.'),
	event: z.enum(ODOO_EVENTS),
	model: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/),
	record_ids: z.array(z.number().int().positive()),
	values: z.record(z.string(), z.unknown()).default({}),
	company_id: z.number().int().positive().nullable().default(null),
	tenant_id: z.union([z.string(), z.number().int().nonnegative()]).transform(String).pipe(z.string().regex(TENANT_ID_PATTERN)),
	user_id: z.number().int().positive().nullable().default(null),
	occurred_at: z.string().min(10),
});

export type OdooEvent = z.output<typeof odooEventSchema>;

export function parseOdooEvent(body: unknown): { ok: true; event: OdooEvent } | { ok: false; reason: string } {
	const parsed = odooEventSchema.safeParse(body);
	if (parsed.success) return { ok: true, event: parsed.data };
	return { ok: false, reason: `not an OmniCrew Odoo event: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` };
}
