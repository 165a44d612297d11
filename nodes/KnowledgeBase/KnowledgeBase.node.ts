import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { planToolArgs } from '../../lib/n8n/args';
import { itemParameter } from '../../lib/n8n/parameters';
import { connectionProperty } from '../../lib/n8n/connection';
import { intoResultField, resultFieldProperty, runToolNode } from '../../lib/n8n/tool-node';
import { ODOO_CREDENTIAL, odooClientFrom, odooCredentialTest, type OdooCredential } from '../Odoo/credential-test';
import { fieldProperties, operationProperty, OPERATIONS, type KnowledgeOperation } from './actions/operations';
import { probeEmbedder } from './embeddings/remote-embedder';
import { knowledgeStoreFrom, openKnowledgeSession, sharedKnowledgeSession, type QdrantCredential } from './server';

/** The slice of a LangChain Embeddings object (from an n8n embeddings sub-node) used here. */
interface ConnectedEmbeddings {
	embedDocuments(texts: string[]): Promise<number[][]>;
}

export class KnowledgeBase implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Knowledge Base',
		name: 'knowledgeBase',
		icon: { light: 'file:knowledgeBase.svg', dark: 'file:knowledgeBase.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Each tenant\'s products, procedures, rules and past interactions in Qdrant; lexical search with no model, hybrid with an embeddings sub-node',
		defaults: { name: 'Knowledge Base' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiEmbedding, displayName: 'Embeddings', required: false, maxConnections: 1 }],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'qdrantOmniCrewApi', required: true, displayOptions: { show: { connection: ['embedded'] } } },
			{ name: 'odooOmniCrewApi', required: false, testedBy: 'odooConnectionTest', displayOptions: { show: { connection: ['embedded'], operation: ['syncProducts'] } } },
			{ name: 'omniCrewMcpApi', required: true, displayOptions: { show: { connection: ['remote'] } } },
		],
		properties: [connectionProperty, operationProperty, ...fieldProperties, resultFieldProperty],
	};

	methods = { credentialTest: { odooConnectionTest: odooCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as KnowledgeOperation;
		const spec = OPERATIONS[operation];
		if (!spec) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported!`);
		return await runToolNode(
			this,
			async () => {
				const credential = await this.getCredentials<QdrantCredential>('qdrantOmniCrewApi');
				const connected = (await this.getInputConnectionData(NodeConnectionTypes.AiEmbedding, 0).catch(() => undefined)) as ConnectedEmbeddings | undefined;
				const odooCredential = operation === 'syncProducts' ? await this.getCredentials<OdooCredential>(ODOO_CREDENTIAL) : undefined;
				if (!connected?.embedDocuments) return await sharedKnowledgeSession(credential, odooCredential);
				// an embeddings sub-node belongs to this execution: its session is not shared
				const dense = await probeEmbedder(async (texts) => await connected.embedDocuments(texts));
				return openKnowledgeSession({ store: knowledgeStoreFrom(credential, dense), odoo: odooCredential ? odooClientFrom(odooCredential) : undefined });
			},
			(i) => ({ tool: spec.tool, args: { tenant_id: String(itemParameter(this, 'tenantId', i) ?? ''), ...planToolArgs(this, i, spec) } }),
			intoResultField(this),
		);
	}
}
