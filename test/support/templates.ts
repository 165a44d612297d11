import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowJson } from '../../scripts/lib/n8n-instance';

export function loadTemplate(name: string): WorkflowJson {
	return JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows-templates', `${name}.json`), 'utf8')) as WorkflowJson;
}
