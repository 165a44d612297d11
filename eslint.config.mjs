import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

/**
 * n8n's community-node rules apply to what ships inside n8n: nodes/, credentials/ and lib/.
 * The test harness, demo and benchmark scripts start processes on purpose and never ship.
 * Clients and MCP servers (layers below the nodes, also run standalone by omnicrew-mcp) have
 * no n8n node context, so they throw their own typed errors; the nodes translate them.
 */
export default [
	{ ignores: ['dist/**', 'scripts/**', 'test/**', 'bench/**', 'jest.config.js'] },
	...configWithoutCloudSupport,
	{
		files: ['lib/errors.ts', 'lib/json.ts', 'lib/connection-pool.ts', 'lib/tenant.ts', 'lib/resilience.ts', 'lib/secret-box.ts', 'lib/mcp/**', 'lib/redis/**', 'nodes/*/cache/**', 'nodes/*/client/**', 'nodes/*/store/**', 'nodes/*/embeddings/**', 'nodes/*/schema/**', 'nodes/*/tools/**', 'nodes/*/server.ts', 'nodes/Crew/llm/**', 'nodes/Odoo/profile.ts', 'nodes/Odoo/phone.ts', 'nodes/Odoo/time.ts', 'nodes/Chatwoot/events.ts', 'bin/**'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
];
