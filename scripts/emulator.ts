/**
 * `npm run emulator -- <name> [--port N] [--host 127.0.0.1]`: runs one of the test emulators as a
 * standalone server until Ctrl-C, printing what a client needs to talk to it.
 *
 *   npm run emulator -- chatwoot --port 3000
 *
 * Each emulator registers a starter in EMULATORS; it returns the lines to print and a stop function.
 */
import { CHANNEL_NAMES, startChatwootEmulator } from '../test/emulators/chatwoot';
import { startOdooEmulator } from '../test/emulators/odoo';
import { startOpenAiEmulator } from '../test/emulators/openai';
import { startQdrantEmulator } from '../test/emulators/qdrant';

interface EmulatorArgs {
	port?: number;
	host?: string;
	options: Record<string, string>;
}

interface RunningEmulator {
	info: string[];
	stop(): Promise<void>;
}

type Starter = (args: EmulatorArgs) => Promise<RunningEmulator>;

const EMULATORS: Record<string, { describe: string; start: Starter }> = {
	chatwoot: {
		describe: 'Chatwoot v4.15 Application API, account webhooks and agent-bot deliveries',
		start: async ({ port, host, options }) => {
			const retryDelay = options['bot-retry-delay-ms'];
			const emulator = await startChatwootEmulator({ port, host, botRetryDelayMs: retryDelay === undefined ? undefined : Number(retryDelay) });
			const width = Math.max(...CHANNEL_NAMES.map((channel) => channel.length));
			return {
				info: [
					`Chatwoot emulator listening on ${emulator.url}`,
					`  account id:   ${emulator.accountId} (Loja Aurora)`,
					`  admin token:  ${emulator.tokens.admin}`,
					`  agent token:  ${emulator.tokens.agent}`,
					`  bot token:    ${emulator.tokens.bot} (agent bot ${emulator.bot.id} "${emulator.bot.name}")`,
					`  bot secret:   ${emulator.bot.secret}`,
					'  inboxes:',
					...CHANNEL_NAMES.map((channel) => {
						const inbox = emulator.inboxes[channel];
						return `    ${channel.padEnd(width)}  id ${String(inbox.id).padEnd(2)} ${inbox.channelType.padEnd(22)} ${inbox.name}`;
					}),
				],
				stop: () => emulator.close(),
			};
		},
	},
	odoo: {
		describe: 'Odoo 17.0/18.0 JSON-RPC (/jsonrpc, /web/session/*, /web/dataset/call_kw) over an in-memory ORM, and JSON-2 with --version 19.0 (--version 18.0|19.0, --seed brazil)',
		start: async ({ port, host, options }) => {
			const version = options.version === '18.0' || options.version === '19.0' ? options.version : '17.0';
			const seed = options.seed === 'brazil' ? 'brazil' : 'contract';
			const emulator = await startOdooEmulator({ port, host, version, seed });
			const { admin, demo, portal } = emulator.users;
			return {
				info: [
					`Odoo ${emulator.version} emulator listening on ${emulator.url} (seed ${seed})`,
					`  database:  ${emulator.db}`,
					`  admin:     ${admin.login} / ${admin.password} (uid ${admin.uid}), API key ${admin.apiKey ?? '-'}`,
					`  demo:      ${demo.login} / ${demo.password} (uid ${demo.uid}, internal user)`,
					`  portal:    ${portal.login} / ${portal.password} (uid ${portal.uid}, portal user)`,
				],
				stop: () => emulator.close(),
			};
		},
	},
	openai: {
		describe: 'OpenAI Chat Completions (/v1/chat/completions JSON and SSE, /v1/models) answered by the grounded script (--api-key KEY, --model NAME, --latency-ms N)',
		start: async ({ port, host, options }) => {
			const latency = options['latency-ms'];
			const emulator = await startOpenAiEmulator({ port, host, apiKey: options['api-key'], model: options.model, latencyMs: latency === undefined ? undefined : Number(latency) });
			return {
				info: [`OpenAI emulator listening on ${emulator.url}`, `  api key:  ${emulator.apiKey}`, `  model:    ${emulator.model}`],
				stop: () => emulator.close(),
			};
		},
	},
	qdrant: {
		describe: 'Qdrant 1.19 REST API: collections, payload indexes, points and the Query API (dense, sparse+IDF, RRF) (--api-key KEY)',
		start: async ({ port, host, options }) => {
			const emulator = await startQdrantEmulator({ port, host, apiKey: options['api-key'] });
			return {
				info: [`Qdrant emulator listening on ${emulator.url}`, ...(emulator.apiKey === undefined ? [] : [`  api key:  ${emulator.apiKey}`])],
				stop: () => emulator.close(),
			};
		},
	},
};

function usage(): string {
	const names = Object.entries(EMULATORS).map(([name, entry]) => `  ${name.padEnd(10)} ${entry.describe}`);
	return ['usage: npm run emulator -- <name> [--port N] [--host 127.0.0.1] [--option value ...]', '', 'emulators:', ...names].join('\n');
}

function parseArgs(argv: string[]): { name: string | undefined; args: EmulatorArgs } {
	const args: EmulatorArgs = { options: {} };
	let name: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) {
			if (name !== undefined) throw new Error(`unexpected argument "${arg}"`);
			name = arg;
			continue;
		}
		const [key, inline] = arg.slice(2).split('=', 2);
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`--${key} needs a value`);
		if (key === 'port') {
			const port = Number(value);
			if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (got "${value}")`);
			args.port = port;
		} else if (key === 'host') {
			args.host = value;
		} else {
			args.options[key] = value;
		}
	}
	return { name, args };
}

async function main(): Promise<void> {
	const { name, args } = parseArgs(process.argv.slice(2));
	if (name === undefined || name === 'help' || args.options.help !== undefined) {
		console.log(usage());
		process.exitCode = name === undefined ? 2 : 0;
		return;
	}
	const entry = EMULATORS[name];
	if (!entry) throw new Error(`unknown emulator "${name}"\n\n${usage()}`);
	const running = await entry.start(args);
	console.log(running.info.join('\n'));
	console.log('Press Ctrl-C to stop.');
	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the ${name} emulator`);
		running.stop().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
