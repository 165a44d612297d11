import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { acquireRedis, type RedisClient } from '../redis/connection';
import { webhookCredential } from './webhook-credentials';
import { optionalCredential } from './optional-credential';
import { REDIS_CREDENTIAL, redisConfigFromCredential, type RedisOmniCrewCredential } from '../redis/credential';

/** One request header as a string (n8n lower-cases names). */
export function headerValue(headers: IDataObject, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

/** The body's bytes exactly as received (n8n keeps them for webhooks), or null if n8n did not. */
export function rawBodyBytes(ctx: IWebhookFunctions): Buffer | null {
	const { rawBody } = ctx.getRequestObject() as unknown as { rawBody?: unknown };
	if (Buffer.isBuffer(rawBody)) return rawBody;
	return typeof rawBody === 'string' ? Buffer.from(rawBody) : null;
}

/**
 * The raw body as received: signatures are computed over these bytes. Falls back to re-serialised
 * JSON, which matches the sender's bytes only for compact JSON; use `rawBodyBytes` to refuse instead.
 */
export function rawBodyOf(ctx: IWebhookFunctions): Buffer {
	return rawBodyBytes(ctx) ?? Buffer.from(JSON.stringify((ctx.getRequestObject() as unknown as { body?: unknown }).body ?? {}));
}

/**
 * Runs `work` with a Redis connection from the trigger's optional Redis (OmniCrew) credential,
 * closed afterwards; answers `undefined` without running it when no such credential is set.
 */
export async function withOptionalRedis<T>(
	ctx: IWebhookFunctions,
	work: (redis: RedisClient, clusterHashTag: boolean) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
	const credential = await optionalCredential<RedisOmniCrewCredential>(ctx, REDIS_CREDENTIAL, 'Redis (OmniCrew)', async (type) => await webhookCredential(ctx, type));
	if (!credential) return { ran: false };
	const config = redisConfigFromCredential(credential);
	const shared = await acquireRedis(config);
	try {
		return { ran: true, value: await work(shared.value, config.mode === 'cluster') };
	} finally {
		shared.release();
	}
}
