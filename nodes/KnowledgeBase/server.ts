import { QdrantClient } from '@qdrant/js-client-rest';

import { openInProcess } from '../../lib/mcp/in-process';
import type { ServerEntry } from '../../lib/mcp/registry';
import { sharedSession } from '../../lib/mcp/shared-session';
import { buildMcpServer, type ServerInfo } from '../../lib/mcp/server';
import type { McpServer } from '../../lib/mcp/sdk';
import type { McpSession } from '../../lib/mcp/session';
import { VERSION } from '../../lib/version';
import { OdooClient } from '../Odoo/client/odoo-client';
import { odooClientFrom, type OdooCredential } from '../Odoo/credential-test';
import { openAiCompatibleEmbedder } from './embeddings/remote-embedder';
import { KnowledgeStore, type DenseEmbedder } from './store/knowledge-store';
import { knowledgeTools, type KnowledgeToolContext } from './tools';

export const KNOWLEDGE_SERVER_INFO: ServerInfo = {
	name: 'omnicrew-knowledge',
	version: VERSION,
	instructions:
		'Each tenant\'s knowledge in Qdrant: products, support procedures, business rules and past interactions. Search with the customer\'s words and answer only from the hits; every call is scoped to tenant_id.',
};

export function createKnowledgeServer(ctx: KnowledgeToolContext): McpServer {
	return buildMcpServer(KNOWLEDGE_SERVER_INFO, knowledgeTools, ctx);
}

/** The same tools as an embedded session, run in this process without MCP. */
export function openKnowledgeSession(ctx: KnowledgeToolContext): McpSession {
	return openInProcess(KNOWLEDGE_SERVER_INFO, knowledgeTools, ctx);
}

/** The Qdrant API credential's fields. */
export interface QdrantCredential {
	url: string;
	apiKey?: string;
	prefix?: string;
}

/** A knowledge store over the Qdrant API credential (the Knowledge Base node and the crew's agents). */
export function knowledgeStoreFrom(credential: QdrantCredential, dense?: DenseEmbedder): KnowledgeStore {
	const client = new QdrantClient({ url: credential.url, apiKey: credential.apiKey || undefined, checkCompatibility: false });
	return new KnowledgeStore(client, { prefix: credential.prefix || undefined, dense });
}

/**
 * The embedded knowledge session for a Qdrant credential (and an Odoo one, for product sync),
 * shared per process: the Knowledge Base node and the crew's agents use the same one.
 */
export async function sharedKnowledgeSession(credential: QdrantCredential, odoo?: OdooCredential): Promise<McpSession> {
	return await sharedSession(['knowledge', credential, odoo ?? null], () =>
		openKnowledgeSession({ store: knowledgeStoreFrom(credential), odoo: odoo ? odooClientFrom(odoo) : undefined }),
	);
}

export const knowledgeServerEntry: ServerEntry = {
	name: 'knowledge',
	summary: 'Knowledge base over Qdrant: lexical (BM25 + IDF) search with no model and no key, tenant-scoped upsert, search, delete and interaction log.',
	variables: [
		{ name: 'QDRANT_URL', required: true, description: 'the Qdrant address, e.g. http://127.0.0.1:6333 or a Qdrant Cloud cluster URL' },
		{ name: 'QDRANT_API_KEY', required: false, description: 'the API key, when the cluster needs one' },
		{ name: 'KNOWLEDGE_COLLECTION_PREFIX', required: false, description: 'prefix of the collection names (default omnicrew_), so deployments can share a Qdrant' },
		{ name: 'ODOO_URL, ODOO_DB, ODOO_USERNAME, ODOO_API_KEY', required: false, description: 'for knowledge_sync_products (or ODOO_PASSWORD instead of the key)' },
		{ name: 'KNOWLEDGE_EMBEDDINGS_URL', required: false, description: 'an OpenAI-compatible API base (e.g. https://api.openai.com/v1) for hybrid search; lexical only without it' },
		{ name: 'KNOWLEDGE_EMBEDDINGS_MODEL', required: false, description: 'the embedding model, e.g. text-embedding-3-small' },
		{ name: 'KNOWLEDGE_EMBEDDINGS_API_KEY', required: false, description: 'its API key' },
	],
	tools: knowledgeTools,
	async open(env) {
		if (!env.QDRANT_URL) throw new Error('QDRANT_URL is not set: point it at your Qdrant, e.g. http://127.0.0.1:6333.');
		const client = new QdrantClient({ url: env.QDRANT_URL, apiKey: env.QDRANT_API_KEY || undefined, checkCompatibility: false });
		await client.getCollections();
		const dense = env.KNOWLEDGE_EMBEDDINGS_URL
			? await openAiCompatibleEmbedder({ url: env.KNOWLEDGE_EMBEDDINGS_URL, apiKey: env.KNOWLEDGE_EMBEDDINGS_API_KEY, model: env.KNOWLEDGE_EMBEDDINGS_MODEL || 'text-embedding-3-small' })
			: undefined;
		const store = new KnowledgeStore(client, { prefix: env.KNOWLEDGE_COLLECTION_PREFIX || undefined, dense });
		const odoo =
			env.ODOO_URL && env.ODOO_DB && env.ODOO_USERNAME && (env.ODOO_API_KEY || env.ODOO_PASSWORD)
				? new OdooClient({ url: env.ODOO_URL, db: env.ODOO_DB, username: env.ODOO_USERNAME, apiKey: env.ODOO_API_KEY, password: env.ODOO_PASSWORD })
				: undefined;
		return { build: () => createKnowledgeServer({ store, odoo }), close: async () => undefined };
	},
};
