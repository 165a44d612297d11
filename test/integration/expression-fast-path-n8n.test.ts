/**
 * The expression fast path (`resolveSimpleParameter`, lib/n8n/parameters.ts) against the engine
 * n8n 2.41 evaluates node parameters with in production.
 *
 * Which engine that is: n8n 2.41's `start`, `worker` and `webhook` commands call
 * `Expression.initExpressionEngine()` (n8n-workflow) at startup with @n8n/config's
 * ExpressionEngineConfig, whose default engine is `vm` (`N8N_EXPRESSION_ENGINE`; `legacy` is
 * deprecated and logs a warning). `vm` is @n8n/expression-runtime's ExpressionEvaluator over an
 * isolated-vm isolate: tournament compiles the expression with n8n's sanitizer hooks, and the item
 * reaches the isolate through lazy proxies. The n8n-workflow evaluator a plain `new Workflow()`
 * gives in this test runner is the `legacy` one (`new Function` in the host), which differs from
 * it, for instance on `$json.toString` and on keys named like Object.prototype's members.
 *
 * How it runs: isolated-vm is a native module built for Node 24 (n8n 2.41's Node), which the test
 * runner's Node cannot load, so test/support/n8n-expression-engine.ts runs under the cached Node 24
 * with the modules of the cached n8n 2.41.1 install (scripts/lib/runtime.ts), starts the engine
 * with n8n's default settings, once with `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE` off (n8n's default)
 * and once on (what docs/deployment.md recommends), and evaluates every case through
 * `workflow.expression.getParameterValue`, what a node's `getNodeParameter` calls.
 *
 * What it checks: on a seeded corpus of a few thousand parameter values and items (nested
 * objects, nulls, arrays, numbers including -0 and NaN, strings, unicode and numeric keys, missing
 * keys, optional chaining, names n8n's sanitizer refuses or its engine reads from the prototype,
 * bracket access, whitespace and literal variants, text around the expression, and random
 * one-character mutations), whenever the fast path gives a value, n8n gives the same value:
 * same type (undefined is not null), same string, same number (-0 is not 0).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';

import type { IDataObject } from 'n8n-workflow';

import { resolveSimpleParameter } from '../../lib/n8n/parameters';
import { N8N_VERSION, n8nDir, node24Bin } from '../../scripts/lib/runtime';
import type { EngineCase, EngineRequest, EngineResponse, Outcome } from '../support/n8n-expression-engine';

const SEED = 0x2041_5eed;
const EXPRESSIONS = 1200;

/** mulberry32: small, fast, and the same sequence on every run. */
function generator(seed: number) {
	let state = seed >>> 0;
	const next = (): number => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		chance: (p: number): boolean => next() < p,
		int: (n: number): number => Math.floor(next() * n),
		pick<T>(items: readonly T[]): T {
			return items[Math.floor(next() * items.length)];
		},
	};
}
type Rng = ReturnType<typeof generator>;

