import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * The signing scheme Chatwoot uses and the OmniCrew Odoo addon copies: HMAC-SHA256 over
 * "<timestamp>.<raw body>", sent as `sha256=<hex>` next to the unix timestamp.
 */
export function signBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export interface SignatureOptions {
	toleranceSeconds?: number;
	nowSeconds?: number;
	/** Header names, for the messages. */
	signatureHeader?: string;
	timestampHeader?: string;
	/** Said when the headers are missing, e.g. which sender versions do not sign. */
	missingHint?: string;
}

export function verifySignature(
	secret: string,
	headers: { signature?: string; timestamp?: string },
	rawBody: Buffer | string,
	options: SignatureOptions = {},
): SignatureCheck {
	const signatureHeader = options.signatureHeader ?? 'X-Chatwoot-Signature';
	const timestampHeader = options.timestampHeader ?? 'X-Chatwoot-Timestamp';
	if (!headers.signature || !headers.timestamp) {
		return { ok: false, reason: `missing ${signatureHeader} or ${timestampHeader}${options.missingHint ? `: ${options.missingHint}` : ''}` };
	}
	if (!/^\d{9,11}$/.test(headers.timestamp)) return { ok: false, reason: `${timestampHeader} is not a unix time in seconds` };
	const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
	const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	const age = now - Number(headers.timestamp);
	if (Math.abs(age) > tolerance) return { ok: false, reason: `stale timestamp: ${age} s old, at most ${tolerance} s allowed (replay or clock skew)` };
	const expected = Buffer.from(signBody(secret, headers.timestamp, rawBody));
	const given = Buffer.from(headers.signature.trim());
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
		return { ok: false, reason: 'signature does not match: check the webhook secret (it must be the one the sender signs with)' };
	}
	return { ok: true };
}
