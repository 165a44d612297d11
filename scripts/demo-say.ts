/**
 * `npm run demo:say -- [--channel whatsapp] [--conversation N] [--name "Ana"] [--phone "+55…"] "message"`:
 * a customer writes to the running demo. The message goes through the Chatwoot emulator, which
 * delivers it to the channel's crew exactly as Chatwoot would (signed agent-bot webhook); the
 * reply, the route taken and the usage are printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { demoStatePath, type DemoState } from './lib/demo-state';
import { repoRoot } from './lib/n8n-instance';
import { sayAsCustomer } from './lib/say';

const CHANNELS = ['whatsapp', 'facebook', 'instagram', 'email', 'webchat'];
const USAGE = 'usage: npm run demo:say -- [--channel whatsapp|facebook|instagram|email|webchat] [--conversation N] [--name NAME] [--phone PHONE] "message"';

function parse(argv: string[]): { channel: string; conversationId?: number; name?: string; phone?: string; text: string } {
	const options: Record<string, string> = {};
	const words: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg.startsWith('--')) {
			const [key, inline] = arg.slice(2).split('=', 2);
			const value = inline ?? argv[++i];
			if (value === undefined) throw new Error(`--${key} needs a value.\n${USAGE}`);
			options[key] = value;
		} else {
			words.push(arg);
		}
	}
	const unknown = Object.keys(options).filter((key) => !['channel', 'conversation', 'name', 'phone'].includes(key));
	if (unknown.length) throw new Error(`Unknown option --${unknown[0]}.\n${USAGE}`);
	const channel = options.channel ?? 'whatsapp';
	if (!CHANNELS.includes(channel)) throw new Error(`--channel must be one of ${CHANNELS.join(', ')} (got "${channel}").`);
	const text = words.join(' ').trim();
	if (!text) throw new Error(`Say something.\n${USAGE}`);
	const conversationId = options.conversation === undefined ? undefined : Number(options.conversation);
	if (conversationId !== undefined && (!Number.isInteger(conversationId) || conversationId < 1)) throw new Error(`--conversation must be a conversation number (got "${options.conversation}").`);
	return { channel, conversationId, name: options.name, phone: options.phone, text };
}

async function main(): Promise<void> {
	const args = parse(process.argv.slice(2));
	const statePath = demoStatePath(process.env.OMNICREW_DEMO_DIR || join(repoRoot(), '.omnicrew', 'demo'));
	if (!existsSync(statePath)) throw new Error('The demo is not running: start it with "npm run demo" in another terminal first.');
	const state = JSON.parse(readFileSync(statePath, 'utf8')) as DemoState;
	const answer = await sayAsCustomer(state, {
		channel: args.channel,
		text: args.text,
		conversationId: args.conversationId,
		contact: args.name || args.phone ? { name: args.name ?? 'Cliente', phone: args.phone } : undefined,
	});
	const route = answer.route;
	const usage = answer.usage;
	if (answer.withPerson && !answer.reply) {
		process.stdout.write(
			[
				'',
				`  ${args.channel} · conversation ${answer.conversationId} · ${answer.seconds.toFixed(1)} s`,
				`  you:   ${args.text}`,
				`  This conversation is with a person now (handed off): the bot stays silent.`,
				`  (Chatwoot status "${answer.status ?? 'open'}"; to talk to the bot as another customer: npm run demo:say -- --channel ${args.channel} --name "Another Customer" "...")`,
				'',
			].join('\n') + '\n',
		);
		return;
	}
	const lines = [
		'',
		`  ${args.channel} · conversation ${answer.conversationId} · answered in ${answer.seconds.toFixed(1)} s`,
		`  you:   ${args.text}`,
		`  crew:  ${answer.reply.split('\n').join('\n         ')}`,
		route
			? `  route: ${route.agent} (intent ${route.intent}, confidence ${route.confidence}, by ${route.method}${route.reasons?.length ? `; ${route.reasons.join(', ')}` : ''})`
			: '  route: (not found in the execution)',
		usage ? `  usage: ${usage.llm_calls ?? 0} LLM calls, ${usage.tokens_in ?? 0} tokens in, ${usage.tokens_out ?? 0} out, ${usage.cache_hits ?? 0} cache hits` : '  usage: -',
		answer.handoff || answer.withPerson ? '  hand-off: the conversation is now with a person; the bot stays silent' : '',
		`  continue: npm run demo:say -- --channel ${args.channel} --conversation ${answer.conversationId} "..."`,
		'',
	].filter((line) => line !== '');
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`[omnicrew] ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
