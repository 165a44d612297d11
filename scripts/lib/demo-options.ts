/**
 * The command line of `npm run demo`. The Odoo secret is read from the environment only: a flag
 * would land in the shell history and in every `ps` listing.
 */
import type { OdooLogin } from './crew-stack';

export const ODOO_KEY_VARIABLE = 'OMNICREW_DEMO_ODOO_KEY';
export const ODOO_PASSWORD_VARIABLE = 'OMNICREW_DEMO_ODOO_PASSWORD';

export interface DemoOptions {
	help: boolean;
	/** Start, verify a grounded answer end to end, stop. */
	check: boolean;
	build: boolean;
	/** The user's own Odoo instead of the emulator, with the variable its secret came from. */
	odoo?: OdooLogin & { secretVariable: string };
	/** Said before starting, e.g. a secret variable set without --odoo-url. */
	notices: string[];
}

export const DEMO_USAGE = [
	'npm run demo [-- options]',
	'',
	'  --check               start, verify a grounded answer end to end, stop',
	'  --no-build            use dist/ as it is',
	'  --odoo-url <url>      run the crews against your own Odoo instead of the stand-in (e.g. https://erp.example.com)',
	'  --odoo-db <database>  its database',
	'  --odoo-user <login>   the login the crews use',
	'  --help                this text',
	'',
	'The Odoo secret comes from the environment, never from a flag:',
	`  ${ODOO_KEY_VARIABLE}       an API key (Odoo: Preferences → Account Security → New API Key), or`,
	`  ${ODOO_PASSWORD_VARIABLE}  the login's password`,
	'  OMNICREW_DEMO_PORT           the editor port (default 5678, or the next free one)',
	'  OMNICREW_DEMO_DIR            the n8n user folder (default .omnicrew/demo, wiped at each start)',
].join('\n');

const VALUE_FLAGS = { '--odoo-url': 'url', '--odoo-db': 'db', '--odoo-user': 'user' } as const;
type OdooFlag = keyof typeof VALUE_FLAGS;
const SWITCHES = ['--check', '--no-build', '--help', '-h'];
const EXAMPLES: Record<OdooFlag, string> = { '--odoo-url': 'https://erp.example.com', '--odoo-db': 'mycompany', '--odoo-user': 'bot@example.com' };

const isOdooFlag = (name: string): name is OdooFlag => Object.hasOwn(VALUE_FLAGS, name);

/** Parses argv (without node and the script); messages name flags and variables, never values, which may be secrets. */
export function parseDemoOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DemoOptions {
	const options: DemoOptions = { help: false, check: false, build: true, notices: [] };
	const given: Partial<Record<'url' | 'db' | 'user', string>> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		if (name === '--help' || name === '-h') options.help = true;
		else if (name === '--check') options.check = true;
		else if (name === '--no-build') options.build = false;
		else if (isOdooFlag(name)) {
			const value = inline ?? (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[++i] : undefined);
			if (!value?.trim()) throw new Error(`${name} needs a value, e.g. ${name} ${EXAMPLES[name]}.`);
			given[VALUE_FLAGS[name]] = value.trim();
		} else if (/key|pass|secret|token/i.test(name) && name.startsWith('-')) {
			throw new Error(`There is no ${name} option: give the Odoo secret in ${ODOO_KEY_VARIABLE} (an API key) or ${ODOO_PASSWORD_VARIABLE}, so it stays out of the shell history and the process list.`);
		} else if (name.startsWith('-')) {
			throw new Error(`Unknown option ${name}. Options: ${[...SWITCHES.slice(0, 3), ...Object.keys(VALUE_FLAGS)].join(', ')} (npm run demo -- --help).`);
		} else {
			throw new Error('The demo takes options only, no other arguments (npm run demo -- --help).');
		}
	}
	if (options.help) return options;

	const key = env[ODOO_KEY_VARIABLE] || undefined;
	const password = env[ODOO_PASSWORD_VARIABLE] || undefined;
	const wantsOwnOdoo = given.url !== undefined || given.db !== undefined || given.user !== undefined;
	if (!wantsOwnOdoo) {
		if (key || password) options.notices.push(`${key ? ODOO_KEY_VARIABLE : ODOO_PASSWORD_VARIABLE} is set but --odoo-url is not given: using the Odoo stand-in.`);
		return options;
	}
	const missing = [
		...(given.url ? [] : ['--odoo-url <url>']),
		...(given.db ? [] : ['--odoo-db <database>']),
		...(given.user ? [] : ['--odoo-user <login>']),
		...(key || password ? [] : [`the secret in ${ODOO_KEY_VARIABLE} (an API key) or ${ODOO_PASSWORD_VARIABLE}`]),
	];
	if (missing.length > 0) throw new Error(`Running the demo against your own Odoo needs --odoo-url, --odoo-db, --odoo-user and a secret in the environment; missing: ${missing.join(', ')}.`);
	if (key && password) throw new Error(`Set only one of ${ODOO_KEY_VARIABLE} and ${ODOO_PASSWORD_VARIABLE}.`);

	let url: URL;
	try {
		url = new URL(String(given.url));
	} catch {
		throw new Error('--odoo-url is not a URL: use the address you open Odoo at, e.g. https://erp.example.com.');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('--odoo-url must start with http:// or https://.');
	if (url.username || url.password) throw new Error(`--odoo-url must not hold a login or password: use --odoo-user and ${ODOO_KEY_VARIABLE}.`);
	options.odoo = {
		// Odoo's base address: a pasted ?db= or #action says nothing the flags do not
		url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
		db: String(given.db),
		login: String(given.user),
		secret: key ? { apiKey: key } : { password: String(password) },
		secretVariable: key ? ODOO_KEY_VARIABLE : ODOO_PASSWORD_VARIABLE,
	};
	return options;
}
