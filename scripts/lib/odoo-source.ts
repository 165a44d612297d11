/**
 * Where a real Odoo comes from: no package registry serves Odoo, so the user names a source tree
 * (or a .tar.xz of one) per major version in OMNICREW_ODOO17_SRC, OMNICREW_ODOO18_SRC and
 * OMNICREW_ODOO19_SRC. A tarball is unpacked once into the cache folder.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { withFileLock } from './file-lock';
import { cacheDir, progress, type Log } from './runtime';

export type OdooMajor = 17 | 18 | 19;
export const ODOO_MAJORS: readonly OdooMajor[] = [17, 18, 19];

export function sourceVariable(version: OdooMajor): string {
	return `OMNICREW_ODOO${version}_SRC`;
}

/** The source the user gave for this version, or undefined when the variable is not set. */
export function sourceFor(version: OdooMajor, env: NodeJS.ProcessEnv = process.env): string | undefined {
	const value = env[sourceVariable(version)]?.trim();
	return value ? value : undefined;
}

export const HOW_TO_ENABLE = 'set OMNICREW_ODOO17_SRC/18/19 to an Odoo source tree or tarball, see docs/nodes/odoo.md';

/** The one line `npm test` prints about the real-Odoo suites. */
export function realOdooNotice(env: NodeJS.ProcessEnv = process.env): string {
	const given = ODOO_MAJORS.filter((version) => sourceFor(version, env));
	if (given.length === 0) return `real Odoo: not run (${HOW_TO_ENABLE})`;
	const missing = ODOO_MAJORS.filter((version) => !given.includes(version));
	const running = `real Odoo: ${given.join(', ')} (${given.map(sourceVariable).join(', ')})`;
	return missing.length === 0 ? running : `${running}; ${missing.join(', ')} not run (set ${missing.map(sourceVariable).join(', ')})`;
}

export function odooCacheDir(): string {
	return join(cacheDir(), 'odoo');
}

function shortHash(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** The major version a tree declares in odoo/release.py (`version_info = (17, 0, ...)`). */
function treeMajor(tree: string): number | undefined {
	const release = join(tree, 'odoo', 'release.py');
	if (!existsSync(release)) return undefined;
	const match = /^version_info\s*=\s*\(\s*(?:['"]saas~)?(\d+)/m.exec(readFileSync(release, 'utf8'));
	return match ? Number(match[1]) : undefined;
}

function untar(tarball: string, into: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn('tar', ['-xJf', tarball, '-C', into], { stdio: ['ignore', 'ignore', 'pipe'] });
		let errors = '';
		child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
		child.once('error', reject);
		child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Unpacking ${tarball} failed (tar exit ${code}): ${errors.trim().slice(-500)}`))));
	});
}

export interface OdooSource {
	version: OdooMajor;
	/** The folder holding odoo-bin. */
	tree: string;
	/** Changes when the source does: part of the cached template's key. */
	identity: string;
}

/**
 * The Odoo tree for this version: the variable's folder, or its tarball unpacked into
 * <cache>/odoo/<version>-<hash of path, size and mtime>/ the first time. Checks that the tree is
 * the version asked for, so a variable pointing at the wrong one fails with its name.
 */
export async function resolveOdooSource(version: OdooMajor, log: Log = progress, env: NodeJS.ProcessEnv = process.env): Promise<OdooSource> {
	const given = sourceFor(version, env);
	const variable = sourceVariable(version);
	if (!given) throw new Error(`${variable} is not set: ${HOW_TO_ENABLE}.`);
	if (!existsSync(given)) throw new Error(`${variable}=${given}: no such file or folder.`);
	const path = realpathSync(given);
	const stat = statSync(path);
	let tree: string;
	let identity: string;
	if (stat.isDirectory()) {
		tree = path;
		const release = join(path, 'odoo', 'release.py');
		identity = shortHash(`${path}|${existsSync(release) ? statSync(release).mtimeMs : 0}`);
	} else if (/\.tar\.xz$|\.txz$/.test(path)) {
		identity = shortHash(`${path}|${stat.size}|${stat.mtimeMs}`);
		tree = join(odooCacheDir(), `${version}-${identity}`);
		if (!existsSync(join(tree, 'odoo-bin'))) {
			await withFileLock(`${tree}.lock`, `unpacking Odoo ${version}`, async () => {
				if (existsSync(join(tree, 'odoo-bin'))) return;
				log(`Odoo ${version}: unpacking ${path} into ${tree} (about 10 s, once)`);
				mkdirSync(odooCacheDir(), { recursive: true });
				const work = mkdtempSync(`${tree}.unpacking-`);
				try {
					await untar(path, work);
					rmSync(tree, { recursive: true, force: true });
					renameSync(work, tree);
				} catch (error) {
					rmSync(work, { recursive: true, force: true });
					throw error;
				}
			});
		}
	} else {
		throw new Error(`${variable}=${given}: give an Odoo source folder (holding odoo-bin) or a .tar.xz of one.`);
	}
	if (!existsSync(join(tree, 'odoo-bin'))) throw new Error(`${variable}=${given}: no odoo-bin in ${tree}, so this is not an Odoo source tree.`);
	const major = treeMajor(tree);
	if (major !== version) throw new Error(`${variable}=${given} holds Odoo ${major ?? 'of an unknown version'}, not ${version}.`);
	return { version, tree, identity };
}
