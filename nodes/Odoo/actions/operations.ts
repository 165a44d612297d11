import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { operationOptions, operationsWith, planToolArgs, fromTools, type ArgDecl, type ToolOperationDecl } from '../../../lib/n8n/args';
import { itemParameter } from '../../../lib/n8n/parameters';
import type { Binding } from '../profile';
import { odooTools } from '../tools';

/** A node field filling a tool argument; its kind and whether it is optional come from the tool's schema. */
const a = (arg: string, param: string): ArgDecl => ({ arg, param });
const model = a('model', 'model');
const ids = a('ids', 'ids');
const context = a('context', 'context');
const confirm = a('confirm', 'confirm');
const tz = a('timezone', 'timezone');

export const OPERATIONS = fromTools(
	{
		productSearch: { tool: 'odoo_product_search', name: 'Search Products', action: 'Search products', description: 'By name, reference or barcode, with price and stock', args: [a('query', 'query'), a('limit', 'limit')] },
		stockAvailability: {
			tool: 'odoo_stock_availability',
			name: 'Get Stock Availability',
			action: 'Get stock availability',
			description: 'On hand, forecast and free to use, per warehouse',
			args: [a('product_ids', 'productIds'), a('query', 'query'), a('warehouse', 'warehouse')],
		},
		partnerFindOrCreate: {
			tool: 'odoo_partner_find_or_create',
			name: 'Find or Create Customer',
			action: 'Find or create a customer',
			description: 'By phone (Brazilian formats) or e-mail; never duplicates',
			args: [a('phone', 'phone'), a('email', 'email'), a('name', 'partnerName')],
		},
		saleOrderCreate: {
			tool: 'odoo_sale_order_create',
			name: 'Create Quotation',
			action: 'Create a quotation or order',
			description: 'Product lines for a customer; optionally confirm (ERP operator)',
			args: [a('partner_id', 'partnerId'), a('lines', 'lines'), a('confirm', 'confirmOrder'), a('note', 'note')],
		},
		orderStatus: { tool: 'odoo_order_status', name: 'Get Order Status', action: 'Get order status', description: 'By reference or customer, in plain words', args: [a('reference', 'reference'), a('partner_id', 'partnerId')] },
		calendarFreeSlots: {
			tool: 'odoo_calendar_free_slots',
			name: 'Find Free Slots',
			action: 'Find free appointment slots',
			description: 'Within business hours, around existing events',
			args: [a('date_from', 'dateFrom'), a('date_to', 'dateTo'), a('duration_minutes', 'durationMinutes'), a('business_hours', 'businessHours'), tz],
		},
		calendarBook: {
			tool: 'odoo_calendar_book',
			name: 'Book Appointment',
			action: 'Book an appointment',
			description: 'At a free time, for the customer',
			args: [a('start', 'start'), a('duration_minutes', 'durationMinutes'), a('title', 'title'), a('description', 'description'), a('partner_id', 'partnerId'), tz],
		},
		calendarReschedule: { tool: 'odoo_calendar_reschedule', name: 'Reschedule Appointment', action: 'Reschedule an appointment', description: 'Move it to a new free time', args: [a('event_id', 'eventId'), a('start', 'start'), tz] },
		calendarCancel: { tool: 'odoo_calendar_cancel', name: 'Cancel Appointment', action: 'Cancel an appointment', description: 'Needs Confirm', args: [a('event_id', 'eventId'), confirm, tz] },
		postMessage: {
			tool: 'odoo_post_message',
			name: 'Post Message',
			action: 'Post a message',
			description: 'In a record\'s chatter or a Discuss channel',
			args: [model, a('res_id', 'resId'), a('body', 'body'), a('kind', 'kind')],
		},
		searchRead: {
			tool: 'odoo_search_read',
			name: 'Search Records',
			action: 'Search records',
			description: 'Any model, with a domain (ERP operator)',
			args: [model, a('domain', 'domain'), a('fields', 'fields'), a('limit', 'limit'), a('order', 'order'), context],
		},
		read: { tool: 'odoo_read', name: 'Read Records', action: 'Read records by ID', description: 'ERP operator', args: [model, ids, a('fields', 'fields'), context] },
		count: { tool: 'odoo_count', name: 'Count Records', action: 'Count records', description: 'ERP operator', args: [model, a('domain', 'domain'), context] },
		create: { tool: 'odoo_create', name: 'Create Record', action: 'Create a record', description: 'ERP operator', args: [model, a('values', 'values'), context] },
		write: { tool: 'odoo_write', name: 'Update Records', action: 'Update records', description: 'ERP operator', args: [model, ids, a('values', 'values'), context] },
		delete: { tool: 'odoo_delete', name: 'Delete Records', action: 'Delete records', description: 'ERP operator; needs Confirm', args: [model, ids, confirm] },
		fields: { tool: 'odoo_fields', name: 'Describe Fields', action: 'Describe a model\'s fields', description: 'ERP operator', args: [model] },
		call: {
			tool: 'odoo_call',
			name: 'Call Method',
			action: 'Call a public model method',
			description: 'ERP operator; writing methods need Confirm',
			args: [model, a('method', 'method'), a('ids', 'ids'), a('kwargs', 'kwargs'), context, confirm],
		},
	} satisfies Record<string, ToolOperationDecl>,
	odooTools,
);

export type OdooOperation = keyof typeof OPERATIONS;

/** Tool arguments for one item: the tenant (an empty one is left out, so the tool says it is required), then the operation's own fields. */
export function planArgs(ctx: IExecuteFunctions, i: number, operation: OdooOperation): Record<string, unknown> {
	const tenant = String(itemParameter(ctx, 'tenantId', i, '') ?? '').trim();
	return { ...(tenant ? { tenant_id: tenant } : {}), ...planToolArgs(ctx, i, OPERATIONS[operation]) };
}

