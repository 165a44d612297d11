import type { Collection, Db } from 'mongodb';

import { InvalidInputError, RefusedError } from '../../../lib/errors';
import type { SecretBox } from '../../../lib/secret-box';
import { assertTenantId } from '../../../lib/tenant';
import { UpstreamsInput, type TenantUpstreams, type UpstreamsPatch, type UpstreamsViewOutput } from '../schema/upstreams';
import { mongoError } from './mongo';

export const UPSTREAMS_COLLECTION = 'tenant_upstreams';

/** A read tenant's upstreams are kept this long in the process: a rotated token reaches other processes within it. */
export const UPSTREAMS_TTL_MS = 30_000;
/** Tenants whose upstreams one process keeps at most (least recently read go first). */
export const UPSTREAMS_CACHED_TENANTS = 1_000;

type Sealed = string;

interface UpstreamsDocument {
	tenant_id: string;
	chatwoot: { base_url: string; bot_token: Sealed | null; webhook_secret: Sealed | null } | null;
	odoo: { url: string; db: string; login: string; api_key: Sealed | null; password: Sealed | null } | null;
	qdrant: { collection_prefix: string } | null;
	updated_at: Date;
	updated_by: string;
}

const SECRET_FIELDS = { chatwoot: ['bot_token', 'webhook_secret'], odoo: ['api_key', 'password'] } as const;

/**
 * Each tenant's upstream settings (UpstreamsInput) in MongoDB, one document per tenant, secrets
 * sealed with the deployment's key and bound to the tenant and field they belong to. Reads open
 * the secrets for the process that needs them (nodes, crews) and keep them in memory for
 * UPSTREAMS_TTL_MS, bounded by UPSTREAMS_CACHED_TENANTS; the Redis tenant cache never holds them.
 * `view()` is what tools return: settings, and whether each secret is set.
 */
export class UpstreamStore {
	private readonly docs: Collection<UpstreamsDocument>;
	private indexed: Promise<void> | undefined;
	/** Tenants without upstreams are kept too (null), so requests naming unknown accounts do not each reach MongoDB. */
	private readonly memory = new Map<string, { at: number; value: TenantUpstreams | null }>();

	constructor(
		db: Db,
		/** Without a key nothing sealed can be written or read: settings without secrets still can. */
		private readonly box: SecretBox | null,
		private readonly clock: () => number = Date.now,
	) {
		this.docs = db.collection<UpstreamsDocument>(UPSTREAMS_COLLECTION);
	}

	private async ensureIndexes(): Promise<void> {
		this.indexed ??= this.docs
			.createIndex({ tenant_id: 1 }, { unique: true, name: 'tenant_id' })
			.then(() => undefined)
			.catch((error: unknown) => {
				this.indexed = undefined;
				throw mongoError(error);
			});
		await this.indexed;
	}

	private async load(tenantId: string): Promise<UpstreamsDocument | null> {
		await this.ensureIndexes();
		try {
			return await this.docs.findOne({ tenant_id: tenantId }, { projection: { _id: 0 } });
		} catch (error) {
			throw mongoError(error);
		}
	}

	private requireBox(): SecretBox {
		if (!this.box) {
			throw new RefusedError(
				'No secrets key is set, so tenants\' tokens and keys can be neither stored nor read: set Upstream Secrets Key on the MongoDB (OmniCrew) credential (or OMNICREW_SECRETS_KEY for omnicrew-mcp), the same on every process.',
			);
		}
		return this.box;
	}

	private open(tenantId: string, field: string, sealed: Sealed | null): string | null {
		return sealed ? this.requireBox().open(sealed, `tenant ${tenantId} ${field}`) : null;
	}

	/** The tenant's upstreams with their secrets opened, or null when it has none. For nodes and crews only, never for a tool's output. */
	async get(tenantIdInput: unknown): Promise<TenantUpstreams | null> {
		const tenantId = assertTenantId(tenantIdInput);
		const now = this.clock();
		const kept = this.memory.get(tenantId);
		if (kept && now - kept.at < UPSTREAMS_TTL_MS) {
			this.memory.delete(tenantId);
			this.memory.set(tenantId, kept);
			return kept.value;
		}
		const doc = await this.load(tenantId);
		const value: TenantUpstreams | null = doc
			? {
					tenant_id: tenantId,
					chatwoot: doc.chatwoot
						? { base_url: doc.chatwoot.base_url, bot_token: this.open(tenantId, 'chatwoot.bot_token', doc.chatwoot.bot_token), webhook_secret: this.open(tenantId, 'chatwoot.webhook_secret', doc.chatwoot.webhook_secret) }
						: null,
					odoo: doc.odoo
						? { url: doc.odoo.url, db: doc.odoo.db, login: doc.odoo.login, api_key: this.open(tenantId, 'odoo.api_key', doc.odoo.api_key), password: this.open(tenantId, 'odoo.password', doc.odoo.password) }
						: null,
					qdrant: doc.qdrant ? { collection_prefix: doc.qdrant.collection_prefix } : null,
				}
			: null;
		this.memory.delete(tenantId);
		this.memory.set(tenantId, { at: now, value });
		while (this.memory.size > UPSTREAMS_CACHED_TENANTS) this.memory.delete(this.memory.keys().next().value as string);
		return value;
	}

