import { channelCrew, CHANNELS } from './channel-crew';
import type { Template } from './nodes';
import { knowledgeSync, odooErpAgent } from './odoo';

/** Every generated template by file name (workflows-templates/<name>.json). */
export function generatedTemplates(): Record<string, Template> {
	return {
		...Object.fromEntries(CHANNELS.map((spec) => [spec.slug, channelCrew(spec)])),
		'odoo-erp-agent': odooErpAgent(),
		'knowledge-sync': knowledgeSync(),
	};
}

/** The exact text of a template file: two-space JSON and a final newline, like the hand-written ones. */
export const templateText = (template: Template): string => `${JSON.stringify(template, null, 2)}\n`;
