import { errorMessageOf } from '../lib/errors';
import type { ServerEntry } from '../lib/mcp/registry';
import { serveHttp, serveStdio } from '../lib/mcp/serve';
import { VERSION } from '../lib/version';
import { HTTP_VARIABLES, httpSettingsFromEnv } from './http-env';
import { SERVERS } from './servers';

interface Args {
	server?: string;
	http?: number;
	host: string;
	help: boolean;
	version: boolean;
}

const USAGE = `Usage: omnicrew-mcp <server> [--http <port>] [--host <address>]

Starts an OmniCrew MCP server over stdio (default) or Streamable HTTP (--http, endpoint /mcp).
--host defaults to 127.0.0.1. With OMNICREW_MCP_TOKEN or OMNICREW_MCP_TOKENS set, HTTP clients
must send "Authorization: Bearer <token>". Configuration comes from environment variables.`;

function parseArgs(argv: string[]): Args {
	const args: Args = { host: '127.0.0.1', help: false, version: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') args.help = true;
		else if (arg === '--version' || arg === '-v') args.version = true;
		else if (arg === '--http') {
			const port = Number(argv[++i]);
			if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--http needs a port number (got "${argv[i] ?? ''}").`);
			args.http = port;
		} else if (arg === '--host') {
			const host = argv[++i];
			if (!host) throw new Error('--host needs an address, e.g. 127.0.0.1 or 0.0.0.0.');
			args.host = host;
		} else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}. Run omnicrew-mcp --help.`);
		else if (!args.server) args.server = arg;
		else throw new Error(`Unexpected argument "${arg}": give one server name.`);
	}
	return args;
}

function describeServer(entry: ServerEntry): string {
	const firstSentence = (text: string) => text.split(/(?<=\.)\s/)[0];
	const tools = entry.tools.map((tool) => `      ${tool.name.padEnd(24)} ${firstSentence(tool.description)}`);
	const vars = entry.variables.map((v) => `      ${v.name.padEnd(28)} ${v.required ? '(required) ' : ''}${v.description}`);
	return [`  ${entry.name} — ${entry.summary}`, '    tools:', ...tools, '    environment:', ...vars].join('\n');
}

function helpText(): string {
	const common = HTTP_VARIABLES.map((v) => `      ${v.name.padEnd(32)} ${v.description}`);
	return [USAGE, '', 'Servers:', ...SERVERS.map(describeServer), '', 'Common environment (--http):', ...common].join('\n');
}

async function main(argv: string[]): Promise<void> {
	const args = parseArgs(argv);
	if (args.version) {
		process.stdout.write(`${VERSION}\n`);
		return;
	}
	if (args.help || !args.server) {
		process.stdout.write(`${helpText()}\n`);
		if (!args.help) process.exitCode = 2;
		return;
	}
	const entry = SERVERS.find((server) => server.name === args.server);
	if (!entry) throw new Error(`Unknown server "${args.server}". Servers: ${SERVERS.map((s) => s.name).join(', ')}.`);
	// Checked before any upstream is opened, so a wrong token setting fails fast.
	const http = args.http === undefined ? undefined : httpSettingsFromEnv(process.env);
	const log = (line: string) => process.stderr.write(`[omnicrew-mcp ${entry.name}] ${line}\n`);
	const opened = await entry.open(process.env);
	const shutdown = async () => {
		await opened.close();
		process.exit(0);
	};
	process.once('SIGINT', () => void shutdown());
	process.once('SIGTERM', () => void shutdown());
	if (args.http === undefined || !http) {
		log('serving over stdio');
		await serveStdio(opened);
		await opened.close();
		return;
	}
	const listening = await serveHttp(opened, { port: args.http, host: args.host, token: http.token, tokens: http.tokens, limits: http.limits, log });
	const address = listening.address();
	const port = typeof address === 'object' && address ? address.port : args.http;
	const authenticated = Boolean(http.token || http.tokens);
	if (!authenticated && args.host !== '127.0.0.1' && args.host !== 'localhost') {
		log('warning: listening beyond loopback without OMNICREW_MCP_TOKEN or OMNICREW_MCP_TOKENS; anyone who reaches this port can call the tools');
	}
	// How many tokens, never which: tokens stay out of the logs.
	const mode = http.tokens ? ` (bearer token required: ${http.tokens.length} token${http.tokens.length === 1 ? '' : 's'}, each limited to its tenants)` : http.token ? ' (bearer token required)' : '';
	log(`listening on http://${args.host}:${port}/mcp${mode}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
	process.stderr.write(`omnicrew-mcp: ${errorMessageOf(error)}\n`);
	process.exit(1);
});
