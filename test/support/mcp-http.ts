import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { freePort } from '../../scripts/lib/runtime';
import { stopChild } from './process';

export const OMNICREW_MCP_BIN = join(__dirname, '..', '..', 'dist', 'bin', 'omnicrew-mcp.js');

export interface RunningMcpServer {
	url: string;
	stop(): Promise<void>;
}

/** Starts the built `omnicrew-mcp <server> --http` on a free loopback port and waits until it listens. */
export async function startMcpHttp(server: string, env: Record<string, string>): Promise<RunningMcpServer> {
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, [OMNICREW_MCP_BIN, server, '--http', String(port)], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	await new Promise<void>((resolve, reject) => {
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			if (stderr.includes('listening on')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`omnicrew-mcp ${server} exited (${code}): ${stderr}`)));
	});
	return { url: `http://127.0.0.1:${port}/mcp`, stop: async () => await stopChild(child) };
}
