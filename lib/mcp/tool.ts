import type { z } from 'zod/v4';

/** MCP tool annotations, always all four: clients use them to decide what needs a confirmation. */
export interface ToolAnnotations {
	readOnlyHint: boolean;
	destructiveHint: boolean;
	idempotentHint: boolean;
	openWorldHint: boolean;
}

/**
 * What the caller's own code (never the model) attached to one call: MCP request `_meta`. Our
 * nodes put trusted bindings there, such as the conversation's partner (`omnicrew/binding`).
 */
export interface ToolCall {
	meta: Record<string, unknown>;
}

/**
 * One tool of one server, declared as data. `name` is `<server>_<verb>`; every input field is
 * `.describe()`d for the model; `run` returns the structured result or throws an OmniCrewError
 * whose message says what was wrong and what is allowed.
 */
export interface ToolDefinition<Ctx, I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
	readonly name: string;
	readonly title: string;
	readonly description: string;
	readonly input: I;
	readonly output: O;
	readonly annotations: ToolAnnotations;
	run(args: z.output<I>, ctx: Ctx, call: ToolCall): Promise<z.input<O>>;
}

/** Fixes the context type once per server, then infers the schemas of each tool. */
export function toolFactory<Ctx>() {
	return <I extends z.ZodObject, O extends z.ZodObject>(definition: ToolDefinition<Ctx, I, O>): ToolDefinition<Ctx, I, O> =>
		definition;
}

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const WRITE_IDEMPOTENT: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const WRITE: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
export const DESTRUCTIVE: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };
