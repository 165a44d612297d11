import { BSON, ObjectId, type Db, type Document } from 'mongodb';

import { InvalidInputError, RefusedError } from '../../../lib/errors';
import { assertTenantId } from '../../../lib/tenant';
import { VERSIONS_COLLECTION } from './config-store';
import { mongoError } from './mongo';
import { TENANT_FIELD, scopeDocument, scopeFilter, scopePipeline, scopeProjection, scopeSort, scopeUpdate } from './scope';

/** Collections the data tools may use when the deployment names none. */
export const DEFAULT_DATA_COLLECTIONS = ['contacts', 'leads', 'tickets', 'notes', 'events', 'records'] as const;

const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** Parses "a, b, c" (variable or credential field) into a checked allowlist. */
export function parseDataCollections(input: string | readonly string[] | undefined, source: string): string[] {
	const names = (typeof input === 'string' ? input.split(',') : (input ?? [])).map((name) => name.trim()).filter(Boolean);
	if (names.length === 0) return [...DEFAULT_DATA_COLLECTIONS];
	for (const name of names) {
		if (!COLLECTION_NAME.test(name)) throw new InvalidInputError(`${source}: "${name}" is not a collection name (lowercase letters, digits and "_", starting with a letter).`);
		if (name.startsWith('config_') || name === VERSIONS_COLLECTION) throw new InvalidInputError(`${source}: "${name}" is reserved for tenant configuration.`);
	}
	return [...new Set(names)];
}

export const MAX_FIND_LIMIT = 500;
export const MAX_AGGREGATE_RESULTS = 1_000;
const MAX_TIME_MS = 15_000;

/** Documents as plain JSON: object ids as hex strings, dates as ISO strings. */
function toJson(value: unknown): unknown {
	if (value instanceof ObjectId) return value.toHexString();
	if (value instanceof Date) return value.toISOString();
	if (Array.isArray(value)) return value.map(toJson);
	if (typeof value === 'object' && value !== null) {
		const bson = (value as { _bsontype?: string })._bsontype;
		if (bson) return (value as { toJSON?: () => unknown }).toJSON?.() ?? String(value);
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
	}
	return value;
}

