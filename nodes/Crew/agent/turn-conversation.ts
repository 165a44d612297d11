import type { ConversationSignal } from '../classifier';
import type { ConversationMemory } from '../state';
import { conversationDraft } from './embedded/conversation';
import type { Turn, TurnOutcome } from './turn';

/**
 * A bare "ok" or "👍" right after the agent offered slots, a quotation or a change to confirm
 * answers that offer: the agent of the conversation reads it, not the small-talk reply.
 */
function answersAnOffer(signal: ConversationSignal, memory: ConversationMemory): boolean {
	const bare = signal.kinds.length > 0 && signal.kinds.every((kind) => kind === 'acknowledgement' || (kind === 'emoji' && signal.mood !== 'sad' && signal.mood !== 'angry'));
	const offered = (memory.offered_slots?.length ?? 0) > 0 || Boolean(memory.pending) || memory.sales?.offer?.asked === true || memory.sales?.person_offered === true;
	return bare && offered;
}

/**
 * Greetings, thanks, small talk, "is this a bot?", emoji and attachments: a short reply from our
 * own code, no tools and no model. Returns null for anything a specialist has to answer.
 */
export function conversationalReply(turn: Turn): TurnOutcome | null {
	if (turn.erp) return null;
	const conversational = turn.input.intent === 'conversation' || turn.conversation.conversational;
	if (!conversational || answersAnOffer(turn.conversation, turn.ctx.memory)) return null;
	return { draft: conversationDraft(turn.ctx, turn.conversation, turn.first), method: 'embedded' };
}
