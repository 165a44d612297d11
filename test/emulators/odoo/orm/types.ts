/** The in-memory ORM's vocabulary: field definitions, records, model specs and the per-call environment. */
export type Rec = { id: number } & Record<string, unknown>;

export interface FieldDef {
	type: string;
	relation?: string;
	string?: string;
	required?: boolean;
	readonly?: boolean;
	store?: boolean;
	/** Extra `fields_get` attributes (help, selection, ...), answered as they are. */
	[attribute: string]: unknown;
}

export type Version = '17.0' | '18.0';

export interface Env {
	store: StoreApi;
	uid: number;
	context: Record<string, unknown>;
	version: Version;
}

/** What a model may add to the generic ORM. */
export interface ModelSpec {
	name: string;
	description: string;
	fields: Record<string, FieldDef>;
	/** Default `order` (an SQL-like spec). */
	order?: string;
	/** The field `child_of`/`parent_of` follow. */
	parentField?: string;
	/** Records without an `active` field are never hidden by `active_test`. */
	displayName?(rec: Rec, env: Env): string;
	/** Non-stored fields, computed on read and in domains. */
	computes?: Record<string, (rec: Rec, env: Env) => unknown>;
	/** Searchable non-stored fields: a predicate for a domain leaf. */
	searchers?: Record<string, (operator: string, value: unknown, env: Env) => (rec: Rec) => boolean>;
	defaults?: Record<string, (env: Env, vals: Record<string, unknown>) => unknown>;
	/** Called after the values are stored (create) or changed (write). */
	afterCreate?(rec: Rec, vals: Record<string, unknown>, env: Env): void;
	beforeWrite?(rec: Rec, vals: Record<string, unknown>, env: Env): Record<string, unknown>;
	afterWrite?(rec: Rec, vals: Record<string, unknown>, env: Env): void;
	beforeUnlink?(rec: Rec, env: Env): void;
	constraints?(rec: Rec, env: Env): void;
	/** Public methods besides the generic ORM ones. `self` holds the ids (empty for `@api.model`). */
	methods?: Record<string, ModelMethod>;
	/** `name_search` also matches these fields (besides the display name). */
	nameSearchFields?: string[];
}

export type ModelMethod = (env: Env, ids: number[], args: unknown[], kwargs: Record<string, unknown>) => unknown;

export interface ModelState {
	spec: ModelSpec;
	records: Map<number, Rec>;
	nextId: number;
	/** Labels of many2one targets this emulator has no record for (seed data). */
	labels: Record<string, string>;
}

export interface StoreApi {
	models: Map<string, ModelState>;
	phoneLibrary: boolean;
	model(name: string): ModelState;
	has(name: string): boolean;
	now(): Date;
}