/** n8n-workflow 2.41's unsafeObjectProperties (utils.ts), which its expression sanitizer refuses. */
const SANITIZER_REFUSED = [
	'__proto__', 'prototype', 'constructor', 'getPrototypeOf', 'setPrototypeOf', 'getOwnPropertyDescriptor',
	'getOwnPropertyDescriptors', 'defineProperty', 'defineProperties', 'mainModule', 'binding', '_linkedBinding', '_load',
	'prepareStackTrace', '__lookupGetter__', '__lookupSetter__', '__defineGetter__', '__defineSetter__', 'caller', 'callee',
	'arguments', 'getBuiltinModule', 'dlopen', 'execve', 'loadEnvFile',
];
/** toString, valueOf, hasOwnProperty…: the isolated engine reads these from the prototype. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const PLAIN_KEYS = [
	'a', 'b', 'c', 'name', 'tenant_id', 'conversation_id', 'contact', 'text', 'x1', '_u', '$d', 'a$b', '$json', 'json', 'item',
	'length', 'keys', 'values', 'isEmpty', 'first', 'sum', 'toJSON', 'then', '__sanitize', '___n8n_data', 'class', 'if',
	'null', 'true', 'default', 'new', 'undefined', 'NaN',
];
const ODD_KEYS = ['é', 'ção', '名前', '😀', '0', '1', '10', '-1', '1.5', 'a b', 'a-b', '', ' ', '$'];

const STRINGS = [
	'', 'x', 'Ana', 'Vocês têm a cadeira?', '名前', '😀', 'a"b', "it's", 'back\\slash', 'line\nbreak', '{{ $json.a }}',
	'.constructor', ' ', '0', 'null', 'true', '\u2028', '\ud800',
];
const NUMBERS = [0, -0, 1, -1, 42, 1.5, -1.5, 0.1, 1e21, 1e-7, 2 ** 53 + 2, Number.MAX_VALUE, 0, 7, 42, Number.NaN, Infinity, -Infinity];

/** Shaped like the messages the crew templates read (`contact?.name`, `route?.agent`, `sequence ?? 0`…). */
function message(rng: Rng): IDataObject {
	const maybe = (make: () => unknown): unknown => (rng.chance(0.15) ? rng.pick([null, undefined]) : make());
	const text = () => rng.pick(STRINGS);
	const json: Record<string, unknown> = {
		tenant_id: maybe(() => rng.pick(['7', 'acme', 7, ''])),
		conversation_id: maybe(() => rng.pick([42, 0, -0, '42', 1e21])),
		text: maybe(text),
		channel: maybe(() => rng.pick(['whatsapp', 'web', ''])),
		sequence: maybe(() => rng.int(5)),
		contact: maybe(() => ({ name: maybe(text), phone: maybe(text), email: maybe(text) })),
		route: maybe(() => (rng.chance(0.1) ? 'sales' : { agent: maybe(text), intent: maybe(text) })),
		turn: maybe(() => ({ token: maybe(text) })),
		handoff: maybe(() => rng.pick([true, false, 0, 1, '', 'yes', [], {}])),
		reply: maybe(text),
	};
	for (const name of Object.keys(json)) if (rng.chance(0.1)) delete json[name];
	return json as IDataObject;
}

function key(rng: Rng): string {
	const roll = rng.int(40);
	if (roll < 34) return rng.pick(PLAIN_KEYS);
	if (roll < 36) return rng.pick(SANITIZER_REFUSED);
	if (roll < 38) return rng.pick(PROTOTYPE_NAMES);
	return rng.pick(ODD_KEYS);
}

function value(rng: Rng, depth: number): unknown {
	const roll = rng.int(100);
	if (roll < 15) return null;
	if (roll < 40) return rng.pick(STRINGS);
	if (roll < 58) return rng.pick(NUMBERS);
	if (roll < 68) return rng.chance(0.5);
	if (roll < 72) return undefined;
	if (roll < 74) return new Date(Date.UTC(2026, 0, 1));
	if (roll < 80) return Array.from({ length: rng.int(3) }, () => value(rng, Math.max(0, depth - 1)));
	return depth > 0 ? object(rng, depth - 1) : rng.pick(STRINGS);
}

