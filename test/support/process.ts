import type { ChildProcess } from 'node:child_process';

/** Stops a child and waits until it has exited, so no handle outlives the test file. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	await new Promise<void>((resolve) => {
		child.once('exit', () => resolve());
		child.kill('SIGTERM');
	});
}
