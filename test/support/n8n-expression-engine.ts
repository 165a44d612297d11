/**
 * Evaluates node parameters the way n8n 2.41 does in production, for
 * test/integration/expression-fast-path-n8n.test.ts. It runs under Node 24 (its TypeScript is
 * stripped by Node itself) with n8n's own modules from the n8n install the tests use, because the
 * production engine is the `vm` engine of @n8n/expression-runtime: isolated-vm, a native module
 * built for Node 24 that the test runner's Node cannot load.
 *
 * stdin: a v8-serialized `EngineRequest`; stdout: one JSON `EngineResponse`.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { deserialize } from 'node:v8';

import type { IDataObject, INodeTypes, Workflow as WorkflowType } from 'n8n-workflow';

export interface EngineCase {
	raw: string;
	json: IDataObject;
}

export interface EngineRequest {
	/** node_modules of the n8n install whose modules evaluate. */
	n8nModules: string;
	/** Each run starts the engine anew with its N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE value. */
	runs: Array<{ lazyAcquire: boolean; cases: EngineCase[] }>;
}

/** A value written so that JSON keeps undefined apart from null and -0 apart from 0. */
export type Outcome =
	| { kind: 'undefined' | 'null' }
	| { kind: 'string'; text: string }
	| { kind: 'number'; text: string }
	| { kind: 'boolean'; text: 'true' | 'false' }
	| { kind: 'other'; text: string }
	| { kind: 'error'; text: string };

export interface EngineResponse {
	/** `Expression.getActiveImplementation()` per run: `vm` when the isolated engine evaluated. */
	engines: string[];
	outcomes: Outcome[][];
}

interface ExpressionStatic {
	initExpressionEngine(options: Record<string, unknown>): Promise<void>;
	disposeExpressionEngine(): Promise<void>;
	getActiveImplementation(): string;
}

function describeValue(value: unknown): Outcome {
	if (value === undefined) return { kind: 'undefined' };
	if (value === null) return { kind: 'null' };
	if (typeof value === 'string') return { kind: 'string', text: value };
	if (typeof value === 'number') return { kind: 'number', text: Object.is(value, -0) ? '-0' : String(value) };
	if (typeof value === 'boolean') return { kind: 'boolean', text: value ? 'true' : 'false' };
	return { kind: 'other', text: `${typeof value} ${Object.prototype.toString.call(value)}` };
}

async function readStdin(): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

async function main(): Promise<void> {
	const request = deserialize(await readStdin()) as EngineRequest;
	const load = createRequire(join(request.n8nModules, 'n8n', 'package.json'));
	const { Workflow, Expression } = load('n8n-workflow') as { Workflow: typeof WorkflowType; Expression: ExpressionStatic };
	const { cleanupParameterData } = load('n8n-core/dist/execution-engine/node-execution-context/utils/cleanup-parameter-data.js') as {
		cleanupParameterData: (value: unknown) => void;
	};
	const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const response: EngineResponse = { engines: [], outcomes: [] };
	for (const { lazyAcquire, cases } of request.runs) {
		// n8n's start, worker and webhook commands call this at startup with the ExpressionEngineConfig
		// defaults of @n8n/config 2.41 (engine `vm`, one pooled isolate, 1024 cached expressions, 5 s, 128 MB)
		await Expression.initExpressionEngine({
			engine: 'vm',
			poolSize: 1,
			maxCodeCacheSize: 1024,
			bridgeTimeout: 5000,
			bridgeMemoryLimit: 128,
			lazyAcquire,
			compileCache: false,
		});
		response.engines.push(Expression.getActiveImplementation());
		const workflow = new Workflow({
			nodes: [{ id: '1', name: 'Node', type: 'test.node', typeVersion: 1, position: [0, 0], parameters: {} }],
			connections: {},
			active: false,
			nodeTypes,
		});
		// as WorkflowExecute does for every execution
		await workflow.expression.acquireIsolate();
		const outcomes: Outcome[] = [];
		for (const { raw, json } of cases) {
			try {
				// what a node's getNodeParameter(name, itemIndex) runs (n8n-core's node-execution-context)
				const value = workflow.expression.getParameterValue(raw, null, 0, 0, 'Node', [{ json }], 'manual', {}, undefined, false, {});
				cleanupParameterData(value);
				outcomes.push(describeValue(value));
			} catch (error) {
				outcomes.push({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
			}
		}
		response.outcomes.push(outcomes);
		await workflow.expression.releaseIsolate();
		await Expression.disposeExpressionEngine();
	}
	process.stdout.write(JSON.stringify(response));
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
