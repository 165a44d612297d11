import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { openInProcess } from '../../lib/mcp/in-process';
import { planToolArgs } from '../../lib/n8n/args';
import { connectionProperty } from '../../lib/n8n/connection';
import { runToolNode } from '../../lib/n8n/tool-node';
import { optionalCredential } from '../../lib/n8n/optional-credential';
import { closeRedis, createRedisClient } from '../../lib/redis/connection';
import { REDIS_CREDENTIAL, redisConfigFromCredential, type RedisOmniCrewCredential } from '../../lib/redis/credential';
import { redisCredentialTest } from '../TenantCache/credential-test';
import { TenantCache } from '../TenantCache/cache/tenant-cache';
import { parseTtlOverrides } from '../TenantCache/cache/types';
import { fieldProperties, operationProperty, OPERATIONS, type ConfigOperation } from './actions/operations';
import { MONGODB_CREDENTIAL, mongoCredentialTest, mongoSettingsFrom, type MongoDbCredential } from './credential-test';
import { CONFIG_SERVER_INFO } from './server';
import { configTools } from './tools';
import { ConfigStore } from './store/config-store';
import { DataStore, parseDataCollections } from './store/data-store';
import { openMongo } from './store/mongo';
import { UpstreamStore } from './store/upstream-store';
import { SecretBox } from '../../lib/secret-box';

const WRITES: ReadonlySet<ConfigOperation> = new Set(['putCrew', 'putTenant', 'putUpstreams', 'rollback']);

export class TenantConfig implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tenant Config',
		name: 'tenantConfig',
		icon: { light: 'file:tenantConfig.svg', dark: 'file:tenantConfig.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Each tenant\'s crews and settings in MongoDB (defaults in code, versioned overrides) and tenant-scoped structured data',
		defaults: { name: 'Tenant Config' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'mongoDbOmniCrewApi', required: true, testedBy: 'mongoDbOmniCrewConnectionTest', displayOptions: { show: { connection: ['embedded'] } } },
			{ name: 'redisOmniCrewApi', required: false, testedBy: 'redisOmniCrewConnectionTest', displayOptions: { show: { connection: ['embedded'] } } },
			{ name: 'omniCrewMcpApi', required: true, displayOptions: { show: { connection: ['remote'] } } },
		],
		properties: [connectionProperty, operationProperty, ...fieldProperties],
	};

	methods = { credentialTest: { mongoDbOmniCrewConnectionTest: mongoCredentialTest, redisOmniCrewConnectionTest: redisCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as ConfigOperation;
		const spec = OPERATIONS[operation];
		if (!spec) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported!`);
		const workflow = this.getWorkflow();
		return await runToolNode(
			this,
			async () => {
				const credential = await this.getCredentials<MongoDbCredential>(MONGODB_CREDENTIAL);
				const collections = parseDataCollections(credential.dataCollections, 'Data Collections');
				// The Redis credential is optional: with it, reads go through the tenant cache.
				const redisCredential = await optionalCredential<RedisOmniCrewCredential>(this, REDIS_CREDENTIAL, 'Redis (OmniCrew)');
				const redisConfig = redisCredential ? redisConfigFromCredential(redisCredential) : undefined;
				const ttlOverrides = redisCredential ? parseTtlOverrides(redisCredential.ttlOverrides, 'TTL Overrides') : undefined;
				const mongo = await openMongo(mongoSettingsFrom(credential));
				const redis = redisConfig ? createRedisClient(redisConfig) : undefined;
				redis?.on('error', () => undefined); // failures surface on the command that hit them
				const cache =
					redis && redisConfig ? new TenantCache(redis, { ttlOverrides, clusterHashTag: redisConfig.mode === 'cluster' })
						: undefined;
				const upstreams = new UpstreamStore(mongo.db, credential.secretsKey ? new SecretBox(credential.secretsKey) : null);
				return openInProcess(CONFIG_SERVER_INFO, configTools, { config: new ConfigStore(mongo.db, cache), data: new DataStore(mongo.db, collections), upstreams }, async () => {
					if (redis) await closeRedis(redis);
					await mongo.close();
				});
			},
			(i) => {
				const args: IDataObject = { tenant_id: this.getNodeParameter('tenantId', i) as string, ...planToolArgs(this, i, spec) };
				if (WRITES.has(operation) && !args.author) args.author = `n8n workflow "${workflow.name ?? workflow.id ?? ''}"`;
				return { tool: spec.tool, args };
			},
		);
	}
}
