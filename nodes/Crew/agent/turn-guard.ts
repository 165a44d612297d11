import { detectInjection } from '../classifier';
import { embeddedDraft } from './embedded';
import { Toolbox } from './toolbox';
import type { Turn, TurnOutcome } from './turn';

/** What an injection attempt may never trigger, whatever the embedded answer would do. */
const WRITE_TOOLS = new Set(['odoo_sale_order_create', 'odoo_calendar_book', 'odoo_calendar_reschedule', 'odoo_calendar_cancel']);

/**
 * Customer text is data: an injection attempt never reaches a model and never writes. The
 * embedded answer, which only states what the tools return ("the helmet is R$ 189,90", never the
 * price it was told), stands when it found something; otherwise the customer gets the scope of
 * the service. Returns null when the message is no attempt (or the agent is the ERP operator,
 * whose user is trusted).
 */
export async function guardInjection(turn: Turn): Promise<TurnOutcome | null> {
	const { services, input, ctx } = turn;
	if (turn.erp || !detectInjection(input.text).injection) return null;
	const readOnly = new Set([...(turn.allowed ?? [])].filter((tool) => !WRITE_TOOLS.has(tool)));
	const guarded = new Toolbox(input.tenant_id, { odoo: services.odoo, knowledge: services.knowledge }, readOnly, turn.binding);
	const grounded = await embeddedDraft({ ...ctx, tools: guarded });
	ctx.tools.calls.push(...guarded.calls);
	if (!grounded.handoff && grounded.grounded) {
		return { draft: { ...grounded, text: `${ctx.phrases.injectionNote}\n${grounded.text}`, labels: [...grounded.labels, 'prompt_injection'] }, method: 'guard' };
	}
	return { draft: { text: ctx.phrases.injection, handoff: false, reason: null, citations: [], labels: ['prompt_injection'], grounded: false }, method: 'guard' };
}
