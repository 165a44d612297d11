import type { McpSession } from '../../lib/mcp/client';
import { closeSharedSessions, sharedSession } from '../../lib/mcp/shared-session';

function fakeSession(closed: string[], name: string): McpSession {
	return {
		callTool: async () => ({ ok: true, data: { name } }),
		listToolNames: async () => [name],
		listTools: async () => [],
		close: async () => {
			closed.push(name);
		},
	};
}

describe('sharedSession', () => {
	afterEach(async () => await closeSharedSessions());

	it('opens one session per settings and shares it between executions', async () => {
		const closed: string[] = [];
		let opened = 0;
		const open = (name: string) => async () => {
			opened++;
			return fakeSession(closed, name);
		};
		const first = await sharedSession(['chatwoot', { url: 'http://a', token: 's' }], open('a'));
		const second = await sharedSession(['chatwoot', { url: 'http://a', token: 's' }], open('a again'));
		const other = await sharedSession(['chatwoot', { url: 'http://a', token: 'other secret' }], open('b'));
		expect(opened).toBe(2);
		expect(await second.callTool('x', {})).toEqual({ ok: true, data: { name: 'a' } });
		expect(await other.listToolNames()).toEqual(['b']);
		// an execution's close hands the session back; it stays open for the others
		await first.close();
		await second.close();
		await other.close();
		expect(closed).toEqual([]);
		await closeSharedSessions();
		expect(closed.sort()).toEqual(['a', 'b']);
	});

	it('does not keep a session that could not be opened', async () => {
		const settings = ['odoo', { url: 'http://down' }];
		await expect(sharedSession(settings, async () => Promise.reject(new Error('Odoo unreachable')))).rejects.toThrow('Odoo unreachable');
		const closed: string[] = [];
		const session = await sharedSession(settings, async () => fakeSession(closed, 'up'));
		expect(await session.listToolNames()).toEqual(['up']);
	});
});
