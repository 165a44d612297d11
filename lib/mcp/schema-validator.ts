import { AjvJsonSchemaValidator, type JsonSchemaType, type JsonSchemaValidator, type jsonSchemaValidator } from './sdk';

/** Compiled validators kept at most; beyond it the cache starts over (our schemas are few and fixed). */
const MAX_COMPILED = 256;

/**
 * One JSON Schema validator for every MCP client and server of the process. The SDK gives each
 * Client and Server its own Ajv instance, built eagerly with its formats: ~2 ms each, and
 * `omnicrew-mcp --http` builds a server for every request, a node in Remote mode a client for
 * every execution, although they only validate in rare paths (a listed tool's output schema, an
 * elicitation). Embedded sessions use no MCP at all. This one builds Ajv on first use and keeps
 * compiled validators by the schema's text: the SDK hands over new schema objects each time,
 * which a shared Ajv would otherwise compile and keep once per object.
 */
class SharedSchemaValidator implements jsonSchemaValidator {
	private ajv: AjvJsonSchemaValidator | undefined;
	private readonly compiled = new Map<string, JsonSchemaValidator<unknown>>();

	getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
		const key = JSON.stringify(schema);
		let validator = this.compiled.get(key);
		if (!validator) {
			if (this.compiled.size >= MAX_COMPILED) {
				// Ajv keeps what it compiled too: start over with a new one.
				this.compiled.clear();
				this.ajv = undefined;
			}
			this.ajv ??= new AjvJsonSchemaValidator();
			validator = this.ajv.getValidator<unknown>(JSON.parse(key) as JsonSchemaType);
			this.compiled.set(key, validator);
		}
		return validator as JsonSchemaValidator<T>;
	}
}

export const sharedSchemaValidator: jsonSchemaValidator = new SharedSchemaValidator();
