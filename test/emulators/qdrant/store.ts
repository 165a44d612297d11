/** The in-memory collections and the operations the REST routes call; every method returns the envelope's `result`. */
import { badRequest, formatError, notFound, QdrantError, validationError, wrongInput } from './errors';
import { checkFilter, compareIds, idKey, isObject, normalizeId, type FilterContext } from './filter';
import { DEFAULT_RRF_K, denseScore, higherIsBetter, idf, normalize, rrf, sparseScore } from './scoring';
import type { Collection, DenseConfig, Distance, Json, JsonObject, PayloadIndex, PointId, SparseConfig, SparseVector, StoredPoint } from './types';

const DISTANCES: readonly Distance[] = ['Cosine', 'Euclid', 'Dot', 'Manhattan'];
const INDEX_TYPES = ['keyword', 'integer', 'float', 'geo', 'text', 'bool', 'datetime', 'uuid'];

interface Scored {
	id: PointId;
	point: StoredPoint;
	score: number;
}

function positiveInteger(value: Json | undefined, field: string, fallback: number): number {
	if (value === undefined || value === null) return fallback;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw formatError(`invalid value for \`${field}\`: expected a non-negative integer`);
	return value;
}

function limitOf(value: Json | undefined, fallback: number): number {
	const limit = positiveInteger(value, 'limit', fallback);
	if (limit < 1) throw validationError('limit', `value ${limit} invalid, must be 1 or larger`);
	return limit;
}

const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every((item) => typeof item === 'number');

function parseSparse(value: JsonObject, field: string): SparseVector {
	const { indices, values } = value;
	if (!isNumberArray(indices) || !indices.every((index) => Number.isInteger(index) && index >= 0)) throw formatError(`\`${field}.indices\` must be an array of unsigned integers`);
	if (!isNumberArray(values)) throw formatError(`\`${field}.values\` must be an array of numbers`);
	if (indices.length !== values.length) throw validationError(field, 'must be the same length as indices');
	if (new Set(indices).size !== indices.length) throw validationError(`${field}.indices`, 'must be unique');
	const order = indices.map((_, i) => i).sort((a, b) => indices[a] - indices[b]);
	return { indices: order.map((i) => indices[i]), values: order.map((i) => values[i]) };
}

function withPayload(point: StoredPoint, selector: Json | undefined, fallback: boolean): JsonObject | undefined {
	const spec = selector ?? fallback;
	if (spec === false || spec === null) return undefined;
	if (spec === true) return point.payload;
	const pick = (keys: string[], keep: boolean) => Object.fromEntries(Object.entries(point.payload).filter(([key]) => keys.includes(key) === keep));
	if (Array.isArray(spec)) return pick(spec.filter((key): key is string => typeof key === 'string'), true);
	if (isObject(spec) && Array.isArray(spec.include)) return pick(spec.include.filter((key): key is string => typeof key === 'string'), true);
	if (isObject(spec) && Array.isArray(spec.exclude)) return pick(spec.exclude.filter((key): key is string => typeof key === 'string'), false);
	throw formatError('with_payload must be a boolean, a list of keys, {include} or {exclude}');
}

export class Store {
	readonly collections = new Map<string, Collection>();

	// --- collections -------------------------------------------------------------------------

	list(): Json {
		return { collections: [...this.collections.keys()].map((name) => ({ name })) };
	}

	exists(name: string): Json {
		return { exists: this.collections.has(name) };
	}

