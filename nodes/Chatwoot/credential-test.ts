import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { ChatwootClient } from './client/chatwoot-client';

export const CHATWOOT_CREDENTIAL = 'chatwootOmniCrewApi';

export interface ChatwootCredential {
	baseUrl: string;
	accessToken: string;
	accountId?: number;
	webhookSecret?: string;
}

export function chatwootClientFrom(credential: ChatwootCredential): ChatwootClient {
	return new ChatwootClient({ baseUrl: credential.baseUrl, token: credential.accessToken });
}

/**
 * GET /api/v1/profile: cheap, and it tells the token kinds apart. A bot token gets Chatwoot's
 * "not authorized for bots" there, which proves the token is valid.
 */
export async function chatwootCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as unknown as ChatwootCredential;
	try {
		const client = chatwootClientFrom(data);
		const profile = await client.profile();
		const accounts = profile.accounts?.map((account) => account.id) ?? [];
		if (data.accountId && accounts.length > 0 && !accounts.includes(Number(data.accountId))) {
			return { status: 'Error', message: `The token works but has no access to account ${data.accountId} (it reaches ${accounts.join(', ')}).` };
		}
		return { status: 'OK', message: `Connected as ${profile.name} (user token).` };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		if (/not authorized for bots/i.test(message)) {
			return { status: 'OK', message: 'Agent-bot token accepted (it cannot list messages or read contacts).' };
		}
		if (/Invalid Access Token/i.test(message)) return { status: 'Error', message: 'Chatwoot rejected the access token: copy it again from Profile settings or the bot.' };
		return { status: 'Error', message };
	}
}
