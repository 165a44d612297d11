import type { QdrantClient } from '@qdrant/js-client-rest';

import { InvalidInputError, OmniCrewError, UpstreamError } from '../../../lib/errors';
import { assertTenantId } from '../../../lib/tenant';
import { documentVector, searchVector } from '../embeddings/sparse';
import { detectLanguage } from '../embeddings/tokenizer';
import { chunkText } from './chunk';
import { COLLECTIONS, DENSE, SPARSE, ensureCollection, type CollectionName, type DenseConfig } from './collections';
import { pointId } from './ids';
import { questionTerms, searchText, subjectMatches } from './passage';

/**
 * How much a document whose title or topic names what the customer asked about moves up: its
 * score is multiplied by 1 + SUBJECT_BOOST × how strongly the title names it (`subjectMatches`,
 * two at most), so the return policy outranks the cashback rule that mentions returns in passing.
 */
export const SUBJECT_BOOST = 1;

/** A dense embedder: an n8n embeddings sub-node or an OpenAI-compatible endpoint. */
export interface DenseEmbedder extends DenseConfig {
	embed(texts: string[]): Promise<number[][]>;
}

export interface KnowledgeDocument {
	id: string;
	text: string;
	title?: string;
	metadata?: Record<string, unknown>;
}

export interface KnowledgeHit {
	id: string;
	title: string | null;
	text: string;
	score: number;
	collection: CollectionName;
	metadata: Record<string, unknown>;
}

export interface StoreOptions {
	/** Collection name prefix, so several deployments can share one Qdrant. */
	prefix?: string;
	dense?: DenseEmbedder;
}

type Condition = { key: string; match: { value: string | number | boolean } | { any: Array<string | number> } };

/**
 * Qdrant's client errors (ApiError: status + body, or a fetch failure) as sentences that say what
 * failed; an answer's HTTP status stays on the error (Qdrant's error body has no code of its own).
 */
export function qdrantError(error: unknown): Error {
	if (error instanceof OmniCrewError) return error;
	const failure = error as { status?: number; data?: { status?: { error?: string } }; cause?: { code?: string }; message?: string };
	if (typeof failure.status === 'number') {
		const reason = failure.data?.status?.error ?? failure.message ?? 'no message';
		const facts = { httpStatus: failure.status };
		if (failure.status === 401 || failure.status === 403) return new UpstreamError(`Qdrant refused the API key (${failure.status}): check the Qdrant API credential.`, facts);
		return new UpstreamError(`Qdrant answered ${failure.status}: ${reason}`, facts);
	}
	return new UpstreamError(`Qdrant could not be reached (${failure.cause?.code ?? failure.message ?? String(error)}): check the URL (Qdrant listens on 6333).`);
}

/** What a document is about: its title and the topic or category it was filed under. */
function subjectOf(hit: KnowledgeHit): string {
	const filed = [hit.metadata.topic, hit.metadata.category].filter((value): value is string => typeof value === 'string');
	return [hit.title ?? '', ...filed].join(' . ');
}

export function assertCollection(value: string): CollectionName {
	if (!(COLLECTIONS as readonly string[]).includes(value)) throw new InvalidInputError(`collection "${value}" is unknown: use ${COLLECTIONS.join(', ')}.`);
	return value as CollectionName;
}

/** A caller's filter as metadata conditions; every one is ANDed with the tenant's own condition. */
function metadataConditions(filter: Record<string, unknown> | undefined): Condition[] {
	return Object.entries(filter ?? {}).map(([key, value]) => {
		if (!/^[A-Za-z0-9_.]+$/.test(key)) throw new InvalidInputError(`filter key "${key}" may hold only letters, digits, "_" and ".".`);
		const path = key === 'doc_id' ? 'doc_id' : `metadata.${key}`;
		if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return { key: path, match: { any: value as Array<string | number> } };
		if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { key: path, match: { value } };
		throw new InvalidInputError(`filter.${key} must be a string, number, boolean or a list of strings/numbers.`);
	});
}

/**
 * The knowledge base over Qdrant: one collection per kind, shared by tenants and always
 * filtered by tenant_id. Lexical (sparse BM25 + IDF) search needs no model; with a dense
 * embedder the same query runs hybrid (prefetch sparse + dense, fused with RRF).
 */
export class KnowledgeStore {
	private readonly prefix: string;
	private readonly ready = new Map<CollectionName, Promise<void>>();

	constructor(
		private readonly client: QdrantClient,
		private readonly options: StoreOptions = {},
	) {
		this.prefix = options.prefix ?? 'omnicrew_';
	}

	collectionName(kind: CollectionName): string {
		return `${this.prefix}${kind}`;
	}

	private async ensure(kind: CollectionName): Promise<string> {
		const name = this.collectionName(kind);
		let ready = this.ready.get(kind);
		if (!ready) {
			ready = ensureCollection(this.client, name, kind, this.options.dense).catch((error: unknown) => {
				this.ready.delete(kind);
				throw error;
			});
			this.ready.set(kind, ready);
		}
		await ready;
		return name;
	}

