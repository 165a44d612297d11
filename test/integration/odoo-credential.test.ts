import { createServer, type Server } from 'node:http';

import type { ICredentialTestFunctions } from 'n8n-workflow';

import { odooCredentialTest } from '../../nodes/Odoo/credential-test';
import { freePort } from '../../scripts/lib/runtime';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';

/** The "Odoo API" credential test (common.version, then authenticate) with its plain messages. */
describe('Odoo API credential test', () => {
	let odoo: OdooEmulator;
	let notOdoo: Server;
	let notOdooUrl: string;

	beforeAll(async () => {
		odoo = await startOdooEmulator();
		notOdoo = createServer((_req, res) => {
			res.writeHead(404, { 'content-type': 'text/html' });
			res.end('<h1>Not Found</h1>');
		});
		const port = await freePort();
		await new Promise<void>((resolve) => notOdoo.listen(port, '127.0.0.1', resolve));
		notOdooUrl = `http://127.0.0.1:${port}`;
	});
	afterAll(async () => {
		await odoo.close();
		await new Promise((resolve) => notOdoo.close(resolve));
	});

	const test = async (data: Record<string, unknown>) =>
		await odooCredentialTest.call({} as ICredentialTestFunctions, { id: '1', name: 'Odoo API', type: 'odooOmniCrewApi', data: data as never });
	const good = () => ({ url: odoo.url, db: odoo.db, username: odoo.users.admin.login, apiKey: odoo.users.admin.apiKey, authType: 'apiKey' });

	it('connects with an API key and says which version and protocol', async () => {
		expect(await test(good())).toEqual({ status: 'OK', message: expect.stringMatching(/^Connected to Odoo 17\.0\S* as user 2 \(jsonrpc\)\.$/) });
	});

	it('connects with a password', async () => {
		expect((await test({ ...good(), apiKey: odoo.users.admin.password, authType: 'password' })).status).toBe('OK');
	});

	it.each([
		['a wrong key', () => ({ ...good(), apiKey: 'wrong' }), /^Odoo refused the login: check the login and the API key/],
		['a wrong database', () => ({ ...good(), db: 'no_such_db' }), /^Odoo has no such database: .*no_such_db/],
		['a server that is not Odoo', () => ({ ...good(), url: notOdooUrl }), /^This URL does not answer like Odoo/],
		['nothing listening', async () => ({ ...good(), url: `http://127.0.0.1:${await freePort()}` }), /could not be reached \(connection refused\)/],
	])('explains %s', async (_name, data, message) => {
		expect(await test(await data())).toEqual({ status: 'Error', message: expect.stringMatching(message) });
	});
});
