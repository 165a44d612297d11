import { z } from 'zod/v4';

import { RefusedError } from '../../../lib/errors';
import { READ_ONLY, toolFactory } from '../../../lib/mcp/tool';
import { tenantIdField } from '../../../lib/tenant';
import { CHANNELS } from '../../TenantConfig/schema/channels';
import { AGENT_ROLES, handleAgentTurn, type AgentInput } from '../agent/agent';
import { humanTurn } from '../agent/human';
import { routeMessage, type RouteResult } from '../router/route';
import type { CrewServices } from '../services';

const tool = toolFactory<CrewServices>();

const channelField = z.string().min(1).max(32).describe(`The channel: ${CHANNELS.join(', ')} (others are served by the web chat crew).`);
const textField = z.string().max(10_000).describe('The customer\'s message as they wrote it.');
const conversationField = z
	.union([z.string().max(128), z.number().int()])
	.optional()
	.describe('The conversation (e.g. the Chatwoot conversation id): keeps it with its agent and gives the agent memory.');
const contactField = z
	.object({
		name: z.string().max(200).nullable().optional(),
		phone: z.string().max(40).nullable().optional(),
		email: z.string().max(200).nullable().optional(),
	})
	.optional()
	.describe('The customer as the channel knows them (name, phone, e-mail): binds order and booking lookups to this customer only.');

const routeOutput = z.object({
	crew: z.string(),
	agent: z.string().describe('The agent\'s role, or "human".'),
	agent_name: z.string().nullable(),
	intent: z
		.enum(['sales', 'scheduling', 'business_rules', 'support', 'human', 'conversation'])
		.describe('What the message is; "conversation" = greetings, thanks, small talk, questions about the bot, emoji or attachments: the agent answers in a line, without tools.'),
	confidence: z.number(),
	method: z.enum(['rules', 'embedded', 'llm', 'sticky', 'fallback', 'config']),
	reasons: z.array(z.string()),
	language: z.string(),
	away_message: z.string().nullable(),
	llm_tokens: z.number(),
	conversation_kind: z.string().nullable().describe('For intent "conversation": greeting, thanks, goodbye, small_talk, bot_question, emoji…; null otherwise.'),
});

const agentOutput = {
	reply: z.string(),
	handoff: z.boolean(),
	handoff_reason: z.string().nullable(),
	labels: z.array(z.string()),
	citations: z.array(z.object({ collection: z.string(), id: z.string(), title: z.string().nullable() })),
	tool_calls: z.array(z.object({ tool: z.string(), args: z.record(z.string(), z.unknown()), ok: z.boolean(), error: z.string().nullable(), ms: z.number(), by: z.string() })),
	usage: z.object({ llm_calls: z.number(), tokens_in: z.number(), tokens_out: z.number(), cache_hits: z.number() }),
	language: z.string(),
	method: z.string(),
};

export const crewRoute = tool({
	name: 'crew_route',
	title: 'Route a customer message',
	description:
		'Decides which specialist of the tenant\'s crew answers a customer message: sales, scheduling, business_rules, support, or human (explicit requests for a person, anger, legal threats and complaints to consumer bodies always go to human). Greetings, thanks, small talk, questions about the bot, emoji and attachments get intent "conversation" and stay with the conversation\'s agent (or the crew\'s fallback agent). Embedded multilingual classifier, a chat model only when unsure, stickiness per conversation.',
	input: z.object({ tenant_id: tenantIdField, channel: channelField, text: textField, conversation_id: conversationField }),
	output: routeOutput,
	annotations: { ...READ_ONLY, idempotentHint: false },
	run: async (args, services) => await routeMessage(services, args),
});

