/**
 * Small builders for n8n workflow JSON: the templates in workflows-templates/ are generated from
 * scripts/templates/*.ts so the five channel crews cannot drift apart. `npm run templates`
 * writes them; a unit test fails when a file differs from what the builders produce.
 */
import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface TemplateNode {
	parameters: { [key: string]: Json };
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	webhookId?: string;
	credentials?: { [type: string]: { id: string; name: string } };
	onError?: 'continueRegularOutput' | 'stopWorkflow';
	[key: string]: unknown;
}

export interface Template {
	name: string;
	nodes: TemplateNode[];
	connections: { [from: string]: { [type: string]: Array<Array<{ node: string; type: string; index: number }>> } };
	settings: { executionOrder: 'v1' };
}

/** Credentials are referenced by name; the ids are placeholders n8n replaces on import. */
export const CREDENTIALS = {
	chatwoot: { type: 'chatwootOmniCrewApi', id: 'chatwootCred0001', name: 'Chatwoot API' },
	redis: { type: 'redisOmniCrewApi', id: 'omnicrewRedis001', name: 'Redis (OmniCrew)' },
	odoo: { type: 'odooOmniCrewApi', id: 'odooCredential01', name: 'Odoo API' },
	qdrant: { type: 'qdrantOmniCrewApi', id: 'qdrantCredential', name: 'Qdrant API' },
	mongo: { type: 'mongoDbOmniCrewApi', id: 'mongoCredential1', name: 'MongoDB (OmniCrew)' },
} as const;

export type CredentialName = keyof typeof CREDENTIALS;

/** Stable UUID-shaped ids from the template and node names: regenerating gives the same file. */
export function stableId(...parts: string[]): string {
	const hex = createHash('sha256').update(parts.join('/')).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class TemplateBuilder {
	private readonly nodes: TemplateNode[] = [];
	private readonly connections: Template['connections'] = {};

	constructor(
		private readonly slug: string,
		private readonly title: string,
	) {}

	node(
		name: string,
		type: string,
		typeVersion: number,
		position: [number, number],
		parameters: TemplateNode['parameters'],
		extra: Omit<Partial<TemplateNode>, 'credentials'> & { credentials?: CredentialName[] } = {},
	): this {
		const { credentials, ...rest } = extra;
		const node: TemplateNode = { parameters, id: stableId(this.slug, name), name, type, typeVersion, position, ...rest } as TemplateNode;
		if (credentials?.length) {
			node.credentials = Object.fromEntries(credentials.map((key) => [CREDENTIALS[key].type, { id: CREDENTIALS[key].id, name: CREDENTIALS[key].name }]));
		}
		this.nodes.push(node);
		return this;
	}

	/** A sticky note: `lines` in English and Portuguese, shown on the canvas next to the steps it explains. */
	note(name: string, position: [number, number], size: [number, number], markdown: string, color?: number): this {
		return this.node(name, 'n8n-nodes-base.stickyNote', 1, position, { content: markdown, height: size[1], width: size[0], ...(color ? { color } : {}) });
	}

	connect(from: string, to: string, output = 0, type: 'main' | 'ai_languageModel' | 'ai_tool' = 'main'): this {
		const outputs = (this.connections[from] ??= {});
		const list = (outputs[type] ??= []);
		while (list.length <= output) list.push([]);
		list[output].push({ node: to, type, index: 0 });
		return this;
	}

	build(): Template {
		const names = new Set(this.nodes.map((node) => node.name));
		for (const [from, byType] of Object.entries(this.connections)) {
			if (!names.has(from)) throw new Error(`${this.slug}: connection from unknown node ${from}`);
			for (const list of Object.values(byType)) for (const target of list.flat()) if (!names.has(target.node)) throw new Error(`${this.slug}: connection to unknown node ${target.node}`);
		}
		return { name: this.title, nodes: this.nodes, connections: this.connections, settings: { executionOrder: 'v1' } };
	}
}

/** An IF (v2.2) on one boolean expression: output 0 when true, 1 when false. */
export function ifParameters(expression: string): TemplateNode['parameters'] {
	return {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [{ id: stableId('if', expression), leftValue: `={{ ${expression} }}`, rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	};
}

export const OMNICREW = 'n8n-nodes-omnicrew';
