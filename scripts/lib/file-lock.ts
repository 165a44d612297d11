/**
 * A lock between processes on one machine, held as a folder (mkdir is atomic) with the owner's
 * pid inside: two test files that both need the same cached build wait for one another instead
 * of building twice, and a lock left by a killed process is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function ownerAlive(lock: string): boolean {
	let pid: number;
	try {
		pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
	} catch {
		// the owner has made the folder and not yet written its pid: count it alive
		return true;
	}
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export async function withFileLock<T>(lock: string, what: string, body: () => Promise<T>, options: { timeoutMs?: number; onWait?: () => void } = {}): Promise<T> {
	const timeoutMs = options.timeoutMs ?? 30 * 60_000;
	mkdirSync(dirname(lock), { recursive: true });
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		if (!ownerAlive(lock) && Date.now() - started > 1_000) {
			rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (!announced) {
			options.onWait?.();
			announced = true;
		}
		if (Date.now() - started > timeoutMs) throw new Error(`Waited ${Math.round(timeoutMs / 1000)} s for ${what} (lock ${lock}); remove that folder if no other run is using it.`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	try {
		return await body();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}
