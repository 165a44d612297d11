import { z } from 'zod/v4';

import { RefusedError } from '../../../lib/errors';
import { READ_ONLY, WRITE, toolFactory } from '../../../lib/mcp/tool';
import { UpstreamsInput, UpstreamsView } from '../schema/upstreams';
import type { UpstreamStore } from '../store/upstream-store';
import {
	authorField,
	channelField,
	expectedVersionField,
	jsonObject,
	kindField,
	putOutput,
	replaceField,
	tenantIdField,
	versionOutput,
	type ConfigToolContext,
} from './fields';

const tool = toolFactory<ConfigToolContext>();

const sourceField = z.enum(['default', 'override']).describe('default = built-in defaults (no override stored), override = the tenant\'s own.');

export const configGetTenant = tool({
	name: 'config_get_tenant',
	title: 'Get a tenant\'s configuration',
	description:
		'Returns a tenant\'s configuration (name, locale, time zone, business hours and holidays, channels, Odoo reference, hand-off rules, reply language, daily token budget): its own override, or the built-in defaults when it has none.',
	input: z.object({ tenant_id: tenantIdField }),
	output: z.object({ tenant_id: z.string(), tenant: z.record(z.string(), z.unknown()).describe('The tenant configuration (docs/configuration.md).'), source: sourceField, version: z.number(), cached: z.boolean() }),
	annotations: READ_ONLY,
	run: async (args, { config }) => await config.getTenant(args.tenant_id),
});

export const configPutTenant = tool({
	name: 'config_put_tenant',
	title: 'Change a tenant\'s configuration',
	description:
		'Validates and stores a tenant\'s configuration as a new version (who, when, what changed) and drops its cached copy. Give only the fields that change: objects merge into the current configuration, lists replace. Errors name each wrong field, e.g. "tenant.business_hours.mon[0].close".',
	input: z.object({
		tenant_id: tenantIdField,
		tenant: jsonObject('The fields to change, e.g. {"name": "Acme", "handoff": {"max_bot_turns": 8}}; see docs/configuration.md for every field.'),
		author: authorField,
		expected_version: expectedVersionField,
		replace: replaceField,
	}),
	output: putOutput,
	annotations: WRITE,
	run: async (args, { config }) =>
		await config.putTenant(args.tenant_id, args.tenant, { by: args.author, expectedVersion: args.expected_version, replace: args.replace }),
});

export const configGetCrew = tool({
	name: 'config_get_crew',
	title: 'Get the crew of a channel',
	description:
		'Returns the crew that answers a tenant\'s channel (agents with role, instructions, tools, knowledge collections, tone, reply length, escalation; router settings) and which one it is: the tenant\'s override or the built-in default.',
	input: z.object({ tenant_id: tenantIdField, channel: channelField }),
	output: z.object({
		tenant_id: z.string(),
		channel: z.string(),
		crew_id: z.string().describe('The crew serving the channel (another channel\'s when the tenant shares crews).'),
		enabled: z.boolean().describe('Whether the tenant has the bot on for this channel.'),
		crew: z.record(z.string(), z.unknown()).describe('The crew (docs/configuration.md).'),
		source: sourceField,
		version: z.number(),
		cached: z.boolean(),
	}),
	annotations: READ_ONLY,
	run: async (args, { config }) => await config.getCrew(args.tenant_id, args.channel),
});

export const configPutCrew = tool({
	name: 'config_put_crew',
	title: 'Change the crew of a channel',
	description:
		'Validates and stores a tenant\'s crew for a channel as a new version and drops the cached copy. Objects merge into the current crew, lists (agents) replace: send the whole agents list to change one agent. Errors name each wrong field, e.g. "crew.agents[0].role".',
	input: z.object({
		tenant_id: tenantIdField,
		channel: channelField,
		crew: jsonObject('The crew fields to change, e.g. {"router": {"confidence_threshold": 0.6}} or {"agents": [...]}; see docs/configuration.md.'),
		author: authorField,
		expected_version: expectedVersionField,
		replace: replaceField,
	}),
	output: putOutput,
	annotations: WRITE,
	run: async (args, { config }) =>
		await config.putCrew(args.tenant_id, args.channel, args.crew, { by: args.author, expectedVersion: args.expected_version, replace: args.replace }),
});

