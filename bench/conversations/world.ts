/**
 * The world a shop's conversations run in: the Odoo emulator seeded with the shop's catalog, its
 * policies, procedures and products in the knowledge base (Qdrant emulator), its tenant.json in the
 * tenant configuration (MongoDB wire protocol via a real FerretDB), a real redis-server, and the
 * crew itself assembled as `omnicrew-mcp crew` assembles it from its environment, linked in
 * process: one crew for all of a shop's conversations.
 */
import { QdrantClient } from '@qdrant/js-client-rest';
import { Redis } from 'ioredis';

import { closeAllSharedConnections } from '../../lib/connection-pool';
import type { McpSession } from '../../lib/mcp/client';
import { openCrewServices } from '../../nodes/Crew/assemble';
import { crewSettingsFromEnv, openCrewSession } from '../../nodes/Crew/server';
import { KnowledgeStore } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { syncProducts, type SyncResult } from '../../nodes/KnowledgeBase/sync';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { TenantCache } from '../../nodes/TenantCache/cache/tenant-cache';
import { CHANNELS, type ChannelName } from '../../nodes/TenantConfig/schema/channels';
import { defaultCrew } from '../../nodes/TenantConfig/schema/defaults';
import { ConfigStore } from '../../nodes/TenantConfig/store/config-store';
import { openMongo } from '../../nodes/TenantConfig/store/mongo';
import { ensureFerretDb, ensureRedisServer, startFerretDb, startRedisServer, type FerretDbServer, type RedisServer } from '../../scripts/lib/runtime';
import { startOdooEmulator, type OdooEmulator } from '../../test/emulators/odoo';
import { startOpenAiEmulator, type OpenAiEmulator } from '../../test/emulators/openai';
import { startQdrantEmulator, type QdrantEmulator } from '../../test/emulators/qdrant';
import type { ShopData, TenantFile } from './dataset';

export type ModelMode = 'none' | 'scripted';

const KNOWLEDGE_PREFIX = 'omnicrew_';
const MONGO_DB = 'omnicrew';
/** The day's LLM token budget the bench gives a tenant: tenant.json's would run out part-way through a run. */
export const BENCH_TOKEN_BUDGET = 100_000_000;

/** The services every shop shares: started once per run. */
export interface World {
	redis: RedisServer;
	ferret: FerretDbServer;
	qdrant: QdrantEmulator;
	openai: OpenAiEmulator;
	close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
	ensureRedisServer(() => undefined);
	ensureFerretDb(() => undefined);
	const started: Array<() => Promise<void>> = [];
	try {
		const [redis, ferret, qdrant, openai] = await Promise.all([
			startRedisServer().then((s) => (started.push(() => s.stop()), s)),
			startFerretDb().then((s) => (started.push(() => s.stop()), s)),
			startQdrantEmulator().then((s) => (started.push(() => s.close()), s)),
			startOpenAiEmulator().then((s) => (started.push(() => s.close()), s)),
		]);
		return { redis, ferret, qdrant, openai, close: async () => void (await Promise.allSettled(started.map((stop) => stop()))) };
	} catch (error) {
		await Promise.allSettled(started.map((stop) => stop()));
		throw error;
	}
}

// ---- the bench clock ----------------------------------------------------------------------------------

function localParts(at: Date, timeZone: string): { y: number; m: number; d: number; weekday: number; offsetMs: number } {
	const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return { y: part('year'), m: part('month') - 1, d: part('day'), weekday: new Date(Date.UTC(part('year'), part('month') - 1, part('day'))).getUTCDay(), offsetMs: asUtc - Math.floor(at.getTime() / 1000) * 1000 };
}

/**
 * The instant the bench says it is for a shop: the next Tuesday at 10:30 in the shop's time zone
 * (at least a day ahead, never a holiday of the shop), so that "amanhã", "sábado", opening hours
 * and free slots mean the same in every run. Both shops are open then.
 */
export function benchStart(tenant: TenantFile, realNow: Date): Date {
	const holidays = new Set(tenant.holidays.map((h) => h.date));
	const today = localParts(realNow, tenant.timezone);
	for (let offset = 1; offset < 60; offset++) {
		const day = new Date(Date.UTC(today.y, today.m, today.d + offset));
		const mmdd = day.toISOString().slice(5, 10);
		if (day.getUTCDay() !== 2 || holidays.has(mmdd) || holidays.has(day.toISOString().slice(0, 10))) continue;
		const naive = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10, 30);
		return new Date(naive - localParts(new Date(naive), tenant.timezone).offsetMs);
	}
	throw new Error(`no Tuesday without a holiday in the next 60 days for ${tenant.id}`);
}

// ---- one shop -------------------------------------------------------------------------------------------

/** What of tenant.json the crew's configuration took, and what it has no place for. */
export interface TenantApplied {
	tenant_id: string;
	applied: string[];
	changed: string[];
	not_applied: string[];
}

const TENANT_FIELDS = ['name', 'locale', 'timezone', 'business_hours', 'holidays', 'channels', 'odoo', 'handoff', 'reply_language', 'greeting', 'synonyms'] as const;
const BENCH_CHANNELS: ChannelName[] = CHANNELS.filter((c) => c !== 'mercadolivre');

