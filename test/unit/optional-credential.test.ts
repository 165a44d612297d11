import type { INode } from 'n8n-workflow';

import { optionalCredential } from '../../lib/n8n/optional-credential';

const node = (credentials?: INode['credentials']): INode => ({
	id: 'n1',
	name: 'Tenant Config',
	type: 'n8n-nodes-omnicrew.tenantConfig',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials,
});

const reader = (selected: INode['credentials'], read: () => Promise<object>) => ({
	getNode: () => node(selected),
	getCredentials: async <T extends object>() => (await read()) as T,
});

describe('optionalCredential', () => {
	it('is undefined when the node has none of that type selected, without asking n8n', async () => {
		const read = jest.fn(async () => ({ host: 'x' }));
		await expect(optionalCredential(reader(undefined, read), 'redisOmniCrewApi', 'Redis (OmniCrew)')).resolves.toBeUndefined();
		await expect(optionalCredential(reader({ mongoDbOmniCrewApi: { id: '1', name: 'M' } }, read), 'redisOmniCrewApi', 'Redis (OmniCrew)')).resolves.toBeUndefined();
		expect(read).not.toHaveBeenCalled();
	});

	it('returns a selected credential that can be read', async () => {
		const selected = { redisOmniCrewApi: { id: '7', name: 'My Redis' } };
		await expect(optionalCredential(reader(selected, async () => ({ host: '127.0.0.1' })), 'redisOmniCrewApi', 'Redis (OmniCrew)')).resolves.toEqual({ host: '127.0.0.1' });
	});

	it('fails, naming the credential, when a selected one cannot be read', async () => {
		const selected = { redisOmniCrewApi: { id: '7', name: 'My Redis' } };
		const failing = reader(selected, async () => {
			throw new Error('Credentials could not be decrypted. The likely reason is that a different "encryptionKey" was used to encrypt the data.');
		});
		await expect(optionalCredential(failing, 'redisOmniCrewApi', 'Redis (OmniCrew)')).rejects.toThrow(
			/^The Redis \(OmniCrew\) credential is set but could not be read: Credentials could not be decrypted/,
		);
	});
});
