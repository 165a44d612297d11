import type { ToolDefinition } from '../../../lib/mcp/tool';
import { configGetCrew, configGetTenant, configGetUpstreams, configHistory, configListCrews, configPutCrew, configPutTenant, configPutUpstreams, configRollback } from './config-tools';
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
	configGetUpstreams,
	configPutUpstreams,
	dataFind,
	dataInsert,
	dataUpdate,
	dataAggregate,
];
