import type { EnvVariable } from '../lib/mcp/registry';
import { DEFAULT_HTTP_LIMITS, type BearerToken, type HttpLimits } from '../lib/mcp/serve';
import { parseTenantGrant } from '../lib/tenant';

/** The variables of `--http` shared by every server, as `--help` lists them. */
export const HTTP_VARIABLES: readonly EnvVariable[] = [
	{ name: 'OMNICREW_MCP_TOKEN', required: false, description: 'bearer token required by --http; its holder may act on every tenant' },
	{
		name: 'OMNICREW_MCP_TOKENS',
		required: false,
		description: 'instead: JSON {"<token>": ["<tenant>", ...]} of bearer tokens, each limited to its tenants ("*" for all)',
	},
	{ name: 'OMNICREW_MCP_MAX_CONNECTIONS', required: false, description: `connections open at once; more are closed (default ${DEFAULT_HTTP_LIMITS.maxConnections})` },
	{ name: 'OMNICREW_MCP_REQUEST_TIMEOUT_MS', required: false, description: `time to receive a whole request (default ${DEFAULT_HTTP_LIMITS.requestTimeoutMs})` },
	{ name: 'OMNICREW_MCP_HEADERS_TIMEOUT_MS', required: false, description: `time to receive a request's headers (default ${DEFAULT_HTTP_LIMITS.headersTimeoutMs})` },
	{ name: 'OMNICREW_MCP_WAIT_BUDGET_MS', required: false, description: `wait_ms all calls of one request may ask for together (default ${DEFAULT_HTTP_LIMITS.waitBudgetMs})` },
];

export interface HttpSettings {
	token?: string;
	tokens?: BearerToken[];
	limits: Partial<HttpLimits>;
}

type Env = Readonly<Record<string, string | undefined>>;

const ordinal = (n: number): string => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/**
 * Reads OMNICREW_MCP_TOKENS. Errors name a token by its position, never by its text, and a JSON
 * syntax error is not passed on either: V8's message quotes the input, tokens included.
 */
export function parseTokens(raw: string): BearerToken[] {
	const shape = 'OMNICREW_MCP_TOKENS must be a JSON object of token to tenants, e.g. {"<token>": ["12", "acme"], "<admin token>": "*"}';
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw new Error(`${shape}; it is not valid JSON.`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${shape}.`);
	const entries = Object.entries(parsed);
	if (entries.length === 0) throw new Error(`${shape}; it lists no token.`);
	return entries.map(([token, tenants], i) => {
		const which = `${ordinal(i + 1)} token in OMNICREW_MCP_TOKENS`;
		if (!/^[\x21-\x7e]+$/.test(token)) throw new Error(`The ${which} is empty or has spaces or non-ASCII characters, which a bearer header cannot carry.`);
		return { token, tenants: parseTenantGrant(tenants, `The tenants of the ${which}`) };
	});
}

function positiveInteger(env: Env, name: string): number | undefined {
	const raw = env[name]?.trim();
	if (!raw) return undefined;
	const value = Number(raw);
	if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1 (got "${raw}").`);
	return value;
}

/** The token mode and limits of `--http`, from the environment. */
export function httpSettingsFromEnv(env: Env): HttpSettings {
	const token = env.OMNICREW_MCP_TOKEN || undefined;
	const rawTokens = env.OMNICREW_MCP_TOKENS?.trim() || undefined;
	if (token && rawTokens) {
		throw new Error(
			'Set OMNICREW_MCP_TOKEN (one token, every tenant) or OMNICREW_MCP_TOKENS (tokens limited to tenants), not both. To keep a token for every tenant next to limited ones, list it in OMNICREW_MCP_TOKENS with "*".',
		);
	}
	const limits: Partial<HttpLimits> = {};
	const set = (key: keyof HttpLimits, name: string) => {
		const value = positiveInteger(env, name);
		if (value !== undefined) limits[key] = value;
	};
	set('maxConnections', 'OMNICREW_MCP_MAX_CONNECTIONS');
	set('requestTimeoutMs', 'OMNICREW_MCP_REQUEST_TIMEOUT_MS');
	set('headersTimeoutMs', 'OMNICREW_MCP_HEADERS_TIMEOUT_MS');
	set('waitBudgetMs', 'OMNICREW_MCP_WAIT_BUDGET_MS');
	return { token, tokens: rawTokens ? parseTokens(rawTokens) : undefined, limits };
}
