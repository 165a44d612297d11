import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { parseDataCollections } from './store/data-store';
import { assertMongoSettings, pingMongo, type MongoSettings } from './store/mongo';

export const MONGODB_CREDENTIAL = 'mongoDbOmniCrewApi';

export interface MongoDbCredential {
	connectionStringSecret: string;
	database?: string;
	dataCollections?: string;
	/** Seals tenants' upstream secrets (lib/secret-box.ts); empty when the deployment stores none. */
	secretsKey?: string;
}

export function mongoSettingsFrom(credential: MongoDbCredential): MongoSettings {
	return assertMongoSettings({ uri: credential.connectionStringSecret, database: credential.database }, 'MongoDB (OmniCrew) credential');
}

/** Connects and pings with the credential's settings; the collection list is checked too. */
export async function mongoCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	try {
		const data = (credential.data ?? {}) as unknown as MongoDbCredential;
		parseDataCollections(data.dataCollections, 'Data Collections');
		const ping = await pingMongo(mongoSettingsFrom(data));
		return ping.ok ? { status: 'OK', message: 'Connection successful' } : { status: 'Error', message: ping.message };
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
}
