/**
 * The crew stack pointed at a real Odoo, and the reads a test makes to check what the templates
 * did there: by hand over /jsonrpc as admin, never through the code under test.
 */
import type { OdooLogin } from '../../scripts/lib/crew-stack';
import type { RealOdoo } from '../../scripts/lib/odoo-instance';
import { executeKw } from './real-odoo';

/** The login the crews use: 19 over JSON-2 with admin's API key, 17 and 18 over JSON-RPC with the password. */
export function realOdooLogin(odoo: RealOdoo): OdooLogin {
	return { url: odoo.url, db: odoo.db, login: odoo.login, secret: odoo.version >= 19 ? { apiKey: odoo.apiKey } : { password: odoo.password } };
}

export type OdooRow = Record<string, unknown> & { id: number };

/** execute_kw on a real Odoo as admin, bound to it: `raw('res.partner', 'search_count', [domain])`. */
export function rawOdoo(odoo: () => RealOdoo) {
	return <T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> => executeKw<T>(odoo(), model, method, args, kwargs);
}

/** Partners whose phone (or, before 19, mobile) holds these digits: how a test counts the customers a crew registered. */
export function byPhoneDigits(version: number, digits: string): unknown[] {
	return version >= 19 ? [['phone', 'ilike', digits]] : ['|', ['phone', 'ilike', digits], ['mobile', 'ilike', digits]];
}

/** The many2one's name (`[id, name]` over JSON-RPC), or null. */
export function many2oneName(value: unknown): string | null {
	return Array.isArray(value) && typeof value[1] === 'string' ? value[1] : null;
}

/** The many2one's id, or null. */
export function many2oneId(value: unknown): number | null {
	return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : null;
}

/** Polls `read` until `done` holds of its answer; the error names what was awaited and the last answer seen. */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000, everyMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms (last: ${JSON.stringify(value).slice(0, 500)})`);
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}
