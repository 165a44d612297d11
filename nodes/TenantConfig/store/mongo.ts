import { MongoClient, type Db } from 'mongodb';

import { InvalidInputError, OmniCrewError, UpstreamError, redactSecrets } from '../../../lib/errors';
import { SharedConnections } from '../../../lib/connection-pool';

export interface MongoSettings {
	/** mongodb:// or mongodb+srv:// connection string (may hold the password). */
	uri: string;
	/** Database holding OmniCrew's collections. */
	database: string;
}

export const DEFAULT_DATABASE = 'omnicrew';

const DATABASE_NAME = /^[A-Za-z0-9_-]{1,63}$/;

export function assertMongoSettings(settings: Partial<MongoSettings>, source: string): MongoSettings {
	const uri = (settings.uri ?? '').trim();
	if (!/^mongodb(\+srv)?:\/\//.test(uri)) {
		throw new InvalidInputError(`${source}: the connection string must start with mongodb:// or mongodb+srv:// (e.g. mongodb://127.0.0.1:27017).`);
	}
	const database = (settings.database ?? '').trim() || DEFAULT_DATABASE;
	if (!DATABASE_NAME.test(database)) throw new InvalidInputError(`${source}: database "${database}" must be 1-63 letters, digits, "_" or "-".`);
	return { uri, database };
}

/** Where the server is, for messages: never the credentials. */
export function describeMongo(uri: string): string {
	const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri);
	return match ? match[1] : 'the configured server';
}

export interface MongoConnection {
	client: MongoClient;
	db: Db;
	close(): Promise<void>;
}

/** Connects and checks the server answers; short timeouts so a dead server fails fast. */
export async function openMongo(settings: MongoSettings): Promise<MongoConnection> {
	const client = new MongoClient(settings.uri, {
		serverSelectionTimeoutMS: 5_000,
		connectTimeoutMS: 5_000,
		socketTimeoutMS: 30_000,
		maxPoolSize: 20,
		appName: 'omnicrew',
	});
	try {
		await client.connect();
		const db = client.db(settings.database);
		await db.command({ ping: 1 });
		return { client, db, close: async () => await client.close() };
	} catch (error) {
		await client.close().catch(() => undefined);
		throw mongoError(error, `MongoDB at ${describeMongo(settings.uri)}`);
	}
}

export async function pingMongo(settings: MongoSettings): Promise<{ ok: boolean; message: string }> {
	try {
		const connection = await openMongo(settings);
		await connection.close();
		return { ok: true, message: 'Connection successful' };
	} catch (error) {
		return { ok: false, message: error instanceof Error ? error.message : String(error) };
	}
}

interface DriverError {
	name?: string;
	code?: unknown;
	codeName?: unknown;
	message?: unknown;
}

export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as DriverError).code === DUPLICATE_KEY;
}

/**
 * The driver's errors as OmniCrew errors: a message that says what to check, never the
 * connection string's password.
 */
export function mongoError(error: unknown, what = 'MongoDB'): OmniCrewError {
	if (error instanceof OmniCrewError) return error;
	const driver = (typeof error === 'object' && error !== null ? error : {}) as DriverError;
	const message = redactSecrets(typeof driver.message === 'string' ? driver.message : String(error));
	const name = typeof driver.name === 'string' ? driver.name : '';
	if (/ServerSelection|Network|Timeout|PoolClosed|TopologyClosed/.test(name) || /ECONNREFUSED|ENOTFOUND|timed out/i.test(message)) {
		return new UpstreamError(`${what} cannot be reached (${message}). Check the connection string and that the server runs.`, { cause: error });
	}
	if (/Authentication|auth/i.test(`${name} ${String(driver.codeName ?? '')}`) || driver.code === 18) {
		return new UpstreamError(`${what} refused the login: check the user and password in the connection string.`, { cause: error });
	}
	if (driver.code === DUPLICATE_KEY) return new OmniCrewError('conflict', `${what}: a document with the same unique key already exists (${message}).`);
	return new UpstreamError(`${what} refused the operation: ${message}`, { cause: error });
}

const sharedMongo = new SharedConnections<MongoConnection>(async (connection) => await connection.close());

/** A MongoDB connection for one execution, shared with this process's other executions on the same settings; `release()` when done. */
export async function acquireMongo(settings: MongoSettings): Promise<{ value: MongoConnection; release(): void }> {
	return await sharedMongo.acquire(settings, async () => await openMongo(settings));
}
