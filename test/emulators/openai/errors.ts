/** OpenAI's error answers: `{error: {message, type, param, code}}` with the HTTP status OpenAI uses. */

export interface ErrorBody {
	error: { message: string; type: string; param: string | null; code: string | null };
}

export class OpenAiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type: string,
		readonly param: string | null = null,
		readonly code: string | null = null,
	) {
		super(message);
	}

	get body(): ErrorBody {
		return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
	}
}

const invalid = (message: string, param: string | null = null, code: string | null = null) => new OpenAiError(400, message, 'invalid_request_error', param, code);

export const missingKey = () =>
	new OpenAiError(
		401,
		"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
		'invalid_request_error',
	);

/** OpenAI names the wrong key masked, keeping its first and last characters. */
export const wrongKey = (given: string) => {
	const masked = given.length > 8 ? `${given.slice(0, 3)}${'*'.repeat(given.length - 7)}${given.slice(-4)}` : '*'.repeat(given.length);
	return new OpenAiError(401, `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', null, 'invalid_api_key');
};

export const unparsableJson = () =>
	invalid(
		"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
	);
export const noModel = () => invalid('you must provide a model parameter');
export const missingParameter = (param: string) => invalid(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
export const invalidType = (param: string, expected: string, got: string) => invalid(`Invalid type for '${param}': expected ${expected}, but got ${got} instead.`, param, 'invalid_type');
export const invalidValue = (param: string, value: string, supported: readonly string[]) =>
	invalid(`Invalid value: '${value}'. Supported values are: ${listOf(supported)}.`, param, 'invalid_value');
export const emptyArray = (param: string) => invalid(`Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`, param, 'empty_array');
export const badRequest = (message: string, param: string | null = null) => invalid(message, param);

export const invalidUrl = (method: string, path: string) => new OpenAiError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
export const modelNotFound = (model: string) =>
	new OpenAiError(404, `The model '${model}' does not exist or you do not have access to it.`, 'invalid_request_error', null, 'model_not_found');

/** The answer failNext gives for a status, worded as OpenAI words it. */
export function injectedFailure(status: number, model: string): OpenAiError {
	if (status === 429) {
		return new OpenAiError(429, `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`, 'requests', 'requests', 'rate_limit_exceeded');
	}
	if (status === 503) return new OpenAiError(503, 'The engine is currently overloaded, please try again later.', 'server_error');
	if (status >= 500) return new OpenAiError(status, 'The server had an error while processing your request. Sorry about that!', 'server_error');
	if (status === 401) return new OpenAiError(401, 'Incorrect API key provided.', 'invalid_request_error', null, 'invalid_api_key');
	return new OpenAiError(status, `The request failed with status ${status}.`, 'invalid_request_error');
}

/** "'a', 'b', and 'c'", as OpenAI lists supported values. */
function listOf(values: readonly string[]): string {
	const quoted = values.map((value) => `'${value}'`);
	return quoted.length < 3 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}