export const crewAgentReply = tool({
	name: 'crew_agent_reply',
	title: 'Answer as one specialist agent',
	description:
		'Answers a customer message as one agent of the crew (sales, scheduling, business_rules, support, custom; erp_operator for Odoo users, only on a server started with OMNICREW_CREW_ERP=true), from this turn\'s tool results only. Returns the reply (not sent), whether to hand off, citations, tool calls and usage.',
	input: z.object({
		tenant_id: tenantIdField,
		channel: channelField,
		role: z.enum(AGENT_ROLES as [string, ...string[]]).describe(`The agent's role: ${AGENT_ROLES.join(', ')}.`),
		text: textField,
		conversation_id: conversationField,
		contact: contactField,
		agent_name: z.string().max(80).optional().describe('For a custom role: the name of the custom agent in the crew.'),
		intent: z
			.string()
			.max(40)
			.optional()
			.describe('The router\'s intent for the message (crew_route); "conversation" makes any role answer with a short conversational reply, without tools.'),
	}),
	output: z.object({ agent: z.string(), ...agentOutput }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
	run: async (args, services) => {
		// erp_operator has every Odoo tool and trusts its user's text: a server for customers must not
		// let a caller pick it.
		if (args.role === 'erp_operator' && services.erp !== true) {
			throw new RefusedError(
				'The erp_operator role is only for Odoo users and this crew server was not started for them: start it with OMNICREW_CREW_ERP=true, on a server customers cannot reach, or use a customer role (sales, scheduling, business_rules, support, custom).',
			);
		}
		return await handleAgentTurn(services, args as AgentInput);
	},
});

export const crewHandleMessage = tool({
	name: 'crew_handle_message',
	title: 'Handle a customer message end to end',
	description:
		'The whole crew for one customer message: routes it, lets the chosen agent answer from real data (Odoo, knowledge base) or hands off to a person, and returns the reply with the route and usage. Nothing is sent to the customer.',
	input: z.object({ tenant_id: tenantIdField, channel: channelField, text: textField, conversation_id: conversationField, contact: contactField }),
	output: z.object({ route: routeOutput, agent: z.string(), ...agentOutput }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
	run: async (args, services) => {
		const route: RouteResult = await routeMessage(services, args);
		if (route.agent === 'human') {
			return {
				route,
				...humanTurn(route),
				agent: 'human',
				citations: [],
				tool_calls: [],
				usage: { llm_calls: route.llm_tokens ? 1 : 0, tokens_in: route.llm_tokens, tokens_out: 0, cache_hits: 0 },
				language: route.language,
				method: 'guard',
			};
		}
		const result = await handleAgentTurn(services, { ...(args as Omit<AgentInput, 'role'>), role: route.agent as AgentInput['role'], agent_name: route.agent_name, intent: route.intent });
		return { route, ...result, usage: { ...result.usage, llm_calls: result.usage.llm_calls + (route.llm_tokens ? 1 : 0), tokens_in: result.usage.tokens_in + route.llm_tokens } };
	},
});

export const crewList = tool({
	name: 'crew_list',
	title: 'List a tenant\'s crews',
	description: 'Lists the crew of every channel of a tenant: enabled or not, default or override, the agents (role, name, tools, knowledge) and the router settings.',
	input: z.object({ tenant_id: tenantIdField }),
	output: z.object({
		crews: z.array(
			z.object({
				channel: z.string(),
				crew_id: z.string(),
				enabled: z.boolean(),
				source: z.string(),
				agents: z.array(z.object({ role: z.string(), name: z.string(), tools: z.array(z.string()), knowledge_collections: z.array(z.string()) })),
				router: z.record(z.string(), z.unknown()),
			}),
		),
	}),
	annotations: READ_ONLY,
	run: async (args, services) => ({
		crews: await Promise.all(
			CHANNELS.map(async (channel) => {
				const got = await services.config.getCrew(args.tenant_id, channel);
				return {
					channel,
					crew_id: got.crew_id,
					enabled: got.enabled,
					source: got.source,
					agents: got.crew.agents.map((a) => ({ role: a.role, name: a.name, tools: a.tools, knowledge_collections: a.knowledge_collections })),
					router: got.crew.router as unknown as Record<string, unknown>,
				};
			}),
		),
	}),
});

export const crewTools = [crewRoute, crewHandleMessage, crewAgentReply, crewList];
