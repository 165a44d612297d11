import type { ICredentialTestFunctions } from 'n8n-workflow';

import { chatwootCredentialTest } from '../../nodes/Chatwoot/credential-test';
import { freePort } from '../../scripts/lib/runtime';
import { startChatwootEmulator, type ChatwootEmulator } from '../emulators/chatwoot';

/** The "Chatwoot API" credential test, as n8n's Test button runs it, against the emulator. */
describe('Chatwoot API credential test', () => {
	let emulator: ChatwootEmulator;
	beforeAll(async () => {
		emulator = await startChatwootEmulator();
	});
	afterAll(async () => await emulator.close());

	const test = async (data: Record<string, unknown>) =>
		await chatwootCredentialTest.call({} as ICredentialTestFunctions, { id: '1', name: 'Chatwoot API', type: 'chatwootOmniCrewApi', data: data as never });

	it('accepts a user token and names the user', async () => {
		expect(await test({ baseUrl: emulator.url, accessToken: emulator.tokens.agent, accountId: emulator.accountId })).toEqual({
			status: 'OK',
			message: expect.stringMatching(/^Connected as .+ \(user token\)\.$/),
		});
	});

	it('accepts an agent-bot token and says what it cannot do', async () => {
		expect(await test({ baseUrl: emulator.url, accessToken: emulator.tokens.bot, accountId: emulator.accountId })).toEqual({
			status: 'OK',
			message: 'Agent-bot token accepted (it cannot list messages or read contacts).',
		});
	});

	it('explains a wrong token', async () => {
		expect(await test({ baseUrl: emulator.url, accessToken: 'wrong', accountId: 1 })).toEqual({
			status: 'Error',
			message: 'Chatwoot rejected the access token: copy it again from Profile settings or the bot.',
		});
	});

	it('explains an account the token cannot reach', async () => {
		expect(await test({ baseUrl: emulator.url, accessToken: emulator.tokens.agent, accountId: 42 })).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/no access to account 42/),
		});
	});

	it.each([
		['an address nothing listens on', async () => `http://127.0.0.1:${await freePort()}`, /could not be reached \(connection refused\)/],
		['something that is not a URL', async () => 'chat.example', /is not a URL/],
	])('explains %s', async (_name, url, message) => {
		expect(await test({ baseUrl: await url(), accessToken: 't', accountId: 1 })).toMatchObject({ status: 'Error', message: expect.stringMatching(message) });
	});
});
