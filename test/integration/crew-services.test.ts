import { Redis } from 'ioredis';

import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { closeAllSharedConnections } from '../../lib/connection-pool';
import { CrewRouter } from '../../nodes/Crew/CrewRouter.node';
import { crewServicesFromNode } from '../../nodes/Crew/node-services';
import { crewServicesFromEnv } from '../../nodes/Crew/server';
import { crewNodeContext } from '../support/crew-node';

jest.setTimeout(60_000);

/** The crew's Redis: reached when the node starts, shared with `omnicrew-mcp crew`'s way of opening it. */
describe('crew services over a real Redis', () => {
	let redis: RedisServer;
	let inspect: Redis;
	const credential = () => ({ redisOmniCrewApi: { mode: 'standalone', url: redis.url, database: 0, tls: false, tlsRejectUnauthorized: true, ttlOverrides: '' } });
	/** Connections to the Redis other than the test's own. */
	const crewConnections = async () => String(await inspect.client('LIST')).split('\n').filter((line) => line.trim() && !/ name=inspect /.test(line)).length;

	beforeAll(async () => {
		redis = await startRedisServer();
		inspect = new Redis(redis.url, { connectionName: 'inspect' });
	});
	afterAll(async () => {
		await closeAllSharedConnections();
		inspect?.disconnect();
		await redis?.stop();
	});

	it('gives the node and the environment one pooled connection for the same Redis', async () => {
		const fromNode = await crewServicesFromNode(crewNodeContext({ credentials: credential() }), { agents: false });
		const fromEnv = await crewServicesFromEnv({ REDIS_URL: redis.url });
		try {
			expect(fromNode.services.cache).toBeDefined();
			expect(fromEnv.services.cache).toBeDefined();
			expect(await crewConnections()).toBe(1);
		} finally {
			await fromNode.close();
			await fromEnv.close();
		}
	});

	it('keeps a conversation with its agent (memory in Redis) when the credential works', async () => {
		const params = { conversationId: 'c-42', text: 'quanto custa a cadeira ergonomica?' };
		const outputs = await new CrewRouter().execute.call(crewNodeContext({ params, credentials: credential() }));
		expect(outputs[0][0].json.route).toMatchObject({ agent: 'sales' });
		expect(JSON.parse(String(await inspect.get('t:acme:conversation:route:c-42')))).toMatchObject({ agent: 'sales' });
	});

	it('degrades, without failing the node, when a Redis that answered before goes down', async () => {
		await redis.stop();
		const outputs = await new CrewRouter().execute.call(crewNodeContext({ params: { conversationId: 'c-43' }, credentials: credential() }));
		expect(outputs.flat()).toHaveLength(1);
	});
});
