import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

import { InvalidInputError, OmniCrewError } from './errors';

/** Format tag of a sealed value: AES-256-GCM, 12-byte IV, 16-byte tag, key derived with HKDF-SHA256. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A passphrase shorter than this is refused: it is the only thing between a database dump and every tenant's tokens. */
export const MIN_KEY_LENGTH = 32;

/**
 * Seals and opens secrets stored at rest (tenants' upstream tokens and keys) with a key the
 * deployment provides. Each value is bound to where it belongs (`context`, e.g. the tenant and
 * field): a sealed value copied to another tenant's record does not open there.
 */
export class SecretBox {
	private readonly key: Buffer;
	/** A short fingerprint of the key, stored beside sealed values to name a key mismatch without revealing the key. */
	readonly keyId: string;

	constructor(passphrase: string) {
		if (typeof passphrase !== 'string' || passphrase.length < MIN_KEY_LENGTH) {
			throw new InvalidInputError(`The secrets key must be at least ${MIN_KEY_LENGTH} characters (a random string, e.g. \`openssl rand -base64 48\`).`);
		}
		this.key = Buffer.from(hkdfSync('sha256', Buffer.from(passphrase, 'utf8'), Buffer.from('omnicrew'), Buffer.from('omnicrew/secret-box/v1'), 32));
		this.keyId = createHash('sha256').update(this.key).digest('hex').slice(0, 12);
	}

	seal(plain: string, context: string): string {
		const iv = randomBytes(IV_BYTES);
		const cipher = createCipheriv('aes-256-gcm', this.key, iv);
		cipher.setAAD(Buffer.from(context, 'utf8'));
		const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
		return `${VERSION}:${this.keyId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
	}

	open(sealed: string, context: string): string {
		const [version, keyId, data] = String(sealed).split(':');
		if (version !== VERSION || !data) throw new OmniCrewError('internal', `A stored secret of ${context} is not in a format this version reads.`);
		if (keyId !== this.keyId) {
			throw new OmniCrewError('refused', `A stored secret of ${context} was sealed with another secrets key (key ${keyId}, this deployment has ${this.keyId}): set the key it was written with, or write the secret again.`);
		}
		const raw = Buffer.from(data, 'base64');
		try {
			const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
			decipher.setAAD(Buffer.from(context, 'utf8'));
			decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
			return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
		} catch {
			throw new OmniCrewError('refused', `A stored secret of ${context} does not open with this deployment's secrets key, or was moved from another record.`);
		}
	}
}
