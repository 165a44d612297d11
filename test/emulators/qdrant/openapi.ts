/**
 * Validates recorded requests and responses against Qdrant's own OpenAPI 3.0.1 document
 * (test/contracts/qdrant/qdrant-openapi-1.19.json). OpenAPI 3.0's `nullable` is rewritten into
 * JSON Schema (`type: [t, "null"]`, or `{type: "null"}` for the bare `{nullable: true}` branches
 * Qdrant puts in `anyOf`) before the document is handed to Ajv (draft-07 dialect).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import type { RecordedRequest } from './types';

export const QDRANT_OPENAPI_PATH = join(__dirname, '..', '..', 'contracts', 'qdrant', 'qdrant-openapi-1.19.json');

interface MediaType {
	schema?: unknown;
}
interface Operation {
	requestBody?: { required?: boolean; content?: Record<string, MediaType> };
	responses?: Record<string, { content?: Record<string, MediaType> }>;
}
interface OpenApiDocument {
	paths: Record<string, Record<string, Operation>>;
}

export interface ValidationIssue {
	endpoint: string;
	status: number;
	where: 'request' | 'response';
	errors: string[];
}

export interface ValidationReport {
	issues: ValidationIssue[];
	undocumentedEndpoints: string[];
	/** "METHOD template STATUS" with neither the exact status, nor "4XX"/"5XX", nor "default" documented. */
	undocumentedStatuses: string[];
	validatedResponses: string[];
	validatedRequests: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const pointerSegment = (segment: string) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));

/** Rewrites OpenAPI 3.0 `nullable: true` into plain JSON Schema, in place. */
function denullify(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(denullify);
	if (typeof node !== 'object' || node === null) return node;
	const record = node as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(record)) out[key] = key === 'example' || key === 'default' ? value : denullify(value);
	if (out.nullable !== true) return out;
	delete out.nullable;
	if (typeof out.type === 'string') {
		out.type = [out.type, 'null'];
		if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
		return out;
	}
	const rest = Object.keys(out).filter((key) => key !== 'description' && key !== 'default');
	if (rest.length === 0) return { ...out, type: 'null' };
	return { anyOf: [out, { type: 'null' }] };
}

const UINT_MAX: Record<string, number> = { uint: Number.MAX_SAFE_INTEGER, uint64: Number.MAX_SAFE_INTEGER, uint32: 2 ** 32 - 1, uint8: 255 };

export class QdrantOpenApiValidator {
	private readonly doc: OpenApiDocument;
	private readonly ajv: Ajv;
	private readonly compiled = new Map<string, ValidateFunction>();
	private readonly templates: Array<{ template: string; pattern: RegExp }>;

	constructor(path = QDRANT_OPENAPI_PATH) {
		this.doc = denullify(JSON.parse(readFileSync(path, 'utf8'))) as OpenApiDocument;
		this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
		addFormats(this.ajv);
		for (const [name, max] of Object.entries(UINT_MAX)) {
			this.ajv.addFormat(name, { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= 0 && value <= max });
		}
		this.ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isInteger(value) });
		this.ajv.addFormat('float', { type: 'number', validate: () => true });
		this.ajv.addFormat('double', { type: 'number', validate: () => true });
		this.ajv.addFormat('partial-date-time', true);
		this.ajv.addFormat('binary', true);
		this.ajv.addSchema(this.doc, 'qdrant.json');
		this.templates = Object.keys(this.doc.paths)
			.map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
			.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
	}

	operation(method: string, path: string): { template: string; operation: Operation } | undefined {
		const lower = method.toLowerCase();
		if (!METHODS.includes(lower)) return undefined;
		for (const { template, pattern } of this.templates) {
			if (!pattern.test(path)) continue;
			const operation = this.doc.paths[template]?.[lower];
			if (operation) return { template, operation };
		}
		return undefined;
	}

	validate(requests: ReadonlyArray<Pick<RecordedRequest, 'method' | 'path' | 'body' | 'status' | 'response'>>): ValidationReport {
		const report: ValidationReport = { issues: [], undocumentedEndpoints: [], undocumentedStatuses: [], validatedResponses: [], validatedRequests: [] };
		const add = (list: string[], entry: string) => {
			if (!list.includes(entry)) list.push(entry);
		};
		for (const request of requests) {
			const found = this.operation(request.method, request.path);
			if (!found) {
				add(report.undocumentedEndpoints, `${request.method} ${request.path}`);
				continue;
			}
			const { template, operation } = found;
			const endpoint = `${request.method} ${template}`;
			const base = ['paths', template, request.method.toLowerCase()];

			const requestMedia = operation.requestBody?.content?.['application/json'];
			if (request.status < 400 && requestMedia?.schema !== undefined && (request.body !== undefined || operation.requestBody?.required)) {
				add(report.validatedRequests, endpoint);
				const errors = request.body === undefined ? ['request body is required'] : this.check([...base, 'requestBody', 'content', 'application/json', 'schema'], request.body);
				if (errors.length) report.issues.push({ endpoint, status: request.status, where: 'request', errors });
			}

			const status = String(request.status);
			const key = [status, `${status[0]}XX`, 'default'].find((candidate) => operation.responses?.[candidate] !== undefined);
			if (key === undefined) {
				add(report.undocumentedStatuses, `${endpoint} ${status}`);
				continue;
			}
			const schema = operation.responses?.[key]?.content?.['application/json']?.schema;
			if (schema === undefined) continue;
			add(report.validatedResponses, `${endpoint} ${status}`);
			const errors = this.check([...base, 'responses', key, 'content', 'application/json', 'schema'], request.response);
			if (errors.length) report.issues.push({ endpoint, status: request.status, where: 'response', errors });
		}
		return report;
	}

	/** Validates one value against a component schema (`#/components/schemas/<name>`). */
	checkSchema(name: string, value: unknown): string[] {
		return this.check(['components', 'schemas', name], value);
	}

	private check(pointer: string[], value: unknown): string[] {
		const ref = `qdrant.json#/${pointer.map(pointerSegment).join('/')}`;
		let validate = this.compiled.get(ref);
		if (!validate) {
			validate = this.ajv.compile({ $ref: ref });
			this.compiled.set(ref, validate);
		}
		if (validate(value)) return [];
		return (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
	}
}
