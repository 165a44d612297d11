import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { itemParameter } from './parameters';

/** How one node parameter becomes one tool argument. */
export interface ArgSpec {
	arg: string;
	param: string;
	kind: 'string' | 'number' | 'boolean' | 'list' | 'json' | 'numberList';
	optional?: boolean;
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
