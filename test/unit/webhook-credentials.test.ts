import type { IWebhookFunctions } from 'n8n-workflow';

import { WEBHOOK_CREDENTIAL_TTL_MS, webhookCredential } from '../../lib/n8n/webhook-credentials';

/** A trigger's context whose credential reads are counted; `secret` is what the store holds now. */
function triggerWith(id: string | undefined, store: { secret: string; fail?: boolean; reads: number }): IWebhookFunctions {
	return {
		getNode: () => ({ credentials: id ? { chatwootOmniCrewApi: { id, name: 'Chatwoot' } } : {} }),
		getCredentials: async () => {
			store.reads++;
			if (store.fail) throw new Error('Credential with ID "x" does not exist for type "chatwootOmniCrewApi".');
			return { webhookSecret: store.secret };
		},
	} as unknown as IWebhookFunctions;
}

describe('webhookCredential', () => {
	let now = 1_000_000;
	beforeEach(() => {
		now += 10 * WEBHOOK_CREDENTIAL_TTL_MS;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
	});
	afterEach(() => jest.restoreAllMocks());

	it('reads a credential once per period and then again, so an edit applies', async () => {
		const store = { secret: 'one', reads: 0 };
		const ctx = triggerWith('cred-1', store);
		expect(await webhookCredential(ctx, 'chatwootOmniCrewApi')).toEqual({ webhookSecret: 'one' });
		store.secret = 'two';
		now += WEBHOOK_CREDENTIAL_TTL_MS - 1;
		expect(await webhookCredential(ctx, 'chatwootOmniCrewApi')).toEqual({ webhookSecret: 'one' });
		expect(store.reads).toBe(1);
		now += 1;
		expect(await webhookCredential(ctx, 'chatwootOmniCrewApi')).toEqual({ webhookSecret: 'two' });
		expect(store.reads).toBe(2);
	});

	it('keeps credentials apart by id and hands out copies', async () => {
		const a = { secret: 'a', reads: 0 };
		const b = { secret: 'b', reads: 0 };
		const first = await webhookCredential<{ webhookSecret: string }>(triggerWith('cred-a', a), 'chatwootOmniCrewApi');
		first.webhookSecret = 'changed by a caller';
		expect(await webhookCredential(triggerWith('cred-b', b), 'chatwootOmniCrewApi')).toEqual({ webhookSecret: 'b' });
		expect(await webhookCredential(triggerWith('cred-a', a), 'chatwootOmniCrewApi')).toEqual({ webhookSecret: 'a' });
		expect([a.reads, b.reads]).toEqual([1, 1]);
	});

	it('does not keep a failed read, nor a node without that credential', async () => {
		const store = { secret: 's', fail: true, reads: 0 };
		const ctx = triggerWith('cred-f', store);
		await expect(webhookCredential(ctx, 'chatwootOmniCrewApi')).rejects.toThrow(/does not exist/);
		store.fail = false;
		expect(await webhookCredential(ctx, 'chatwootOmniCrewApi')).toEqual({ webhookSecret: 's' });
		const none = { secret: 'n', fail: true, reads: 0 };
		await expect(webhookCredential(triggerWith(undefined, none), 'chatwootOmniCrewApi')).rejects.toThrow();
		await expect(webhookCredential(triggerWith(undefined, none), 'chatwootOmniCrewApi')).rejects.toThrow();
		expect(none.reads).toBe(2);
	});
});
