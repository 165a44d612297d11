import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { build } from 'esbuild';
import { parsePhoneNumberFromString as parseMax } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString as parseMin, type CountryCode } from 'libphonenumber-js/min';

import { readWhen, readWhenChrono, readWhenOwn, type When } from '../nodes/Crew/agent/embedded/when';
import { detectLanguage, languageEvidence } from '../nodes/Crew/classifier/language';
import { detectLanguage as detectDocumentLanguage } from '../nodes/KnowledgeBase/embeddings/tokenizer';
import { normalizePhone, phoneVariants } from '../nodes/Odoo/phone';

/**
 * `npm run bench -- libraries [--show]`: well-kept libraries against the project's own code, on labelled sets.
 *   phones:    test/data/phones.jsonl (E.164 or "invalid" by each country's numbering plan) — the hand-written
 *              normalizePhone that libphonenumber-js replaced, the library alone (min and max metadata), and
 *              nodes/Odoo/phone.ts as it is;
 *   dates:     test/data/dates.jsonl (days and hour, fixed reference clock) — our rules, chrono-node alone, and
 *              readWhen (both, nodes/Crew/agent/embedded/when.ts);
 *   languages: nodes/Crew/classifier/data/intents.jsonl and test/data/languages.jsonl (very short chat messages) —
 *              our cue words and stop words, and franc-min, eld and tinyld when installed (they are not
 *              dependencies: `npm install --no-save franc-min@6.2.0 eld@2.1.0 tinyld@1.3.4` to compare them).
 * Rows marked "set": "fresh" were written after the adopted code was settled; they are reported apart.
 * --show prints every row an implementation gets wrong.
 */

type Lang = 'pt' | 'es' | 'en';

function repoFile(path: string): string {
	for (const root of [join(__dirname, '..', '..', '..'), process.cwd()]) {
		try {
			return readFileSync(join(root, path), 'utf8');
		} catch {
			// try the next place
		}
	}
	throw new Error(`${path} not found: run the bench from the repository root`);
}

const jsonl = <T>(path: string): T[] =>
	repoFile(path)
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => JSON.parse(line) as T);

const pct = (right: number, of: number): string => (of ? `${((100 * right) / of).toFixed(1)}% (${right}/${of})` : '-');
const out = (line = ''): void => {
	process.stdout.write(`${line}\n`);
};

function table(header: string[], rows: string[][]): void {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	out(line(header));
	out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	for (const row of rows) out(line(row));
}

/** Microseconds a call, over `repeat` passes of `inputs` after one warm-up pass. */
function microsPerCall<T>(inputs: readonly T[], call: (input: T) => unknown, repeat = 20): number {
	for (const input of inputs) call(input);
	const started = process.hrtime.bigint();
	for (let i = 0; i < repeat; i++) for (const input of inputs) call(input);
	return Number(process.hrtime.bigint() - started) / 1000 / (repeat * inputs.length);
}

