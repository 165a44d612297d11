import { OmniCrewError, type ErrorKind } from '../../../lib/errors';

/** A non-2xx answer from Chatwoot, carrying its status and its own message. */
export class ChatwootApiError extends OmniCrewError {
	constructor(
		readonly status: number,
		message: string,
		readonly path: string,
	) {
		super(kindOf(status), message);
		this.name = 'ChatwootApiError';
	}
}

function kindOf(status: number): ErrorKind {
	if (status === 404) return 'not_found';
	if (status === 401 || status === 403) return 'refused';
	if (status === 400 || status === 422) return 'invalid_input';
	return 'upstream';
}

/** Chatwoot answers errors as {error}, {message, attributes} or plain text ("Retry later"). */
export function chatwootMessage(body: string): string {
	try {
		const parsed = JSON.parse(body) as { error?: unknown; message?: unknown; errors?: unknown };
		if (typeof parsed.error === 'string') return parsed.error;
		if (typeof parsed.message === 'string') return parsed.message;
		if (Array.isArray(parsed.errors)) return parsed.errors.map(String).join('; ');
	} catch {
		// not JSON
	}
	return body.trim().slice(0, 300) || 'no message';
}
