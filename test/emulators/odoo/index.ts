/**
 * An Odoo 17/18/19 JSON-RPC (and 19's JSON-2) emulator for tests and local runs: `/jsonrpc` (common, object, db), the web client's
 * session and `call_kw` routes, and an in-memory ORM seeded with the recorded demo data (`seed: 'contract'`)
 * or a Brazilian shop (`seed: 'brazil'`), or any shop given as a parsed catalog (`seed: { shop }`, seed-shop.ts).
 */
import type { OdooFaults } from './faults';
import { Store } from './orm/store';
import type { Version } from './orm/types';
import type { RpcContext, ServerVersion, UserLogin } from './rpc';
import { seedBrazil } from './seed-brazil';
import { seedContract } from './seed-contract';
import { seedShop, shopUserContext, type ShopSeed } from './seed-shop';
import { OdooServer, type RecordedRequest } from './server';

export type { RecordedRequest } from './server';
export type { CommitThenOptions, CommitThenOutcome, OdooFaultMatch, OdooFaults, RejectOptions } from './faults';
export { parseShopCatalog, shopPartnerIds, type ShopCatalog, type ShopSeed } from './seed-shop';

export interface OdooEmulator {
	url: string;
	db: string;
	version: '17.0' | '18.0' | '19.0';
	users: Record<'admin' | 'demo' | 'portal', { uid: number; login: string; password: string; apiKey?: string }>;
	requests: RecordedRequest[];
	/** Answers the next `times` requests whose path matches with this HTTP status (an nginx-style HTML page). */
	failNext(pathRegex: RegExp, status: number, times?: number): void;
	/** Ends an injected outage: failures not yet served are dropped. */
	clearFailures(): void;
	/** Faults that match on model, method and login: `commitThen` (carry out, then lose the answer) and `reject`. */
	faults: OdooFaults;
	/** The stored records of a model, as stored (many2one as id). */
	model(name: string): Array<Record<string, unknown>>;
	/** Whether `phone_sanitized` behaves as with the `phonenumbers` library installed (the default) or without. */
	setPhoneLibrary(installed: boolean): void;
	close(): Promise<void>;
}

export interface StartOdooOptions {
	port?: number;
	host?: string;
	/** 19.0 runs 18.0's models and data and adds the JSON-2 API (`/json/2/{model}/{method}`). */
	version?: '17.0' | '18.0' | '19.0';
	/** A shop of one's own: `{ shop: parseShopCatalog(json) }` (its products, stock, customers, orders and calendar). */
	seed?: 'contract' | 'brazil' | ShopSeed;
	db?: string;
	/** The admin user's API key (default `API_KEY`). */
	apiKey?: string;
	/** The server clock (default: the real one); a replay of recorded exchanges sets the recording's. */
	now?: () => Date;
}

export const API_KEY = 'f69dcfdbd77477a6cb675c8ebf986bb624634a25';
/** The demo and portal users' API keys, on a 19.0 emulator only. */
export const DEMO_API_KEY = '3c1d0e9a6b2f4e8d7a5c9b0f1e2d3c4b5a697887';
export const PORTAL_API_KEY = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807';

export async function startOdooEmulator(options: StartOdooOptions = {}): Promise<OdooEmulator> {
	const host = options.host ?? '127.0.0.1';
	const serverVersion: ServerVersion = options.version ?? '17.0';
	const version: Version = serverVersion === '17.0' ? '17.0' : '18.0';
	const db = options.db ?? 'omnicrew';
	const store = new Store();
	if (options.now) store.clock = options.now;
	const harvest = seedContract(store, version, serverVersion);
	const brazil = options.seed === 'brazil';
	if (brazil) seedBrazil(store, version);
	const shop = typeof options.seed === 'object' ? options.seed : undefined;
	if (shop) seedShop(store, version, shop);
	// the contract seed's users have the uids the recorded server gave them (19's demo data: demo 5, portal 6)
	const uid = (login: string, fallback: number) => (brazil || shop ? fallback : (harvest.logins?.[login] ?? fallback));
	const users = {
		admin: { uid: uid('admin', 2), login: 'admin', password: 'admin', apiKey: options.apiKey ?? API_KEY },
		// 19.0 (JSON-2 needs an API key) also gives the demo and portal users one
		demo: { uid: uid('demo', 6), login: 'demo', password: 'demo', ...(serverVersion === '19.0' ? { apiKey: DEMO_API_KEY } : {}) },
		portal: { uid: uid('portal', 7), login: 'portal', password: 'portal', ...(serverVersion === '19.0' ? { apiKey: PORTAL_API_KEY } : {}) },
	};
	const ctx: RpcContext = {
		store,
		db,
		version,
		serverVersion,
		...(harvest.serverVersion ? { serverBuild: harvest.serverVersion } : {}),
		users: Object.values(users) as UserLogin[],
		sessions: new Map(),
		sessionInfo: (uid) => {
			const recorded = harvest.sessions[String(uid)] ?? harvest.sessions['2'] ?? {};
			const info: Record<string, unknown> = { ...recorded, uid, db };
			if (brazil) {
				const context = typeof recorded.user_context === 'object' && recorded.user_context !== null ? (recorded.user_context as Record<string, unknown>) : {};
				info.user_context = { ...context, lang: 'pt_BR', tz: 'America/Sao_Paulo', uid };
			}
			if (shop) {
				const context = typeof recorded.user_context === 'object' && recorded.user_context !== null ? (recorded.user_context as Record<string, unknown>) : {};
				info.user_context = { ...context, ...shopUserContext(shop), uid };
			}
			return info;
		},
	};
	const server = new OdooServer(ctx);
	const port = await server.listen(options.port ?? 0, host);
	let closed = false;
	return {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
		db,
		version: serverVersion,
		users,
		requests: server.requests,
		failNext: (pathRegex, status, times = 1) => server.failNext(pathRegex, status, times),
		clearFailures: () => server.clearFailures(),
		faults: server.faults,
		model: (name) => [...store.model(name).records.values()].map((rec) => ({ ...rec })),
		setPhoneLibrary: (installed) => {
			store.phoneLibrary = installed;
		},
		async close() {
			if (closed) return;
			closed = true;
			await server.close();
		},
	};
}
