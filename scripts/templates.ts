/**
 * `npm run templates`: writes the generated workflow templates into workflows-templates/. The
 * channel crews, the Odoo ERP agent and the knowledge sync are built in scripts/templates/;
 * edit them there, not in the JSON.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from './lib/n8n-instance';
import { generatedTemplates, templateText } from './templates/index';

const dir = join(repoRoot(), 'workflows-templates');
for (const [name, template] of Object.entries(generatedTemplates())) {
	writeFileSync(join(dir, `${name}.json`), templateText(template));
	process.stdout.write(`wrote workflows-templates/${name}.json (${template.nodes.length} nodes)\n`);
}
