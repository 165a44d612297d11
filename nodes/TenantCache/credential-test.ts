import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { parseTtlOverrides } from './cache/types';
import { pingRedis } from '../../lib/redis/connection';
import { redisConfigFromCredential, type RedisOmniCrewCredential } from '../../lib/redis/credential';

/** Connects and pings with the credential's settings; shared by every node that takes it. */
export async function redisCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	try {
		const data = (credential.data ?? {}) as RedisOmniCrewCredential;
		parseTtlOverrides(data.ttlOverrides, 'TTL Overrides');
		const ping = await pingRedis(redisConfigFromCredential(data));
		return ping.ok ? { status: 'OK', message: 'Connection successful' } : { status: 'Error', message: ping.message };
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
}
