import { setTimeout as sleep } from 'node:timers/promises';

import type { Collection, Db } from 'mongodb';

import { OmniCrewError, RefusedError } from '../../../lib/errors';
import type { JsonValue } from '../../../lib/json';
import { assertTenantId } from '../../../lib/tenant';
import type { TenantCache } from '../../TenantCache/cache/tenant-cache';
import { CHANNELS, type ChannelName } from '../schema/channels';
import type { Crew } from '../schema/crew';
import { defaultCrew, defaultTenant } from '../schema/defaults';
import type { Tenant } from '../schema/tenant';
import { mergeConfig, parseCrew, parseTenant } from '../schema/validate';
import { diffConfig } from './diff';
import { isDuplicateKey, mongoError } from './mongo';

export type ConfigKind = 'tenant' | 'crew';
export type ConfigSource = 'default' | 'override';
export type VersionAction = 'default' | 'put' | 'rollback';

export const VERSIONS_COLLECTION = 'config_versions';

/** One stored version: the whole configuration as it was, who made it, when, and what changed. */
interface VersionDocument {
	tenant_id: string;
	kind: ConfigKind;
	id: string;
	version: number;
	source: ConfigSource;
	action: VersionAction;
	config: Record<string, unknown>;
	by: string;
	at: Date;
	summary: string;
	changes: { added: string[]; removed: string[]; changed: string[] };
	rolled_back_to: number | null;
}

export interface VersionInfo {
	version: number;
	source: ConfigSource;
	action: VersionAction;
	by: string;
	at: string;
	summary: string;
	changes: { added: string[]; removed: string[]; changed: string[] };
	rolled_back_to: number | null;
}

export interface TenantResult {
	tenant_id: string;
	tenant: Tenant;
	source: ConfigSource;
	version: number;
	cached: boolean;
}

export interface CrewResult {
	tenant_id: string;
	channel: ChannelName;
	/** The crew that serves the channel (another channel's when the tenant says so). */
	crew_id: ChannelName;
	enabled: boolean;
	crew: Crew;
	source: ConfigSource;
	version: number;
	cached: boolean;
}

export interface PutResult {
	kind: ConfigKind;
	id: string;
	version: number;
	previous_version: number;
	unchanged: boolean;
	summary: string;
	rolled_back_to: number | null;
	cache_invalidated: boolean;
}

export interface PutOptions {
	by?: string;
	/** Optimistic concurrency: refuse the put unless the current version is this one. */
	expectedVersion?: number;
	/** Store exactly what is given instead of merging it into the current configuration. */
	replace?: boolean;
}

// Each round of a race has one winner; the losers back off a random few ms and go again.
const MAX_ATTEMPTS = 25;
const CACHE_TAG = 'config';

