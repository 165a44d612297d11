import { SharedConnections } from '../../lib/connection-pool';

describe('SharedConnections', () => {
	const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

	it('opens one connection per settings, shared by concurrent users, and closes it once idle', async () => {
		const closed: string[] = [];
		let opened = 0;
		const pool = new SharedConnections<string>(async (value) => void closed.push(value), 50);
		const open = () => `conn-${++opened}`;
		const [a, b] = await Promise.all([pool.acquire({ url: 'redis://x' }, open), pool.acquire({ url: 'redis://x' }, open)]);
		const other = await pool.acquire({ url: 'redis://y' }, open);
		expect([a.value, b.value, other.value]).toEqual(['conn-1', 'conn-1', 'conn-2']);
		a.release();
		a.release(); // twice counts once
		await pause(80);
		expect(closed).toEqual([]);
		b.release();
		other.release();
		await pause(80);
		expect(closed.sort()).toEqual(['conn-1', 'conn-2']);
		expect((await pool.acquire({ url: 'redis://x' }, open)).value).toBe('conn-3');
		await pool.closeAll();
	});

	it('keeps a connection that is used again before it went idle', async () => {
		const closed: string[] = [];
		const pool = new SharedConnections<string>(async (value) => void closed.push(value), 50);
		const first = await pool.acquire('s', () => 'c');
		first.release();
		await pause(20);
		const again = await pool.acquire('s', () => 'other');
		await pause(60);
		expect(again.value).toBe('c');
		expect(closed).toEqual([]);
		again.release();
		await pool.closeAll();
		expect(closed).toEqual(['c']);
	});

	it('does not keep a connection that failed to open', async () => {
		const pool = new SharedConnections<string>(async () => undefined, 50);
		await expect(pool.acquire('s', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
		expect((await pool.acquire('s', () => 'ok')).value).toBe('ok');
		await pool.closeAll();
	});
});
