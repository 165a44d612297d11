import type { McpSession } from '../../lib/mcp/client';
import type { TenantCache } from '../TenantCache/cache/tenant-cache';
import type { ChannelName } from '../TenantConfig/schema/channels';
import { isChannel } from '../TenantConfig/schema/channels';
import type { Crew } from '../TenantConfig/schema/crew';
import { defaultCrew, defaultTenant } from '../TenantConfig/schema/defaults';
import type { Tenant } from '../TenantConfig/schema/tenant';
import type { ConfigStore } from '../TenantConfig/store/config-store';
import type { ChatModelPort } from './llm/port';

/** Where crews come from: the tenant's MongoDB overrides, or the built-in defaults alone. */
export interface ConfigSource {
	getTenant(tenantId: string): Promise<{ tenant: Tenant; source: 'default' | 'override'; unavailable?: string }>;
	getCrew(tenantId: string, channel: ChannelName): Promise<{ crew: Crew; crew_id: string; enabled: boolean; source: 'default' | 'override'; unavailable?: string }>;
}

export const defaultsOnly: ConfigSource = {
	getTenant: async (tenantId) => ({ tenant: defaultTenant(tenantId), source: 'default' }),
	getCrew: async (_tenantId, channel) => ({ crew: defaultCrew(channel), crew_id: channel, enabled: true, source: 'default' }),
};

const why = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);

/**
 * The tenant's stored configuration; when MongoDB cannot be read the built-in defaults answer
 * (marked `unavailable`), so a database outage degrades a crew instead of silencing it.
 */
export function storeSource(store: ConfigStore): ConfigSource {
	return {
		getTenant: async (tenantId) => {
			try {
				return await store.getTenant(tenantId);
			} catch (error) {
				return { ...(await defaultsOnly.getTenant(tenantId)), unavailable: why(error) };
			}
		},
		getCrew: async (tenantId, channel) => {
			try {
				return await store.getCrew(tenantId, channel);
			} catch (error) {
				return { ...(await defaultsOnly.getCrew(tenantId, channel)), unavailable: why(error) };
			}
		},
	};
}

/**
 * Everything a crew may use for one execution. Only config is required: without Redis there is
 * no memory or stickiness, without Odoo or Qdrant the agents hand off what they cannot ground,
 * without a model the embedded router and responder answer.
 */
export interface CrewServices {
	config: ConfigSource;
	cache?: TenantCache;
	/** The Odoo server under the customer profile (customer-facing agents). */
	odoo?: McpSession;
	/** The Odoo server under the erp_operator profile (the ERP agent only). */
	odooErp?: McpSession;
	/**
	 * Serves the ERP agent: only then may crew_agent_reply answer as erp_operator, the role for
	 * Odoo users that has every Odoo tool and no injection guard. Customers never reach it.
	 */
	erp?: boolean;
	knowledge?: McpSession;
	llm?: ChatModelPort;
	/** Extra tools connected to a Specialist Agent (n8n ai_tool inputs). */
	extraTools?: ExtraTool[];
	now?: () => Date;
}

export interface ExtraTool {
	name: string;
	description: string;
	parameters: Record<string, unknown>;
	invoke(args: Record<string, unknown>): Promise<string>;
}

/** Channels outside the crew table (telegram, sms...) are served by the web chat crew. */
export function crewChannel(channel: unknown): ChannelName {
	return isChannel(channel) ? channel : 'webchat';
}
