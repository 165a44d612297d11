import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { OdooClient } from './client/odoo-client';
import { OdooError } from './client/errors';

export const ODOO_CREDENTIAL = 'odooOmniCrewApi';

export interface OdooCredential {
	url: string;
	db: string;
	username: string;
	apiKey: string;
	authType?: 'apiKey' | 'password';
	webhookSecret?: string;
}

export function odooClientFrom(credential: OdooCredential): OdooClient {
	return new OdooClient({
		url: credential.url,
		db: credential.db,
		username: credential.username,
		...(credential.authType === 'password' ? { password: credential.apiKey } : { apiKey: credential.apiKey }),
		retry: { attempts: 2, baseDelayMs: 200, maxDelayMs: 1_000 },
	});
}

/** common.version (is it Odoo?) then authenticate (database, login, key), each with its own message. */
export async function odooCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	try {
		const odoo = odooClientFrom((credential.data ?? {}) as unknown as OdooCredential);
		let version: string;
		try {
			version = (await odoo.version()).server_version;
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			return { status: 'Error', message: `This URL does not answer like Odoo: ${message}` };
		}
		const uid = await odoo.uid();
		return { status: 'OK', message: `Connected to Odoo ${version} as user ${uid} (${await odoo.protocol()}).` };
	} catch (error) {
		if (error instanceof OdooError && error.type === 'unknown_database') return { status: 'Error', message: `Odoo has no such database: ${error.odooMessage.split('\n')[0]}` };
		if (error instanceof OdooError && error.type === 'access_denied') return { status: 'Error', message: 'Odoo refused the login: check the login and the API key (or password).' };
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
}
