import type { Citation, TurnContext } from '../context';

export interface Hit {
	id: string;
	title: string | null;
	text: string;
	score: number;
	collection: string;
}

/** Searches the agent's collections (or the given ones); null when the knowledge base failed. */
export async function searchKnowledge(ctx: TurnContext, fallback: string[], topK = 3): Promise<Hit[] | null> {
	if (!ctx.tools.has('knowledge_search')) return [];
	const configured = ctx.agent?.knowledge_collections ?? [];
	const collections = configured.length ? configured : fallback;
	const found = await ctx.tools.call<{ hits: Hit[] }>('knowledge_search', { query: ctx.text.slice(0, 2_000), collections, top_k: topK });
	return found.ok ? (found.data?.hits ?? []) : null;
}

export const citationsOf = (hits: Hit[]): Citation[] => hits.map((h) => ({ collection: h.collection, id: h.id, title: h.title }));

/** The title to introduce a passage with, lower-cased mid-sentence where it reads better. */
export function topicOf(hit: Hit): string {
	const title = (hit.title ?? '').trim();
	return title || hit.id;
}