	/** What a tool may show: every setting, and for each secret only whether it is set. */
	async view(tenantIdInput: unknown): Promise<UpstreamsViewOutput> {
		const tenantId = assertTenantId(tenantIdInput);
		const doc = await this.load(tenantId);
		return viewOf(tenantId, doc);
	}

	/**
	 * Changes a tenant's upstreams: each given section replaces the stored one except for secrets
	 * left out, which are kept; null removes a section or a secret. Validated before anything is
	 * written; the secrets are sealed before they leave the process.
	 */
	async put(tenantIdInput: unknown, patchInput: unknown, by = 'unknown'): Promise<UpstreamsViewOutput> {
		const tenantId = assertTenantId(tenantIdInput);
		const parsed = UpstreamsInput.safeParse(patchInput ?? {});
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new InvalidInputError(`upstreams.${issue.path.join('.') || '(root)'}: ${issue.message}`);
		}
		const patch: UpstreamsPatch = parsed.data;
		const current = await this.load(tenantId);
		const next: UpstreamsDocument = {
			tenant_id: tenantId,
			chatwoot: current?.chatwoot ?? null,
			odoo: current?.odoo ?? null,
			qdrant: current?.qdrant ?? null,
			updated_at: new Date(this.clock()),
			updated_by: String(by).trim().slice(0, 200) || 'unknown',
		};
		const seal = (field: string, given: string | null | undefined, kept: Sealed | null | undefined): Sealed | null => {
			if (given === undefined) return kept ?? null;
			return given === null ? null : this.requireBox().seal(given, `tenant ${tenantId} ${field}`);
		};
		if (patch.chatwoot === null) next.chatwoot = null;
		else if (patch.chatwoot) {
			next.chatwoot = {
				base_url: patch.chatwoot.base_url.replace(/\/+$/, ''),
				bot_token: seal('chatwoot.bot_token', patch.chatwoot.bot_token, current?.chatwoot?.bot_token),
				webhook_secret: seal('chatwoot.webhook_secret', patch.chatwoot.webhook_secret, current?.chatwoot?.webhook_secret),
			};
		}
		if (patch.odoo === null) next.odoo = null;
		else if (patch.odoo) {
			next.odoo = {
				url: patch.odoo.url.replace(/\/+$/, ''),
				db: patch.odoo.db,
				login: patch.odoo.login,
				api_key: seal('odoo.api_key', patch.odoo.api_key, current?.odoo?.api_key),
				password: seal('odoo.password', patch.odoo.password, current?.odoo?.password),
			};
		}
		if (patch.qdrant !== undefined) next.qdrant = patch.qdrant;
		await this.ensureIndexes();
		try {
			await this.docs.replaceOne({ tenant_id: tenantId }, next, { upsert: true });
		} catch (error) {
			throw mongoError(error);
		}
		this.memory.delete(tenantId);
		return viewOf(tenantId, next);
	}
}

function viewOf(tenantId: string, doc: UpstreamsDocument | null): UpstreamsViewOutput {
	return {
		tenant_id: tenantId,
		chatwoot: doc?.chatwoot ? { base_url: doc.chatwoot.base_url, bot_token_set: Boolean(doc.chatwoot.bot_token), webhook_secret_set: Boolean(doc.chatwoot.webhook_secret) } : null,
		odoo: doc?.odoo ? { url: doc.odoo.url, db: doc.odoo.db, login: doc.odoo.login, api_key_set: Boolean(doc.odoo.api_key), password_set: Boolean(doc.odoo.password) } : null,
		qdrant: doc?.qdrant ? { collection_prefix: doc.qdrant.collection_prefix } : null,
		updated_at: doc?.updated_at instanceof Date ? doc.updated_at.toISOString() : null,
		updated_by: doc?.updated_by ?? null,
	};
}

/** The secret fields of each section, for tests and documentation. */
export const UPSTREAM_SECRET_FIELDS = SECRET_FIELDS;
