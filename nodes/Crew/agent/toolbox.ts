import type { McpSession } from '../../../lib/mcp/client';
import { BINDING_META, type Binding } from '../../Odoo/profile';
import type { ExtraTool } from '../services';

export interface ToolCallRecord {
	tool: string;
	args: Record<string, unknown>;
	ok: boolean;
	error: string | null;
	ms: number;
	/** Who asked for the call: our code (embedded grounding) or the model. */
	by: 'code' | 'model';
}

export interface ToolResult<T = Record<string, unknown>> {
	ok: boolean;
	data: T | null;
	kind: string | null;
	message: string | null;
}

type Server = 'odoo' | 'knowledge' | 'extra';

/**
 * The tools of one agent turn: every call is checked against the agent's allowlist, recorded
 * (for `tool_calls` and the bench), and its result kept as grounding — the only source a reply
 * may take prices, stock, dates and order states from. Upstream failures are remembered so the
 * turn can end in a polite fallback and a hand-off instead of an error.
 */
export class Toolbox {
	readonly calls: ToolCallRecord[] = [];
	readonly grounding: string[] = [];
	upstreamFailure: string | null = null;
	private binding: Binding;

	constructor(
		/** Set by our code on every Odoo and knowledge call, whatever the arguments say. */
		private readonly tenantId: string,
		private readonly sessions: { odoo?: McpSession; knowledge?: McpSession },
		private readonly allowed: ReadonlySet<string> | null,
		binding: Binding,
		private readonly extras: readonly ExtraTool[] = [],
	) {
		this.binding = { ...binding };
	}

	has(tool: string): boolean {
		if (this.allowed && !this.allowed.has(tool)) return this.extras.some((extra) => extra.name === tool);
		const server = this.serverOf(tool);
		return server === 'extra' ? this.extras.some((extra) => extra.name === tool) : Boolean(this.sessions[server]);
	}

	private serverOf(tool: string): Server {
		if (tool.startsWith('odoo_')) return 'odoo';
		if (tool.startsWith('knowledge_')) return 'knowledge';
		return 'extra';
	}

	/** The partner the conversation is bound to, once odoo_partner_find_or_create has run. */
	get partnerId(): number | undefined {
		return this.binding.partner_id;
	}

	async call<T = Record<string, unknown>>(tool: string, args: Record<string, unknown>, by: 'code' | 'model' = 'code'): Promise<ToolResult<T>> {
		const started = Date.now();
		const record = (ok: boolean, error: string | null) => this.calls.push({ tool, args, ok, error, ms: Date.now() - started, by });
		if (!this.has(tool)) {
			const message = `${tool} is not one of this agent's tools.`;
			record(false, message);
			return { ok: false, data: null, kind: 'refused', message };
		}
		const server = this.serverOf(tool);
		if (server === 'extra') {
			const extra = this.extras.find((e) => e.name === tool);
			try {
				const text = await extra!.invoke(args);
				this.grounding.push(text);
				record(true, null);
				return { ok: true, data: { text } as unknown as T, kind: null, message: null };
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				record(false, message);
				return { ok: false, data: null, kind: 'upstream', message };
			}
		}
		const session = this.sessions[server]!;
		args = { ...args, tenant_id: this.tenantId };
		const meta = server === 'odoo' ? { [BINDING_META]: { ...this.binding } } : undefined;
		let outcome;
		try {
			outcome = await session.callTool(tool, args, meta);
		} catch (error) {
			outcome = { ok: false as const, kind: 'upstream' as const, message: error instanceof Error ? error.message : String(error) };
		}
		if (!outcome.ok) {
			record(false, outcome.message);
			if (outcome.kind === 'upstream' || outcome.kind === 'internal') this.upstreamFailure ??= `${tool}: ${outcome.message}`;
			return { ok: false, data: null, kind: outcome.kind, message: outcome.message };
		}
		record(true, null);
		this.grounding.push(JSON.stringify(outcome.data));
		if (tool === 'odoo_partner_find_or_create' && typeof outcome.data.partner_id === 'number') this.binding = { ...this.binding, partner_id: outcome.data.partner_id };
		return { ok: true, data: outcome.data as T, kind: null, message: null };
	}

	/**
	 * Figures our code computed from this turn's results (a line total, the sum of a quotation),
	 * kept with the grounding so a model that repeats them is not taken for inventing them.
	 */
	derive(what: string, figures: Record<string, unknown>): void {
		this.grounding.push(JSON.stringify({ derived: what, ...figures }));
	}

	/** Binds the conversation's customer in Odoo (found by phone/e-mail, created if new). */
	async bindCustomer(): Promise<boolean> {
		if (this.binding.partner_id) return true;
		if (!this.binding.phone && !this.binding.email) return false;
		if (!this.has('odoo_partner_find_or_create')) return false;
		const found = await this.call('odoo_partner_find_or_create', { name: this.binding.name });
		return found.ok;
	}
}
