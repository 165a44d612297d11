/** Shared types of the Qdrant emulator. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface RecordedRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	body: unknown;
	status: number;
	response: unknown;
}

export interface QdrantEmulator {
	url: string;
	apiKey?: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export interface StartOptions {
	port?: number;
	host?: string;
	apiKey?: string;
}

export type PointId = number | string;
export type Distance = 'Cosine' | 'Dot' | 'Euclid' | 'Manhattan';

export interface SparseVector {
	indices: number[];
	values: number[];
}

export interface StoredPoint {
	id: PointId;
	version: number;
	dense: Map<string, number[]>;
	sparse: Map<string, SparseVector>;
	payload: JsonObject;
}

export interface DenseConfig {
	size: number;
	distance: Distance;
	/** The raw VectorParams as sent, echoed back by GET /collections/{name}. */
	raw: JsonObject;
}

export interface SparseConfig {
	modifier: 'none' | 'idf';
	raw: JsonObject;
}

export interface PayloadIndex {
	dataType: string;
	/** Set when the schema was given as params (`{type: "keyword", is_tenant: true}`). */
	params?: JsonObject;
}

export interface Collection {
	name: string;
	/** Vector name "" stands for the unnamed default vector (`vectors: {size, distance}`). */
	dense: Map<string, DenseConfig>;
	/** Whether `vectors` was given as a single unnamed VectorParams. */
	unnamed: boolean;
	sparse: Map<string, SparseConfig>;
	points: Map<string, StoredPoint>;
	indexes: Map<string, PayloadIndex>;
	operationId: number;
	createParams: JsonObject;
}
