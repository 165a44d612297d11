import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Chatwoot (v4.11.2+ account webhooks, v4.13+ API inboxes and agent bots) signs
 * "<X-Chatwoot-Timestamp>.<raw body>" with HMAC-SHA256 and sends `X-Chatwoot-Signature: sha256=<hex>`.
 */
export function signBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export function verifySignature(
	secret: string,
	headers: { signature?: string; timestamp?: string },
	rawBody: Buffer | string,
	options: { toleranceSeconds?: number; nowSeconds?: number } = {},
): SignatureCheck {
	if (!headers.signature || !headers.timestamp) {
		return {
			ok: false,
			reason:
				'missing X-Chatwoot-Signature or X-Chatwoot-Timestamp: Chatwoot signs account webhooks from v4.11.2 and agent bots and API inboxes from v4.13; older versions cannot be verified (clear the secret to accept them)',
		};
	}
	if (!/^\d{9,11}$/.test(headers.timestamp)) return { ok: false, reason: 'X-Chatwoot-Timestamp is not a unix time in seconds' };
	const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
	const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	const age = now - Number(headers.timestamp);
	if (Math.abs(age) > tolerance) return { ok: false, reason: `stale timestamp: ${age} s old, at most ${tolerance} s allowed (replay or clock skew)` };
	const expected = Buffer.from(signBody(secret, headers.timestamp, rawBody));
	const given = Buffer.from(headers.signature.trim());
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
		return { ok: false, reason: 'signature does not match: check the webhook secret (it must be the one Chatwoot shows for this webhook or bot)' };
	}
	return { ok: true };
}
