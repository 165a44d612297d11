import { openInProcess } from '../../lib/mcp/in-process';
import type { ServerEntry } from '../../lib/mcp/registry';
import { buildMcpServer, type ServerInfo } from '../../lib/mcp/server';
import type { McpServer } from '../../lib/mcp/sdk';
import type { McpSession } from '../../lib/mcp/session';
import { VERSION } from '../../lib/version';
import { OdooClient } from './client/odoo-client';
import { parseProfile } from './profile';
import { odooTools, type OdooToolContext } from './tools';

export const ODOO_SERVER_INFO: ServerInfo = {
	name: 'omnicrew-odoo',
	version: VERSION,
	instructions:
		'Odoo, the system of record. Prices, stock, order states, dates and free slots must come from these tools, never from memory. ' +
		'The profile (customer or erp_operator) is fixed by the server: customer-facing agents get business tools only, and their writes act on the conversation\'s own customer. ' +
		'Destructive tools (delete, cancel, confirm, non-read calls) first answer needs_confirmation: ask the user, then call again with confirm: true.',
};

export function createOdooServer(ctx: OdooToolContext): McpServer {
	return buildMcpServer(ODOO_SERVER_INFO, odooTools, ctx);
}

/** The same tools as an embedded session, run in this process without MCP. */
export function openOdooSession(ctx: OdooToolContext, cleanup?: () => Promise<void>): McpSession {
	return openInProcess(ODOO_SERVER_INFO, odooTools, ctx, cleanup);
}

export const odooServerEntry: ServerEntry = {
	name: 'odoo',
	summary: 'Odoo 16–19: products, prices, stock, customers, quotations and orders, calendar, chatter; access profiles customer and erp_operator.',
	variables: [
		{ name: 'ODOO_URL', required: true, description: 'the Odoo address, e.g. https://erp.example.com' },
		{ name: 'ODOO_DB', required: true, description: 'the database name' },
		{ name: 'ODOO_USERNAME', required: true, description: 'the login of the user the tools act as' },
		{ name: 'ODOO_API_KEY', required: false, description: 'an API key of that user (preferred; enables JSON-2 on Odoo 19+)' },
		{ name: 'ODOO_PASSWORD', required: false, description: 'or the password' },
		{ name: 'ODOO_PROFILE', required: false, description: 'customer (default: business tools only, own customer) or erp_operator (every tool, confirmation for destructive ones)' },
	],
	tools: odooTools,
	async open(env) {
		for (const name of ['ODOO_URL', 'ODOO_DB', 'ODOO_USERNAME']) {
			if (!env[name]) throw new Error(`${name} is not set (see omnicrew-mcp --help).`);
		}
		if (!env.ODOO_API_KEY && !env.ODOO_PASSWORD) throw new Error('Set ODOO_API_KEY (preferred) or ODOO_PASSWORD.');
		const profile = parseProfile(env.ODOO_PROFILE, 'ODOO_PROFILE');
		const odoo = new OdooClient({ url: env.ODOO_URL ?? '', db: env.ODOO_DB ?? '', username: env.ODOO_USERNAME ?? '', apiKey: env.ODOO_API_KEY, password: env.ODOO_PASSWORD });
		await odoo.uid();
		return { build: () => createOdooServer({ odoo, profile }), close: async () => undefined };
	},
};
