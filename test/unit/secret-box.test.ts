import { SecretBox } from '../../lib/secret-box';

describe('secret box (tenants\' upstream secrets at rest)', () => {
	const KEY = 'a-deployment-key-of-more-than-32-characters';
	const box = new SecretBox(KEY);

	it('opens what it sealed, and seals the same secret differently each time', () => {
		const a = box.seal('bot-token-123', 'tenant 7 chatwoot.bot_token');
		const b = box.seal('bot-token-123', 'tenant 7 chatwoot.bot_token');
		expect(a).not.toBe(b);
		expect(a).not.toContain('bot-token-123');
		expect(box.open(a, 'tenant 7 chatwoot.bot_token')).toBe('bot-token-123');
	});

	it('does not open a secret moved to another tenant or field', () => {
		const sealed = box.seal('odoo-key', 'tenant 7 odoo.api_key');
		expect(() => box.open(sealed, 'tenant 8 odoo.api_key')).toThrow(/does not open .*moved from another record/);
		expect(() => box.open(sealed, 'tenant 7 odoo.password')).toThrow(/does not open/);
	});

	it('names a key mismatch without revealing either key', () => {
		const sealed = new SecretBox('another-deployment-key-also-long-enough').seal('x', 'tenant 1 chatwoot.bot_token');
		let message = '';
		try {
			box.open(sealed, 'tenant 1 chatwoot.bot_token');
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toMatch(/sealed with another secrets key \(key [0-9a-f]{12}, this deployment has [0-9a-f]{12}\)/);
		expect(message).not.toContain(KEY);
		expect(message).not.toContain('another-deployment-key');
	});

	it('refuses a short key and a value it did not write', () => {
		expect(() => new SecretBox('short')).toThrow(/at least 32 characters/);
		expect(() => box.open('plain-text', 'tenant 1 x')).toThrow(/not in a format/);
		const sealed = box.seal('x', 'tenant 1 x');
		const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
		expect(() => box.open(tampered, 'tenant 1 x')).toThrow(/does not open/);
	});
});
