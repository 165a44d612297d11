import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';

import { freePort } from '../../scripts/lib/runtime';
import { stopChild } from './process';

export const OMNICREW_MCP_BIN = join(__dirname, '..', '..', 'dist', 'bin', 'omnicrew-mcp.js');

export interface RunningMcpServer {
	url: string;
	port: number;
	/** Everything the server wrote to stderr so far (its log). */
	stderr(): string;
	stop(): Promise<void>;
}

/** Starts the built `omnicrew-mcp <server> --http` on a free loopback port and waits until it listens. */
export async function startMcpHttp(server: string, env: Record<string, string>): Promise<RunningMcpServer> {
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, [OMNICREW_MCP_BIN, server, '--http', String(port)], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let stderr = '';
	await new Promise<void>((resolve, reject) => {
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			if (stderr.includes('listening on')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`omnicrew-mcp ${server} exited (${code}): ${stderr}`)));
	});
	return { url: `http://127.0.0.1:${port}/mcp`, port, stderr: () => stderr, stop: async () => await stopChild(child) };
}

/** A raw loopback connection that records what it received and how it ended. */
export interface RawConnection {
	socket: Socket;
	received(): string;
	/** Resolves once the server has closed the connection (or it failed). */
	closed: Promise<void>;
}

export async function openRaw(port: number): Promise<RawConnection> {
	const socket = connect(port, '127.0.0.1');
	let received = '';
	socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
	const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
	// A reset is one way a server closes; it is awaited through `closed`.
	socket.on('error', () => undefined);
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('error', reject);
	});
	return { socket, received: () => received, closed };
}

/** Sends one JSON-RPC message or batch straight to /mcp, the way a hand-written client would. */
export async function postRpc(url: string, body: unknown, token?: string): Promise<{ status: number; json: unknown }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			accept: 'application/json, text/event-stream',
			...(token ? { authorization: `Bearer ${token}` } : {}),
		},
		body: JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}
