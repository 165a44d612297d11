import type { ServerEntry } from '../lib/mcp/registry';
import { chatwootServerEntry } from '../nodes/Chatwoot/server';
import { knowledgeServerEntry } from '../nodes/KnowledgeBase/server';
import { odooServerEntry } from '../nodes/Odoo/server';
import { configServerEntry } from '../nodes/TenantConfig/server';
import { crewServerEntry } from '../nodes/Crew/server';
import { cacheServerEntry } from '../nodes/TenantCache/server';

/** Every server `omnicrew-mcp` can start, by name. */
export const SERVERS: readonly ServerEntry[] = [cacheServerEntry, chatwootServerEntry, odooServerEntry, knowledgeServerEntry, configServerEntry, crewServerEntry];
