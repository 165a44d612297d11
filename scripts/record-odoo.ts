/**
 * Records the Odoo contract corpus (test/contracts/odoo) from a real Odoo, and regenerates the emulator's
 * contract seed (test/emulators/odoo/data/contract-<version>.json) from it.
 *
 *   node scripts/run.mjs scripts/record-odoo.ts [--version 17,18,19] [--check] [--no-seed]
 *   node scripts/run.mjs scripts/record-odoo.ts --version 17 --url http://127.0.0.1:8069 --db demo17 \
 *       --login admin --password admin --api-key <admin's API key>
 *
 * Without --url it starts each version itself through startRealOdoo (OMNICREW_ODOO17_SRC/18/19): a fresh
 * copy of the demo template database. With --url the database must be as fresh (demo data, the template's
 * modules, nothing written since), or ids will not follow the recording.
 *
 * The requests are the corpus's own: each file's exchanges are sent again in recording order and their
 * answers replace the recorded ones (a version without files yet starts from the previous version's
 * requests). What cannot stay the same is translated (scripts/lib/odoo-recorder.ts); ids, dates and the rest
 * are kept as the server sent them, and the clock of each file goes into `recording.json`.
 * `partner_phone_lib` needs the Python `phonenumbers` library: a second server that can import it (Debian's
 * python3-phonenumbers, unpacked into the cache, never installed) replays the files before it, then records it.
 * --check records without writing and lists the answers that differ from the files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	corpusDir,
	corpusFiles,
	diffAnswers,
	loadExchanges,
	loadRecordingMeta,
	TIME_KEYS,
	VOLATILE_KEYS,
	type CorpusVersion,
	type Exchange,
	type RecordingMeta,
} from '../test/contracts/odoo/exchanges';
import { repoRoot } from './lib/n8n-instance';
import { ODOO_TEMPLATE_LANGUAGES, ODOO_TEMPLATE_MODULES, sourceFor, startRealOdoo } from './lib/odoo-instance';
import { CORPUS_API_KEYS, CORPUS_DB, daysBetween, FIRST_RECORDING_CLOCK, jsonRpc, nextIds, prepareDatabase, Recorder, type Target } from './lib/odoo-recorder';
import { odooCacheDir } from './lib/odoo-source';
import { progress } from './lib/runtime';

const VERSIONS: readonly CorpusVersion[] = [17, 18, 19];
const PHONE_LIBRARY_FILE = 'partner_phone_lib';
/** The harness keeps a pristine copy of the template next to the served database; Odoo lists it too. */
const HARNESS_DATABASES = ['pristine_template'];
/** Models whose first new id the seed harvest needs (records from that id on were created while recording). */
const TRACKED_MODELS = [
	'res.partner', 'res.users', 'product.product', 'product.template', 'sale.order', 'sale.order.line', 'stock.picking', 'stock.move',
	'mail.message', 'discuss.channel', 'discuss.channel.member', 'calendar.event', 'calendar.attendee', 'product.pricelist', 'product.pricelist.item',
	'res.partner.category',
];

interface Options {
	versions: CorpusVersion[];
	external?: Omit<Target, 'version'>;
	check: boolean;
	seed: boolean;
	out: string;
}

function usage(problem: string): never {
	console.error(`record-odoo: ${problem}
usage: node scripts/run.mjs scripts/record-odoo.ts [--version 17,18,19] [--check] [--no-seed] [--out DIR]
       [--url URL --db NAME --login LOGIN --password PASSWORD --api-key KEY]   (an Odoo of one version that you run)`);
	process.exit(2);
}

