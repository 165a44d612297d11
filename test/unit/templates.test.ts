import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { generatedTemplates, templateText } from '../../scripts/templates/index';
import { CREDENTIALS } from '../../scripts/templates/nodes';

const DIR = join(__dirname, '..', '..', 'workflows-templates');
const files = readdirSync(DIR).filter((file) => file.endsWith('.json'));
type Node = { name: string; type: string; webhookId?: string; credentials?: Record<string, { id: string; name: string }>; parameters: Record<string, unknown> };
const load = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { name: string; nodes: Node[]; connections: Record<string, Record<string, Array<Array<{ node: string }>>>> };

describe('workflow templates', () => {
	it.each(Object.entries(generatedTemplates()))('%s.json is what scripts/templates builds (run npm run templates after editing them)', (name, template) => {
		expect(readFileSync(join(DIR, `${name}.json`), 'utf8')).toBe(templateText(template));
	});

	it('gives every trigger its own webhook id, so all templates can be active at once', () => {
		const ids = files.flatMap((file) => load(file).nodes.map((node) => node.webhookId).filter(Boolean));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBeGreaterThanOrEqual(files.length - 1);
	});

	it.each(files)('%s references credentials by name, only ours, and connects only nodes it has', (file) => {
		const workflow = load(file);
		const names = new Set(workflow.nodes.map((node) => node.name));
		const known = new Map<string, string>(Object.values(CREDENTIALS).map((c) => [c.type, c.name]));
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) expect(ref.name).toBe(known.get(type));
		}
		for (const [from, byType] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of Object.values(byType).flat(2)) expect(names.has(target.node)).toBe(true);
		}
	});

	it.each(files)('%s explains itself on the canvas in English and Portuguese', (file) => {
		const notes = load(file).nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote').map((node) => String(node.parameters.content));
		expect(notes.length).toBeGreaterThan(0);
		expect(notes.join('\n')).toMatch(/\*\*EN\*\*/);
		expect(notes.join('\n')).toMatch(/\*\*PT\*\*/);
	});
});
