import { SecretBox } from '../../lib/secret-box';
import { startFerretDb, type FerretDbServer } from '../../scripts/lib/runtime';
import { UPSTREAMS_COLLECTION, UpstreamStore } from '../../nodes/TenantConfig/store/upstream-store';
import { openConfigHarness, type ConfigHarness } from '../support/config';

const KEY = 'deployment-secrets-key-for-the-upstream-tests';
const CHATWOOT = { base_url: 'https://chat.example.com/', bot_token: 'bot-token-of-tenant-7', webhook_secret: 'webhook-secret-of-tenant-7' };
const ODOO = { url: 'https://erp.example.com', db: 'acme', login: 'bot@acme.com', api_key: 'odoo-key-of-tenant-7' };

/** Tenants' upstreams on FerretDB: write-only secrets, sealed at rest, opened only for nodes and crews. */
describe('tenant upstreams', () => {
	let ferret: FerretDbServer;
	let h: ConfigHarness;
	let keyless: ConfigHarness;

	beforeAll(async () => {
		ferret = await startFerretDb();
		h = await openConfigHarness(ferret.uri, { database: 'upstreams_test', secretsKey: KEY });
		keyless = await openConfigHarness(ferret.uri, { database: 'upstreams_test' });
	});
	afterAll(async () => {
		await h?.close();
		await keyless?.close();
		await ferret?.stop();
	});

	const store = () => new UpstreamStore(h.mongo.db, new SecretBox(KEY));

	it('stores a tenant\'s Chatwoot and Odoo, shows only whether each secret is set, and opens them for the nodes', async () => {
		const put = await h.call('config_put_upstreams', { tenant_id: '7', upstreams: { chatwoot: CHATWOOT, odoo: ODOO }, author: 'ops@acme' });
		expect(put).toMatchObject({
			tenant_id: '7',
			chatwoot: { base_url: 'https://chat.example.com', bot_token_set: true, webhook_secret_set: true },
			odoo: { url: 'https://erp.example.com', db: 'acme', login: 'bot@acme.com', api_key_set: true, password_set: false },
			qdrant: null,
			updated_by: 'ops@acme',
		});
		const shown = JSON.stringify([put, await h.call('config_get_upstreams', { tenant_id: '7' }), await h.call('config_get_tenant', { tenant_id: '7' })]);
		for (const secret of [CHATWOOT.bot_token, CHATWOOT.webhook_secret, ODOO.api_key]) expect(shown).not.toContain(secret);
		expect(await store().get('7')).toEqual({
			tenant_id: '7',
			chatwoot: { base_url: 'https://chat.example.com', bot_token: CHATWOOT.bot_token, webhook_secret: CHATWOOT.webhook_secret },
			odoo: { url: ODOO.url, db: 'acme', login: 'bot@acme.com', api_key: ODOO.api_key, password: null },
			qdrant: null,
		});
	});

	it('keeps secrets sealed in MongoDB, each bound to its tenant', async () => {
		const raw = await h.mongo.db.collection(UPSTREAMS_COLLECTION).findOne({ tenant_id: '7' });
		const text = JSON.stringify(raw);
		for (const secret of [CHATWOOT.bot_token, CHATWOOT.webhook_secret, ODOO.api_key]) expect(text).not.toContain(secret);
		// a sealed token copied into another tenant's record does not open there
		await h.mongo.db.collection(UPSTREAMS_COLLECTION).insertOne({ ...raw, _id: undefined, tenant_id: '8' });
		await expect(store().get('8')).rejects.toThrow(/does not open .*another record/);
		await h.mongo.db.collection(UPSTREAMS_COLLECTION).deleteOne({ tenant_id: '8' });
	});

	it('keeps a secret left out, removes one set to null, and removes a section set to null', async () => {
		await h.call('config_put_upstreams', { tenant_id: '7', upstreams: { chatwoot: { base_url: 'https://chat2.example.com' } } });
		expect((await store().get('7'))?.chatwoot).toEqual({ base_url: 'https://chat2.example.com', bot_token: CHATWOOT.bot_token, webhook_secret: CHATWOOT.webhook_secret });
		await h.call('config_put_upstreams', { tenant_id: '7', upstreams: { chatwoot: { base_url: 'https://chat2.example.com', webhook_secret: null } } });
		expect(await h.call('config_get_upstreams', { tenant_id: '7' })).toMatchObject({ chatwoot: { bot_token_set: true, webhook_secret_set: false } });
		await h.call('config_put_upstreams', { tenant_id: '7', upstreams: { odoo: null, qdrant: { collection_prefix: 'acme_' } } });
		expect(await store().get('7')).toMatchObject({ odoo: null, qdrant: { collection_prefix: 'acme_' } });
	});

	it.each([
		[{ chatwoot: { base_url: 'chat.example.com' } }, /upstreams\.chatwoot\.base_url: must be an http\(s\) URL/],
		[{ odoo: { url: 'https://erp.example.com', db: '', login: 'x' } }, /upstreams\.odoo\.db/],
		[{ qdrant: { collection_prefix: 'Bad Prefix' } }, /upstreams\.qdrant\.collection_prefix: must be 1-40 lower-case/],
		[{ mercadolivre: {} }, /mercadolivre|unrecognized/i],
	])('refuses %j, naming the field, and writes nothing', async (upstreams, message) => {
		const before = await h.call('config_get_upstreams', { tenant_id: '7' });
		const refused = await h.refuse('config_put_upstreams', { tenant_id: '7', upstreams });
		expect(refused.kind).toBe('invalid_input');
		expect(refused.message).toMatch(message);
		expect(await h.call('config_get_upstreams', { tenant_id: '7' })).toEqual(before);
	});

	it('without a secrets key: settings only, no secret stored or opened', async () => {
		const refused = await keyless.refuse('config_put_upstreams', { tenant_id: '9', upstreams: { chatwoot: CHATWOOT } });
		expect(refused).toMatchObject({ kind: 'refused', message: expect.stringMatching(/No secrets key is set.*Upstream Secrets Key/) });
		expect(refused.message).not.toContain(CHATWOOT.bot_token);
		expect(await keyless.call('config_get_upstreams', { tenant_id: '9' })).toMatchObject({ chatwoot: null });
		// settings without secrets are fine; the sealed ones of tenant 7 still show as set, and do not open without the key
		expect(await keyless.call('config_put_upstreams', { tenant_id: '9', upstreams: { qdrant: { collection_prefix: 'nine_' } } })).toMatchObject({ qdrant: { collection_prefix: 'nine_' } });
		expect(await keyless.call('config_get_upstreams', { tenant_id: '7' })).toMatchObject({ chatwoot: { bot_token_set: true } });
		await expect(new UpstreamStore(h.mongo.db, null).get('7')).rejects.toThrow(/No secrets key is set/);
	});
});
