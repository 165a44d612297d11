import { z } from 'zod/v4';

import { AGENT_ROLES, CHANNELS, CREW_AGENT_TOOLS, KNOWLEDGE_COLLECTIONS } from './channels';

export const EscalationSchema = z.strictObject({
	keywords: z.array(z.string().trim().min(2).max(80)).max(100).describe('Words that make this agent hand the conversation to a person.'),
	max_failed_turns: z.number().int().min(1).max(20).describe('Hand off after this many turns in a row with nothing grounded to say.'),
	on_negative_sentiment: z.boolean().describe('Hand off when the customer gets angry, following the tenant\'s sentiment threshold.'),
});

export const AgentSchema = z.strictObject({
	role: z.enum(AGENT_ROLES).describe('sales, scheduling, business_rules, support, or custom.'),
	name: z.string().trim().min(1).max(80).describe('How the agent presents itself, e.g. "Ana (vendas)".'),
	instructions: z.string().trim().min(1).max(8_000).describe('Role instructions given to the model; written for the business, not the customer.'),
	tools: z
		.array(z.enum(CREW_AGENT_TOOLS, { error: `must be one of ${CREW_AGENT_TOOLS.join(', ')}` }))
		.max(CREW_AGENT_TOOLS.length)
		.describe('Tools this agent may call (an allowlist; customer-facing agents only get these).'),
	knowledge_collections: z.array(z.enum(KNOWLEDGE_COLLECTIONS)).max(KNOWLEDGE_COLLECTIONS.length).describe('Knowledge collections the agent searches.'),
	tone: z.string().trim().min(1).max(300).describe('Voice of the replies, e.g. "cordial, próximo e objetivo".'),
	max_reply_length: z.number().int().min(40).max(4_000).describe('Longest reply in characters (the channel may lower it).'),
	escalation: EscalationSchema,
});

export const RouterSettingsSchema = z.strictObject({
	confidence_threshold: z
		.number()
		.min(0)
		.max(1)
		.describe('Below this confidence the router asks the connected chat model, if any; otherwise its best guess stands.'),
	stickiness: z
		.strictObject({
			enabled: z.boolean().describe('Keep an ongoing conversation with its agent.'),
			ttl_minutes: z.number().int().min(1).max(10_080).describe('How long a conversation stays with its agent after the last message.'),
			switch_confidence: z.number().min(0).max(1).describe('A new intent must be at least this sure to move the conversation to another agent.'),
		})
		.describe('Conversation stickiness.'),
	fallback_role: z.enum(AGENT_ROLES).describe('Agent for messages no rule or model can place (e.g. a bare "oi").'),
});

export const FormattingSchema = z.strictObject({
	greeting: z.string().trim().max(300).optional().describe('Opening line (email), e.g. "Olá, {name}!".'),
	signature: z.string().trim().max(1_000).optional().describe('Closing lines (email), e.g. "Equipe Acme".'),
	subject_prefix: z.string().trim().max(80).optional().describe('Prefix of reply subjects (email).'),
	max_length: z.number().int().min(40).max(20_000).optional().describe('Channel cap on reply length in characters.'),
});

const CREW_ID_RULE = 'is the crew\'s channel';

export const CrewSchema = z
	.strictObject({
		id: z.enum(CHANNELS).describe(`The crew id; it ${CREW_ID_RULE}.`),
		channel: z.enum(CHANNELS).describe('The channel this crew serves.'),
		agents: z.array(AgentSchema).min(1, { error: 'a crew needs at least one agent' }).max(12).describe('The specialists of the crew.'),
		router: RouterSettingsSchema,
		formatting: FormattingSchema.describe('Channel formatting settings.'),
	})
	.superRefine((crew, ctx) => {
		if (crew.id !== crew.channel) ctx.addIssue({ code: 'custom', path: ['id'], message: `must equal channel ("${crew.channel}"): a crew's id ${CREW_ID_RULE}` });
		const names = new Set<string>();
		const roles = new Set<string>();
		crew.agents.forEach((agent, i) => {
			const name = agent.name.toLowerCase();
			if (names.has(name)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'name'], message: `"${agent.name}" is used by two agents` });
			names.add(name);
			if (agent.role !== 'custom' && roles.has(agent.role)) {
				ctx.addIssue({ code: 'custom', path: ['agents', i, 'role'], message: `a crew has one ${agent.role} agent (the router sends each intent to one agent)` });
			}
			roles.add(agent.role);
		});
		if (!roles.has(crew.router.fallback_role)) {
			ctx.addIssue({ code: 'custom', path: ['router', 'fallback_role'], message: `no agent of the crew has the role "${crew.router.fallback_role}"` });
		}
	})
	.describe('A crew: the agents that answer one channel for one tenant, and how messages are routed to them.');

export type Crew = z.output<typeof CrewSchema>;
export type Agent = z.output<typeof AgentSchema>;
