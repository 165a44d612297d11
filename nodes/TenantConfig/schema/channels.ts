/**
 * The channels a tenant can serve, by the names the Chatwoot Trigger and the Mercado Livre
 * integration give them. A crew's id is its channel.
 */
export const CHANNELS = ['whatsapp', 'facebook', 'instagram', 'email', 'webchat', 'mercadolivre'] as const;

export type ChannelName = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<ChannelName, string> = {
	whatsapp: 'WhatsApp',
	facebook: 'Facebook',
	instagram: 'Instagram',
	email: 'Email',
	webchat: 'Web chat',
	mercadolivre: 'Mercado Livre',
};

export function isChannel(value: unknown): value is ChannelName {
	return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** The specialist roles a crew can hold; "human" is the router's hand-off output, not an agent. */
export const AGENT_ROLES = ['sales', 'scheduling', 'business_rules', 'support', 'custom'] as const;

export type AgentRole = (typeof AGENT_ROLES)[number];

/** Where knowledge lives (the Knowledge Base collections). */
export const KNOWLEDGE_COLLECTIONS = ['products', 'support_procedures', 'business_rules', 'interactions'] as const;

/**
 * Tools a customer-facing agent may be given: read-only business tools, and the writes that act
 * only for the conversation's own customer (booking, its own quote) or on the conversation.
 * Generic Odoo reads/writes stay with the ERP agent.
 */
export const CREW_AGENT_TOOLS = [
	'odoo_product_search',
	'odoo_stock_availability',
	'odoo_partner_find_or_create',
	'odoo_sale_order_create',
	'odoo_order_status',
	'odoo_calendar_free_slots',
	'odoo_calendar_book',
	'odoo_calendar_reschedule',
	'odoo_calendar_cancel',
	'knowledge_search',
	'chatwoot_handoff',
	'chatwoot_set_labels',
	'chatwoot_private_note',
] as const;

export type CrewAgentTool = (typeof CREW_AGENT_TOOLS)[number];
