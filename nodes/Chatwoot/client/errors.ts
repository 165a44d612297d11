import { OmniCrewError, type ErrorKind } from '../../../lib/errors';

/** A non-2xx answer from Chatwoot, carrying its status, its own message and, when it sent one, its error code. */
export class ChatwootApiError extends OmniCrewError {
	constructor(
		readonly status: number,
		message: string,
		readonly path: string,
		code?: string,
	) {
		super(kindOf(status), message, { httpStatus: status, upstreamCode: code });
		this.name = 'ChatwootApiError';
	}
}

function kindOf(status: number): ErrorKind {
	if (status === 404) return 'not_found';
	if (status === 401 || status === 403) return 'refused';
	if (status === 400 || status === 422) return 'invalid_input';
	return 'upstream';
}

/** What a Chatwoot error body says, and the code it gives (`errors[].code` of its bad-request body), if any. */
export interface ChatwootErrorBody {
	message: string;
	code?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One entry of `errors`: a string, or a `{field, message, code}` request error. */
function entryText(entry: unknown): string {
	if (!isRecord(entry)) return String(entry);
	const message = typeof entry.message === 'string' ? entry.message : JSON.stringify(entry);
	return typeof entry.field === 'string' && entry.field !== '' ? `${entry.field}: ${message}` : message;
}

function codeOf(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 100);
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/**
 * Chatwoot answers errors as {error}, {message, attributes}, {description, errors: [{field, message,
 * code}]}, {errors: [text]} or plain text ("Retry later").
 */
export function chatwootErrorBody(body: string): ChatwootErrorBody {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return { message: body.trim().slice(0, 300) || 'no message' };
	}
	if (isRecord(parsed)) {
		const errors = Array.isArray(parsed.errors) ? parsed.errors : [];
		const code = codeOf(parsed.code) ?? errors.map((entry) => (isRecord(entry) ? codeOf(entry.code) : undefined)).find((found) => found !== undefined);
		const withCode = (message: string): ChatwootErrorBody => (code === undefined ? { message } : { message, code });
		if (typeof parsed.error === 'string') return withCode(parsed.error);
		if (typeof parsed.message === 'string') return withCode(parsed.message);
		if (errors.length) return withCode(errors.map(entryText).join('; '));
		if (typeof parsed.description === 'string') return withCode(parsed.description);
	}
	return { message: body.trim().slice(0, 300) || 'no message' };
}
