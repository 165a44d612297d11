import { createRedisClient, describeRedisError, parseHostList, redisConfigFromEnv } from '../../lib/redis/connection';
import { redisConfigFromCredential } from '../../lib/redis/credential';

describe('redisConfigFromEnv', () => {
	it('reads a standalone URL', () => {
		expect(redisConfigFromEnv({ REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ mode: 'standalone', url: 'redis://127.0.0.1:6379' });
	});

	it('reads sentinels and refuses them without a master name', () => {
		expect(redisConfigFromEnv({ REDIS_SENTINELS: '10.0.0.5:26379, 10.0.0.6:26379', REDIS_SENTINEL_NAME: 'mymaster' })).toMatchObject({
			mode: 'sentinel',
			sentinels: [
				{ host: '10.0.0.5', port: 26379 },
				{ host: '10.0.0.6', port: 26379 },
			],
			sentinelName: 'mymaster',
		});
		expect(() => redisConfigFromEnv({ REDIS_SENTINELS: '10.0.0.5:26379' })).toThrow(/REDIS_SENTINEL_NAME is required/);
	});

	it('reads cluster nodes', () => {
		expect(redisConfigFromEnv({ REDIS_CLUSTER_NODES: 'a:7000,b:7001' })).toMatchObject({ mode: 'cluster', clusterNodes: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }] });
	});

	it('says what to set when nothing is configured', () => {
		expect(() => redisConfigFromEnv({})).toThrow(/REDIS_URL is not set/);
	});
});

describe('parseHostList', () => {
	it('accepts IPv6 in brackets', () => {
		expect(parseHostList('[::1]:6379', 'X')).toEqual([{ host: '::1', port: 6379 }]);
	});
	it.each(['host', 'host:99999', 'host:abc', ''])('refuses %p', (text) => {
		expect(() => parseHostList(text, 'Sentinels')).toThrow(/Sentinels/);
	});
});

describe('redisConfigFromCredential', () => {
	it('maps the credential fields', () => {
		expect(redisConfigFromCredential({ mode: 'standalone', url: 'rediss://cache:6380', password: 'p', database: 2, tls: false })).toMatchObject({
			mode: 'standalone',
			url: 'rediss://cache:6380',
			password: 'p',
			database: 2,
		});
		expect(redisConfigFromCredential({ mode: 'cluster', clusterNodes: 'n1:7000' })).toMatchObject({ mode: 'cluster', clusterNodes: [{ host: 'n1', port: 7000 }] });
	});
});

describe('describeRedisError', () => {
	it.each([
		[Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), /Connection refused/],
		[Object.assign(new Error('getaddrinfo ENOTFOUND nohost'), { code: 'ENOTFOUND' }), /Host not found/],
		[new Error('WRONGPASS invalid username-password pair'), /Authentication failed/],
		[Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), /TLS/],
		[new Error('failed at redis://:hunter2@h:1'), /redis:\/\/:\*\*\*@h:1/],
	])('%p', (error, message) => {
		expect(describeRedisError(error)).toMatch(message);
	});
});

describe('createRedisClient (standalone)', () => {

	it('reads host, port, user, password and database from the URL', () => {
		const client = createRedisClient({ mode: 'standalone', url: 'redis://app:s%40cret@cache.internal:6380/3' });
		expect(client.options).toMatchObject({ host: 'cache.internal', port: 6380, username: 'app', password: 's@cret', db: 3 });
		client.disconnect();
	});

	it('lets a separate password win over the URL, and the URL\'s /db win over the database field', () => {
		const client = createRedisClient({ mode: 'standalone', url: 'redis://:old@h:6379/1', password: 'new', database: 0 });
		expect(client.options).toMatchObject({ password: 'new', db: 1 });
		client.disconnect();
		const noPath = createRedisClient({ mode: 'standalone', url: 'redis://h:6379', database: 4 });
		expect(noPath.options).toMatchObject({ db: 4 });
		noPath.disconnect();
	});

	it('turns on TLS for rediss://', () => {
		const client = createRedisClient({ mode: 'standalone', url: 'rediss://h:6380' });
		expect(client.options).toMatchObject({ tls: { rejectUnauthorized: true } });
		client.disconnect();
	});

	it.each([
		['http://h:6379', /must start with redis:\/\/ or rediss:\/\//],
		['not a url', /is not a URL/],
		['redis://h:6379/x', /database "x" is not a number/],
	])('refuses %s', (url, message) => {
		expect(() => createRedisClient({ mode: 'standalone', url })).toThrow(message);
	});
});
