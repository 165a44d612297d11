import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class RedisOmniCrewApi implements ICredentialType {
	name = 'redisOmniCrewApi';

	displayName = 'Redis (OmniCrew)';

	icon: Icon = { light: 'file:../nodes/TenantCache/tenantCache.svg', dark: 'file:../nodes/TenantCache/tenantCache.dark.svg' };

	documentationUrl = 'https://github.com/omnicrew/n8n-nodes-omnicrew/blob/main/docs/nodes/tenant-cache.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			options: [
				{ name: 'Standalone', value: 'standalone', description: 'One Redis server (or a managed endpoint)' },
				{ name: 'Sentinel', value: 'sentinel', description: 'Redis Sentinel: sentinels elect the master' },
				{ name: 'Cluster', value: 'cluster', description: 'Redis Cluster: keys are sharded across nodes' },
			],
			default: 'standalone',
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: 'redis://127.0.0.1:6379',
			placeholder: 'redis://redis.internal:6379/0',
			description: 'Redis URL without the password; use rediss:// for TLS',
			displayOptions: { show: { mode: ['standalone'] } },
		},
		{
			displayName: 'Sentinels',
			name: 'sentinels',
			type: 'string',
			default: '',
			placeholder: '10.0.0.5:26379,10.0.0.6:26379',
			description: 'Comma-separated host:port of the sentinels',
			displayOptions: { show: { mode: ['sentinel'] } },
		},
		{
			displayName: 'Master Name',
			name: 'sentinelName',
			type: 'string',
			default: 'mymaster',
			displayOptions: { show: { mode: ['sentinel'] } },
		},
		{
			displayName: 'Sentinel Password',
			name: 'sentinelPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { mode: ['sentinel'] } },
		},
		{
			displayName: 'Cluster Nodes',
			name: 'clusterNodes',
			type: 'string',
			default: '',
			placeholder: '10.0.0.5:6379,10.0.0.6:6379',
			description: 'Comma-separated host:port of some cluster nodes; keys then take the form t:{tenant}:… so one tenant stays in one slot',
			displayOptions: { show: { mode: ['cluster'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'ACL user name; leave empty for the default user',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Database Number',
			name: 'database',
			type: 'number',
			default: 0,
			displayOptions: { show: { mode: ['standalone', 'sentinel'] } },
		},
		{
			displayName: 'TLS',
			name: 'tls',
			type: 'boolean',
			default: false,
			description: 'Whether to connect over TLS (implied by a rediss:// URL)',
		},
		{
			displayName: 'Reject Unauthorized Certificates',
			name: 'tlsRejectUnauthorized',
			type: 'boolean',
			default: true,
			description: 'Whether to refuse servers whose certificate is not trusted; turn off only for a self-signed certificate you control',
		},
		{
			displayName: 'CA Certificate',
			name: 'tlsCa',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: 'PEM of a private certificate authority, if the server uses one',
		},
		{
			displayName: 'TTL Overrides',
			name: 'ttlOverrides',
			type: 'json',
			default: '{}',
			description: 'Seconds per cache type replacing the defaults, e.g. {"stock": 30, "price": 120}',
		},
	];
}
