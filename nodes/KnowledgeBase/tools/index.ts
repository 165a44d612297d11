import type { ToolDefinition } from '../../../lib/mcp/tool';
import type { KnowledgeToolContext } from './fields';
import { knowledgeDelete, knowledgeLogInteraction, knowledgeSearch, knowledgeSyncProducts, knowledgeUpsert } from './knowledge-tools';

export type { KnowledgeToolContext } from './fields';

export const knowledgeTools: ReadonlyArray<ToolDefinition<KnowledgeToolContext>> = [knowledgeUpsert, knowledgeSearch, knowledgeDelete, knowledgeSyncProducts, knowledgeLogInteraction];
