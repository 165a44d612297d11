import { z } from 'zod/v4';

import { DESTRUCTIVE, READ_ONLY, WRITE, toolFactory } from '../../../lib/mcp/tool';
import { RefusedError } from '../../../lib/errors';
import { LIMITS } from '../profile';
import { confirmField, contextField, domainField, fieldsField, idsField, modelField, tenantField, previewOutput, type OdooToolContext } from './fields';

const tool = toolFactory<OdooToolContext>();
const records = z.array(z.looseObject({ id: z.number() }));

export const odooSearchRead = tool({
	name: 'odoo_search_read',
	title: 'Search and read records',
	description: 'Searches any model with a domain and returns the chosen fields (erp_operator profile). Prefer the business tools for products, stock, partners, orders and calendar.',
	input: z.object({
		tenant_id: tenantField,
		model: modelField,
		domain: domainField.default([]),
		fields: fieldsField,
		limit: z.number().int().min(1).max(LIMITS.erp_operator.maxResults).optional().describe('At most this many records (default 80).'),
		offset: z.number().int().min(0).optional().describe('Records to skip, for paging.'),
		order: z.string().regex(/^[a-z0-9_]+( (asc|desc))?(, ?[a-z0-9_]+( (asc|desc))?)*$/i, { error: 'order is "field [asc|desc], ..."' }).optional().describe('Sort, e.g. "name asc, id desc".'),
		context: contextField,
	}),
	output: z.object({ records, count: z.number() }),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { odoo }) => {
		const found = await odoo.searchRead(args.model, args.domain as never, { fields: args.fields, limit: args.limit ?? 80, offset: args.offset, order: args.order, context: args.context });
		return { records: found, count: found.length };
	},
});

export const odooRead = tool({
	name: 'odoo_read',
	title: 'Read records by id',
	description: 'Reads records by id (erp_operator profile). Ids that no longer exist are left out, as Odoo does.',
	input: z.object({ tenant_id: tenantField, model: modelField, ids: idsField, fields: fieldsField, context: contextField }),
	output: z.object({ records }),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { odoo }) => ({ records: await odoo.read(args.model, args.ids, args.fields, args.context) }),
});

export const odooCount = tool({
	name: 'odoo_count',
	title: 'Count records',
	description: 'Counts the records of a model matching a domain (erp_operator profile).',
	input: z.object({ tenant_id: tenantField, model: modelField, domain: domainField.default([]), context: contextField }),
	output: z.object({ count: z.number() }),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { odoo }) => ({ count: await odoo.searchCount(args.model, args.domain as never, args.context) }),
});

export const odooCreate = tool({
	name: 'odoo_create',
	title: 'Create a record',
	description: 'Creates one record and returns its id (erp_operator profile). Relational fields take Odoo commands, e.g. "tag_ids": [[6, 0, [1, 2]]].',
	input: z.object({
		tenant_id: tenantField,
		model: modelField,
		values: z.record(z.string(), z.unknown()).describe('Field values of the new record, e.g. {"name": "Maria Souza", "phone": "+5511987654321"}.'),
		context: contextField,
	}),
	output: z.object({ id: z.number() }),
	annotations: { ...WRITE, openWorldHint: true },
	run: async (args, { odoo }) => ({ id: await odoo.create(args.model, args.values, args.context) }),
});

export const odooWrite = tool({
	name: 'odoo_write',
	title: 'Update records',
	description: 'Writes field values on records (erp_operator profile).',
	input: z.object({
		tenant_id: tenantField,
		model: modelField,
		ids: idsField,
		values: z.record(z.string(), z.unknown()).describe('Fields to change, e.g. {"phone": "+5511987654321"}.'),
		context: contextField,
	}),
	output: z.object({ updated: z.number() }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { odoo }) => {
		await odoo.write(args.model, args.ids, args.values, args.context);
		return { updated: args.ids.length };
	},
});

export const odooDelete = tool({
	name: 'odoo_delete',
	title: 'Delete records',
	description: 'Deletes records (erp_operator profile). Destructive: without confirm: true it only says which records would be deleted.',
	input: z.object({ tenant_id: tenantField, model: modelField, ids: idsField, confirm: confirmField }),
	output: z.object({ deleted: z.number().optional().describe('Records deleted.'), ...previewOutput }),
	annotations: { ...DESTRUCTIVE, openWorldHint: true },
	run: async (args, { odoo }) => {
		if (args.confirm !== true) {
			const found = await odoo.read(args.model, args.ids, ['display_name']);
			const names = found.map((r) => `${String(r.display_name ?? r.id)} (id ${r.id})`).join(', ');
			return { needs_confirmation: true, would: `delete ${found.length} ${args.model} record(s): ${names || 'none found'}` };
		}
		await odoo.unlink(args.model, args.ids);
		return { deleted: args.ids.length };
	},
});

export const odooFields = tool({
	name: 'odoo_fields',
	title: 'Describe a model\'s fields',
	description: 'Lists a model\'s fields with label, type, required and relation (erp_operator profile), to know what to read or write.',
	input: z.object({
		tenant_id: tenantField,
		model: modelField,
		attributes: z.array(z.string()).optional().describe('Attributes per field (default string, type, required, relation, selection).'),
	}),
	output: z.object({ fields: z.record(z.string(), z.record(z.string(), z.unknown())) }),
	annotations: { ...READ_ONLY, openWorldHint: true },
	run: async (args, { odoo }) => ({ fields: await odoo.fieldsGet(args.model, args.attributes) }),
});

/** Public methods that only read: no confirmation needed. */
const READ_METHODS = new Set(['search', 'search_read', 'search_count', 'read', 'read_group', 'name_search', 'fields_get', 'default_get', 'get_contextual_price', 'check_access_rights', 'exists']);

export const odooCall = tool({
	name: 'odoo_call',
	title: 'Call a public model method',
	description:
		'Calls a public method of a model, e.g. sale.order action_confirm (erp_operator profile). Methods that change data are destructive: without confirm: true the tool only says what it would call.',
	input: z.object({
		tenant_id: tenantField,
		model: modelField,
		method: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'method must be a public method name (no leading underscore)' }).describe('Method name, e.g. "action_confirm".'),
		ids: z.array(z.number().int().positive()).optional().describe('Records to call it on, for record methods.'),
		kwargs: z.record(z.string(), z.unknown()).optional().describe('Keyword arguments of the method.'),
		context: contextField,
		confirm: confirmField,
	}),
	output: z.object({ result: z.unknown().describe('What the method returned.'), ...previewOutput }),
	annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
	run: async (args, { odoo }) => {
		if (args.method.startsWith('_')) throw new RefusedError(`odoo_call refuses private method ${args.method}.`);
		if (!READ_METHODS.has(args.method) && args.confirm !== true) {
			return {
				result: null,
				needs_confirmation: true,
				would: `call ${args.model}.${args.method}${args.ids ? ` on ids ${args.ids.join(', ')}` : ''}${args.kwargs ? ` with ${JSON.stringify(args.kwargs)}` : ''}`,
			};
		}
		const result = await odoo.call<unknown>(args.model, args.method, { ids: args.ids, kwargs: args.kwargs, context: args.context });
		return { result: result ?? null };
	},
});