/** Inputs may use MongoDB Extended JSON ({"$date": ...}, {"$oid": ...}) for typed values. */
function fromExtendedJson(value: unknown, where: string): unknown {
	if (value === undefined) return undefined;
	try {
		return BSON.EJSON.deserialize(value as Document, { relaxed: true });
	} catch (error) {
		throw new InvalidInputError(`${where} is not valid Extended JSON: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/** `{"_id": "<24 hex>"}` finds documents whose id is that ObjectId or that string. */
function idConditions(filter: Record<string, unknown>): Record<string, unknown> {
	const id = filter._id;
	if (typeof id === 'string' && ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id)) return { ...filter, _id: { $in: [new ObjectId(id), id] } };
	return filter;
}

export type JsonDocument = Record<string, unknown>;

export interface FindOptions {
	projection?: Record<string, unknown>;
	sort?: Record<string, unknown>;
	limit?: number;
	skip?: number;
}

/**
 * Tenant-scoped structured data on an allowlist of collections. Every filter is ANDed with the
 * tenant, every document stamped with it, every pipeline starts with its `$match`.
 */
export class DataStore {
	private readonly allowed: Set<string>;
	private readonly indexed = new Map<string, Promise<void>>();

	constructor(
		private readonly db: Db,
		collections: readonly string[] = DEFAULT_DATA_COLLECTIONS,
	) {
		this.allowed = new Set(collections);
	}

	get collections(): string[] {
		return [...this.allowed];
	}

	private allowedName(name: unknown): string {
		if (typeof name !== 'string' || !this.allowed.has(name)) {
			throw new RefusedError(`collection ${JSON.stringify(name ?? null)} is not open to the data tools; allowed: ${this.collections.join(', ')}.`);
		}
		return name;
	}

	private collection(name: unknown) {
		return this.db.collection(this.allowedName(name));
	}

	private async ensureIndex(name: string): Promise<void> {
		let pending = this.indexed.get(name);
		if (!pending) {
			pending = this.db
				.collection(name)
				.createIndex({ [TENANT_FIELD]: 1 }, { name: 'tenant_id' })
				.then(() => undefined)
				.catch((error: unknown) => {
					this.indexed.delete(name);
					throw mongoError(error);
				});
			this.indexed.set(name, pending);
		}
		await pending;
	}

	async find(tenantIdInput: unknown, collectionName: unknown, filter: unknown, options: FindOptions = {}): Promise<{ documents: JsonDocument[]; count: number }> {
		const tenantId = assertTenantId(tenantIdInput);
		const name = this.allowedName(collectionName);
		// Everything the caller wrote is checked before the driver sees any of it.
		const scoped = scopeFilter(tenantId, idConditions((fromExtendedJson(filter, 'filter') ?? {}) as Record<string, unknown>));
		const projection = options.projection === undefined ? undefined : scopeProjection(options.projection);
		const sort = options.sort === undefined ? undefined : scopeSort(options.sort);
		const limit = Math.min(options.limit ?? 50, MAX_FIND_LIMIT);
		try {
			const cursor = this.db.collection(name).find(scoped, { maxTimeMS: MAX_TIME_MS }).limit(limit).skip(options.skip ?? 0);
			if (projection) cursor.project(projection);
			if (sort) cursor.sort(sort);
			const documents = (await cursor.toArray()).map((doc) => toJson(doc) as JsonDocument);
			return { documents, count: documents.length };
		} catch (error) {
			throw mongoError(error);
		}
	}

	async insert(tenantIdInput: unknown, collectionName: unknown, documents: unknown[]): Promise<{ inserted_ids: string[] }> {
		const tenantId = assertTenantId(tenantIdInput);
		const collection = this.collection(collectionName);
		// Every document is checked before the first is written, so bad input writes nothing.
		const scoped = documents.map((doc, i) => scopeDocument(tenantId, fromExtendedJson(doc, `documents[${i}]`), `documents[${i}]`));
		await this.ensureIndex(collection.collectionName);
		try {
			const result = await collection.insertMany(scoped, { ordered: true });
			return { inserted_ids: Object.values(result.insertedIds).map((id) => (id instanceof ObjectId ? id.toHexString() : String(id))) };
		} catch (error) {
			throw mongoError(error);
		}
	}

	async update(
		tenantIdInput: unknown,
		collectionName: unknown,
		filter: unknown,
		update: unknown,
		options: { many?: boolean; upsert?: boolean } = {},
	): Promise<{ matched: number; modified: number; upserted_id: string | null }> {
		const tenantId = assertTenantId(tenantIdInput);
		const collection = this.collection(collectionName);
		const conditions = (fromExtendedJson(filter, 'filter') ?? {}) as Record<string, unknown>;
		const scopedFilter = scopeFilter(tenantId, idConditions(conditions));
		const scopedUpdate = scopeUpdate(fromExtendedJson(update, 'update'));
		await this.ensureIndex(collection.collectionName);
		try {
			const run = options.many ? collection.updateMany.bind(collection) : collection.updateOne.bind(collection);
			const result = await run(scopedFilter, scopedUpdate, { upsert: options.upsert ?? false });
			const upserted = result.upsertedId;
			return {
				matched: result.matchedCount,
				modified: result.modifiedCount,
				upserted_id: upserted === null || upserted === undefined ? null : upserted instanceof ObjectId ? upserted.toHexString() : String(upserted),
			};
		} catch (error) {
			throw mongoError(error);
		}
	}

	async aggregate(tenantIdInput: unknown, collectionName: unknown, pipeline: unknown, limit = MAX_AGGREGATE_RESULTS): Promise<{ documents: JsonDocument[]; count: number; truncated: boolean }> {
		const tenantId = assertTenantId(tenantIdInput);
		const name = this.allowedName(collectionName);
		const scoped = scopePipeline(
			{ tenantId, isAllowedCollection: (candidate) => this.allowed.has(candidate), physical: (candidate) => candidate },
			fromExtendedJson(pipeline, 'pipeline'),
		);
		const cap = Math.min(limit, MAX_AGGREGATE_RESULTS);
		try {
			const rows = await this.db.collection(name).aggregate([...scoped, { $limit: cap + 1 }], { maxTimeMS: MAX_TIME_MS }).toArray();
			const documents = rows.slice(0, cap).map((doc) => toJson(doc) as JsonDocument);
			return { documents, count: documents.length, truncated: rows.length > cap };
		} catch (error) {
			throw mongoError(error);
		}
	}
}