function parseArgs(argv: string[]): Options {
	const values: Record<string, string> = {};
	const flags = new Set<string>();
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		if (arg === '--check' || arg === '--no-seed') flags.add(arg);
		else if (/^--(version|url|db|login|password|api-key|out)$/.test(arg)) {
			const value = argv[++index];
			if (value === undefined || value.startsWith('--')) usage(`${arg} needs a value`);
			values[arg.slice(2)] = value;
		} else usage(`unknown argument ${JSON.stringify(arg)}`);
	}
	const versions = (values.version ?? VERSIONS.join(',')).split(',').map((text) => {
		const version = Number(text.trim());
		if (!VERSIONS.includes(version as CorpusVersion)) usage(`--version takes 17, 18 and/or 19, got ${JSON.stringify(text)}`);
		return version as CorpusVersion;
	});
	let external: Options['external'];
	if (values.url !== undefined) {
		const missing = ['db', 'login', 'password', 'api-key'].filter((name) => values[name] === undefined);
		if (missing.length) usage(`--url needs ${missing.map((name) => `--${name}`).join(', ')} too`);
		if (versions.length !== 1) usage('--url records one version: give --version 17, 18 or 19');
		if (!/^https?:\/\/\S+$/.test(values.url)) usage(`--url must be an http(s) URL, got ${JSON.stringify(values.url)}`);
		external = { url: values.url.replace(/\/$/, ''), db: values.db, login: values.login, password: values.password, apiKey: values['api-key'] };
	} else {
		const unused = ['db', 'login', 'password', 'api-key'].filter((name) => values[name] !== undefined);
		if (unused.length) usage(`${unused.map((name) => `--${name}`).join(', ')} only go with --url`);
	}
	return { versions, external, check: flags.has('--check'), seed: !flags.has('--no-seed'), out: values.out ?? join(repoRoot(), 'test', 'contracts', 'odoo') };
}

/** The requests of one file: this version's own, or else the newest older version's (a first recording). */
function requestsOf(version: CorpusVersion, file: string, root: string): Exchange[] {
	for (const from of VERSIONS.filter((candidate) => candidate <= version).reverse()) {
		if (!existsSync(join(corpusDir(from, root), `${file}.json`))) continue;
		const exchanges = loadExchanges(from, file, root);
		// another version's files hold that version's stand-in key
		return from === version ? exchanges : (JSON.parse(JSON.stringify(exchanges).split(CORPUS_API_KEYS[from]).join(CORPUS_API_KEYS[version])) as Exchange[]);
	}
	throw new Error(`no recorded requests for ${file}.json (looked in ${corpusDir(version, root)} and older versions)`);
}

/**
 * The clock the requests' calendar dates were chosen for: the recording of the files they come from, or the
 * first, hand-made recording's for files that have no recording.json yet.
 */
function clockOfRequests(version: CorpusVersion, root: string): string {
	for (const from of VERSIONS.filter((candidate) => candidate <= version).reverse()) {
		if (existsSync(join(corpusDir(from, root), 'version.json'))) return loadRecordingMeta(from, root)?.startedAt ?? FIRST_RECORDING_CLOCK;
	}
	return FIRST_RECORDING_CLOCK;
}

/** Debian's python3-phonenumbers unpacked into the cache (not installed); its import path, or undefined. */
function phoneLibraryPath(log: (line: string) => void): string | undefined {
	const dir = join(odooCacheDir(), 'python-phonenumbers');
	const site = join(dir, 'usr', 'lib', 'python3', 'dist-packages');
	if (existsSync(join(site, 'phonenumbers'))) return site;
	mkdirSync(dir, { recursive: true });
	log(' python3-phonenumbers: apt-get download into the cache (not installed)');
	const download = spawnSync('apt-get', ['download', 'python3-phonenumbers'], { cwd: dir, encoding: 'utf8' });
	const deb = readdirSync(dir).find((name) => /^python3-phonenumbers_.*\.deb$/.test(name));
	if (download.status !== 0 || !deb) {
		log(` python3-phonenumbers: apt-get download failed (${String(download.stderr).trim().slice(-300)})`);
		return undefined;
	}
	const unpack = spawnSync('dpkg-deb', ['-x', deb, '.'], { cwd: dir, encoding: 'utf8' });
	if (unpack.status !== 0) throw new Error(`dpkg-deb -x ${deb} failed: ${unpack.stderr}`);
	return existsSync(join(site, 'phonenumbers')) ? site : undefined;
}

