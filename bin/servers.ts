import type { ServerEntry } from '../lib/mcp/registry';
import { cacheServerEntry } from '../nodes/TenantCache/server';

/** Every server `omnicrew-mcp` can start, by name. */
export const SERVERS: readonly ServerEntry[] = [cacheServerEntry];
