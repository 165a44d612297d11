import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { acquireRedis, type RedisClient } from '../redis/connection';
import { webhookCredential } from './webhook-credentials';
import { REDIS_CREDENTIAL, redisConfigFromCredential, type RedisOmniCrewCredential } from '../redis/credential';

/** One request header as a string (n8n lower-cases names). */
export function headerValue(headers: IDataObject, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

/** The raw body as received: signatures are computed over these bytes, not over re-serialised JSON. */
export function rawBodyOf(ctx: IWebhookFunctions): Buffer {
	const request = ctx.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
	return request.rawBody ?? Buffer.from(JSON.stringify(request.body ?? {}));
}

/**
 * Runs `work` with a Redis connection from the trigger's optional Redis (OmniCrew) credential,
 * closed afterwards; answers `undefined` without running it when no such credential is set.
 */
export async function withOptionalRedis<T>(
	ctx: IWebhookFunctions,
	work: (redis: RedisClient, clusterHashTag: boolean) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
	let credential: RedisOmniCrewCredential;
	try {
		credential = await webhookCredential<RedisOmniCrewCredential>(ctx, REDIS_CREDENTIAL);
	} catch {
		return { ran: false };
	}
	const config = redisConfigFromCredential(credential);
	const shared = await acquireRedis(config);
	try {
		return { ran: true, value: await work(shared.value, config.mode === 'cluster') };
	} finally {
		shared.release();
	}
}