async function withServer<T>(version: CorpusVersion, options: Options, pythonPath: string | undefined, run: (target: Target) => Promise<T>): Promise<T> {
	if (options.external) return await run({ version, ...options.external });
	if (!sourceFor(version)) throw new Error(`Odoo ${version}: set OMNICREW_ODOO${version}_SRC to its source tree or tarball, or give --url`);
	const starting = startRealOdoo(version, { log: progress, ...(pythonPath ? { pythonPath } : {}) });
	// Odoo runs in its own process group: stop it (and its PostgreSQL) when the recording is interrupted, even mid-start
	const interrupted = (signal: NodeJS.Signals) => {
		progress(`Odoo ${version}: ${signal}, stopping the server`);
		void starting.then((started) => started.stop(), () => undefined).finally(() => process.exit(130));
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	try {
		const odoo = await starting;
		try {
			return await run({ version, url: odoo.url, db: odoo.db, login: odoo.login, password: odoo.password, apiKey: odoo.apiKey, hiddenDatabases: HARNESS_DATABASES });
		} finally {
			await odoo.stop();
		}
	} finally {
		process.off('SIGINT', interrupted);
		process.off('SIGTERM', interrupted);
	}
}

interface Recorded {
	files: Map<string, Exchange[]>;
	meta: RecordingMeta;
}

/** Sends `replay` (answers dropped) and then `files` (answers kept) to one server, from its first request on. */
async function session(target: Target, shiftDays: number, replay: string[], files: string[], root: string, log: (line: string) => void) {
	const prepared = await prepareDatabase(target);
	log(` ${prepared.partners} partners set to en_US (the template gives them pt_BR)`);
	const recorder = new Recorder(target, shiftDays);
	const out = new Map<string, Exchange[]>();
	const clocks: Record<string, string> = {};
	for (const file of [...replay, ...files]) {
		const started = new Date();
		const exchanges: Exchange[] = [];
		for (const exchange of requestsOf(target.version, file, root)) exchanges.push(await recorder.rerecord(exchange));
		const kept = !replay.includes(file);
		if (kept) {
			out.set(file, exchanges);
			clocks[file] = started.toISOString();
		}
		log(`  ${file}: ${exchanges.length} exchanges in ${Date.now() - started.getTime()} ms${kept ? '' : ' (replayed to reach its state)'}`);
	}
	return { files: out, clocks };
}

async function recordVersion(version: CorpusVersion, options: Options): Promise<Recorded> {
	const log = (line: string) => progress(`Odoo ${version}:${line}`);
	const files = corpusFiles(version);
	// files from the phone-library one on go to a second server that can import the library, after a replay of
	// those before it, so every file still sees the state of the ones before it in recording order
	const pythonPath = files.includes(PHONE_LIBRARY_FILE) && !options.external ? phoneLibraryPath(log) : undefined;
	const split = pythonPath ? files.indexOf(PHONE_LIBRARY_FILE) : files.length;
	const [before, after] = [files.slice(0, split).filter((file) => file !== PHONE_LIBRARY_FILE), files.slice(split)];
	if (!pythonPath && files.includes(PHONE_LIBRARY_FILE)) {
		log(` ${PHONE_LIBRARY_FILE} not recorded: it needs a server with python3-phonenumbers${options.external ? ' (not done with --url)' : ''}`);
	}
	const startedAt = new Date().toISOString();
	const shiftDays = daysBetween(clockOfRequests(version, options.out), startedAt);
	const first = await withServer(version, options, undefined, async (target) => {
		const { server_version: serverVersion } = (await jsonRpc(target, 'common', 'version', [])) as { server_version: string };
		const firstNewIds = await nextIds(target, TRACKED_MODELS);
		log(` recording ${before.length} files from ${serverVersion} at ${target.url} (calendar dates in requests moved by ${shiftDays} days)`);
		return { serverVersion, firstNewIds, ...(await session(target, shiftDays, [], before, options.out, log)) };
	});
	const meta: RecordingMeta = {
		serverVersion: first.serverVersion,
		startedAt,
		endedAt: new Date().toISOString(),
		clocks: first.clocks,
		database: CORPUS_DB,
		modules: [...ODOO_TEMPLATE_MODULES],
		languages: [...ODOO_TEMPLATE_LANGUAGES],
		userLanguage: 'en_US',
		firstNewIds: first.firstNewIds,
		phoneLibraryFiles: [],
		apiKey: CORPUS_API_KEYS[version],
	};
	if (pythonPath && after.length) {
		log(` recording ${after.join(', ')} on a second server that has python3-phonenumbers`);
		const second = await withServer(version, options, pythonPath, (target) => session(target, shiftDays, before, after, options.out, log));
		for (const [file, exchanges] of second.files) first.files.set(file, exchanges);
		Object.assign(meta.clocks, second.clocks);
		meta.phoneLibraryFiles = after;
		meta.endedAt = new Date().toISOString();
	}
	// in recording order
	const ordered = new Map(files.filter((file) => first.files.has(file)).map((file) => [file, first.files.get(file) ?? []] as const));
	return { files: ordered, meta };
}

function report(version: CorpusVersion, recorded: Recorded, root: string): number {
	let differing = 0;
	for (const [file, exchanges] of recorded.files) {
		if (!existsSync(join(corpusDir(version, root), `${file}.json`))) {
			console.log(`v${version} ${file}: new file`);
			continue;
		}
		const before = loadExchanges(version, file, root);
		exchanges.forEach((exchange, index) => {
			const old = before[index];
			// what changes with the clock or at random is not a change of behaviour
			const problems = old ? diffAnswers(old.response, exchange.response.status, exchange.response.body, { messages: true, timeKeys: TIME_KEYS, volatileKeys: VOLATILE_KEYS }) : ['new exchange'];
			if (problems.length) {
				differing++;
				console.log(`v${version} ${file}: ${exchange.name}\n    ${problems.slice(0, 6).join('\n    ')}`);
			}
		});
	}
	return differing;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	for (const version of options.versions) {
		const recorded = await recordVersion(version, options);
		const count = [...recorded.files.values()].reduce((sum, list) => sum + list.length, 0);
		if (options.check) {
			const differing = report(version, recorded, options.out);
			progress(`Odoo ${version}: ${count} exchanges recorded, ${differing} answer otherwise than the files (--check: nothing written)`);
			continue;
		}
		const dir = corpusDir(version, options.out);
		mkdirSync(dir, { recursive: true });
		for (const [file, exchanges] of recorded.files) writeFileSync(join(dir, `${file}.json`), `${JSON.stringify(exchanges, null, 1)}\n`);
		const previous = loadRecordingMeta(version, options.out);
		if (previous && !recorded.files.has(PHONE_LIBRARY_FILE)) {
			recorded.meta.phoneLibraryFiles = previous.phoneLibraryFiles;
			if (previous.clocks[PHONE_LIBRARY_FILE]) recorded.meta.clocks[PHONE_LIBRARY_FILE] = previous.clocks[PHONE_LIBRARY_FILE];
		}
		writeFileSync(join(dir, 'recording.json'), `${JSON.stringify(recorded.meta, null, '\t')}\n`);
		progress(`Odoo ${version}: ${count} exchanges written to ${dir}`);
	}
	if (options.seed && !options.check) {
		const harvest = spawnSync(process.execPath, [join(repoRoot(), 'test', 'emulators', 'odoo', 'tools', 'harvest-contract-seed.mjs')], { stdio: 'inherit' });
		if (harvest.status !== 0) throw new Error('regenerating the contract seed (harvest-contract-seed.mjs) failed');
	}
}

main().catch((error: unknown) => {
	console.error(`record-odoo: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
