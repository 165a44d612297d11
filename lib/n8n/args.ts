import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v4';

import { itemParameter } from './parameters';

/** How one node parameter becomes one tool argument. */
export interface ArgSpec {
	arg: string;
	param: string;
	kind: 'string' | 'number' | 'boolean' | 'list' | 'json' | 'numberList';
	optional?: boolean;
}

/**
 * A node field as an operation declares it: which tool argument it fills. Its kind and whether it
 * is optional come from the tool's own schema (`fromTools`); `kind` is given only where the node
 * reads the value differently from the schema's type.
 */
export interface ArgDecl {
	arg: string;
	param: string;
	kind?: ArgSpec['kind'];
}

export interface ToolOperationDecl {
	tool: string;
	name: string;
	action: string;
	description: string;
	args: ArgDecl[];
}

type JsonSchema = { type?: string | string[]; enum?: unknown[]; items?: JsonSchema; anyOf?: JsonSchema[]; properties?: Record<string, JsonSchema>; required?: string[] };

function jsonTypes(schema: JsonSchema | undefined): string[] {
	if (!schema) return [];
	if (schema.anyOf) return schema.anyOf.flatMap(jsonTypes);
	if (schema.enum) return ['string'];
	return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** The node's reading of an argument, from the JSON type the tool declares for it. */
function kindOf(schema: JsonSchema): ArgSpec['kind'] {
	const types = jsonTypes(schema).filter((type) => type !== 'null');
	if (types.includes('array')) {
		const items = jsonTypes(schema.items ?? schema.anyOf?.find((s) => s.items)?.items);
		if (items.length && items.every((t) => t === 'number' || t === 'integer')) return 'numberList';
		if (items.length && items.every((t) => t === 'string')) return 'list';
		return 'json';
	}
	if (types.includes('object')) return 'json';
	if (types.every((t) => t === 'number' || t === 'integer') && types.length) return 'number';
	if (types.length === 1 && types[0] === 'boolean') return 'boolean';
	return types.includes('string') ? 'string' : 'json';
}

/**
 * The operations with every argument's kind and optionality read from its tool's input schema, so
 * a field is declared once (in the tool) and the node follows. An argument the tool does not take,
 * or a tool that does not exist, fails at load with its name.
 */
export function fromTools<K extends string>(operations: Record<K, ToolOperationDecl>, tools: ReadonlyArray<{ name: string; input: z.ZodType }>): Record<K, ToolOperation> {
	const out = {} as Record<K, ToolOperation>;
	for (const [key, operation] of Object.entries(operations) as Array<[K, ToolOperationDecl]>) {
		const tool = tools.find((t) => t.name === operation.tool);
		if (!tool) throw new Error(`Operation ${key}: no tool ${operation.tool}.`);
		const schema = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
		const required = new Set(schema.required ?? []);
		out[key] = {
			...operation,
			args: operation.args.map((decl) => {
				const field = schema.properties?.[decl.arg];
				if (!field) throw new Error(`Operation ${key}: ${operation.tool} takes no argument "${decl.arg}".`);
				return { arg: decl.arg, param: decl.param, kind: decl.kind ?? kindOf(field), optional: !required.has(decl.arg) };
			}),
		};
	}
	return out;
}

/** One canvas operation backed by one MCP tool. */
export interface ToolOperation {
	tool: string;
	name: string;
	action: string;
	description: string;
	args: ArgSpec[];
}

function parseJson(ctx: IExecuteFunctions, i: number, param: string, raw: unknown): IDataObject[string] {
	if (typeof raw !== 'string') return raw as IDataObject;
	try {
		return JSON.parse(raw) as IDataObject;
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `${param} is not valid JSON: ${(error as Error).message}`, { itemIndex: i });
	}
}

export function convertArg(ctx: IExecuteFunctions, i: number, spec: ArgSpec): IDataObject[string] | undefined {
	const raw = itemParameter(ctx, spec.param, i, spec.optional ? '' : undefined);
	if (spec.optional && (raw === '' || raw === undefined || raw === null || (spec.kind === 'number' && raw === 0))) return undefined;
	switch (spec.kind) {
		case 'number': {
			const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
			if (!Number.isFinite(value)) throw new NodeOperationError(ctx.getNode(), `${spec.param} must be a number (got "${String(raw)}").`, { itemIndex: i });
			return value;
		}
		case 'boolean':
			return raw === true || raw === 'true';
		case 'list':
		case 'numberList': {
			const parts = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
			const cleaned = parts.map((part) => part.trim()).filter((part) => part.length > 0);
			if (spec.kind === 'list') return cleaned;
			const numbers = cleaned.map(Number);
			if (numbers.some((n) => !Number.isInteger(n))) throw new NodeOperationError(ctx.getNode(), `${spec.param} must be comma-separated ids (got "${String(raw)}").`, { itemIndex: i });
			return numbers;
		}
		case 'json':
			return parseJson(ctx, i, spec.param, raw);
		case 'string':
			return String(raw ?? '');
	}
}

/** The operation's tool arguments for one item (the caller adds tenant and bindings). */
export function planToolArgs(ctx: IExecuteFunctions, i: number, operation: ToolOperation): IDataObject {
	const args: IDataObject = {};
	for (const spec of operation.args) {
		const value = convertArg(ctx, i, spec);
		if (value !== undefined) args[spec.arg] = value;
	}
	return args;
}

export function operationOptions<K extends string>(operations: Record<K, ToolOperation>, defaultOperation: K): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: (Object.entries(operations) as Array<[K, ToolOperation]>).map(([value, spec]) => ({ name: spec.name, value, action: spec.action, description: spec.description })),
		default: defaultOperation,
	};
}

/** The operations whose tool takes this parameter, for displayOptions. */
export function operationsWith<K extends string>(operations: Record<K, ToolOperation>, param: string): K[] {
	return (Object.entries(operations) as Array<[K, ToolOperation]>).filter(([, spec]) => spec.args.some((a) => a.param === param)).map(([op]) => op);
}