	async upsert(tenantId: unknown, kind: CollectionName, documents: KnowledgeDocument[]): Promise<{ documents: number; chunks: number }> {
		const tenant = assertTenantId(tenantId);
		const name = await this.ensure(kind);
		const prepared = documents.map((doc) => {
			if (!doc.id) throw new InvalidInputError('every document needs an id (your own: a SKU, a slug).');
			const chunks = chunkText(doc.text);
			if (chunks.length === 0) throw new InvalidInputError(`document ${doc.id} has no text.`);
			return { doc, chunks };
		});
		// a code-like id (a SKU such as CAD-ERG-01) is searchable too; slugs without digits add only noise
		const texts = prepared.flatMap(({ doc, chunks }) =>
			chunks.map((chunk) => [/\d/.test(doc.id) ? doc.id : '', doc.title ? `${doc.title}.` : '', chunk].filter(Boolean).join(' ')),
		);
		const denseVectors = this.options.dense ? await this.options.dense.embed(texts) : [];
		let k = 0;
		const points = prepared.flatMap(({ doc, chunks }) =>
			chunks.map((chunk, index) => {
				const text = texts[k];
				const dense = denseVectors[k];
				k++;
				return {
					id: pointId(tenant, kind, doc.id, index),
					vector: { [SPARSE]: documentVector(text), ...(dense ? { [DENSE]: dense } : {}) },
					payload: { tenant_id: tenant, doc_id: doc.id, chunk: index, title: doc.title ?? null, text: chunk, metadata: doc.metadata ?? {} },
				};
			}),
		);
		// a document re-upserted with fewer chunks must not leave old ones behind
		const ids = prepared.map(({ doc }) => doc.id);
		await this.client.delete(name, { wait: true, filter: { must: [{ key: 'tenant_id', match: { value: tenant } }, { key: 'doc_id', match: { any: ids } }] } });
		if (points.length) await this.client.upsert(name, { wait: true, points });
		return { documents: prepared.length, chunks: points.length };
	}

	/** Every document of a tenant in a collection with its metadata (first passage only). */
	async documents(tenantId: unknown, kind: CollectionName): Promise<Map<string, Record<string, unknown>>> {
		const tenant = assertTenantId(tenantId);
		const name = await this.ensure(kind);
		const found = new Map<string, Record<string, unknown>>();
		const filter = { must: [{ key: 'tenant_id', match: { value: tenant } }, { key: 'chunk', match: { value: 0 } }] };
		let offset: string | number | undefined;
		do {
			const page = await this.client.scroll(name, { filter, limit: 256, with_payload: ['doc_id', 'metadata', 'tenant_id'], with_vector: false, ...(offset !== undefined ? { offset } : {}) });
			for (const point of page.points) {
				const payload = (point.payload ?? {}) as Record<string, unknown>;
				if (payload.tenant_id === tenant) found.set(String(payload.doc_id), (payload.metadata ?? {}) as Record<string, unknown>);
			}
			const next = page.next_page_offset;
			offset = typeof next === 'string' || typeof next === 'number' ? next : undefined;
		} while (offset !== undefined);
		return found;
	}

	async delete(tenantId: unknown, kind: CollectionName, ids: string[]): Promise<{ deleted: number }> {
		const tenant = assertTenantId(tenantId);
		const name = await this.ensure(kind);
		const filter = { must: [{ key: 'tenant_id', match: { value: tenant } }, { key: 'doc_id', match: { any: ids } }] };
		const before = (await this.client.count(name, { filter, exact: true })).count;
		await this.client.delete(name, { wait: true, filter });
		return { deleted: before };
	}

	async search(
		tenantId: unknown,
		query: string,
		options: { collections?: CollectionName[]; filter?: Record<string, unknown>; topK?: number } = {},
	): Promise<KnowledgeHit[]> {
		const tenant = assertTenantId(tenantId);
		const topK = options.topK ?? 5;
		// validated first: a bad filter is an error even when the query has nothing to search for
		const filter = { must: [{ key: 'tenant_id', match: { value: tenant } }, ...metadataConditions(options.filter)] };
		// "what is your return policy": the return rule never says "policy"; the one that mentions it in passing must not win on it
		const sparse = searchVector(searchText(query));
		if (sparse.indices.length === 0 && !this.options.dense) return [];
		const dense = this.options.dense ? (await this.options.dense.embed([query]))[0] : undefined;
		const kinds = options.collections?.length ? options.collections : (['products', 'support_procedures', 'business_rules'] as CollectionName[]);
		const perCollection = await Promise.all(
			kinds.map(async (kind) => {
				const name = await this.ensure(kind);
				const limit = topK * 3;
				const answer = dense
					? await this.client.query(name, {
							prefetch: [
								...(sparse.indices.length ? [{ query: sparse, using: SPARSE, limit, filter }] : []),
								{ query: dense, using: DENSE, limit, filter },
							],
							query: { fusion: 'rrf' },
							filter,
							limit,
							with_payload: true,
						})
					: await this.client.query(name, { query: sparse, using: SPARSE, filter, limit, with_payload: true });
				return answer.points.map((point) => ({ point, kind }));
			}),
		);
		const best = new Map<string, KnowledgeHit>();
		for (const { point, kind } of perCollection.flat()) {
			const payload = (point.payload ?? {}) as Record<string, unknown>;
			// never trust the store alone: a point of another tenant is dropped even if a filter slipped
			if (payload.tenant_id !== tenant) continue;
			const key = `${kind}\u0000${String(payload.doc_id)}`;
			const hit: KnowledgeHit = {
				id: String(payload.doc_id),
				title: typeof payload.title === 'string' ? payload.title : null,
				text: String(payload.text ?? ''),
				score: point.score,
				collection: kind,
				metadata: (payload.metadata ?? {}) as Record<string, unknown>,
			};
			const seen = best.get(key);
			if (!seen || seen.score < hit.score) best.set(key, hit);
		}
		const question = questionTerms(query);
		const ranked = [...best.values()].map((hit) => ({ ...hit, score: hit.score * (1 + SUBJECT_BOOST * Math.min(2, subjectMatches(question, subjectOf(hit), detectLanguage(hit.text)))) }));
		return ranked.sort((a, b) => b.score - a.score).slice(0, topK);
	}
}