	create(name: string, body: JsonObject): Json {
		if (!name || name.length > 255 || /[<>:"/\\|?*\0]/.test(name)) throw new QdrantError(422, `Validation error in path parameters: [name: collection name \`${name}\` is invalid]`);
		if (this.collections.has(name)) throw new QdrantError(409, `Wrong input: Collection \`${name}\` already exists!`);
		const dense = new Map<string, DenseConfig>();
		let unnamed = false;
		const parseParams = (raw: Json, field: string): DenseConfig => {
			if (!isObject(raw)) throw formatError(`\`${field}\` must be an object`);
			if (raw.size === undefined) throw formatError(`missing field \`size\` in \`${field}\``);
			if (raw.distance === undefined) throw formatError(`missing field \`distance\` in \`${field}\``);
			if (typeof raw.size !== 'number' || !Number.isInteger(raw.size) || raw.size < 1) throw validationError(`${field}.size`, 'value must be a positive integer');
			if (typeof raw.distance !== 'string' || !(DISTANCES as readonly string[]).includes(raw.distance)) {
				throw formatError(`unknown variant \`${String(raw.distance)}\` for \`${field}.distance\`, expected one of \`Cosine\`, \`Euclid\`, \`Dot\`, \`Manhattan\``);
			}
			return { size: raw.size, distance: raw.distance as Distance, raw };
		};
		const vectors = body.vectors;
		if (isObject(vectors) && 'size' in vectors) {
			unnamed = true;
			dense.set('', parseParams(vectors, 'vectors'));
		} else if (isObject(vectors)) {
			for (const [vectorName, params] of Object.entries(vectors)) dense.set(vectorName, parseParams(params, `vectors.${vectorName}`));
		} else if (vectors !== undefined && vectors !== null) {
			throw formatError('`vectors` must be VectorParams or a map of named VectorParams');
		}
		const sparse = new Map<string, SparseConfig>();
		if (isObject(body.sparse_vectors)) {
			for (const [vectorName, params] of Object.entries(body.sparse_vectors)) {
				if (!isObject(params)) throw formatError(`\`sparse_vectors.${vectorName}\` must be an object`);
				const modifier = params.modifier ?? 'none';
				if (modifier !== 'none' && modifier !== 'idf') throw formatError(`unknown variant \`${String(modifier)}\`, expected \`none\` or \`idf\``);
				if (dense.has(vectorName)) throw wrongInput(`Conflicting vector name: ${vectorName}`);
				sparse.set(vectorName, { modifier, raw: params });
			}
		}
		this.collections.set(name, { name, dense, unnamed, sparse, points: new Map(), indexes: new Map(), operationId: 0, createParams: body });
		return true;
	}

	remove(name: string): Json {
		return this.collections.delete(name);
	}

	collection(name: string): Collection {
		const collection = this.collections.get(name);
		if (!collection) throw notFound(name);
		return collection;
	}

	info(name: string): Json {
		const collection = this.collection(name);
		const vectors: Json = collection.unnamed
			? (collection.dense.get('')?.raw ?? null)
			: Object.fromEntries([...collection.dense].map(([vectorName, config]) => [vectorName, config.raw]));
		const params: JsonObject = { vectors, shard_number: 1, replication_factor: 1, write_consistency_factor: 1, on_disk_payload: true };
		if (collection.sparse.size) params.sparse_vectors = Object.fromEntries([...collection.sparse].map(([vectorName, config]) => [vectorName, config.raw]));
		const points = [...collection.points.values()];
		const payloadSchema: JsonObject = {};
		for (const [field, index] of collection.indexes) {
			const count = points.filter((point) => checkFilter({ must_not: [{ is_empty: { key: field } }] }, point, this.context(collection))).length;
			payloadSchema[field] = index.params ? { data_type: index.dataType, params: index.params, points: count } : { data_type: index.dataType, points: count };
		}
		return {
			status: 'green',
			optimizer_status: 'ok',
			indexed_vectors_count: 0,
			points_count: points.length,
			segments_count: 1,
			config: {
				params,
				hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000, max_indexing_threads: 0, on_disk: false },
				optimizer_config: {
					deleted_threshold: 0.2,
					vacuum_min_vector_number: 1000,
					default_segment_number: 0,
					max_segment_size: null,
					memmap_threshold: null,
					indexing_threshold: 10000,
					flush_interval_sec: 5,
					max_optimization_threads: null,
				},
				wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
				quantization_config: null,
				strict_mode_config: { enabled: false },
			},
			payload_schema: payloadSchema,
		};
	}

	createIndex(name: string, body: JsonObject, wait: boolean): Json {
		const collection = this.collection(name);
		if (typeof body.field_name !== 'string') throw formatError('missing field `field_name`');
		const schema = body.field_schema;
		let index: PayloadIndex;
		if (typeof schema === 'string') index = { dataType: schema };
		else if (isObject(schema) && typeof schema.type === 'string') index = { dataType: schema.type, params: schema };
		else throw badRequest('Bad request: Can\'t auto-detect field type, please specify `field_schema` in the request');
		if (!INDEX_TYPES.includes(index.dataType)) throw formatError(`unknown variant \`${index.dataType}\` for \`field_schema\`, expected one of ${INDEX_TYPES.map((type) => `\`${type}\``).join(', ')}`);
		collection.indexes.set(body.field_name, index);
		return this.updated(collection, wait);
	}

	// --- points ------------------------------------------------------------------------------

	upsert(name: string, body: JsonObject, wait: boolean): Json {
		const collection = this.collection(name);
		const incoming: Array<{ id: Json; vector: Json; payload: Json | undefined }> = [];
		if (Array.isArray(body.points)) {
			body.points.forEach((point, i) => {
				if (!isObject(point)) throw formatError(`points[${i}] must be an object`);
				if (point.id === undefined) throw formatError(`missing field \`id\` in points[${i}]`);
				if (point.vector === undefined) throw formatError(`missing field \`vector\` in points[${i}]`);
				incoming.push({ id: point.id, vector: point.vector, payload: point.payload });
			});
		} else if (isObject(body.batch)) {
			const { ids, vectors, payloads } = body.batch;
			if (!Array.isArray(ids)) throw formatError('missing field `ids` in `batch`');
			ids.forEach((id, i) => {
				const vector: Json = Array.isArray(vectors) ? vectors[i] : isObject(vectors) ? Object.fromEntries(Object.entries(vectors).map(([key, list]) => [key, Array.isArray(list) ? list[i] : null])) : null;
				incoming.push({ id, vector, payload: Array.isArray(payloads) ? payloads[i] : undefined });
			});
		} else {
			throw formatError('data did not match any variant of untagged enum PointInsertOperations (expected `points` or `batch`)');
		}
		const version = collection.operationId;
		const parsed = incoming.map(({ id, vector, payload }, i) => {
			const normalized = normalizeId(id);
			if (normalized === undefined) throw formatError(`value ${JSON.stringify(id)} is not a valid point ID, valid values are either an unsigned integer or a UUID`);
			if (payload !== undefined && payload !== null && !isObject(payload)) throw formatError(`points[${i}].payload must be an object`);
			return { id: normalized, version, payload: payload ?? {}, ...this.parseVectors(collection, vector, `points[${i}].vector`) };
		});
		for (const point of parsed) collection.points.set(idKey(point.id), point);
		return this.updated(collection, wait);
	}

	deletePoints(name: string, body: JsonObject, wait: boolean): Json {
		const collection = this.collection(name);
		if (Array.isArray(body.points)) {
			for (const id of body.points) {
				const normalized = normalizeId(id);
				if (normalized === undefined) throw formatError(`value ${JSON.stringify(id)} is not a valid point ID, valid values are either an unsigned integer or a UUID`);
				collection.points.delete(idKey(normalized));
			}
		} else if (isObject(body.filter)) {
			const filter = body.filter;
			for (const [key, point] of collection.points) if (checkFilter(filter, point, this.context(collection))) collection.points.delete(key);
		} else {
			throw formatError('data did not match any variant of untagged enum PointsSelector (expected `points` or `filter`)');
		}
		return this.updated(collection, wait);
	}

	retrieve(name: string, body: JsonObject): Json {
		const collection = this.collection(name);
		if (!Array.isArray(body.ids)) throw formatError('missing field `ids`');
		const seen = new Set<string>();
		const records: Json[] = [];
		for (const id of body.ids) {
			const normalized = normalizeId(id);
			if (normalized === undefined) throw formatError(`value ${JSON.stringify(id)} is not a valid point ID, valid values are either an unsigned integer or a UUID`);
			const point = collection.points.get(idKey(normalized));
			if (!point || seen.has(idKey(normalized))) continue;
			seen.add(idKey(normalized));
			records.push(this.record(collection, point, body.with_payload, body.with_vector, true));
		}
		return records;
	}

	scroll(name: string, body: JsonObject): Json {
		const collection = this.collection(name);
		const limit = limitOf(body.limit, 10);
		let offset: PointId | undefined;
		if (body.offset !== undefined && body.offset !== null) {
			offset = normalizeId(body.offset);
			if (offset === undefined) throw formatError(`Unable to parse point id \`${JSON.stringify(body.offset)}\` of \`offset\``);
		}
		const start = offset;
		const matching = this.filtered(collection, body.filter)
			.sort((a, b) => compareIds(a.id, b.id))
			.filter((point) => start === undefined || compareIds(point.id, start) >= 0);
		const page = matching.slice(0, limit);
		return {
			points: page.map((point) => this.record(collection, point, body.with_payload, body.with_vector, true)),
			next_page_offset: matching.length > limit ? matching[limit].id : null,
		};
	}

	count(name: string, body: JsonObject): Json {
		const collection = this.collection(name);
		return { count: this.filtered(collection, body.filter).length };
	}

	query(name: string, body: JsonObject): Json {
		const collection = this.collection(name);
		const limit = limitOf(body.limit, 10);
		const offset = positiveInteger(body.offset, 'offset', 0);
		const scored = this.runQuery(collection, body, body.filter, limit + offset);
		return {
			points: scored.slice(offset, offset + limit).map(({ point, score }) => {
				const out: JsonObject = { id: point.id, version: point.version, score };
				const payload = withPayload(point, body.with_payload, false);
				if (payload !== undefined) out.payload = payload;
				const vector = this.vectorsOf(collection, point, body.with_vector ?? false);
				if (vector !== undefined) out.vector = vector;
				return out;
			}),
		};
	}

	// --- internals ---------------------------------------------------------------------------

	private context(collection: Collection): FilterContext {
		return { textIndexed: (key) => collection.indexes.get(key)?.dataType === 'text' };
	}

	private filtered(collection: Collection, filter: Json | undefined): StoredPoint[] {
		const context = this.context(collection);
		return [...collection.points.values()].filter((point) => checkFilter(filter, point, context));
	}

	private updated(collection: Collection, wait: boolean): Json {
		const operationId = collection.operationId++;
		return { operation_id: operationId, status: wait ? 'completed' : 'acknowledged' };
	}

	private parseVectors(collection: Collection, vector: Json, field: string): { dense: Map<string, number[]>; sparse: Map<string, SparseVector> } {
		const dense = new Map<string, number[]>();
		const sparse = new Map<string, SparseVector>();
		const entries: Array<[string, Json]> = isNumberArray(vector) ? [['', vector]] : isObject(vector) ? Object.entries(vector) : [];
		if (!entries.length && !isObject(vector)) throw formatError(`\`${field}\` must be a vector or a map of named vectors`);
		for (const [vectorName, value] of entries) {
			const denseConfig = collection.dense.get(vectorName);
			const sparseConfig = collection.sparse.get(vectorName);
			if (denseConfig && isNumberArray(value)) {
				if (value.length !== denseConfig.size) throw wrongInput(`Vector dimension error: expected dim: ${denseConfig.size}, got ${value.length}`);
				dense.set(vectorName, denseConfig.distance === 'Cosine' ? normalize(value) : [...value]);
			} else if (sparseConfig && isObject(value)) {
				sparse.set(vectorName, parseSparse(value, `${field}.${vectorName}`));
			} else if (!denseConfig && !sparseConfig) {
				throw wrongInput(`Not existing vector name error: ${vectorName}`);
			} else {
				throw wrongInput(`Conversion between sparse and regular vectors failed for vector \`${vectorName}\``);
			}
		}
		return { dense, sparse };
	}

	private vectorsOf(collection: Collection, point: StoredPoint, selector: Json | undefined): Json | undefined {
		if (selector === undefined || selector === false || selector === null) return undefined;
		const wanted = (vectorName: string) => selector === true || (Array.isArray(selector) && selector.includes(vectorName));
		if (collection.unnamed && point.dense.has('') && selector === true) return point.dense.get('') ?? null;
		const out: JsonObject = {};
		for (const [vectorName, value] of point.dense) if (wanted(vectorName)) out[vectorName] = value;
		for (const [vectorName, value] of point.sparse) if (wanted(vectorName)) out[vectorName] = { indices: value.indices, values: value.values };
		return out;
	}

	private record(collection: Collection, point: StoredPoint, payloadSelector: Json | undefined, vectorSelector: Json | undefined, payloadDefault: boolean): Json {
		const out: JsonObject = { id: point.id };
		const payload = withPayload(point, payloadSelector, payloadDefault);
		if (payload !== undefined) out.payload = payload;
		const vector = this.vectorsOf(collection, point, vectorSelector ?? false);
		if (vector !== undefined) out.vector = vector;
		return out;
	}

	/** One query stage (the request itself or a prefetch): its prefetches first, then its own query over them. */
	private runQuery(collection: Collection, stage: JsonObject, outerFilter: Json | undefined, limit: number): Scored[] {
		const context = this.context(collection);
		const passes = (point: StoredPoint) => checkFilter(outerFilter, point, context) && checkFilter(stage.filter, point, context);
		const prefetches = stage.prefetch === undefined || stage.prefetch === null ? [] : Array.isArray(stage.prefetch) ? stage.prefetch : [stage.prefetch];
		const sources = prefetches.map((prefetch, i) => {
			if (!isObject(prefetch)) throw formatError(`prefetch[${i}] must be an object`);
			// The request's filter applies to its prefetches too, as in Qdrant.
			const filter: Json = { must: [outerFilter, stage.filter].filter((part): part is Json => part !== undefined && part !== null) };
			return this.runQuery(collection, prefetch, filter, limitOf(prefetch.limit, 10));
		});
		const candidates = prefetches.length ? this.union(sources).filter((entry) => passes(entry.point)) : [...collection.points.values()].filter(passes).map((point) => ({ id: point.id, point, score: 0 }));
		let query = stage.query;
		if (isObject(query) && 'nearest' in query) query = query.nearest;
		const threshold = typeof stage.score_threshold === 'number' ? stage.score_threshold : undefined;

		let result: Scored[];
		if (query === undefined || query === null) {
			result = prefetches.length ? sources[0].filter((entry) => passes(entry.point)) : candidates.sort((a, b) => compareIds(a.id, b.id));
		} else if (isObject(query) && (query.fusion !== undefined || query.rrf !== undefined)) {
			if (!prefetches.length) throw badRequest('Bad request: Fusion queries need at least one prefetch');
			if (query.fusion === 'dbsf') {
				result = this.dbsf(sources);
			} else if (query.fusion === 'rrf' || isObject(query.rrf)) {
				const params = isObject(query.rrf) ? query.rrf : {};
				const k = positiveInteger(params.k, 'rrf.k', DEFAULT_RRF_K);
				const weights = isNumberArray(params.weights) ? params.weights : undefined;
				result = rrf(sources, k, weights).map(({ item, score }) => ({ ...item, score }));
			} else {
				throw formatError(`unknown variant \`${JSON.stringify(query.fusion)}\` for \`fusion\`, expected \`rrf\` or \`dbsf\``);
			}
			result = result.filter((entry) => passes(entry.point));
			if (threshold !== undefined) result = result.filter((entry) => entry.score >= threshold);
		} else if (isNumberArray(query) || (isObject(query) && 'indices' in query)) {
			result = this.score(collection, query, typeof stage.using === 'string' ? stage.using : '', candidates.map((entry) => entry.point), threshold);
		} else {
			throw badRequest(`Bad request: the emulator does not support this query: ${JSON.stringify(query).slice(0, 100)}`);
		}
		return result.slice(0, limit);
	}

	private union(sources: Scored[][]): Scored[] {
		const seen = new Map<PointId, Scored>();
		for (const source of sources) for (const entry of source) if (!seen.has(entry.id)) seen.set(entry.id, entry);
		return [...seen.values()];
	}

	/** Distribution-based score fusion: each source's scores mapped by mean ± 3σ onto [0, 1], then summed. */
	private dbsf(sources: Scored[][]): Scored[] {
		const fused = new Map<PointId, Scored>();
		for (const source of sources) {
			if (!source.length) continue;
			const mean = source.reduce((sum, entry) => sum + entry.score, 0) / source.length;
			const sigma = Math.sqrt(source.reduce((sum, entry) => sum + (entry.score - mean) ** 2, 0) / source.length);
			const low = mean - 3 * sigma;
			const high = mean + 3 * sigma;
			for (const entry of source) {
				const normalized = high === low ? 0.5 : Math.min(1, Math.max(0, (entry.score - low) / (high - low)));
				const existing = fused.get(entry.id);
				if (existing) existing.score += normalized;
				else fused.set(entry.id, { ...entry, score: normalized });
			}
		}
		return [...fused.values()].sort((a, b) => b.score - a.score);
	}

	private score(collection: Collection, query: Json, using: string, points: StoredPoint[], threshold: number | undefined): Scored[] {
		if (isNumberArray(query)) {
			const config = collection.dense.get(using);
			if (!config) throw wrongInput(collection.sparse.has(using) ? `Conversion between sparse and regular vectors failed for vector \`${using}\`` : `Not existing vector name error: ${using}`);
			if (query.length !== config.size) throw wrongInput(`Vector dimension error: expected dim: ${config.size}, got ${query.length}`);
			const higher = higherIsBetter(config.distance);
			const scored: Scored[] = [];
			for (const point of points) {
				const stored = point.dense.get(using);
				if (!stored) continue;
				const score = denseScore(config.distance, query, stored);
				if (threshold !== undefined && (higher ? score < threshold : score > threshold)) continue;
				scored.push({ id: point.id, point, score });
			}
			return scored.sort((a, b) => (higher ? b.score - a.score : a.score - b.score) || compareIds(a.id, b.id));
		}
		const config = collection.sparse.get(using);
		if (!config || !isObject(query)) throw wrongInput(collection.dense.has(using) ? `Conversion between sparse and regular vectors failed for vector \`${using}\`` : `Not existing vector name error: ${using}`);
		const sparseQuery = parseSparse(query, 'query');
		let weight: (index: number) => number = () => 1;
		if (config.modifier === 'idf') {
			const holders = [...collection.points.values()].map((point) => point.sparse.get(using)).filter((vector): vector is SparseVector => vector !== undefined);
			// once per query term, not once per point holding it
			const idfs = new Map<number, number>();
			weight = (index) => {
				let value = idfs.get(index);
				if (value === undefined) {
					value = idf(holders.length, holders.filter((vector) => vector.indices.includes(index)).length);
					idfs.set(index, value);
				}
				return value;
			};
		}
		const scored: Scored[] = [];
		for (const point of points) {
			const stored = point.sparse.get(using);
			if (!stored) continue;
			const score = sparseScore(sparseQuery, stored, weight);
			if (score === undefined || (threshold !== undefined && score < threshold)) continue;
			scored.push({ id: point.id, point, score });
		}
		return scored.sort((a, b) => b.score - a.score || compareIds(a.id, b.id));
	}
}
