import type { ConversationSignal } from '../../classifier';
import type { Draft, TurnContext } from '../context';
import type { TopicRole } from '../templates';

const TOPIC_ROLES: readonly TopicRole[] = ['sales', 'scheduling', 'business_rules', 'support'];

/** How the tenant wants to sound, read from the agent's tone ("informal e simpático", "friendly and professional"). */
export interface ToneStyle {
	/** "Oi!" and "te ajudar" rather than "Olá!" and "ajudar". */
	casual: boolean;
	/** One emoji where a person would put one. */
	emoji: boolean;
}

export function toneStyle(tone: string | null | undefined): ToneStyle {
	const text = String(tone ?? '').toLowerCase();
	const formal = /(?<![a-z])formal|profission|profesional|professional|s[ée]ri[oa]|s[oó]bri[oa]|corporat/.test(text);
	const casual = !formal && /informal|descontra|simp[aá]tic|leve|pr[oó]xim|casual|friendly|amig[aá]vel|cercan|cordial|caloros/.test(text);
	const noEmoji = /(?:sem|sin|no|without|nunca|never)[^.;]{0,24}emoji/.test(text) && !/m[aá]ximo um emoji|at most one emoji|m[aá]ximo un emoji/.test(text);
	return { casual, emoji: casual && !noEmoji };
}

const EMOJI = /\p{Extended_Pictographic}/u;

/**
 * The tenant's greeting split into its opening and its closing question: "Oi! Aqui é da Pedal
 * Forte 🚲" and "Como posso te ajudar?". The opening may start an answer; the question only
 * ends a reply.
 */
export function splitGreeting(greeting: string): { opening: string; question: string | null } {
	const text = greeting.trim();
	// an emoji ends a sentence too, with its variation selector or joined emojis ("❄️", "👨‍🔧")
	const match = /^(.*?(?:[.!?]|\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*))\s*([^.!?\p{Extended_Pictographic}\uFE0F\u200D]*\?)\s*$/u.exec(text);
	if (match && match[1].trim()) return { opening: match[1].trim(), question: match[2].trim() };
	if (/\?\s*$/.test(text) && !/[.!]/.test(text.slice(0, -1))) return { opening: '', question: text };
	return { opening: text, question: null };
}

/** The opening line of a conversation in the reply's language: the tenant's own greeting when it is in that language. */
export function openingOf(ctx: TurnContext, style: ToneStyle): { opening: string; question: string } {
	const c = ctx.phrases.conversation;
	const own = ctx.tenant.greeting && ctx.tenant.locale.slice(0, 2).toLowerCase() === ctx.lang ? splitGreeting(ctx.tenant.greeting) : null;
	const opening = own?.opening || `${c.hello(style.casual)} ${c.intro(ctx.tenant.name)}`;
	return { opening, question: own?.question ?? c.howCanIHelp(style.casual) };
}

/** What the crew's agents can help with, in the order a customer thinks of it. */
function topicsOf(ctx: TurnContext): string[] {
	const roles = new Set(ctx.crew.agents.map((agent) => agent.role));
	const topics = TOPIC_ROLES.filter((role) => roles.has(role)).map((role) => ctx.phrases.conversation.topics[role]);
	return topics.length ? topics : [ctx.phrases.conversation.topics.sales];
}

/**
 * The reply to a conversational turn, without tools: the tenant's greeting and what the crew
 * can help with on the first message, a short "por nada" / "até mais" / "combinado" later, an
 * honest answer to "is this a bot?" with the offer of a person, and never a hand-off.
 */
export function conversationDraft(ctx: TurnContext, signal: ConversationSignal, first: boolean): Draft {
	const c = ctx.phrases.conversation;
	const style = toneStyle(ctx.agent?.tone ?? ctx.crew.agents[0]?.tone);
	const { opening, question } = openingOf(ctx, style);
	const help = c.helpWith(topicsOf(ctx));
	const kinds = new Set(signal.kinds);
	const kind = signal.kind ?? 'greeting';
	// "no máximo um emoji por mensagem": the tenant's own greeting may already carry one
	const emojiLeft = style.emoji && !(first && EMOJI.test(opening));
	const withEmoji = (line: string, emoji: string) => (emojiLeft ? `${line} ${emoji}` : line);
	const welcome = (middle: string | null) => (first ? [opening, middle, help, question] : [middle, question]);

	let parts: Array<string | null>;
	switch (kind) {
		case 'greeting':
			parts = first ? [opening, help, question] : [c.hello(style.casual), c.whatElse];
			break;
		case 'small_talk':
			parts = welcome(c.smallTalk);
			break;
		case 'help':
			parts = first ? [opening, help, question] : [c.sure, help, question];
			break;
		case 'feeling':
			parts = first ? [opening, withEmoji(c.feeling, '😊'), help, question] : [withEmoji(c.feeling, '😊'), c.anythingElse];
			break;
		case 'bot_question':
			parts = [first ? opening : null, c.bot(ctx.tenant.name), first ? help : null, c.botPerson];
			break;
		case 'language': {
			const names = ctx.tenant.reply_language.supported.map((lang) => c.languageNames[lang]);
			parts = [first ? opening : null, c.languages(names), question];
			break;
		}
		case 'off_topic':
			parts = [first ? opening : null, c.offTopic, help, question];
			break;
		case 'goodbye':
			parts = [kinds.has('thanks') ? c.thanks : null, withEmoji(c.goodbye, '👋')];
			break;
		case 'thanks':
			parts = [withEmoji(c.thanks, '😊'), c.anythingElse];
			break;
		case 'compliment':
			parts = [withEmoji(c.compliment, '😊'), c.anythingElse];
			break;
		case 'emoji':
			if (signal.mood === 'sad' || signal.mood === 'angry') parts = [c.sad];
			else if (first) parts = [opening, help, question];
			else if (signal.mood === 'happy' || signal.mood === 'pleading') parts = [c.acknowledged, c.anythingElse];
			else parts = [c.stillHere, question];
			break;
		case 'question_mark':
			parts = welcome(c.stillHere);
			break;
		case 'empty':
			parts = [first ? opening : null, c.attachment];
			break;
		default:
			// acknowledgement, laughter
			parts = first ? [opening, help, question] : [c.acknowledged, c.anythingElse];
	}
	const text = parts.filter((part): part is string => Boolean(part && part.trim())).join(' ');
	return { text, handoff: false, reason: null, citations: [], labels: ['conversation', kind], grounded: false };
}