/** The conversation's customer, from the node's own parameters (the workflow, not a model). */
export function bindingFor(ctx: IExecuteFunctions, i: number): Binding {
	const text = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '').trim() || undefined;
	const partner = Number(ctx.getNodeParameter('bindPartnerId', i, 0));
	return { partner_id: partner > 0 ? partner : undefined, phone: text('bindPhone'), email: text('bindEmail'), name: text('bindName') };
}

const show = (...operations: OdooOperation[]) => ({ show: { operation: operations } });
const withParam = (param: string) => show(...operationsWith(OPERATIONS, param));

export const operationProperty: INodeProperties = operationOptions(OPERATIONS, 'productSearch');

export const profileProperty: INodeProperties = {
	displayName: 'Access Profile',
	name: 'profile',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Customer (for Agents Talking to Customers)', value: 'customer', description: 'Business operations only; writes act on the conversation\'s own customer' },
		{ name: 'ERP Operator (for Odoo Users)', value: 'erp_operator', description: 'Every operation; destructive ones need Confirm' },
	],
	default: 'customer',
	description: 'Embedded connection only: a remote server has its own ODOO_PROFILE',
};

const field = (displayName: string, name: string, type: INodeProperties['type'], extra: Partial<INodeProperties> = {}): INodeProperties => ({
	displayName,
	name,
	type,
	default: type === 'number' ? 0 : type === 'boolean' ? false : '',
	displayOptions: withParam(name),
	...extra,
});

export const fieldProperties: INodeProperties[] = [
	{ displayName: 'Tenant ID', name: 'tenantId', type: 'string', required: true, default: '={{ $json.tenant_id }}', description: 'The tenant (Chatwoot account ID) every call is scoped to' },
	{
		displayName: 'Customer Partner ID',
		name: 'bindPartnerId',
		type: 'number',
		default: 0,
		description: 'The conversation\'s customer in Odoo, when known (0 = find by phone/e-mail). Bound by the workflow, never by a model.',
		displayOptions: { show: { profile: ['customer'] } },
	},
	{ displayName: 'Customer Phone', name: 'bindPhone', type: 'string', default: '={{ $json.contact ? $json.contact.phone : "" }}', displayOptions: { show: { profile: ['customer'] } } },
	{ displayName: 'Customer Email', name: 'bindEmail', type: 'string', placeholder: 'name@email.com', default: '={{ $json.contact ? $json.contact.email : "" }}', displayOptions: { show: { profile: ['customer'] } } },
	{ displayName: 'Customer Name', name: 'bindName', type: 'string', default: '={{ $json.contact ? $json.contact.name : "" }}', displayOptions: { show: { profile: ['customer'] } } },
	field('Query', 'query', 'string', { default: '={{ $json.text }}', description: 'Product name, internal reference or barcode' }),
	field('Limit', 'limit', 'number', { typeOptions: { minValue: 1 }, default: 50, description: 'Max number of results to return' }),
	field('Product IDs', 'productIds', 'string', { description: 'Comma-separated product IDs (or use Query)' }),
	field('Warehouse', 'warehouse', 'string', { description: 'Name, code or ID; empty lists every warehouse' }),
	field('Phone', 'phone', 'string'),
	field('Email', 'email', 'string', { placeholder: 'name@email.com' }),
	field('Name', 'partnerName', 'string'),
	field('Partner ID', 'partnerId', 'number', { description: 'ERP operator; the customer profile uses the bound customer' }),
	field('Lines', 'lines', 'json', { default: '[{"product_id": 1, "quantity": 1}]', description: 'Products and quantities' }),
	field('Confirm Order', 'confirmOrder', 'boolean', { description: 'Whether to confirm the order (ERP operator)' }),
	field('Note', 'note', 'string'),
	field('Order Reference', 'reference', 'string', { placeholder: 'S00042' }),
	field('Date From', 'dateFrom', 'string', { placeholder: '2026-12-01' }),
	field('Date To', 'dateTo', 'string', { placeholder: '2026-12-05' }),
	field('Duration (Minutes)', 'durationMinutes', 'number', { default: 60 }),
	field('Business Hours', 'businessHours', 'json', { default: '{"start": "09:00", "end": "18:00", "weekdays": [1, 2, 3, 4, 5]}' }),
	field('Time Zone', 'timezone', 'string', { default: 'America/Sao_Paulo' }),
	field('Start', 'start', 'string', { placeholder: '2026-12-01 14:00', description: 'Local time in the time zone' }),
	field('Title', 'title', 'string'),
	field('Description', 'description', 'string'),
	field('Appointment ID', 'eventId', 'number'),
	field('Model', 'model', 'string', { placeholder: 'res.partner' }),
	field('Record ID', 'resId', 'number'),
	field('Message', 'body', 'string', { typeOptions: { rows: 3 } }),
	field('Kind', 'kind', 'options', {
		options: [
			{ name: 'Message', value: 'comment' },
			{ name: 'Internal Note', value: 'note' },
		],
		default: 'comment',
	}),
	field('IDs', 'ids', 'string', { description: 'Comma-separated record IDs' }),
	field('Domain', 'domain', 'json', { default: '[]' }),
	field('Fields', 'fields', 'string', { description: 'Comma-separated field names' }),
	field('Order', 'order', 'string', { placeholder: 'name asc' }),
	field('Values', 'values', 'json', { default: '{}' }),
	field('Method', 'method', 'string', { placeholder: 'action_confirm' }),
	field('Keyword Arguments', 'kwargs', 'json', { default: '{}' }),
	field('Context', 'context', 'json', { default: '{}' }),
	field('Confirm', 'confirm', 'boolean', { description: 'Whether the user confirmed this destructive action' }),
];
