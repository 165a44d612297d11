import type { ToolCall, ToolDefinition } from '../../../lib/mcp/tool';
import { assertToolAllowed } from '../profile';
import { odooCalendarBook, odooCalendarCancel, odooCalendarFreeSlots, odooCalendarReschedule } from './calendar';
import type { OdooToolContext } from './fields';
import { odooCall, odooCount, odooCreate, odooDelete, odooFields, odooRead, odooSearchRead, odooWrite } from './generic';
import { odooPostMessage } from './messages';
import { odooOrderStatus, odooSaleOrderCreate } from './orders';
import { odooPartnerFindOrCreate } from './partners';
import { odooProductSearch, odooStockAvailability } from './products';

export type { OdooToolContext } from './fields';

const ALL: ReadonlyArray<ToolDefinition<OdooToolContext>> = [
	odooSearchRead,
	odooRead,
	odooCount,
	odooCreate,
	odooWrite,
	odooDelete,
	odooFields,
	odooCall,
	odooProductSearch,
	odooStockAvailability,
	odooPartnerFindOrCreate,
	odooSaleOrderCreate,
	odooOrderStatus,
	odooCalendarFreeSlots,
	odooCalendarBook,
	odooCalendarReschedule,
	odooCalendarCancel,
	odooPostMessage,
];

/** Every tool, each refusing itself when the server's profile does not allow it. */
export const odooTools: ReadonlyArray<ToolDefinition<OdooToolContext>> = ALL.map((tool) => ({
	...tool,
	run: async (args: never, ctx: OdooToolContext, call: ToolCall) => {
		assertToolAllowed(tool.name, ctx.profile);
		return await tool.run(args, ctx, call);
	},
}));
