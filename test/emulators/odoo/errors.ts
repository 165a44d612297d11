/** Odoo's exceptions as they travel over JSON-RPC: `error.data.name` is the Python class path. */
export type OdooErrorName =
	| 'odoo.exceptions.AccessDenied'
	| 'odoo.exceptions.AccessError'
	| 'odoo.exceptions.MissingError'
	| 'odoo.exceptions.UserError'
	| 'odoo.exceptions.ValidationError'
	| 'builtins.ValueError'
	| 'builtins.AttributeError'
	| 'builtins.TypeError'
	| 'builtins.IndexError'
	| 'builtins.AssertionError'
	| 'builtins.KeyError'
	| 'builtins.Exception'
	| 'builtins.NameError'
	| 'psycopg2.OperationalError'
	| 'psycopg2.errors.InvalidTextRepresentation'
	| 'odoo.http.SessionExpiredException'
	| 'werkzeug.exceptions.NotFound';

export class OdooError extends Error {
	constructor(
		readonly errorName: OdooErrorName,
		message: string,
		readonly code = 200,
	) {
		super(message);
	}

	/** The `error` member of the JSON-RPC answer. */
	toRpc(): { code: number; message: string; data: { name: string; debug: string; message: string; arguments: string[]; context: Record<string, never> } } {
		const top = this.code === 100 ? 'Odoo Session Expired' : this.code === 404 ? '404: Not Found' : 'Odoo Server Error';
		return {
			code: this.code,
			message: top,
			data: {
				name: this.errorName,
				debug: `Traceback (most recent call last):\n  File "odoo-emulator", line 1, in <module>\n${this.errorName}: ${this.message}\n`,
				message: this.message,
				arguments: [this.message],
				context: {},
			},
		};
	}

	static is(value: unknown): value is OdooError {
		return value instanceof OdooError;
	}

	override toString(): string {
		return `${this.errorName.split('.').pop()}: ${this.message}`;
	}
}

export const accessDenied = () => new OdooError('odoo.exceptions.AccessDenied', 'Access Denied');
export const accessError = (message: string) => new OdooError('odoo.exceptions.AccessError', message);
export const missingError = (model: string, ids: number[], uid: number) =>
	new OdooError('odoo.exceptions.MissingError', `Record does not exist or has been deleted.\n(Record: ${model}(${ids.join(', ')},), User: ${uid})`);
export const userError = (message: string) => new OdooError('odoo.exceptions.UserError', message);
export const validationError = (message: string) => new OdooError('odoo.exceptions.ValidationError', message);
export const valueError = (message: string) => new OdooError('builtins.ValueError', message);
export const typeError = (message: string) => new OdooError('builtins.TypeError', message);
export const indexError = (message: string) => new OdooError('builtins.IndexError', message);
export const attributeError = (message: string) => new OdooError('builtins.AttributeError', message);
export const sessionExpired = () => new OdooError('odoo.http.SessionExpiredException', 'Session expired', 100);

/** Python's repr of a JSON value, for error texts that quote a domain leaf. */
export function pyRepr(value: unknown): string {
	if (value === null || value === undefined) return 'None';
	if (value === true) return 'True';
	if (value === false) return 'False';
	if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
	if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
	if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
	return String(value);
}
