/**
 * A describe block that runs against a real Odoo of one version, or, when no Odoo source is given
 * for that version, is skipped as a whole under a title that says why and how to enable it.
 */
import { sourceFor, sourceVariable, startRealOdoo, type OdooMajor, type RealOdoo } from '../../scripts/lib/odoo-instance';

/** Building the template database the first time takes 1-3 minutes per version; a cached start, seconds. */
export const REAL_ODOO_START_TIMEOUT_MS = 15 * 60_000;

export function describeRealOdoo(version: OdooMajor, title: string, body: (odoo: () => RealOdoo) => void): void {
	if (!sourceFor(version)) {
		describe.skip(`${title} on real Odoo ${version}: not run (set ${sourceVariable(version)} to an Odoo ${version} source tree or tarball, see docs/nodes/odoo.md)`, () => {
			it('needs a real Odoo', () => undefined);
		});
		return;
	}
	describe(`${title} on real Odoo ${version}`, () => {
		let odoo: RealOdoo | undefined;
		beforeAll(async () => {
			// straight to stderr, not console: a first template build takes minutes and should show
			odoo = await startRealOdoo(version, { log: (line) => process.stderr.write(`[omnicrew] ${line}\n`) });
		}, REAL_ODOO_START_TIMEOUT_MS);
		afterAll(async () => {
			await odoo?.stop();
		}, 60_000);
		body(() => {
			if (!odoo) throw new Error(`Odoo ${version} did not start (see the error of beforeAll).`);
			return odoo;
		});
	});
}

/** execute_kw over /jsonrpc by hand, with Odoo's own argument layout: the reference the client is checked against. */
export async function executeKw<T>(odoo: RealOdoo, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> {
	const call = async (service: string, name: string, params: unknown[]) => {
		const response = await fetch(`${odoo.url}/jsonrpc`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method: name, args: params }, id: 1 }),
		});
		const answer = (await response.json()) as { result?: unknown; error?: { data?: { message?: string } } };
		if (answer.error) throw new Error(`${model}.${method}: ${answer.error.data?.message ?? JSON.stringify(answer.error)}`);
		return answer.result;
	};
	const uid = await call('common', 'authenticate', [odoo.db, odoo.login, odoo.password, {}]);
	return (await call('object', 'execute_kw', [odoo.db, uid, odoo.password, model, method, args, kwargs])) as T;
}
