import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FAKE_NODE, fakeExecuteFunctions } from './fake-execute';

export const CREW_MESSAGE = { tenantId: 'acme', channel: 'whatsapp', text: 'quanto custa a cadeira ergonomica?', conversationId: '' };

/**
 * A Crew Router or Specialist Agent execution without n8n: the fake context plus what n8n gives
 * such a node — the credentials selected on it (`node.credentials`, which n8n itself checks) and
 * no sub-node connected.
 */
export function crewNodeContext(options: {
	params?: Record<string, unknown>;
	credentials?: Record<string, IDataObject>;
	/** Credential types selected on the node (default: those given in `credentials`). */
	selected?: string[];
	getCredentials?: (type: string) => Promise<IDataObject>;
}): IExecuteFunctions {
	const fake = fakeExecuteFunctions({ items: [{}], params: [{ connection: 'embedded', ...CREW_MESSAGE, ...options.params }], credentials: options.credentials });
	const selected = options.selected ?? Object.keys(options.credentials ?? {});
	const node = { ...FAKE_NODE, credentials: Object.fromEntries(selected.map((type) => [type, { id: `id-${type}`, name: type }])) };
	return Object.assign(Object.create(null) as object, fake, {
		getNode: () => node,
		getInputConnectionData: async () => undefined,
		...(options.getCredentials ? { getCredentials: options.getCredentials } : {}),
	}) as IExecuteFunctions;
}
