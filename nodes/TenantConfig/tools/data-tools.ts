import { z } from 'zod/v4';

import { READ_ONLY, WRITE, toolFactory } from '../../../lib/mcp/tool';
import { MAX_AGGREGATE_RESULTS, MAX_FIND_LIMIT } from '../store/data-store';
import { collectionNameField, jsonObject, tenantIdField, type ConfigToolContext } from './fields';

const tool = toolFactory<ConfigToolContext>();

const documentsOutput = z.array(z.record(z.string(), z.unknown())).describe('Documents as JSON: _id and object ids as hex strings, dates as ISO strings.');

export const dataFind = tool({
	name: 'data_find',
	title: 'Find structured data',
	description:
		'Finds a tenant\'s documents in one of the allowed data collections with a MongoDB filter (e.g. {"status": "open", "total": {"$gt": 100}}). The tenant condition is always added; $where and other server-side code are refused, and projection and sort name plain fields only. Extended JSON ({"$date": ...}, {"$oid": ...}) gives typed values.',
	input: z.object({
		tenant_id: tenantIdField,
		collection: collectionNameField,
		filter: jsonObject('MongoDB query conditions; {} for all of the tenant\'s documents.').optional(),
		projection: jsonObject('Fields to return (1 or true) or leave out (0 or false), e.g. {"name": 1, "email": 1}; operators and "$field" expressions are refused (compute fields with data_aggregate).').optional(),
		sort: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).optional().describe('Sort order: plain field names with 1 (ascending) or -1 (descending), e.g. {"created_at": -1}.'),
		limit: z.number().int().min(1).max(MAX_FIND_LIMIT).optional().describe(`How many documents at most (default 50, max ${MAX_FIND_LIMIT}).`),
		skip: z.number().int().min(0).max(100_000).optional().describe('How many matching documents to skip first (paging).'),
	}),
	output: z.object({ documents: documentsOutput, count: z.number() }),
	annotations: READ_ONLY,
	run: async (args, { data }) =>
		await data.find(args.tenant_id, args.collection, args.filter, { projection: args.projection, sort: args.sort, limit: args.limit, skip: args.skip }),
});

export const dataInsert = tool({
	name: 'data_insert',
	title: 'Insert structured data',
	description:
		'Inserts documents into one of the allowed data collections for a tenant; tenant_id is stamped on each. All documents are checked before the first is written, so bad input writes nothing.',
	input: z.object({
		tenant_id: tenantIdField,
		collection: collectionNameField,
		documents: z.array(z.record(z.string(), z.unknown())).min(1, { error: 'documents needs at least one document' }).max(100).describe('The documents (at most 100).'),
	}),
	output: z.object({ inserted_ids: z.array(z.string()) }),
	annotations: WRITE,
	run: async (args, { data }) => await data.insert(args.tenant_id, args.collection, args.documents),
});

export const dataUpdate = tool({
	name: 'data_update',
	title: 'Update structured data',
	description:
		'Updates a tenant\'s documents matching a filter with update operators ($set, $unset, $inc, $push, $pull, $addToSet...). tenant_id and _id cannot be changed; whole-document replacement and pipeline updates are refused.',
	input: z.object({
		tenant_id: tenantIdField,
		collection: collectionNameField,
		filter: jsonObject('Which documents, e.g. {"_id": "6650..."} or {"email": "ana@example.com"}.'),
		update: jsonObject('Update operators, e.g. {"$set": {"status": "closed"}}.'),
		many: z.boolean().optional().describe('Whether to update every matching document (default only the first).'),
		upsert: z.boolean().optional().describe('Whether to insert a document when none matches.'),
	}),
	output: z.object({ matched: z.number(), modified: z.number(), upserted_id: z.string().nullable() }),
	annotations: WRITE,
	run: async (args, { data }) => await data.update(args.tenant_id, args.collection, args.filter, args.update, { many: args.many, upsert: args.upsert }),
});

export const dataAggregate = tool({
	name: 'data_aggregate',
	title: 'Aggregate structured data',
	description:
		'Runs an aggregation pipeline over a tenant\'s documents ($match, $group, $sort, $project, $unwind, $facet, $lookup into another allowed collection...). A $match on the tenant always comes first and is added inside every $lookup; $out, $merge, $where, $function and $accumulator are refused.',
	input: z.object({
		tenant_id: tenantIdField,
		collection: collectionNameField,
		pipeline: z.array(z.record(z.string(), z.unknown())).max(50).describe('The stages, e.g. [{"$group": {"_id": "$status", "n": {"$sum": 1}}}].'),
		limit: z.number().int().min(1).max(MAX_AGGREGATE_RESULTS).optional().describe(`How many result documents at most (default and max ${MAX_AGGREGATE_RESULTS}).`),
	}),
	output: z.object({ documents: documentsOutput, count: z.number(), truncated: z.boolean().describe('True when more results existed than the limit.') }),
	annotations: READ_ONLY,
	run: async (args, { data }) => await data.aggregate(args.tenant_id, args.collection, args.pipeline, args.limit),
});
