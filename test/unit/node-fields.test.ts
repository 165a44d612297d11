import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v4';

import type { ArgSpec, ToolOperation } from '../../lib/n8n/args';
import type { ToolDefinition } from '../../lib/mcp/tool';
import * as chatwootOps from '../../nodes/Chatwoot/actions/operations';
import { chatwootTools } from '../../nodes/Chatwoot/tools';
import * as knowledgeOps from '../../nodes/KnowledgeBase/actions/operations';
import { knowledgeTools } from '../../nodes/KnowledgeBase/tools';
import * as odooOps from '../../nodes/Odoo/actions/operations';
import { odooTools } from '../../nodes/Odoo/tools';
import * as configOps from '../../nodes/TenantConfig/actions/operations';
import { configTools } from '../../nodes/TenantConfig/tools';

type Schema = { type?: string | string[]; enum?: unknown[]; items?: Schema; anyOf?: Schema[]; properties?: Record<string, Schema>; required?: string[] };

interface NodeUnderTest {
	node: string;
	operations: Record<string, ToolOperation>;
	properties: INodeProperties[];
	tools: ReadonlyArray<ToolDefinition<never>>;
	/** Tool arguments the node fills itself (the tenant from its own field, bindings). */
	own: readonly string[];
}

const NODES: NodeUnderTest[] = [
	{ node: 'Chatwoot', operations: chatwootOps.OPERATIONS, properties: chatwootOps.fieldProperties, tools: chatwootTools as ReadonlyArray<ToolDefinition<never>>, own: ['tenant_id'] },
	{ node: 'Odoo', operations: odooOps.OPERATIONS, properties: odooOps.fieldProperties, tools: odooTools as ReadonlyArray<ToolDefinition<never>>, own: ['tenant_id'] },
	{ node: 'Knowledge Base', operations: knowledgeOps.OPERATIONS, properties: knowledgeOps.fieldProperties, tools: knowledgeTools as ReadonlyArray<ToolDefinition<never>>, own: ['tenant_id'] },
	{ node: 'Tenant Config', operations: configOps.OPERATIONS, properties: configOps.fieldProperties, tools: configTools as ReadonlyArray<ToolDefinition<never>>, own: ['tenant_id'] },
];

/** The JSON types a schema allows (nullable and unions flattened). */
function typesOf(schema: Schema | undefined): Set<string> {
	if (!schema) return new Set(['any']);
	if (schema.anyOf) return new Set(schema.anyOf.flatMap((s) => [...typesOf(s)]));
	if (schema.enum) return new Set(['string']);
	if (!schema.type) return new Set(['any']);
	return new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
}

/** Which node parameter kinds can carry a value of the schema. */
function accepts(kind: ArgSpec['kind'], schema: Schema): boolean {
	const types = typesOf(schema);
	if (types.has('any')) return true;
	switch (kind) {
		case 'string':
			return types.has('string');
		case 'number':
			return types.has('number') || types.has('integer');
		case 'boolean':
			return types.has('boolean');
		case 'json':
			return types.has('object') || types.has('array');
		case 'list':
			return types.has('array') && typesOf(schema.items ?? (schema.anyOf?.find((s) => s.items)?.items as Schema)).has('string');
		case 'numberList': {
			const items = typesOf(schema.items ?? (schema.anyOf?.find((s) => s.items)?.items as Schema));
			return types.has('array') && (items.has('number') || items.has('integer'));
		}
	}
}

/** The node property types each kind is read from (ids are text fields, so `{{ $json.conversation_id }}` works, and converted). */
const PROPERTY_TYPES: Record<ArgSpec['kind'], readonly string[]> = {
	string: ['string', 'options', 'dateTime'],
	number: ['number', 'string'],
	boolean: ['boolean'],
	json: ['json'],
	list: ['string', 'multiOptions'],
	numberList: ['string'],
};

const cases = NODES.flatMap((n) => Object.entries(n.operations).map(([operation, spec]) => [`${n.node} › ${operation} (${spec.tool})`, n, operation, spec] as const));

describe('every operation\'s node fields against its tool\'s schema', () => {
	it.each(cases)('%s', (_name, n, operation, spec) => {
		const tool = n.tools.find((t) => t.name === spec.tool);
		expect(tool).toBeDefined();
		const schema = z.toJSONSchema(tool!.input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Schema;
		const properties = schema.properties ?? {};
		const required = new Set(schema.required ?? []);
		const problems: string[] = [];
		for (const arg of spec.args) {
			const field = properties[arg.arg];
			if (!field) {
				problems.push(`${arg.arg}: not an argument of ${spec.tool}`);
				continue;
			}
			if (!accepts(arg.kind, field)) problems.push(`${arg.arg}: read as ${arg.kind}, the tool wants ${[...typesOf(field)].join('|')}`);
			if (required.has(arg.arg) && arg.optional) problems.push(`${arg.arg}: optional on the node, required by the tool`);
			if (!required.has(arg.arg) && !arg.optional) problems.push(`${arg.arg}: required on the node, optional for the tool`);
			const property = n.properties.find((p) => p.name === arg.param && (!p.displayOptions?.show?.operation || (p.displayOptions.show.operation as string[]).includes(operation)));
			if (!property) problems.push(`${arg.arg}: no node field "${arg.param}" shown for ${operation}`);
			else if (!PROPERTY_TYPES[arg.kind].includes(property.type)) problems.push(`${arg.arg}: node field "${arg.param}" is ${property.type}, read as ${arg.kind}`);
		}
		const given = new Set([...spec.args.map((a) => a.arg), ...n.own]);
		for (const name of required) if (!given.has(name)) problems.push(`${name}: required by ${spec.tool}, no node field gives it`);
		expect(problems).toEqual([]);
	});
});
