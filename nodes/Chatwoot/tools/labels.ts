import type { ChatwootClient } from '../client/chatwoot-client';

/**
 * Chatwoot replaces a conversation's whole label list on every write, so adding or removing one
 * label is read, merge, write. Two writers racing on the same conversation can still lose one
 * change; callers that must not lose labels serialise per conversation (Tenant Cache lock).
 */
export async function mergeLabels(
	chatwoot: ChatwootClient,
	accountId: string,
	conversationId: number,
	add: string[] = [],
	remove: string[] = [],
): Promise<string[]> {
	const current = await chatwoot.getLabels(accountId, conversationId);
	const removing = new Set(remove.map((label) => label.toLowerCase()));
	const next = [...new Set([...current, ...add.map((label) => label.toLowerCase())])].filter((label) => !removing.has(label.toLowerCase()));
	if (next.length === current.length && next.every((label, i) => label === current[i])) return current;
	return await chatwoot.replaceLabels(accountId, conversationId, next);
}
