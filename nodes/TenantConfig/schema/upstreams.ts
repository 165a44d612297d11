import { z } from 'zod/v4';

/**
 * Where a tenant's own upstreams are: its Chatwoot account's bot token and webhook secret, its
 * Odoo database and key, its Qdrant collection prefix. With them in the tenant configuration one
 * channel workflow serves every tenant. Secrets are write-only: given in plain text to
 * config_put_upstreams, stored sealed (lib/secret-box.ts), never returned.
 */
const url = (what: string) =>
	z
		.string()
		.trim()
		.max(500)
		.refine((value) => /^https?:\/\/[^\s/]+/i.test(value), { error: `must be an http(s) URL, e.g. ${what}` });

/** A secret as written: a new value, null to remove it, absent to keep the stored one. */
const secret = (what: string) => z.string().min(1, { error: `${what} must not be empty (null removes it)` }).max(4_000).nullable().optional().describe(`${what}; write-only: null removes it, leaving it out keeps the stored one.`);

export const ChatwootUpstreamInput = z.strictObject({
	base_url: url('https://chat.example.com').describe('The Chatwoot address.'),
	bot_token: secret('The access token of the agent bot (or a user) of this account'),
	webhook_secret: secret('The secret Chatwoot signs this account\'s bot or webhook requests with'),
});

export const OdooUpstreamInput = z.strictObject({
	url: url('https://erp.example.com').describe('The Odoo address.'),
	db: z.string().trim().min(1).max(200).describe('The Odoo database.'),
	login: z.string().trim().min(1).max(200).describe('The Odoo user the crews act as.'),
	api_key: secret('The user\'s API key (Preferences → Account Security)'),
	password: secret('The user\'s password, when it has no API key'),
});

export const QdrantUpstreamInput = z.strictObject({
	collection_prefix: z
		.string()
		.regex(/^[a-z0-9_]{1,40}$/, { error: 'must be 1-40 lower-case letters, digits or underscores' })
		.describe('Prefix of the knowledge collections this tenant uses (the deployment\'s Qdrant, its own collections).'),
});

export const UpstreamsInput = z.strictObject({
	chatwoot: ChatwootUpstreamInput.nullable().optional().describe('null removes it.'),
	odoo: OdooUpstreamInput.nullable().optional().describe('null removes it.'),
	qdrant: QdrantUpstreamInput.nullable().optional().describe('null removes it.'),
});
export type UpstreamsPatch = z.output<typeof UpstreamsInput>;

/** What a node or a crew uses: plain values, secrets opened. Never leaves the process. */
export interface TenantUpstreams {
	tenant_id: string;
	chatwoot: { base_url: string; bot_token: string | null; webhook_secret: string | null } | null;
	odoo: { url: string; db: string; login: string; api_key: string | null; password: string | null } | null;
	qdrant: { collection_prefix: string } | null;
}

/** What config_get_upstreams shows: the settings, and for each secret only whether it is set. */
export const UpstreamsView = z.object({
	tenant_id: z.string(),
	chatwoot: z.object({ base_url: z.string(), bot_token_set: z.boolean(), webhook_secret_set: z.boolean() }).nullable(),
	odoo: z.object({ url: z.string(), db: z.string(), login: z.string(), api_key_set: z.boolean(), password_set: z.boolean() }).nullable(),
	qdrant: z.object({ collection_prefix: z.string() }).nullable(),
	updated_at: z.string().nullable(),
	updated_by: z.string().nullable(),
});
export type UpstreamsViewOutput = z.output<typeof UpstreamsView>;
