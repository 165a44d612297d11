import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** On success, `digest` is the signature's lowercase hex: what a receiver remembers to refuse the same request twice. */
export type SignatureCheck = { ok: true; digest: string } | { ok: false; reason: string };

const SIGNATURE_FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

function hmac(secret: string, timestamp: string, rawBody: Buffer | string): Buffer {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/**
 * The signing scheme Chatwoot uses and the OmniCrew Odoo addon copies: HMAC-SHA256 over
 * "<timestamp>.<raw body>", sent as `sha256=<hex>` next to the unix timestamp.
 */
export function signBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
	return `sha256=${hmac(secret, timestamp, rawBody).toString('hex')}`;
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

/**
 * Checks a signed request: both headers present, the timestamp within the tolerance (either
 * direction), and the HMAC over exactly the bytes received, compared in constant time. The body
 * must be the raw bytes as sent; a re-serialised JSON body would not match the sender's bytes.
 */
export function verifySignature(
	secret: string,
	headers: { signature?: string; timestamp?: string },
	rawBody: Buffer | string,
	options: SignatureOptions = {},
): SignatureCheck {
	const signatureHeader = options.signatureHeader ?? 'X-Chatwoot-Signature';
	const timestampHeader = options.timestampHeader ?? 'X-Chatwoot-Timestamp';
	if (!secret) return { ok: false, reason: 'no webhook secret is configured, so no signature can be checked' };
	if (!headers.signature || !headers.timestamp) {
		return { ok: false, reason: `missing ${signatureHeader} or ${timestampHeader}${options.missingHint ? `: ${options.missingHint}` : ''}` };
	}
	if (!/^\d{9,11}$/.test(headers.timestamp)) return { ok: false, reason: `${timestampHeader} is not a unix time in seconds` };
	const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
	const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	const age = now - Number(headers.timestamp);
	if (Math.abs(age) > tolerance) return { ok: false, reason: `stale timestamp: ${age} s old, at most ${tolerance} s allowed (replay or clock skew)` };
	const given = SIGNATURE_FORMAT.exec(headers.signature.trim());
	if (!given) return { ok: false, reason: `${signatureHeader} is not sha256=<64 hex digits>` };
	// both sides are 32 bytes here, so the comparison time says nothing about the expected value
	const digest = Buffer.from(given[1], 'hex');
	if (!timingSafeEqual(hmac(secret, headers.timestamp, rawBody), digest)) {
		return { ok: false, reason: 'signature does not match: check the webhook secret (it must be the one the sender signs with)' };
	}
	return { ok: true, digest: digest.toString('hex') };
}
