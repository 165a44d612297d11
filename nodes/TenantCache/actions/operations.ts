import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { itemParameter } from '../../../lib/n8n/parameters';
import { CACHE_TYPES, CACHE_TYPE_NAMES } from '../cache/types';

export type CacheOperation = 'get' | 'set' | 'delete' | 'invalidate' | 'remember' | 'seen' | 'lock' | 'unlock' | 'stats';

/** One canvas operation: its tool, its label, and how an item's parameters become tool arguments. */
interface OperationSpec {
	tool: string;
	name: string;
	action: string;
	description: string;
	toArgs(ctx: IExecuteFunctions, i: number): IDataObject;
}

const show = (...operations: CacheOperation[]) => ({ show: { operation: operations } });

function parseValue(ctx: IExecuteFunctions, i: number): IDataObject[string] {
	const raw = ctx.getNodeParameter('value', i) as IDataObject[string];
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw) as IDataObject[string];
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Value is not valid JSON: ${(error as Error).message}`, {
			itemIndex: i,
			description: 'Write a JSON value such as {"price": 1299.9} or "text" (with quotes), or use an expression.',
		});
	}
}

function parseTags(raw: unknown): string[] | undefined {
	if (Array.isArray(raw)) return raw.map(String);
	if (typeof raw !== 'string' || raw.trim() === '') return undefined;
	return raw.split(',').map((tag) => tag.trim()).filter((tag) => tag.length > 0);
}

const options = (ctx: IExecuteFunctions, i: number): IDataObject => ctx.getNodeParameter('options', i, {}) as IDataObject;

/** 0, empty or absent: no queue (an expression such as {{ $json.sequence }} may yield null without Redis). */
function ticketOf(ctx: IExecuteFunctions, i: number): number | undefined {
	const value = Number(itemParameter(ctx, 'ticket', i, 0) ?? 0);
	return Number.isFinite(value) && value > 0 ? value : undefined;
}

function optional(args: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined && value !== ''));
}

const base = (ctx: IExecuteFunctions, i: number): IDataObject => ({ tenant_id: String(itemParameter(ctx, 'tenantId', i) ?? '') });
const typed = (ctx: IExecuteFunctions, i: number): IDataObject => ({
	...base(ctx, i),
	type: String(itemParameter(ctx, 'type', i) ?? ''),
	key: String(itemParameter(ctx, 'key', i) ?? ''),
});

export const OPERATIONS: Record<CacheOperation, OperationSpec> = {
	get: {
		tool: 'cache_get',
		name: 'Get',
		action: 'Get a cached value',
		description: 'Read a value; hit is false on a miss',
		toArgs: typed,
	},
	set: {
		tool: 'cache_set',
		name: 'Set',
		action: 'Set a cached value',
		description: 'Store a JSON value with a TTL and tags',
		toArgs: (ctx, i) =>
			optional({
				...typed(ctx, i),
				value: parseValue(ctx, i),
				ttl_seconds: options(ctx, i).ttlSeconds,
				tags: parseTags(options(ctx, i).tags),
			}),
	},
	delete: {
		tool: 'cache_delete',
		name: 'Delete',
		action: 'Delete a cached value',
		description: 'Remove one key',
		toArgs: typed,
	},
	invalidate: {
		tool: 'cache_invalidate',
		name: 'Invalidate Tag',
		action: 'Invalidate every key with a tag',
		description: 'Remove exactly the keys set with a tag',
		toArgs: (ctx, i) => ({ ...base(ctx, i), tag: String(itemParameter(ctx, 'tag', i) ?? '') }),
	},
	remember: {
		tool: 'cache_remember',
		name: 'Remember',
		action: 'Read or compute a value once',
		description: 'Cache-aside with single flight: hit, or a lease to compute the value (then call again with the lease token and value)',
		toArgs: (ctx, i) => {
			const leaseToken = String(itemParameter(ctx, 'leaseToken', i, '') ?? '');
			return optional({
				...typed(ctx, i),
				lease_token: leaseToken,
				value: leaseToken ? parseValue(ctx, i) : undefined,
				ttl_seconds: options(ctx, i).ttlSeconds,
				tags: parseTags(options(ctx, i).tags),
				wait_ms: options(ctx, i).waitMs,
			});
		},
	},
	seen: {
		tool: 'cache_seen',
		name: 'Seen',
		action: 'Check and mark an event as seen',
		description: 'Idempotency: seen is false the first time an ID arrives, true afterwards',
		toArgs: (ctx, i) => optional({ ...base(ctx, i), id: String(itemParameter(ctx, 'eventId', i) ?? ''), ttl_seconds: options(ctx, i).ttlSeconds }),
	},
	lock: {
		tool: 'cache_lock',
		name: 'Lock',
		action: 'Acquire a lock',
		description: 'Take a named lock with an expiry; returns the owner token',
		toArgs: (ctx, i) =>
			optional({
				...base(ctx, i),
				name: String(itemParameter(ctx, 'lockName', i) ?? ''),
				ttl_seconds: options(ctx, i).ttlSeconds,
				wait_ms: options(ctx, i).waitMs,
				ticket: ticketOf(ctx, i),
			}),
	},
	unlock: {
		tool: 'cache_unlock',
		name: 'Unlock',
		action: 'Release a lock',
		description: 'Release a lock; only its owner token can',
		toArgs: (ctx, i) => ({
			...base(ctx, i),
			name: String(itemParameter(ctx, 'lockName', i) ?? ''),
			token: String(itemParameter(ctx, 'token', i) ?? ''),
			...(ticketOf(ctx, i) ? { ticket: ticketOf(ctx, i) } : {}),
		}),
	},
	stats: {
		tool: 'cache_stats',
		name: 'Stats',
		action: 'Get cache statistics',
		description: 'Hits and misses per type for the tenant',
		toArgs: base,
	},
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: (Object.entries(OPERATIONS) as Array<[CacheOperation, OperationSpec]>).map(([value, spec]) => ({
		name: spec.name,
		value,
		action: spec.action,
		description: spec.description,
	})),
	default: 'get',
};

export const fieldProperties: INodeProperties[] = [
	{
		displayName: 'Tenant ID',
		name: 'tenantId',
		type: 'string',
		required: true,
		default: '={{ $json.tenant_id }}',
		description: 'The tenant (Chatwoot account ID) whose cache to use; every key lives under t:{tenant}:',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: CACHE_TYPE_NAMES.map((type) => ({
			name: type,
			value: type,
			description: `${CACHE_TYPES[type].holds} (default TTL ${CACHE_TYPES[type].ttlSeconds}s)`,
		})),
		default: 'custom',
		displayOptions: show('get', 'set', 'delete', 'remember'),
	},
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'CAD-ERG-01',
		displayOptions: show('get', 'set', 'delete', 'remember'),
	},
	{
		displayName: 'Lease Token',
		name: 'leaseToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Leave empty to read (or get a lease); set it to the token of a previous Remember to store the computed value',
		displayOptions: show('remember'),
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'json',
		required: true,
		default: '{}',
		description: 'Any JSON value: object, array, string in quotes, number, true/false or null',
		displayOptions: show('set', 'remember'),
	},
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'product:42',
		displayOptions: show('invalidate'),
	},
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'chatwoot:message:4711',
		displayOptions: show('seen'),
	},
	{
		displayName: 'Lock Name',
		name: 'lockName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'conversation:123',
		displayOptions: show('lock', 'unlock'),
	},
	{
		displayName: 'Ticket',
		name: 'ticket',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Turn in the queue of this lock name, e.g. the Chatwoot Trigger\'s sequence: the lock is granted in ticket order, so messages of a conversation are handled in the order they arrived. 0: no queue.',
		displayOptions: show('lock', 'unlock'),
	},
	{
		displayName: 'Owner Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'The token the Lock operation returned',
		displayOptions: show('unlock'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show('set', 'remember', 'seen', 'lock'),
		options: [
			{
				displayName: 'TTL (Seconds)',
				name: 'ttlSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'Time to live; without it the type\'s default (or the credential\'s override) applies',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'product:42, catalog',
				description: 'Comma-separated tags, for Invalidate Tag',
			},
			{
				displayName: 'Wait (Ms)',
				name: 'waitMs',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 60000 },
				default: 0,
				description: 'How long to wait for a lock, or for another caller\'s computation in Remember',
			},
			{
				displayName: 'Drop Turns Already Answered',
				name: 'dropAnswered',
				type: 'boolean',
				default: false,
				description: 'Whether to leave out an item whose ticket\'s turn was already taken over and answered by a later one (skipped), so the steps after the lock do not run for it',
				displayOptions: { show: { '/operation': ['lock'] } },
			},
		],
	},
];