function object(rng: Rng, depth: number): IDataObject {
	const result: IDataObject = {};
	for (let n = rng.int(7); n > 0; n--) {
		// defineProperty, so that `__proto__` becomes a key as it does in parsed JSON
		Object.defineProperty(result, key(rng), { value: value(rng, depth), enumerable: true, writable: true, configurable: true });
	}
	return result;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `.a`, `?.a`, or a bracket variant, which the fast path must leave to n8n or read exactly. */
function step(rng: Rng, name: string): string {
	const optional = rng.chance(0.3) ? '?.' : '';
	if (IDENTIFIER.test(name) && rng.chance(0.95)) return `${optional || '.'}${name}`;
	const quoted = rng.pick([JSON.stringify(name), `'${name.replace(/'/g, "\\'")}'`, `\`${name}\``]);
	return `${optional}[${/^\d+$/.test(name) && rng.chance(0.5) ? name : quoted}]`;
}

/** A path into the item, mostly along keys it has, sometimes off them, and the names it goes through. */
function path(rng: Rng, json: IDataObject): { text: string; names: string[] } {
	let text = '$json';
	const names: string[] = [];
	let here: unknown = json;
	for (let n = 1 + rng.int(4); n > 0; n--) {
		const keys = here !== null && typeof here === 'object' ? Object.keys(here) : [];
		const name = keys.length > 0 && rng.chance(0.8) ? rng.pick(keys) : key(rng);
		text += step(rng, name);
		names.push(name);
		here = here !== null && typeof here === 'object' ? (here as Record<string, unknown>)[name] : undefined;
		// mostly down to a leaf, sometimes stopping at an object or going past a leaf
		if (rng.chance(here !== null && typeof here === 'object' ? 0.15 : 0.8)) break;
	}
	return { text, names };
}

/** The item with one value along the path replaced (null, missing, a string, an array…). */
function variant(rng: Rng, json: IDataObject, names: string[]): IDataObject {
	const copy = structuredClone(json);
	let here: unknown = copy;
	const depth = rng.int(names.length);
	for (let n = 0; n < depth && here !== null && typeof here === 'object'; n++) here = (here as Record<string, unknown>)[names[n]];
	if (here !== null && typeof here === 'object' && !Array.isArray(here)) {
		const replacement = rng.chance(0.2) ? {} : value(rng, 1);
		Object.defineProperty(here, names[depth], { value: replacement, enumerable: true, writable: true, configurable: true });
	}
	return copy;
}

/** Mostly what people write, sometimes what trips a parser. */
const SPACES = ['', ' ', '  ', '\t', '\n', ' \n '];
const ODD_SPACES = ['\r\n', '\u00a0', '\u3000', '\ufeff', '\u2028', '\v'];
const LITERALS = ['""', "''", '"x"', "'none'", '"a b"', '"名前"', '"😀"', '"it\'s"', `'say "hi"'`, '0', '-0', '1', '-1.5', '1.50', '12345678901234567890', 'null', 'true', 'false'];
const ODD_LITERALS = ['"back\\\\slash"', '"line\nbreak"', '"\u2028"', '".constructor"', '010', '08', '00', '.5', '5.', '1e3', '0x10', 'undefined', 'NaN', '`t`', '- 1', '"{{"'];
const TEXTS = ['conversation:', 't-', ' ', 'é ', '"quoted"', "'", '$json.a', '\n', '`', '${x}', '?? 1', ''];
const ODD_TEXTS = ['a\\b', 'a\\\\b', 'x\\', '.constructor', '. constructor', '}', '{', 'a}}b', '{{'];
const MUTATIONS = ['.', '?', ' ', '$', '[', ']', '"', "'", '{', '}', '(', ')', ':', '\\', '-', '0', 'a', '\u00a0', '\n', '`', '!'];

function expression(rng: Rng, json: IDataObject): { raw: string; form: string; names: string[] } {
	const s = () => (rng.chance(0.04) ? rng.pick(ODD_SPACES) : rng.pick(SPACES));
	const literal = () => (rng.chance(0.15) ? rng.pick(ODD_LITERALS) : rng.pick(LITERALS));
	const text = () => (rng.chance(0.25) ? rng.pick(ODD_TEXTS) : rng.pick(TEXTS));
	const { text: field, names } = path(rng, json);
	const roll = rng.int(10);
	let body: string;
	let form: string;
	if (roll < 3) [body, form] = [field, 'field'];
	else if (roll < 6) [body, form] = [`${field}${s()}??${s()}${literal()}`, 'fallback'];
	else [body, form] = [`${field}${s()}?${s()}${literal()}${s()}:${s()}${literal()}`, 'choice'];
	let raw = `={{${s()}${body}${s()}}}`;
	if (rng.chance(0.25)) {
		raw = `=${text()}${raw.slice(1)}${text()}`;
		form = 'template';
	}
	if (rng.chance(0.15)) {
		const at = 1 + rng.int(raw.length - 1);
		const kind = rng.int(3);
		const char = rng.pick(MUTATIONS);
		raw = kind === 0 ? raw.slice(0, at) + char + raw.slice(at) : kind === 1 ? raw.slice(0, at) + raw.slice(at + 1) : raw.slice(0, at) + char + raw.slice(at + 1);
		form = 'mutated';
	}
	return { raw, form, names };
}

/** Cases named by the review of the fast path, and the forms the templates use. */
const FIXED_EXPRESSIONS = [
	'={{ $json.a?.b }}', '={{ $json.a?.b ?? "" }}', '={{ $json.a?.b.c ?? "" }}', '={{ $json.a?.b?.c ?? 0 }}', '={{ $json.a.b?.c ?? 0 }}',
	'={{ $json.a?.b ? "y" : "n" }}', '={{ $json.constructor }}', '={{ $json.constructor ?? "" }}', '={{ $json.a.toString }}',
	'={{ $json.a.toString ?? "" }}', '={{ $json.toString ? 1 : 0 }}', '={{ $json.valueOf ?? 0 }}', '={{ $json.hasOwnProperty ? 1 : 0 }}',
	'={{ $json.__proto__ ?? "" }}', '={{ $json.a?.__proto__ ?? "" }}', '={{ $json.prototype ?? "" }}', '={{ $json["a"] }}',
	"={{ $json['a'] ?? '' }}", '={{ $json.a[0] }}', '={{ $json.a.0 }}', '={{ $json.$ }}', '={{ $json.a.$ ?? 1 }}', '={{ $json.a ?? 010 }}',
	'={{ $json.a ?? -0 }}', '={{ $json.a ?? ".constructor" }}', '=.constructor {{ $json.a }}', '=a\\\\b{{ $json.a }}', '=a\\{{ $json.a }}',
	'={{ $json.tenant_id }}', '=conversation:{{ $json.conversation_id }}', '={{ $json.contact?.name ?? "" }}', '={{ $json.sequence ?? 0 }}',
	"={{ $json.turn?.token ?? 'none' }}", "={{ $json.handoff ? 'handoff' : 'answered' }}", '=x{{ $json.n }}', '={{ $json.n }}',
];
const FIXED_ITEMS: IDataObject[] = [
	{ a: null },
	{ a: { b: null, toString: 'own', 0: 'zero', $: 'dollar' } },
	{ a: { b: { c: 'deep' } }, constructor: 'c', valueOf: 'v', hasOwnProperty: 'h', prototype: 'p' },
	{ a: ['x', 'y'], n: Number.NaN },
	{ a: 'text', n: -0, tenant_id: '7', conversation_id: 42, contact: { name: 'Ana' }, sequence: null, turn: {}, handoff: true },
	JSON.parse('{"__proto__": {"b": 1}, "a": {"__proto__": "x"}}') as IDataObject,
];

type Case = EngineCase & { form: string };

/** Each generated expression runs on its item and on two variants of it (n8n compiles an expression once). */
function corpus(): Case[] {
	const rng = generator(SEED);
	const cases: Case[] = [];
	for (const raw of FIXED_EXPRESSIONS) for (const json of FIXED_ITEMS) cases.push({ raw, json, form: 'fixed' });
	for (let n = 0; n < EXPRESSIONS; n++) {
		const json = rng.chance(0.3) ? message(rng) : object(rng, 3);
		const { raw, form, names } = expression(rng, json);
		for (const item of [json, variant(rng, json, names), variant(rng, json, names)]) cases.push({ raw, json: item, form });
	}
	return cases;
}

async function evaluateInN8n(request: EngineRequest): Promise<EngineResponse> {
	const child = spawn(node24Bin(), ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', join(__dirname, '..', 'support', 'n8n-expression-engine.ts')], {
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	child.stdin.end(serialize(request));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	if (code !== 0) throw new Error(`n8n's expression engine exited with ${code}:\n${stderr.slice(-3000)}`);
	return JSON.parse(stdout) as EngineResponse;
}

function describeFastValue(value: string | number | boolean | null): Outcome {
	if (value === null) return { kind: 'null' };
	if (typeof value === 'string') return { kind: 'string', text: value };
	if (typeof value === 'number') return { kind: 'number', text: Object.is(value, -0) ? '-0' : String(value) };
	return { kind: 'boolean', text: value ? 'true' : 'false' };
}

/** An item as readable text: undefined, -0, NaN and Dates spelled out. */
function show(json: unknown): string {
	return JSON.stringify(json, (_key, item: unknown) => {
		if (item === undefined) return '<undefined>';
		if (typeof item === 'number' && (Object.is(item, -0) || !Number.isFinite(item))) return `<${Object.is(item, -0) ? '-0' : String(item)}>`;
		return item;
	});
}

describe(`expression fast path against n8n ${N8N_VERSION}'s production expression engine`, () => {
	const cases = corpus();
	const taken = cases.filter(({ raw, json }) => resolveSimpleParameter(raw, json).ok);
	let response: EngineResponse;

	beforeAll(async () => {
		const modules = join(n8nDir(), 'node_modules');
		if (!existsSync(node24Bin()) || !existsSync(join(modules, 'isolated-vm'))) {
			throw new Error(`Node 24 and n8n ${N8N_VERSION} are not installed in ${n8nDir()}: run \`npm test\` once, which installs them.`);
		}
		const plain = (list: Case[]): EngineCase[] => list.map(({ raw, json }) => ({ raw, json }));
		// the whole corpus with n8n's defaults; with lazy acquisition, only what the fast path answers
		response = await evaluateInN8n({
			n8nModules: modules,
			runs: [
				{ lazyAcquire: false, cases: plain(cases) },
				{ lazyAcquire: true, cases: plain(taken) },
			],
		});
	}, 120_000);

	it('evaluated with the isolated `vm` engine', () => {
		expect(response.engines).toEqual(['vm', 'vm']);
		expect(response.outcomes.map((outcomes) => outcomes.length)).toEqual([cases.length, taken.length]);
	});

	it('has a corpus that reaches every kind of result and every form, taken and left to n8n', () => {
		expect(cases.length).toBeGreaterThan(3000);
		const kinds = new Set(response.outcomes[0].map((outcome) => outcome.kind));
		expect([...kinds].sort()).toEqual(['boolean', 'error', 'null', 'number', 'other', 'string', 'undefined']);
		for (const form of ['fixed', 'field', 'fallback', 'choice', 'template', 'mutated']) {
			const all = cases.filter((item) => item.form === form).length;
			const answered = taken.filter((item) => item.form === form).length;
			expect({ form, answered: answered >= 10, declined: all - answered >= 10 }).toEqual({ form, answered: true, declined: true });
		}
		expect(taken.filter(({ raw }) => raw.includes('?.')).length).toBeGreaterThan(100);
	});

	it.each([
		['off (n8n’s default)', 0],
		['on (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true)', 1],
	])('gives n8n’s value whenever it gives one, lazy acquisition %s', (_label, run) => {
		const index = new Map(response.outcomes[run].map((outcome, position) => [run === 0 ? cases[position] : taken[position], outcome]));
		const mismatches: string[] = [];
		for (const item of taken) {
			const fast = resolveSimpleParameter(item.raw, item.json);
			const ours = fast.ok ? describeFastValue(fast.value) : { kind: 'declined' };
			const n8n = index.get(item);
			if (JSON.stringify(ours) !== JSON.stringify(n8n)) mismatches.push(`${JSON.stringify(item.raw)} on ${show(item.json)}: fast path ${show(ours)}, n8n ${show(n8n)}`);
		}
		expect(mismatches.slice(0, 20)).toEqual([]);
		expect(index.size).toBe(run === 0 ? cases.length : taken.length);
	});
});
