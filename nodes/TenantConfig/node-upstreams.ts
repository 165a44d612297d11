import { NodeOperationError, type IExecuteFunctions, type INode, type INodeProperties, type IWebhookFunctions } from 'n8n-workflow';

import { SharedConnections } from '../../lib/connection-pool';
import { SecretBox } from '../../lib/secret-box';
import type { OdooCredential } from '../Odoo/credential-test';
import { MONGODB_CREDENTIAL, mongoSettingsFrom, type MongoDbCredential } from './credential-test';
import type { TenantUpstreams } from './schema/upstreams';
import { acquireMongo } from './store/mongo';
import { UpstreamStore } from './store/upstream-store';

/** The option every upstream-using node offers: its credential, or each item's tenant's own upstream. */
export const UPSTREAM_FROM_CREDENTIAL = 'credential';
export const UPSTREAM_FROM_TENANT = 'tenant';

/** The node parameter choosing where an embedded node's upstream comes from (Chatwoot account, Odoo database). */
export function upstreamProperty(system: 'Chatwoot' | 'Odoo'): INodeProperties {
	return {
		displayName: system === 'Chatwoot' ? 'Chatwoot Account' : 'Odoo Database',
		name: 'upstream',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { connection: ['embedded'] } },
		options: [
			{ name: 'From the Credential', value: UPSTREAM_FROM_CREDENTIAL, description: `The ${system} credential chosen below, for every item` },
			{
				name: 'Each Item\'s Tenant',
				value: UPSTREAM_FROM_TENANT,
				description: `Each item's tenant's own ${system}, from its tenant upstreams (Tenant Config → Set Upstreams): one workflow serves every tenant`,
			},
		],
		default: UPSTREAM_FROM_CREDENTIAL,
	};
}

/** Show a credential only for one upstream choice (and the embedded connection). */
export const whenUpstream = (choice: string) => ({ show: { connection: ['embedded'], upstream: [choice] } });

/**
 * One UpstreamStore per MongoDB credential and key in this process, so the in-memory copy of
 * tenants' upstreams (bounded, UPSTREAMS_TTL_MS) is shared by every execution.
 */
const stores = new SharedConnections<{ store: UpstreamStore; release(): void }>(async (held) => held.release(), 300_000);

export interface UpstreamLookup {
	get(tenantId: string): Promise<TenantUpstreams | null>;
	release(): void;
}

/** The tenants' upstreams as the MongoDB (OmniCrew) credential of this node reaches them. */
export async function tenantUpstreams(ctx: IExecuteFunctions | IWebhookFunctions, read?: MongoDbCredential): Promise<UpstreamLookup> {
	// a trigger passes its credential read through webhookCredential (kept 30 s): reading it costs more than the request
	const credential = read ?? (await ctx.getCredentials<MongoDbCredential>(MONGODB_CREDENTIAL));
	const settings = mongoSettingsFrom(credential);
	const key = String(credential.secretsKey ?? '');
	const shared = await stores.acquire({ settings, key }, async () => {
		const mongo = await acquireMongo(settings);
		return { store: new UpstreamStore(mongo.value.db, key ? new SecretBox(key) : null), release: () => mongo.release() };
	});
	return { get: async (tenantId) => await shared.value.store.get(tenantId), release: () => shared.release() };
}

/** A tenant's upstream section, or an error that says where to set it. */
export function requireUpstream<K extends 'chatwoot' | 'odoo'>(node: INode, upstreams: TenantUpstreams | null, tenantId: string, kind: K, itemIndex: number): NonNullable<TenantUpstreams[K]> {
	const section = upstreams?.[kind];
	if (!section) {
		throw new NodeOperationError(node, `Tenant ${tenantId} has no ${kind === 'chatwoot' ? 'Chatwoot' : 'Odoo'} upstream in its configuration.`, {
			itemIndex,
			description: `Set it with the Tenant Config node's Set Upstreams operation (or config_put_upstreams), or choose the node's credential instead.`,
		});
	}
	return section as NonNullable<TenantUpstreams[K]>;
}

/** A tenant's Odoo upstream in the shape of the Odoo API credential (the API key, else the password). */
export function odooCredentialOf(odoo: NonNullable<TenantUpstreams['odoo']>): OdooCredential {
	return odoo.api_key
		? { url: odoo.url, db: odoo.db, username: odoo.login, apiKey: odoo.api_key, authType: 'apiKey' }
		: { url: odoo.url, db: odoo.db, username: odoo.login, apiKey: odoo.password ?? '', authType: 'password' };
}

/** Runs a node's execution with the tenants' upstreams when its Chatwoot Account / Odoo Database says Each Item's Tenant (null otherwise). */
export async function withTenantUpstreams<T>(ctx: IExecuteFunctions, run: (upstreams: UpstreamLookup | null) => Promise<T>): Promise<T> {
	const perTenant = ctx.getNodeParameter('connection', 0, 'embedded') === 'embedded' && ctx.getNodeParameter('upstream', 0, UPSTREAM_FROM_CREDENTIAL) === UPSTREAM_FROM_TENANT;
	const upstreams = perTenant ? await tenantUpstreams(ctx) : null;
	try {
		return await run(upstreams);
	} finally {
		upstreams?.release();
	}
}