function info(doc: VersionDocument): VersionInfo {
	return {
		version: doc.version,
		source: doc.source,
		action: doc.action,
		by: doc.by,
		at: doc.at instanceof Date ? doc.at.toISOString() : String(doc.at),
		summary: doc.summary,
		changes: doc.changes,
		rolled_back_to: doc.rolled_back_to ?? null,
	};
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Tenant and crew configuration in MongoDB, append-only: every put is a new version document
 * (unique per tenant, kind, id and number), the current one is the highest number. Version 1 is
 * always the built-in default, so rolling back to it returns the tenant to the defaults. No
 * multi-document transaction is needed: the unique index settles two simultaneous puts.
 * Reads go through the tenant cache (type `config`) when one is given; every put invalidates it.
 */
export class ConfigStore {
	private readonly versions: Collection<VersionDocument>;
	private indexed: Promise<void> | undefined;

	constructor(
		db: Db,
		private readonly cache?: TenantCache,
	) {
		this.versions = db.collection<VersionDocument>(VERSIONS_COLLECTION);
	}

	private async ensureIndexes(): Promise<void> {
		this.indexed ??= this.versions
			.createIndex({ tenant_id: 1, kind: 1, id: 1, version: -1 }, { unique: true, name: 'tenant_kind_id_version' })
			.then(() => undefined)
			.catch((error: unknown) => {
				this.indexed = undefined;
				throw mongoError(error);
			});
		await this.indexed;
	}

	private async latest(tenantId: string, kind: ConfigKind, id: string): Promise<VersionDocument | null> {
		await this.ensureIndexes();
		try {
			return await this.versions.find({ tenant_id: tenantId, kind, id }).sort({ version: -1 }).limit(1).next();
		} catch (error) {
			throw mongoError(error);
		}
	}

	private async version(tenantId: string, kind: ConfigKind, id: string, version: number): Promise<VersionDocument | null> {
		await this.ensureIndexes();
		try {
			return await this.versions.findOne({ tenant_id: tenantId, kind, id, version });
		} catch (error) {
			throw mongoError(error);
		}
	}

	/** Cache-aside read; a cache that fails is skipped, never fatal for a configuration read. */
	private async cached<T extends object>(tenantId: string, key: string, load: () => Promise<T>): Promise<T & { cached: boolean }> {
		if (this.cache) {
			const hit = await this.cache.get(tenantId, 'config', key).catch(() => undefined);
			if (hit?.hit && typeof hit.value === 'object' && hit.value !== null) return { ...(hit.value as T), cached: true };
		}
		const value = await load();
		if (this.cache) await this.cache.set(tenantId, 'config', key, value as unknown as JsonValue, { tags: [CACHE_TAG] }).catch(() => undefined);
		return { ...value, cached: false };
	}

	private async invalidate(tenantId: string): Promise<boolean> {
		if (!this.cache) return true;
		try {
			await this.cache.invalidate(tenantId, CACHE_TAG);
			return true;
		} catch {
			return false;
		}
	}

	async getTenant(tenantIdInput: unknown): Promise<TenantResult> {
		const tenantId = assertTenantId(tenantIdInput);
		return await this.cached(tenantId, 'tenant', async () => {
			const head = await this.latest(tenantId, 'tenant', tenantId);
			const fromStore = head && head.source === 'override';
			return {
				tenant_id: tenantId,
				// Stored overrides lie over today's defaults, so fields added since they were written get defaults.
				tenant: fromStore ? (mergeConfig(defaultTenant(tenantId), head.config) as Tenant) : defaultTenant(tenantId),
				source: fromStore ? ('override' as const) : ('default' as const),
				version: head?.version ?? 1,
			};
		});
	}

	async getCrew(tenantIdInput: unknown, channel: ChannelName): Promise<CrewResult> {
		const tenantId = assertTenantId(tenantIdInput);
		return await this.cached(tenantId, `crew:${channel}`, async () => {
			const { tenant } = await this.getTenant(tenantId);
			const settings = tenant.channels[channel];
			const crewId = settings?.crew ?? channel;
			const head = await this.latest(tenantId, 'crew', crewId);
			const fromStore = head && head.source === 'override';
			return {
				tenant_id: tenantId,
				channel,
				crew_id: crewId,
				enabled: settings?.enabled ?? true,
				crew: fromStore ? (mergeConfig(defaultCrew(crewId), head.config) as Crew) : defaultCrew(crewId),
				source: fromStore ? ('override' as const) : ('default' as const),
				version: head?.version ?? 1,
			};
		});
	}

	async listCrews(tenantIdInput: unknown): Promise<CrewResult[]> {
		const tenantId = assertTenantId(tenantIdInput);
		return await Promise.all(CHANNELS.map((channel) => this.getCrew(tenantId, channel)));
	}

	async putTenant(tenantIdInput: unknown, patch: Record<string, unknown>, options: PutOptions = {}): Promise<PutResult> {
		const tenantId = assertTenantId(tenantIdInput);
		if (patch.id !== undefined && patch.id !== tenantId) {
			throw new RefusedError(`tenant.id "${String(patch.id)}" differs from tenant_id "${tenantId}": a tenant can only change its own configuration.`);
		}
		return await this.write(tenantId, 'tenant', tenantId, () => defaultTenant(tenantId), (current) => {
			const merged = options.replace ? { ...patch, id: tenantId } : mergeConfig(current, { ...patch, id: tenantId });
			return parseTenant(merged);
		}, { ...options, action: 'put' });
	}

	async putCrew(tenantIdInput: unknown, channel: ChannelName, patch: Record<string, unknown>, options: PutOptions = {}): Promise<PutResult> {
		const tenantId = assertTenantId(tenantIdInput);
		for (const field of ['id', 'channel'] as const) {
			if (patch[field] !== undefined && patch[field] !== channel) {
				throw new RefusedError(`crew.${field} "${String(patch[field])}" differs from channel "${channel}": a crew's id is its channel.`);
			}
		}
		return await this.write(tenantId, 'crew', channel, () => defaultCrew(channel), (current) => {
			const merged = options.replace ? { ...patch, id: channel, channel } : mergeConfig(current, { ...patch, id: channel, channel });
			return parseCrew(merged);
		}, { ...options, action: 'put' });
	}

	async history(tenantIdInput: unknown, kind: ConfigKind, idInput: string | undefined, limit = 50): Promise<{ kind: ConfigKind; id: string; current_version: number; versions: VersionInfo[] }> {
		const tenantId = assertTenantId(tenantIdInput);
		const id = this.assertId(tenantId, kind, idInput);
		await this.ensureIndexes();
		let docs: VersionDocument[];
		try {
			docs = await this.versions.find({ tenant_id: tenantId, kind, id }).sort({ version: -1 }).limit(limit).toArray();
		} catch (error) {
			throw mongoError(error);
		}
		if (docs.length === 0) {
			// Nothing stored yet: the defaults are version 1.
			const now = new Date(0).toISOString();
			return {
				kind,
				id,
				current_version: 1,
				versions: [{ version: 1, source: 'default', action: 'default', by: 'omnicrew', at: now, summary: 'built-in defaults', changes: { added: [], removed: [], changed: [] }, rolled_back_to: null }],
			};
		}
		return { kind, id, current_version: docs[0].version, versions: docs.map(info) };
	}

	async rollback(tenantIdInput: unknown, kind: ConfigKind, idInput: string | undefined, version: number, options: PutOptions = {}): Promise<PutResult> {
		const tenantId = assertTenantId(tenantIdInput);
		const id = this.assertId(tenantId, kind, idInput);
		const fallback = () => (kind === 'tenant' ? defaultTenant(tenantId) : defaultCrew(id as ChannelName));
		let target: VersionDocument | null = null;
		if (version !== 1) {
			target = await this.version(tenantId, kind, id, version);
			if (!target) {
				const head = await this.latest(tenantId, kind, id);
				throw new OmniCrewError('not_found', `${kind} "${id}" of tenant "${tenantId}" has no version ${version} (current version: ${head?.version ?? 1}).`);
			}
		}
		const restoreDefault = version === 1 || target?.source === 'default';
		return await this.write(tenantId, kind, id, fallback, () => (restoreDefault ? fallback() : target!.config), {
			...options,
			replace: true,
			action: 'rollback',
			rolledBackTo: version,
			source: restoreDefault ? 'default' : 'override',
		});
	}

	private assertId(tenantId: string, kind: ConfigKind, id: string | undefined): string {
		if (kind === 'tenant') {
			if (id !== undefined && id !== '' && id !== tenantId) throw new RefusedError(`id "${id}" differs from tenant_id "${tenantId}": a tenant's configuration id is the tenant itself.`);
			return tenantId;
		}
		if (!id || !(CHANNELS as readonly string[]).includes(id)) throw new OmniCrewError('invalid_input', `id must be a crew's channel: one of ${CHANNELS.join(', ')} (got ${JSON.stringify(id ?? null)}).`);
		return id;
	}

	/**
	 * Appends the next version. The number is the current one plus one; when two writers race,
	 * the unique index refuses the second insert and it retries on top of the winner.
	 */
	private async write(
		tenantId: string,
		kind: ConfigKind,
		id: string,
		defaults: () => object,
		next: (current: object) => object,
		options: PutOptions & { action: VersionAction; rolledBackTo?: number; source?: ConfigSource },
	): Promise<PutResult> {
		const by = (options.by ?? '').trim().slice(0, 200) || 'unknown';
		for (let attempt = 1; ; attempt++) {
			let head = await this.latest(tenantId, kind, id);
			const currentVersion = head?.version ?? 1;
			if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion) {
				throw new OmniCrewError('conflict', `${kind} "${id}" is at version ${currentVersion}, not ${options.expectedVersion}: read it again and re-apply the change.`);
			}
			const currentConfig = head && head.source === 'override' ? (mergeConfig(defaults(), head.config) as object) : defaults();
			const config = next(currentConfig) as Record<string, unknown>;
			const source = options.source ?? 'override';
			if (head && head.source === source && sameJson(head.config, config)) {
				return { kind, id, version: head.version, previous_version: head.version, unchanged: true, summary: 'no change', rolled_back_to: options.rolledBackTo ?? null, cache_invalidated: true };
			}
			if (!head && source === 'default') {
				return { kind, id, version: 1, previous_version: 1, unchanged: true, summary: 'no change', rolled_back_to: options.rolledBackTo ?? null, cache_invalidated: true };
			}
			try {
				if (!head) {
					// The defaults become version 1 on record, so the history starts where the tenant did.
					head = await this.insertVersion({ tenant_id: tenantId, kind, id, version: 1, source: 'default', action: 'default', config: defaults() as Record<string, unknown>, by: 'omnicrew', at: new Date(), summary: 'built-in defaults', changes: { added: [], removed: [], changed: [] }, rolled_back_to: null });
				}
				const diff = diffConfig(head.config, config);
				const summary = options.action === 'rollback' ? `rollback to version ${options.rolledBackTo}: ${diff.summary}` : diff.summary;
				const written = await this.insertVersion({
					tenant_id: tenantId,
					kind,
					id,
					version: head.version + 1,
					source,
					action: options.action,
					config,
					by,
					at: new Date(),
					summary,
					changes: { added: diff.added, removed: diff.removed, changed: diff.changed },
					rolled_back_to: options.rolledBackTo ?? null,
				});
				const invalidated = await this.invalidate(tenantId);
				return { kind, id, version: written.version, previous_version: head.version, unchanged: false, summary, rolled_back_to: written.rolled_back_to, cache_invalidated: invalidated };
			} catch (error) {
				if (isDuplicateKey(error) && attempt < MAX_ATTEMPTS) {
					await sleep(5 + Math.random() * 20 * Math.min(attempt, 5));
					continue;
				}
				if (isDuplicateKey(error)) throw new OmniCrewError('conflict', `${kind} "${id}" is being changed by someone else right now: try again.`);
				throw mongoError(error);
			}
		}
	}

	private async insertVersion(doc: VersionDocument): Promise<VersionDocument> {
		await this.versions.insertOne({ ...doc });
		return doc;
	}
}
