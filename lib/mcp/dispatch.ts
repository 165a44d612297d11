import type { z } from 'zod/v4';

import { InvalidInputError, OmniCrewError } from '../errors';
import { failureOf, type ToolOutcome } from './outcome';
import type { ToolCall, ToolDefinition } from './tool';

/** The server a tool set belongs to, named in messages about unknown tools. */
export interface ServerInfo {
	name: string;
	version: string;
	/** Shown to MCP clients on initialize: when to use this server. */
	instructions: string;
}

/** Checks a call whose arguments are valid before it runs; throws a refusal (the HTTP transport's tenants and wait budget). */
export type Admission<Ctx> = (tool: ToolDefinition<Ctx>, args: unknown) => void;

const indexes = new WeakMap<ReadonlyArray<ToolDefinition<never>>, ReadonlyMap<string, ToolDefinition<never>>>();

/** Tools by name, built once per tool list (servers and sessions over the same list share it). */
function toolNamed<Ctx>(tools: ReadonlyArray<ToolDefinition<Ctx>>, name: string): ToolDefinition<Ctx> | undefined {
	const key = tools as ReadonlyArray<ToolDefinition<never>>;
	let index = indexes.get(key);
	if (!index) {
		index = new Map(key.map((tool) => [tool.name, tool]));
		indexes.set(key, index);
	}
	return index.get(name) as ToolDefinition<Ctx> | undefined;
}

/** `tenant_id`, `items[2].price`: where an issue is, as a caller names the field. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
	return path.reduce<string>((text, segment, i) => (typeof segment === 'number' ? `${text}[${segment}]` : i === 0 ? String(segment) : `${text}.${String(segment)}`), '');
}

function describeIssues(error: z.ZodError): string {
	return error.issues.map((issue) => (issue.path.length ? `${fieldPath(issue.path)}: ${issue.message}` : issue.message)).join('; ');
}

/**
 * Runs one tool on arguments that passed its input schema; never throws. The result must pass
 * the output schema too: a tool that breaks its own contract fails as `internal`, not with data
 * its callers do not expect.
 */
export async function runTool<Ctx>(tool: ToolDefinition<Ctx>, args: unknown, ctx: Ctx, call: ToolCall = { meta: {} }): Promise<ToolOutcome> {
	let data: unknown;
	try {
		data = await tool.run(args as Parameters<typeof tool.run>[0], ctx, call);
	} catch (error) {
		return failureOf(error);
	}
	const checked = await tool.output.safeParseAsync(data);
	if (!checked.success) return failureOf(new OmniCrewError('internal', `${tool.name} returned a result that does not match its output schema: ${describeIssues(checked.error)}`));
	return { ok: true, data: data as Record<string, unknown> };
}

/**
 * One call by tool name, the same steps whether it came over MCP or from a node in the same
 * process: find the tool, check the arguments against its zod schema (a failure names the field),
 * admit it, run it. Never throws; every failure carries its kind.
 */
export async function callDefinedTool<Ctx>(
	info: ServerInfo,
	tools: ReadonlyArray<ToolDefinition<Ctx>>,
	name: string,
	args: unknown,
	ctx: Ctx,
	call: ToolCall,
	admit?: Admission<Ctx>,
): Promise<ToolOutcome> {
	const tool = toolNamed(tools, name);
	if (!tool) return failureOf(new InvalidInputError(`Tool "${name}" is not on ${info.name}; its tools are ${tools.map((t) => t.name).join(', ')}.`));
	const parsed = await tool.input.safeParseAsync(args ?? {});
	if (!parsed.success) return failureOf(new InvalidInputError(`Invalid arguments for tool ${name}: ${describeIssues(parsed.error)}`));
	if (admit) {
		try {
			admit(tool, parsed.data);
		} catch (error) {
			return failureOf(error);
		}
	}
	return await runTool(tool, parsed.data, ctx, call);
}
