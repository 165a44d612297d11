import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, redisServerBin } from '../../scripts/lib/runtime';
import { stopChild } from './process';

async function startProcess(args: string[], cwd: string): Promise<ChildProcess> {
	const bin = redisServerBin();
	if (!bin) throw new Error('redis-server is not installed');
	const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`redis-server ${args.join(' ')} did not start:\n${output}`)), 10_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (/Ready to accept connections|Sentinel ID is/.test(output)) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited with ${code}:\n${output}`));
		});
	});
	return child;
}

export interface Topology {
	nodes: Array<{ host: string; port: number }>;
	stop(): Promise<void>;
}

/** Three masters on loopback, slots spread by redis-cli --cluster create. */
export async function startRedisCluster(): Promise<Topology> {
	const dir = mkdtempSync(join(tmpdir(), 'omnicrew-cluster-'));
	const ports = [await freePort(), await freePort(), await freePort()];
	const children: ChildProcess[] = [];
	const stop = async () => {
		await Promise.all(children.map((child) => stopChild(child)));
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		for (const port of ports) {
			children.push(
				await startProcess(
					['--bind', '127.0.0.1', '--port', String(port), '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--save', '', '--appendonly', 'no'],
					dir,
				),
			);
		}
		const create = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], {
			encoding: 'utf8',
			timeout: 30_000,
		});
		if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
		for (let i = 0; i < 100; i++) {
			const info = spawnSync('redis-cli', ['-p', String(ports[0]), 'cluster', 'info'], { encoding: 'utf8' });
			if (info.stdout.includes('cluster_state:ok')) return { nodes: ports.map((port) => ({ host: '127.0.0.1', port })), stop };
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error('the cluster did not reach cluster_state:ok');
	} catch (error) {
		await stop();
		throw error;
	}
}

/** One master and one sentinel watching it as "mymaster". */
export async function startRedisSentinel(): Promise<Topology & { masterPort: number }> {
	const dir = mkdtempSync(join(tmpdir(), 'omnicrew-sentinel-'));
	const masterPort = await freePort();
	const sentinelPort = await freePort();
	const children: ChildProcess[] = [];
	const stop = async () => {
		await Promise.all(children.map((child) => stopChild(child)));
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		children.push(await startProcess(['--bind', '127.0.0.1', '--port', String(masterPort), '--save', '', '--appendonly', 'no'], dir));
		writeFileSync(
			join(dir, 'sentinel.conf'),
			`bind 127.0.0.1\nport ${sentinelPort}\nsentinel monitor mymaster 127.0.0.1 ${masterPort} 1\nsentinel down-after-milliseconds mymaster 5000\n`,
		);
		children.push(await startProcess([join(dir, 'sentinel.conf'), '--sentinel'], dir));
		return { nodes: [{ host: '127.0.0.1', port: sentinelPort }], masterPort, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
