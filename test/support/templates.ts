import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nInstance, WorkflowJson } from '../../scripts/lib/n8n-instance';

export function loadTemplate(name: string): WorkflowJson {
	return JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows-templates', `${name}.json`), 'utf8')) as WorkflowJson;
}

/** Why a workflow's executions failed: the node and n8n's message of the first few, for a failing case's report. */
export async function failedRuns(n8n: N8nInstance, workflowId: string, limit = 5): Promise<string> {
	const failed = (await n8n.api.executions(workflowId)).filter((e) => e.status === 'error' || e.status === 'crashed');
	const lines: string[] = [];
	for (const summary of failed.slice(0, limit)) {
		const run = await n8n.api.execution(summary.id);
		const error = run.data?.resultData?.error as { message?: string; node?: { name?: string } } | undefined;
		lines.push(`execution ${summary.id} (${summary.status}) at ${error?.node?.name ?? '?'}: ${error?.message ?? 'no message'}`);
	}
	return lines.join('\n');
}
