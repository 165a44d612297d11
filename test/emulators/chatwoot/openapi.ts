/**
 * Validates recorded requests and responses against Chatwoot's own OpenAPI 3.1 document
 * (test/contracts/chatwoot/application_swagger.json), resolving its $refs with Ajv's 2020 dialect.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import type { RecordedRequest } from './types';

export const SWAGGER_PATH = join(__dirname, '..', '..', 'contracts', 'chatwoot', 'application_swagger.json');

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
	/** "METHOD /swagger/template". */
	endpoint: string;
	status: number;
	where: 'request' | 'response';
	/** "instancePath message", as Ajv reports it. */
	errors: string[];
}

export interface ValidationReport {
	issues: ValidationIssue[];
	/** Recorded calls whose path and method the swagger does not document at all. */
	undocumentedEndpoints: string[];
	/** "METHOD template STATUS" for statuses the swagger does not list for that operation. */
	undocumentedStatuses: string[];
	/** "METHOD template STATUS" whose response body was checked against a schema. */
	validatedResponses: string[];
	/** "METHOD template" whose request body was checked against a schema. */
	validatedRequests: string[];
	/** "METHOD template STATUS" the swagger documents with no response body (checked to be empty). */
	bodilessResponses: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** JSON pointer segment inside a URI fragment: ~ and / escaped, then percent-encoded ({ and } are not allowed raw). */
const pointerSegment = (segment: string) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));

export class SwaggerValidator {
	private readonly doc: OpenApiDocument;
	private readonly ajv: Ajv2020;
	private readonly compiled = new Map<string, ValidateFunction>();
	private readonly templates: Array<{ template: string; pattern: RegExp }>;

	constructor(path = SWAGGER_PATH) {
		this.doc = JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
		// strict: false because OpenAPI adds keywords (example, readOnly, discriminator...) that are not JSON Schema.
		this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
		addFormats(this.ajv);
		this.ajv.addFormat('binary', true);
		this.ajv.addSchema(this.doc, 'swagger.json');
		this.templates = Object.keys(this.doc.paths)
			.map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
			// Literal segments beat parameters: /contacts/search before /contacts/{id}.
			.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
	}

	operation(method: string, path: string): { template: string; operation: Operation } | undefined {
		const lower = method.toLowerCase();
		for (const { template, pattern } of this.templates) {
			if (!pattern.test(path)) continue;
			const operation = this.doc.paths[template]?.[lower];
			if (operation && METHODS.includes(lower)) return { template, operation };
		}
		return undefined;
	}

	validate(requests: RecordedRequest[]): ValidationReport {
		const report: ValidationReport = { issues: [], undocumentedEndpoints: [], undocumentedStatuses: [], validatedResponses: [], validatedRequests: [], bodilessResponses: [] };
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

			// Requests the server rejected are usually wrong on purpose; only accepted ones must match the schema.
			const requestMedia = operation.requestBody?.content?.['application/json'];
			if (request.status < 400 && requestMedia?.schema !== undefined && (request.body !== undefined || operation.requestBody?.required)) {
				add(report.validatedRequests, endpoint);
				const errors =
					request.body === undefined ? ['request body is required'] : this.check([...base, 'requestBody', 'content', 'application/json', 'schema'], request.body);
				if (errors.length) report.issues.push({ endpoint, status: request.status, where: 'request', errors });
			}

			const response = operation.responses?.[String(request.status)];
			if (!response) {
				add(report.undocumentedStatuses, `${endpoint} ${request.status}`);
				continue;
			}
			const responseMedia = response.content?.['application/json'];
			if (responseMedia?.schema === undefined) {
				add(report.bodilessResponses, `${endpoint} ${request.status}`);
				if (!response.content && request.response !== undefined && request.response !== '') {
					report.issues.push({ endpoint, status: request.status, where: 'response', errors: ['the swagger documents no body, but one was sent'] });
				}
				continue;
			}
			add(report.validatedResponses, `${endpoint} ${request.status}`);
			const errors = this.check([...base, 'responses', String(request.status), 'content', 'application/json', 'schema'], request.response);
			if (errors.length) report.issues.push({ endpoint, status: request.status, where: 'response', errors });
		}
		return report;
	}

	private check(pointer: string[], value: unknown): string[] {
		const ref = `swagger.json#/${pointer.map(pointerSegment).join('/')}`;
		let validate = this.compiled.get(ref);
		if (!validate) {
			validate = this.ajv.compile({ $ref: ref });
			this.compiled.set(ref, validate);
		}
		if (validate(value)) return [];
		return (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
	}
}
