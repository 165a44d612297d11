import { cpus } from 'node:os';

import { Redis } from 'ioredis';

import { TenantCache } from '../nodes/TenantCache/cache/tenant-cache';
import { openCacheSession } from '../nodes/TenantCache/server';
import { ensureRedisServer, startRedisServer } from '../scripts/lib/runtime';

interface Figure {
	ops: number;
	seconds: number;
	opsPerSecond: number;
	p50Us: number;
	p99Us: number;
}

/** Runs `op` for `seconds` with `concurrency` callers in flight; returns throughput and latency. */
async function measure(op: () => Promise<unknown>, seconds: number, concurrency: number): Promise<Figure> {
	const latencies: number[] = [];
	const deadline = performance.now() + seconds * 1000;
	const started = performance.now();
	const worker = async () => {
		while (performance.now() < deadline) {
			const t0 = performance.now();
			await op();
			latencies.push((performance.now() - t0) * 1000);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const elapsed = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
	return { ops: latencies.length, seconds: elapsed, opsPerSecond: latencies.length / elapsed, p50Us: at(0.5), p99Us: at(0.99) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function runCacheBench(args: string[]): Promise<void> {
	const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 5);
	ensureRedisServer(() => undefined);
	const server = await startRedisServer();
	const raw = new Redis(server.url);
	const redis = new Redis(server.url);
	const cache = new TenantCache(redis);
	const session = openCacheSession({ cache });
	try {
		const value = { id: 42, name: 'Cadeira Ergonômica Pro', price: 1299.9, currency: 'BRL', stock: { sp: 12, rj: 0 } };
		await cache.set('acme', 'product', 'CAD-ERG-01', value, { ttlSeconds: 3_600 });
		const key = 't:acme:product:CAD-ERG-01';
		const args_ = { tenant_id: 'acme', type: 'product', key: 'CAD-ERG-01' };
		const embeddedGet = async () => {
			const outcome = await session.callTool('cache_get', args_);
			if (!outcome.ok || outcome.data.hit !== true) throw new Error(`cache_get failed: ${JSON.stringify(outcome)}`);
		};
		const storeGet = async () => {
			if (!(await cache.get('acme', 'product', 'CAD-ERG-01')).hit) throw new Error('TenantCache.get missed');
		};
		const rawGet = async () => {
			const text = await raw.get(key);
			if (!text) throw new Error('raw GET missed');
			JSON.parse(text);
		};

		// warm both paths (JIT, script cache, connections)
		await measure(rawGet, 1, 1);
		await measure(embeddedGet, 1, 1);

		// Rounds alternate the three paths so drift of the machine (CPU idle states, neighbours)
		// hits them alike; each figure is the median round.
		const rounds = 5;
		const median = (figures: Figure[]): Figure => [...figures].sort((a, b) => a.opsPerSecond - b.opsPerSecond)[Math.floor(figures.length / 2)];
		const rows: Array<[string, Figure, Figure, Figure]> = [];
		for (const concurrency of [1, 16]) {
			const raws: Figure[] = [];
			const stores: Figure[] = [];
			const embeddedRounds: Figure[] = [];
			for (let round = 0; round < rounds; round++) {
				raws.push(await measure(rawGet, seconds / rounds, concurrency));
				stores.push(await measure(storeGet, seconds / rounds, concurrency));
				embeddedRounds.push(await measure(embeddedGet, seconds / rounds, concurrency));
			}
			rows.push([`${concurrency} in flight`, median(raws), median(stores), median(embeddedRounds)]);
		}
		const ratio = (r: Figure, m: Figure) => r.opsPerSecond / m.opsPerSecond;
		const [, seqRaw, , seqEmbedded] = rows[0];
		const lines = [
			`cache bench — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), redis-server on loopback`,
			`each figure: median of 5 alternating rounds of ${seconds / 5} s of back-to-back calls, after 1 s of warm-up; value ${JSON.stringify(value).length} bytes of JSON`,
			'',
			'| load | raw GET ops/s | TenantCache.get ops/s | embedded cache_get ops/s | raw p50 / p99 µs | embedded p50 / p99 µs | cost (raw ÷ embedded) |',
			'|---|---|---|---|---|---|---|',
			...rows.map(
				([load, r, st, m]) =>
					`| ${load} | ${fmt(r.opsPerSecond)} | ${fmt(st.opsPerSecond)} | ${fmt(m.opsPerSecond)} | ${fmt(r.p50Us)} / ${fmt(r.p99Us)} | ${fmt(m.p50Us)} / ${fmt(m.p99Us)} | ${ratio(r, m).toFixed(2)}x |`,
			),
			'',
			'raw: ioredis GET + JSON.parse on its own connection. TenantCache.get: the store alone (GET + PTTL in one round trip, hit counter not awaited).',
			'embedded: session.callTool → zod validation of the arguments → TenantCache.get → zod check of the result, as a node in Embedded mode calls it (no MCP in between).',
			`target (one call at a time, as a node or agent calls it): embedded path < 2x raw → ${ratio(seqRaw, seqEmbedded) < 2 ? 'met' : 'NOT met'} (${ratio(seqRaw, seqEmbedded).toFixed(2)}x)`,
			`with 16 calls in flight the raw GETs pipeline on one socket while each embedded call costs CPU in JS: ${ratio(rows[1][1], rows[1][3]).toFixed(2)}x`,
		];
		process.stdout.write(`${lines.join('\n')}\n`);
	} finally {
		await session.close();
		raw.disconnect();
		redis.disconnect();
		await server.stop();
	}
}