/** ISO weekdays (1 = Monday) the shop books services on: workshop or appointment hours, else business hours. */
export function openDays(tenant: TenantFile): number[] {
	const hours = tenant.workshop_hours ?? tenant.appointment_hours ?? tenant.business_hours;
	return ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].flatMap((day, i) => ((hours[day] ?? []).length ? [i + 1] : []));
}

async function writeTenantConfig(world: World, redis: Redis, tenant: TenantFile): Promise<TenantApplied> {
	const mongo = await openMongo({ uri: world.ferret.uri, database: MONGO_DB });
	try {
		const store = new ConfigStore(mongo.db, new TenantCache(redis));
		const patch: Record<string, unknown> = { token_budget_per_day: BENCH_TOKEN_BUDGET };
		for (const field of TENANT_FIELDS) if (tenant[field] !== undefined) patch[field] = tenant[field];
		await store.putTenant(tenant.id, patch, { by: 'bench', replace: true });
		for (const channel of BENCH_CHANNELS) {
			const crew = defaultCrew(channel);
			const agents = tenant.tone ? crew.agents.map((agent) => ({ ...agent, tone: tenant.tone })) : crew.agents;
			const formatting = channel === 'email' && tenant.signature ? { ...crew.formatting, signature: tenant.signature } : crew.formatting;
			await store.putCrew(tenant.id, channel, { agents, formatting }, { by: 'bench' });
		}
	} finally {
		await mongo.close();
	}
	const has = (field: string) => tenant[field] !== undefined;
	return {
		tenant_id: tenant.id,
		applied: [...TENANT_FIELDS.filter(has), ...(has('tone') ? ['tone (as every agent\'s tone)'] : []), ...(has('signature') ? ['signature (the e-mail crew\'s signature)'] : [])],
		changed: [`token_budget_per_day: ${BENCH_TOKEN_BUDGET} instead of ${tenant.token_budget_per_day}, so the day's budget does not run out part-way through a run`],
		not_applied: [
			...(has('workshop_hours') ? ['workshop_hours (no configuration field; scheduling offers slots within business_hours)'] : []),
			...(has('appointment_hours') ? ['appointment_hours (no configuration field; scheduling offers slots within business_hours)'] : []),
		],
	};
}

export interface ShopWorld {
	odoo: OdooEmulator;
	tenantId: string;
	session: McpSession;
	catalog: SyncResult;
	config: TenantApplied;
	/** The bench clock: the shop's start instant plus the time elapsed since. */
	now(): Date;
	close(): Promise<void>;
}

/**
 * A fresh shop for one model mode: Redis emptied, a new Odoo emulator (so one mode's quotations
 * and bookings are not the next one's), knowledge and tenant configuration written, the crew
 * opened on them.
 */
export async function openShop(world: World, shop: ShopData, mode: ModelMode, start: Date): Promise<ShopWorld> {
	const startedAt = Date.now();
	const now = () => new Date(start.getTime() + (Date.now() - startedAt));
	const redis = new Redis(world.redis.url);
	const closers: Array<() => Promise<void>> = [async () => redis.disconnect()];
	const close = async () => {
		for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
	};
	try {
		await redis.flushall();
		const lang = shop.tenant.locale.replace('-', '_');
		const odoo = await startOdooEmulator({ seed: { shop: shop.catalog, lang, openDays: openDays(shop.tenant) }, version: '17.0', now });
		closers.push(() => odoo.close());
		const admin = odoo.users.admin;
		const odooClient = new OdooClient({ url: odoo.url, db: odoo.db, username: admin.login, apiKey: admin.apiKey });
		const store = new KnowledgeStore(new QdrantClient({ url: world.qdrant.url, checkCompatibility: false }), { prefix: KNOWLEDGE_PREFIX });
		await store.upsert(shop.tenant.id, 'business_rules', shop.policies);
		await store.upsert(shop.tenant.id, 'support_procedures', shop.procedures);
		const catalog = await syncProducts(store, odooClient, shop.tenant.id, { full: true });
		const config = await writeTenantConfig(world, redis, shop.tenant);
		const env: Record<string, string> = {
			REDIS_URL: world.redis.url,
			MONGODB_URI: world.ferret.uri,
			MONGODB_DB: MONGO_DB,
			ODOO_URL: odoo.url,
			ODOO_DB: odoo.db,
			ODOO_USERNAME: admin.login,
			ODOO_API_KEY: admin.apiKey ?? '',
			QDRANT_URL: world.qdrant.url,
			KNOWLEDGE_COLLECTION_PREFIX: KNOWLEDGE_PREFIX,
			...(mode === 'scripted' ? { OPENAI_BASE_URL: world.openai.url, OPENAI_API_KEY: world.openai.apiKey, OPENAI_MODEL: world.openai.model } : {}),
		};
		const opened = await openCrewServices(crewSettingsFromEnv(env));
		closers.push(async () => {
			await opened.close();
			await closeAllSharedConnections();
		});
		const services = { ...opened.services, now };
		const session = openCrewSession(services);
		closers.push(() => session.close());
		return { odoo, tenantId: shop.tenant.id, session, catalog, config, now, close };
	} catch (error) {
		await close();
		throw error;
	}
}
