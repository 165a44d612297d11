import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { QdrantClient } from '@qdrant/js-client-rest';
import { Redis } from 'ioredis';

import type { McpSession } from '../../lib/mcp/client';
import { openKnowledgeSession } from '../../nodes/KnowledgeBase/server';
import { KnowledgeStore, type KnowledgeDocument } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { OdooClient } from '../../nodes/Odoo/client/odoo-client';
import { openOdooSession } from '../../nodes/Odoo/server';
import { TenantCache } from '../../nodes/TenantCache/cache/tenant-cache';
import { openCrewSession } from '../../nodes/Crew/server';
import { defaultsOnly, type CrewServices } from '../../nodes/Crew/services';
import type { OdooEmulator } from '../emulators/odoo';
import type { QdrantEmulator } from '../emulators/qdrant';

const DATA = join(__dirname, '..', '..', 'bench', 'data', 'knowledge');
export const loadKnowledge = (file: string) => JSON.parse(readFileSync(join(DATA, file), 'utf8')) as KnowledgeDocument[];

/** Fills a tenant's knowledge base with the demo shop's products, procedures and rules. */
export async function seedKnowledge(qdrant: QdrantEmulator, tenant: string, prefix = 'crew_', apiKey?: string): Promise<void> {
	const store = new KnowledgeStore(new QdrantClient({ url: qdrant.url, apiKey, checkCompatibility: false }), { prefix });
	await store.upsert(tenant, 'products', loadKnowledge('products.json'));
	await store.upsert(tenant, 'support_procedures', loadKnowledge('procedures.json'));
	await store.upsert(tenant, 'business_rules', loadKnowledge('rules.json'));
}

export interface CrewHarness {
	services: CrewServices;
	session: McpSession;
	redis: Redis;
	call(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
	close(): Promise<void>;
}

/** The crew over the Odoo and Qdrant emulators and a real Redis, linked in-process. */
export async function openCrewHarness(options: { odoo: OdooEmulator; qdrant: QdrantEmulator; redisUrl: string; services?: Partial<CrewServices>; prefix?: string }): Promise<CrewHarness> {
	const odoo = new OdooClient({ url: options.odoo.url, db: options.odoo.db, username: options.odoo.users.admin.login, apiKey: options.odoo.users.admin.apiKey, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 20 } });
	const redis = new Redis(options.redisUrl, { lazyConnect: true });
	const customer = openOdooSession({ odoo, profile: 'customer' });
	const erp = openOdooSession({ odoo, profile: 'erp_operator' });
	const knowledge = openKnowledgeSession({ store: new KnowledgeStore(new QdrantClient({ url: options.qdrant.url, checkCompatibility: false }), { prefix: options.prefix ?? 'crew_' }) });
	const services: CrewServices = { config: defaultsOnly, cache: new TenantCache(redis), odoo: customer, odooErp: erp, knowledge, ...options.services };
	const session = openCrewSession(services);
	return {
		services,
		session,
		redis,
		async call(tool, args) {
			const outcome = await session.callTool(tool, args);
			if (!outcome.ok) throw new Error(`${tool} failed (${outcome.kind}): ${outcome.message}`);
			return outcome.data;
		},
		async close() {
			await session.close();
			await Promise.all([customer.close(), erp.close(), knowledge.close()]);
			redis.disconnect();
		},
	};
}
