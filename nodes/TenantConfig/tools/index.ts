import type { ToolDefinition } from '../../../lib/mcp/tool';
import { configGetCrew, configGetTenant, configHistory, configListCrews, configPutCrew, configPutTenant, configRollback } from './config-tools';
import { dataAggregate, dataFind, dataInsert, dataUpdate } from './data-tools';
import type { ConfigToolContext } from './fields';

export type { ConfigToolContext } from './fields';

export const configTools: ReadonlyArray<ToolDefinition<ConfigToolContext>> = [
	configGetTenant,
	configPutTenant,
	configGetCrew,
	configPutCrew,
	configListCrews,
	configHistory,
	configRollback,
	dataFind,
	dataInsert,
	dataUpdate,
	dataAggregate,
];
