import { z } from 'zod/v4';

import type { ConfigStore } from '../store/config-store';
import type { DataStore } from '../store/data-store';
import { CHANNELS } from '../schema/channels';
import type { UpstreamStore } from '../store/upstream-store';

export { tenantIdField } from '../../../lib/tenant';

export interface ConfigToolContext {
	config: ConfigStore;
	data: DataStore;
	/** Tenants' upstream settings; absent where no deployment stores them. */
	upstreams?: UpstreamStore;
}

export const channelField = z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` }).describe(`The channel: ${CHANNELS.join(', ')}.`);

export const kindField = z.enum(['tenant', 'crew'], { error: 'kind must be "tenant" or "crew"' }).describe('What configuration: "tenant" or "crew".');

export const authorField = z.string().trim().max(200).optional().describe('Who makes the change (a user, a workflow); kept in the history.');

export const expectedVersionField = z
	.number()
	.int()
	.min(1)
	.optional()
	.describe('Refuse the change unless the current version is this one (so two editors do not overwrite each other).');

export const replaceField = z
	.boolean()
	.optional()
	.describe('Whether to store exactly what is given; by default the given fields are merged into the current configuration (lists replace).');

export const collectionNameField = z.string().min(1).max(64).describe('A data collection open to the data tools (the deployment\'s allowlist, e.g. leads, tickets).');

export const jsonObject = (description: string) => z.record(z.string(), z.unknown()).describe(description);

export const putOutput = z.object({
	kind: z.string(),
	id: z.string(),
	version: z.number().describe('The version now current.'),
	previous_version: z.number(),
	unchanged: z.boolean().describe('True when the configuration was already exactly this: no version was added.'),
	summary: z.string().describe('What changed, e.g. "changed agents[Vendas].tone".'),
	rolled_back_to: z.number().nullable(),
	cache_invalidated: z.boolean().describe('False when the cache could not be reached: readers may see the previous version until it expires.'),
});

export const versionOutput = z.object({
	version: z.number(),
	source: z.enum(['default', 'override']),
	action: z.enum(['default', 'put', 'rollback']),
	by: z.string(),
	at: z.string(),
	summary: z.string(),
	changes: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
	rolled_back_to: z.number().nullable(),
});