/** Bytes esbuild adds for `source` bundled alone (node, CommonJS), as the build writes it and minified. */
async function bundleBytes(source: string): Promise<string> {
	const size = async (minify: boolean) => {
		const result = await build({ stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20', minify, logLevel: 'silent' });
		return result.outputFiles[0].contents.length;
	};
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
	return `${kb(await size(false))} (${kb(await size(true))} minified)`;
}

// ---------------------------------------------------------------- phones

interface PhoneRow {
	text: string;
	country: 'BR' | 'MX' | 'AR' | 'ES' | 'US';
	expected: string;
	pinned?: boolean;
	set?: string;
}

const CALLING_CODE: Record<PhoneRow['country'], string> = { BR: '55', MX: '52', AR: '54', ES: '34', US: '1' };

/** The hand-written normalizePhone libphonenumber-js replaced in nodes/Odoo/phone.ts, kept to measure against. */
function normalizePhoneHandWritten(input: string, defaultCountry = '55'): string | null {
	const trimmed = input.trim();
	if (!/^\+?[\d\s()./-]+$/.test(trimmed)) return null;
	const plus = trimmed.startsWith('+') || trimmed.startsWith('00');
	let digits = trimmed.replace(/\D/g, '');
	if (trimmed.startsWith('00')) digits = digits.slice(2);
	if (digits.length < 8) return null;
	if (plus) return digits.length >= 10 && digits.length <= 15 ? `+${digits}` : null;
	if (defaultCountry === '55') {
		if (digits.startsWith('0') && (digits.length === 11 || digits.length === 12)) digits = digits.slice(1);
		if (digits.startsWith('55') && (digits.length === 12 || digits.length === 13)) return `+${digits}`;
		if (digits.length === 10 || digits.length === 11) return `+55${digits}`;
		return null;
	}
	return `+${defaultCountry}${digits}`;
}

/** The library on its own: parsed in the row's country, valid, without an extension. */
const libraryAlone =
	(parse: typeof parseMin) =>
	(text: string, country: string): string | null => {
		const parsed = parse(text, country as CountryCode);
		return parsed && parsed.isValid() && !parsed.ext ? parsed.number : null;
	};

async function phonesBench(show: boolean): Promise<void> {
	const rows = jsonl<PhoneRow>('test/data/phones.jsonl');
	const impls: Array<[string, (text: string, country: PhoneRow['country']) => string | null]> = [
		['hand-written (before)', (text, country) => normalizePhoneHandWritten(text, CALLING_CODE[country])],
		['libphonenumber-js min, alone', libraryAlone(parseMin)],
		['libphonenumber-js max, alone', libraryAlone(parseMax)],
		['phone.ts (min + our BR/MX rules)', (text, country) => normalizePhone(text, CALLING_CODE[country])],
	];
	const exact = (row: PhoneRow, got: string | null) => got === (row.expected === 'invalid' ? null : row.expected);
	// what the binding needs: the same line, the Brazilian ninth digit either way
	const samePhone = (row: PhoneRow, got: string | null) => (row.expected === 'invalid' ? got === null : got !== null && phoneVariants(row.expected).includes(got));
	const main = rows.filter((r) => r.set !== 'fresh');
	const fresh = rows.filter((r) => r.set === 'fresh');
	out(`\n## phones: ${main.length} rows + ${fresh.length} fresh (${rows.filter((r) => r.expected === 'invalid').length} invalid), test/data/phones.jsonl`);
	const countries = ['BR', 'MX', 'AR', 'ES', 'US'] as const;
	table(
		['implementation', 'exact E.164', 'same phone', ...countries, 'invalid refused', 'unit-test rows', 'fresh (same phone)', 'µs/call'],
		impls.map(([name, f]) => {
			const right = (list: PhoneRow[], ok = samePhone) => list.filter((r) => ok(r, f(r.text, r.country))).length;
			const of = (list: PhoneRow[], ok = samePhone) => pct(right(list, ok), list.length);
			return [
				name,
				of(main, exact),
				of(main),
				...countries.map((c) => of(main.filter((r) => r.country === c))),
				of(main.filter((r) => r.expected === 'invalid')),
				of(main.filter((r) => r.pinned)),
				of(fresh),
				microsPerCall(rows, (r) => f(r.text, r.country)).toFixed(1),
			];
		}),
	);
	const before = impls[0][1];
	const now = impls[impls.length - 1][1];
	const fixed = rows.filter((r) => !samePhone(r, before(r.text, r.country)) && samePhone(r, now(r.text, r.country)));
	const broken = rows.filter((r) => samePhone(r, before(r.text, r.country)) && !samePhone(r, now(r.text, r.country)));
	out(`phone.ts against the hand-written code: ${fixed.length} rows fixed, ${broken.length} broken`);
	for (const r of broken) out(`  broken: ${r.country} ${JSON.stringify(r.text)} → ${now(r.text, r.country)} (expected ${r.expected})`);
	if (show) {
		for (const [name, f] of impls) {
			for (const r of rows.filter((row) => !samePhone(row, f(row.text, row.country)))) out(`  ${name}: ${r.country} ${JSON.stringify(r.text)} → ${f(r.text, r.country)} (expected ${r.expected})`);
		}
	}
	out(`bundle size: libphonenumber-js/min as phone.ts imports it ${await bundleBytes("export { parsePhoneNumberFromString } from 'libphonenumber-js/min'; export { default } from 'libphonenumber-js/metadata.min.json';")}, max ${await bundleBytes("export { parsePhoneNumberFromString } from 'libphonenumber-js/max';")}`);
}

// ---------------------------------------------------------------- dates

interface DateRow {
	text: string;
	lang: Lang;
	now: string;
	date: string | null;
	to?: string;
	time: string | null;
	set?: string;
}

/** The row's reference instant as the tenant's local date and clock (the offset written in `now`). */
const localClock = (now: string): { today: string; clock: string } => ({ today: now.slice(0, 10), clock: now.slice(11, 16) });

async function datesBench(show: boolean): Promise<void> {
	const rows = jsonl<DateRow>('test/data/dates.jsonl');
	const impls: Array<[string, (row: DateRow) => When]> = [
		['our rules (before)', (r) => readWhenOwn(r.text, localClock(r.now).today)],
		['chrono-node, alone', (r) => readWhenChrono(r.text, r.lang, localClock(r.now).today, localClock(r.now).clock)],
		['readWhen (ours + chrono-node)', (r) => readWhen(r.text, r.lang, localClock(r.now).today, localClock(r.now).clock)],
	];
	const dayRight = (r: DateRow, got: When) => (r.date === null ? got.days === null : got.days?.from === r.date && got.days.to === (r.to ?? r.date));
	const timeRight = (r: DateRow, got: When) => got.time === r.time;
	const bothRight = (r: DateRow, got: When) => dayRight(r, got) && timeRight(r, got);
	const main = rows.filter((r) => r.set !== 'fresh');
	const fresh = rows.filter((r) => r.set === 'fresh');
	out(`\n## dates: ${main.length} rows + ${fresh.length} fresh, test/data/dates.jsonl (reference ${rows[0]?.now})`);
	table(
		['implementation', 'day(s)', 'hour', 'both', 'pt both', 'es both', 'en both', 'fresh both', 'µs/call'],
		impls.map(([name, f]) => {
			const of = (list: DateRow[], ok: (r: DateRow, got: When) => boolean) => pct(list.filter((r) => ok(r, f(r))).length, list.length);
			return [
				name,
				of(main, dayRight),
				of(main, timeRight),
				of(main, bothRight),
				...(['pt', 'es', 'en'] as const).map((lang) => of(main.filter((r) => r.lang === lang), bothRight)),
				of(fresh, bothRight),
				microsPerCall(rows, f, 5).toFixed(1),
			];
		}),
	);
	const [, ownF] = impls[0];
	const [, nowF] = impls[impls.length - 1];
	for (const [part, ok] of [['day(s)', dayRight], ['hour', timeRight]] as const) {
		const broken = rows.filter((r) => ok(r, ownF(r)) && !ok(r, nowF(r)));
		const fixed = rows.filter((r) => !ok(r, ownF(r)) && ok(r, nowF(r)));
		out(`readWhen against our rules, ${part}: ${fixed.length} rows fixed, ${broken.length} broken`);
		for (const r of broken) out(`  broken: ${r.lang} ${JSON.stringify(r.text)} → ${JSON.stringify(nowF(r))}`);
	}
	if (show) {
		for (const [name, f] of impls) {
			for (const r of rows.filter((row) => !bothRight(row, f(row)))) {
				const got = f(r);
				out(`  ${name}: ${r.lang} ${JSON.stringify(r.text)} → ${got.days ? `${got.days.from}..${got.days.to}` : '-'} ${got.time ?? '-'} (expected ${r.date ?? '-'}${r.to ? `..${r.to}` : ''} ${r.time ?? '-'})`);
			}
		}
	}
	out(`bundle size: chrono-node (pt, es, en) ${await bundleBytes("export { pt, es, en } from 'chrono-node';")}`);
}

// ---------------------------------------------------------------- languages

interface LangRow {
	text: string;
	lang: Lang | null;
}

interface FrancModule {
	franc(text: string, options: { only: string[]; minLength?: number }): string;
}
interface EldModule {
	eld: { detect(text: string): { language: string; isReliable(): boolean }; setLanguageSubset(languages: string[]): unknown };
}
interface TinyLdModule {
	detect(text: string, options: { only: string[] }): string;
}

/** A candidate that is not a dependency: loaded when installed, otherwise left out of the table. */
async function optional<T>(name: string): Promise<T | null> {
	try {
		return (await import(name)) as T;
	} catch {
		return null;
	}
}

const isLang = (code: string | undefined): code is Lang => code === 'pt' || code === 'es' || code === 'en';
const FRANC: Record<string, Lang> = { por: 'pt', spa: 'es', eng: 'en' };
const wordCount = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;

async function languagesBench(show: boolean): Promise<void> {
	const sets: Array<[string, LangRow[]]> = [
		['intents.jsonl', jsonl<LangRow>('nodes/Crew/classifier/data/intents.jsonl')],
		['languages.jsonl (short chat)', jsonl<LangRow>('test/data/languages.jsonl')],
	];
	const impls: Array<[string, (text: string) => Lang | null]> = [
		['classifier detectLanguage (ours)', detectLanguage],
		['classifier languageEvidence (ours)', languageEvidence],
		['tokenizer detectLanguage (ours)', detectDocumentLanguage],
	];
	const sizes: string[] = [];
	const missing: string[] = [];
	const franc = await optional<FrancModule>('franc-min');
	if (franc) {
		impls.push(['franc-min 6.2.0 (por/spa/eng)', (text) => FRANC[franc.franc(text, { only: ['por', 'spa', 'eng'] })] ?? null]);
		impls.push(['franc-min, minLength 1', (text) => FRANC[franc.franc(text, { only: ['por', 'spa', 'eng'], minLength: 1 })] ?? null]);
		sizes.push(`franc-min ${await bundleBytes("export { franc } from 'franc-min';")}`);
	} else missing.push('franc-min@6.2.0');
	const eld = (await optional<EldModule>('eld/small'))?.eld;
	if (eld) {
		eld.setLanguageSubset(['pt', 'es', 'en']);
		const eldLang = (text: string): Lang | null => {
			const found = eld.detect(text).language;
			return isLang(found) ? found : null;
		};
		impls.push(['eld 2.1.0 small (pt/es/en)', eldLang]);
		impls.push(['ours ≤3 words, eld longer', (text) => (wordCount(text) <= 3 ? detectLanguage(text) : (eldLang(text) ?? detectLanguage(text)))]);
		impls.push(['eld when reliable, else ours', (text) => (eld.detect(text).isReliable() ? (eldLang(text) ?? detectLanguage(text)) : detectLanguage(text))]);
		sizes.push(`eld/small ${await bundleBytes("export { eld } from 'eld/small';")}`, `eld/extrasmall ${await bundleBytes("export { eld } from 'eld/extrasmall';")}`);
	} else missing.push('eld@2.1.0');
	const tinyld = await optional<TinyLdModule>('tinyld');
	if (tinyld) {
		impls.push(['tinyld 1.3.4 (pt/es/en)', (text) => {
			const found = tinyld.detect(text, { only: ['pt', 'es', 'en'] });
			return isLang(found) ? found : null;
		}]);
		sizes.push(`tinyld ${await bundleBytes("export { detect } from 'tinyld';")}`);
	} else missing.push('tinyld@1.3.4');

	for (const [setName, rows] of sets) {
		const labelled = rows.filter((r): r is LangRow & { lang: Lang } => r.lang !== null);
		const neutral = rows.filter((r) => r.lang === null);
		out(`\n## languages: ${setName}, ${labelled.length} labelled rows${neutral.length ? ` + ${neutral.length} with no language` : ''}`);
		table(
			['implementation', 'all', 'pt', 'es', 'en', '≤3 words', '>3 words', 'no answer', ...(neutral.length ? ['no-language rows left unanswered'] : []), 'µs/call'],
			impls.map(([name, f]) => {
				const of = (list: typeof labelled) => pct(list.filter((r) => f(r.text) === r.lang).length, list.length);
				return [
					name,
					of(labelled),
					...(['pt', 'es', 'en'] as const).map((lang) => of(labelled.filter((r) => r.lang === lang))),
					of(labelled.filter((r) => wordCount(r.text) <= 3)),
					of(labelled.filter((r) => wordCount(r.text) > 3)),
					String(labelled.filter((r) => f(r.text) === null).length),
					...(neutral.length ? [pct(neutral.filter((r) => f(r.text) === null).length, neutral.length)] : []),
					microsPerCall(rows, (r) => f(r.text), 5).toFixed(1),
				];
			}),
		);
		if (show) for (const [name, f] of impls) for (const r of labelled.filter((row) => f(row.text) !== row.lang)) out(`  ${name}: ${JSON.stringify(r.text)} → ${f(r.text)} (expected ${r.lang})`);
	}
	if (sizes.length) out(`bundle size: ${sizes.join('; ')}`);
	if (missing.length) out(`not installed, left out: ${missing.join(', ')} (npm install --no-save ${missing.join(' ')})`);
}

export async function runLibrariesBench(args: string[]): Promise<void> {
	const show = args.includes('--show');
	const only = args.find((a) => !a.startsWith('--'));
	const parts: Record<string, (show: boolean) => Promise<void>> = { phones: phonesBench, dates: datesBench, languages: languagesBench };
	if (only && !parts[only]) throw new Error(`unknown part "${only}": phones, dates or languages`);
	for (const [name, run] of Object.entries(parts)) if (!only || only === name) await run(show);
}
