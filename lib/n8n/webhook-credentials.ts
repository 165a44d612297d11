import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

/** How long a trigger reuses a credential it read: an edited credential applies within this time. */
export const WEBHOOK_CREDENTIAL_TTL_MS = 30_000;

const recent = new Map<string, { until: number; value: Promise<ICredentialDataDecryptedObject> }>();

/**
 * A trigger's credential, read at most once per `WEBHOOK_CREDENTIAL_TTL_MS` per process.
 *
 * Outside a workflow run n8n resolves a credential by building a throwaway workflow with its own
 * expression isolate (n8n 2.x), after a database read and a decryption: 10–20 ms for each
 * credential of each incoming webhook, more than the rest of the trigger's work. The decrypted
 * values stay in this process's memory only, as they do inside every execution.
 */
export async function webhookCredential<T extends object>(ctx: IWebhookFunctions, type: string): Promise<T> {
	const id = ctx.getNode().credentials?.[type]?.id;
	if (!id) return await ctx.getCredentials<T>(type);
	const key = `${type}\u0000${id}`;
	const now = Date.now();
	const kept = recent.get(key);
	if (kept && kept.until > now) return { ...(await kept.value) } as T;
	for (const [other, entry] of recent) if (entry.until <= now) recent.delete(other);
	const value = ctx.getCredentials<ICredentialDataDecryptedObject>(type);
	const entry = { until: now + WEBHOOK_CREDENTIAL_TTL_MS, value };
	recent.set(key, entry);
	// a credential that could not be read is asked for again next time
	value.catch(() => {
		if (recent.get(key) === entry) recent.delete(key);
	});
	return { ...(await value) } as T;
}
