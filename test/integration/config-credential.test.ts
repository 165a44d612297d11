import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';

import { mongoCredentialTest } from '../../nodes/TenantConfig/credential-test';
import { freePort, startFerretDb, type FerretDbServer } from '../../scripts/lib/runtime';

jest.setTimeout(30_000);

const test = async (data: ICredentialDataDecryptedObject) =>
	await mongoCredentialTest.call({} as ICredentialTestFunctions, { id: '1', name: 'MongoDB (OmniCrew)', type: 'mongoDbOmniCrewApi', data });

/** The credential's test button: connects and pings, and says what is wrong without the password. */
describe('MongoDB (OmniCrew) credential test', () => {
	let ferret: FerretDbServer;
	beforeAll(async () => {
		ferret = await startFerretDb();
	});
	afterAll(async () => await ferret?.stop());

	it('passes against a MongoDB wire-protocol server', async () => {
		expect(await test({ connectionStringSecret: ferret.uri, database: 'omnicrew' })).toEqual({ status: 'OK', message: 'Connection successful' });
	});

	it('names the unreachable server but never the password', async () => {
		const port = await freePort();
		const result = await test({ connectionStringSecret: `mongodb://omni:pa55-w0rd@127.0.0.1:${port}/`, database: 'omnicrew' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`127.0.0.1:${port}`);
		expect(result.message).not.toContain('pa55-w0rd');
	});

	it.each([
		[{ connectionStringSecret: 'http://127.0.0.1:27017', database: 'x' }, /must start with mongodb:\/\/ or mongodb\+srv:\/\//],
		[{ connectionStringSecret: 'mongodb://127.0.0.1:1', database: 'bad name!' }, /database "bad name!"/],
		[{ connectionStringSecret: 'mongodb://127.0.0.1:1', database: 'x', dataCollections: 'leads, config_versions' }, /"config_versions" is reserved/],
	])('refuses a wrong setting %#', async (data, pattern) => {
		const result = await test(data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(pattern);
	});
});
