import { startFerretDb, startRedisServer, type FerretDbServer, type RedisServer } from '../../scripts/lib/runtime';
import { openConfigHarness, type ConfigHarness } from '../support/config';

type Crew = { agents: Array<{ role: string; name: string; tone: string }>; router: { confidence_threshold: number } };

/** Tenant and crew configuration on FerretDB (real MongoDB wire protocol) with the Redis cache. */
describe('config server on FerretDB', () => {
	let ferret: FerretDbServer;
	let redis: RedisServer;
	let h: ConfigHarness;

	beforeAll(async () => {
		[ferret, redis] = await Promise.all([startFerretDb(), startRedisServer()]);
		h = await openConfigHarness(ferret.uri, { database: 'config_test', redisUrl: redis.url });
	});
	afterAll(async () => {
		await h?.close();
		await Promise.all([ferret?.stop(), redis?.stop()]);
	});

	const history = async (tenant: string, kind: string, id?: string) =>
		(await h.call('config_history', { tenant_id: tenant, kind, id })) as { current_version: number; versions: Array<{ version: number; source: string; action: string; by: string; summary: string; rolled_back_to: number | null }> };

	it('gives a new tenant the default WhatsApp crew as version 1', async () => {
		const got = await h.call('config_get_crew', { tenant_id: 'new-co', channel: 'whatsapp' });
		expect(got).toMatchObject({ tenant_id: 'new-co', channel: 'whatsapp', crew_id: 'whatsapp', enabled: true, source: 'default', version: 1 });
		expect((got.crew as Crew).agents.map((a) => a.role)).toEqual(['sales', 'scheduling', 'business_rules', 'support']);
		expect(await h.call('config_get_tenant', { tenant_id: 'new-co' })).toMatchObject({ source: 'default', version: 1, tenant: { id: 'new-co', timezone: 'America/Sao_Paulo' } });
	});

	it('stores an override as version 2, rolls back to the defaults and forward again, never rewriting history', async () => {
		const put = await h.call('config_put_crew', { tenant_id: 'acme', channel: 'whatsapp', crew: { router: { confidence_threshold: 0.7 } }, author: 'ana@acme' });
		expect(put).toMatchObject({ version: 2, previous_version: 1, unchanged: false, summary: 'changed router.confidence_threshold', cache_invalidated: true });
		const got = await h.call('config_get_crew', { tenant_id: 'acme', channel: 'whatsapp' });
		expect(got).toMatchObject({ source: 'override', version: 2 });
		expect((got.crew as Crew).router.confidence_threshold).toBe(0.7);
		expect((got.crew as Crew).agents).toHaveLength(4); // the merge kept the default agents

		const back = await h.call('config_rollback', { tenant_id: 'acme', kind: 'crew', id: 'whatsapp', version: 1, author: 'ana@acme' });
		expect(back).toMatchObject({ version: 3, rolled_back_to: 1 });
		expect(await h.call('config_get_crew', { tenant_id: 'acme', channel: 'whatsapp' })).toMatchObject({ source: 'default', version: 3 });

		expect(await h.call('config_rollback', { tenant_id: 'acme', kind: 'crew', id: 'whatsapp', version: 2 })).toMatchObject({ version: 4, rolled_back_to: 2 });
		expect(((await h.call('config_get_crew', { tenant_id: 'acme', channel: 'whatsapp' })).crew as Crew).router.confidence_threshold).toBe(0.7);

		const log = await history('acme', 'crew', 'whatsapp');
		expect(log.current_version).toBe(4);
		expect(log.versions.map((v) => [v.version, v.source, v.action, v.rolled_back_to])).toEqual([
			[4, 'override', 'rollback', 2],
			[3, 'default', 'rollback', 1],
			[2, 'override', 'put', null],
			[1, 'default', 'default', null],
		]);
		expect(log.versions[2].by).toBe('ana@acme');
		expect(log.versions[1].summary).toMatch(/^rollback to version 1: changed router\.confidence_threshold/);
	});

	it('adds no version when a put changes nothing', async () => {
		await h.call('config_put_tenant', { tenant_id: 'same', tenant: { name: 'Same Ltda' } });
		expect(await h.call('config_put_tenant', { tenant_id: 'same', tenant: { name: 'Same Ltda' } })).toMatchObject({ version: 2, unchanged: true });
		expect((await history('same', 'tenant')).current_version).toBe(2);
	});

	it('refuses an invalid put naming the field, and writes nothing', async () => {
		const agents = [{ role: 'seller', name: 'X', instructions: 'y', tools: [], knowledge_collections: [], tone: 't', max_reply_length: 300, escalation: { keywords: [], max_failed_turns: 2, on_negative_sentiment: true } }];
		const refused = await h.refuse('config_put_crew', { tenant_id: 'bad', channel: 'instagram', crew: { agents } });
		expect(refused.kind).toBe('invalid_input');
		expect(refused.message).toMatch(/crew\.agents\[0\]\.role/);
		const hours = await h.refuse('config_put_tenant', { tenant_id: 'bad', tenant: { business_hours: { fri: [{ open: '19:00', close: '09:00' }] } } });
		expect(hours.message).toMatch(/tenant\.business_hours\.fri\[0\]\.close: close must be later than open/);
		expect((await h.refuse('config_put_tenant', { tenant_id: 'bad', tenant: { id: 'other' } })).kind).toBe('refused');
		expect(await h.mongo.db.collection('config_versions').countDocuments({ tenant_id: 'bad' })).toBe(0);
	});

	it('refuses a stale expected_version and a missing rollback target', async () => {
		await h.call('config_put_crew', { tenant_id: 'occ', channel: 'email', crew: { formatting: { signature: 'Equipe OCC' } } });
		const stale = await h.refuse('config_put_crew', { tenant_id: 'occ', channel: 'email', crew: { formatting: { signature: 'x' } }, expected_version: 1 });
		expect(stale).toMatchObject({ kind: 'conflict' });
		expect(stale.message).toMatch(/is at version 2, not 1/);
		expect(await h.refuse('config_rollback', { tenant_id: 'occ', kind: 'crew', id: 'email', version: 9 })).toMatchObject({ kind: 'not_found' });
		expect(await h.refuse('config_history', { tenant_id: 'occ', kind: 'crew', id: 'telegram' })).toMatchObject({ kind: 'invalid_input' });
	});

	it('numbers simultaneous puts one after another and loses none', async () => {
		const results = await Promise.all(
			Array.from({ length: 8 }, (_, i) => h.call('config_put_crew', { tenant_id: 'race', channel: 'webchat', crew: { formatting: { greeting: `Olá ${i}` } } })),
		);
		const versions = results.map((r) => r.version as number).sort((a, b) => a - b);
		expect(versions).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
		expect((await history('race', 'crew', 'webchat')).versions).toHaveLength(9);
	});

	it('reads through the cache and drops the cached copy on every put', async () => {
		expect(await h.call('config_get_crew', { tenant_id: 'cached', channel: 'facebook' })).toMatchObject({ cached: false });
		expect(await h.call('config_get_crew', { tenant_id: 'cached', channel: 'facebook' })).toMatchObject({ cached: true, source: 'default' });
		expect(await h.redis!.exists('t:cached:config:crew:facebook')).toBe(1);

		await h.call('config_put_crew', { tenant_id: 'cached', channel: 'facebook', crew: { router: { confidence_threshold: 0.4 } } });
		expect(await h.redis!.exists('t:cached:config:crew:facebook')).toBe(0);
		const fresh = await h.call('config_get_crew', { tenant_id: 'cached', channel: 'facebook' });
		expect(fresh).toMatchObject({ cached: false, source: 'override', version: 2 });
		expect((fresh.crew as Crew).router.confidence_threshold).toBe(0.4);

		// A tenant change (here: instagram served by the facebook crew) drops cached crews too.
		await h.call('config_get_crew', { tenant_id: 'cached', channel: 'instagram' });
		await h.call('config_put_tenant', { tenant_id: 'cached', tenant: { channels: { instagram: { enabled: true, crew: 'facebook' } } } });
		const shared = await h.call('config_get_crew', { tenant_id: 'cached', channel: 'instagram' });
		expect(shared).toMatchObject({ cached: false, channel: 'instagram', crew_id: 'facebook', source: 'override' });
	});

	it('lists every channel with its source and version', async () => {
		const { crews } = (await h.call('config_list_crews', { tenant_id: 'acme' })) as { crews: Array<{ channel: string; source: string; version: number; agents: unknown[] }> };
		expect(crews.map((c) => c.channel)).toEqual(['whatsapp', 'facebook', 'instagram', 'email', 'webchat', 'mercadolivre']);
		expect(crews[0]).toMatchObject({ source: 'override', version: 4 });
		expect(crews[5]).toMatchObject({ source: 'default', version: 1 });
	});

	it('keeps tenants apart: a put of one is invisible to another', async () => {
		await h.call('config_put_crew', { tenant_id: 'tenant-a', channel: 'whatsapp', crew: { router: { confidence_threshold: 0.9 } } });
		await h.call('config_put_tenant', { tenant_id: 'tenant-a', tenant: { name: 'A S.A.', token_budget_per_day: 0 } });
		expect(await h.call('config_get_crew', { tenant_id: 'tenant-b', channel: 'whatsapp' })).toMatchObject({ source: 'default', version: 1 });
		expect(await h.call('config_get_tenant', { tenant_id: 'tenant-b' })).toMatchObject({ source: 'default', tenant: { token_budget_per_day: 200000 } });
		expect((await history('tenant-b', 'crew', 'whatsapp')).versions).toHaveLength(1);
		expect(await h.refuse('config_history', { tenant_id: 'tenant-b', kind: 'tenant', id: 'tenant-a' })).toMatchObject({ kind: 'refused' });
		expect(await h.refuse('config_get_crew', { tenant_id: { $ne: 'x' }, channel: 'whatsapp' })).toMatchObject({ kind: 'invalid_input' });
	});
});
