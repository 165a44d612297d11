import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { connectionProperty } from '../../lib/n8n/connection';
import { intoResultField, resultFieldProperty, runToolNode } from '../../lib/n8n/tool-node';
import { sharedSession } from '../../lib/mcp/shared-session';
import { acquireRedis } from '../../lib/redis/connection';
import { redisCredentialTest } from './credential-test';
import { REDIS_CREDENTIAL, redisConfigFromCredential, type RedisOmniCrewCredential } from '../../lib/redis/credential';
import { fieldProperties, operationProperty, OPERATIONS, type CacheOperation } from './actions/operations';
import { TenantCache as TenantCacheStore } from './cache/tenant-cache';
import { parseTtlOverrides } from './cache/types';
import { openCacheSession } from './server';

export class TenantCache implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tenant Cache',
		name: 'tenantCache',
		icon: { light: 'file:tenantCache.svg', dark: 'file:tenantCache.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Per-tenant Redis cache: TTL per type, tag invalidation, single flight, idempotency and locks',
		defaults: { name: 'Tenant Cache' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'redisOmniCrewApi',
				required: true,
				testedBy: 'redisOmniCrewConnectionTest',
				displayOptions: { show: { connection: ['embedded'] } },
			},
			{
				name: 'omniCrewMcpApi',
				required: true,
				displayOptions: { show: { connection: ['remote'] } },
			},
		],
		properties: [connectionProperty, operationProperty, ...fieldProperties, { ...resultFieldProperty, placeholder: 'cache' }],
	};

	methods = { credentialTest: { redisOmniCrewConnectionTest: redisCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as CacheOperation;
		const spec = OPERATIONS[operation];
		if (!spec) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported!`);

		const outputs = await runToolNode(
			this,
			async () => {
				const credential = await this.getCredentials<RedisOmniCrewCredential>(REDIS_CREDENTIAL);
				const config = redisConfigFromCredential(credential);
				const ttlOverrides = parseTtlOverrides(credential.ttlOverrides, 'TTL Overrides');
				return await sharedSession(['cache', credential], async () => {
					const shared = await acquireRedis(config);
					const cache = new TenantCacheStore(shared.value, { ttlOverrides, clusterHashTag: config.mode === 'cluster' });
					return openCacheSession({ cache }, async () => shared.release());
				});
			},
			(i) => ({ tool: spec.tool, args: spec.toArgs(this, i) }),
			intoResultField(this),
		);
		return operation === 'lock' ? [withAdoptedTurns(this, outputs[0])] : outputs;
	}
}

/**
 * A lock taken with a ticket may take over earlier turns whose worker died: their messages come
 * out first, as items of their own with their ticket as `sequence`, so the steps after the lock
 * answer them — in order — before the message that took them over.
 */
function withAdoptedTurns(ctx: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
	return items.flatMap((item, i) => {
		const field = String(ctx.getNodeParameter('resultField', i, '') ?? '').trim();
		const result = (field ? item.json[field] : item.json) as IDataObject | undefined;
		const dropAnswered = (ctx.getNodeParameter('options', i, {}) as IDataObject).dropAnswered === true;
		if (dropAnswered && result?.skipped === true) return [];
		const adopted = Array.isArray(result?.adopted) ? (result.adopted as Array<{ ticket: number; message: IDataObject | null }>) : [];
		if (adopted.length === 0) return [item];
		const lock = { ...result, adopted: [] };
		const taken = adopted
			.filter((turn) => turn.message && typeof turn.message === 'object')
			.map((turn) => {
				const json: IDataObject = { ...(turn.message as IDataObject), sequence: turn.ticket, taken_over: true };
				return { json: field ? { ...json, [field]: lock } : { ...json, ...lock }, pairedItem: item.pairedItem };
			});
		return [...taken, { ...item, json: field ? { ...item.json, [field]: lock } : { ...item.json, adopted: [] } }];
	});
}