export const configListCrews = tool({
	name: 'config_list_crews',
	title: 'List a tenant\'s crews',
	description: 'Lists every channel of a tenant with the crew serving it: enabled or not, override or default, version and the agents\' roles.',
	input: z.object({ tenant_id: tenantIdField }),
	output: z.object({
		crews: z.array(
			z.object({
				channel: z.string(),
				crew_id: z.string(),
				enabled: z.boolean(),
				source: sourceField,
				version: z.number(),
				agents: z.array(z.object({ role: z.string(), name: z.string() })),
			}),
		),
	}),
	annotations: READ_ONLY,
	run: async (args, { config }) => ({
		crews: (await config.listCrews(args.tenant_id)).map((crew) => ({
			channel: crew.channel,
			crew_id: crew.crew_id,
			enabled: crew.enabled,
			source: crew.source,
			version: crew.version,
			agents: crew.crew.agents.map((agent) => ({ role: agent.role, name: agent.name })),
		})),
	}),
});

export const configHistory = tool({
	name: 'config_history',
	title: 'History of a configuration',
	description: 'Lists the versions of a tenant\'s configuration or of one crew, newest first: number, who, when, what changed, rollbacks. Version 1 is always the built-in defaults.',
	input: z.object({
		tenant_id: tenantIdField,
		kind: kindField,
		id: z.string().max(64).optional().describe('For a crew, its channel (e.g. "whatsapp"); for the tenant, its id (may be left out).'),
		limit: z.number().int().min(1).max(200).optional().describe('How many versions, newest first (default 50).'),
	}),
	output: z.object({ kind: z.string(), id: z.string(), current_version: z.number(), versions: z.array(versionOutput) }),
	annotations: READ_ONLY,
	run: async (args, { config }) => await config.history(args.tenant_id, args.kind, args.id, args.limit),
});

export const configRollback = tool({
	name: 'config_rollback',
	title: 'Roll a configuration back',
	description:
		'Makes an earlier version current again by storing it as a new version (history is never rewritten). Version 1 returns to the built-in defaults. The cached copy is dropped.',
	input: z.object({
		tenant_id: tenantIdField,
		kind: kindField,
		id: z.string().max(64).optional().describe('For a crew, its channel (e.g. "whatsapp"); for the tenant, its id (may be left out).'),
		version: z.number().int().min(1).describe('The version to return to (see config_history).'),
		author: authorField,
	}),
	output: putOutput,
	annotations: WRITE,
	run: async (args, { config }) => await config.rollback(args.tenant_id, args.kind, args.id, args.version, { by: args.author }),
});

function upstreamsOf(store: UpstreamStore | undefined): UpstreamStore {
	if (!store) throw new RefusedError('This server keeps no tenant upstreams: it has no MongoDB store for them.');
	return store;
}

export const configGetUpstreams = tool({
	name: 'config_get_upstreams',
	title: 'Get a tenant\'s upstreams',
	description:
		'Returns where a tenant\'s own Chatwoot account, Odoo database and knowledge collections are (addresses, database, login, collection prefix) and, for each token, key and secret, only whether it is set: secrets are never returned.',
	input: z.object({ tenant_id: tenantIdField }),
	output: UpstreamsView,
	annotations: READ_ONLY,
	run: async (args, { upstreams }) => await upstreamsOf(upstreams).view(args.tenant_id),
});

export const configPutUpstreams = tool({
	name: 'config_put_upstreams',
	title: 'Set a tenant\'s upstreams',
	description:
		'Stores where a tenant\'s own Chatwoot account (address, bot token, webhook secret), Odoo (address, database, login, API key or password) and knowledge collections (prefix) are, so one channel workflow serves every tenant. Tokens, keys and secrets are write-only and sealed with the deployment\'s secrets key: leave one out to keep it, null removes it. Each given section replaces the stored one; null removes a section.',
	input: z.object({
		tenant_id: tenantIdField,
		upstreams: UpstreamsInput.describe('e.g. {"chatwoot": {"base_url": "https://chat.example.com", "bot_token": "…", "webhook_secret": "…"}, "odoo": {"url": "https://erp.example.com", "db": "acme", "login": "bot@acme.com", "api_key": "…"}}'),
		author: authorField,
	}),
	output: UpstreamsView,
	annotations: WRITE,
	run: async (args, { upstreams }) => await upstreamsOf(upstreams).put(args.tenant_id, args.upstreams, args.author),
});
