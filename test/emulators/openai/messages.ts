/** Reading the text out of request messages, whatever content form the client chose. */
import type { ChatRequestMessage, ContentPart } from './types';

/** A message's text: the string, or its text parts joined (image or audio parts carry none). */
export function textOf(content: string | ContentPart[] | null | undefined): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
}

export const messageText = (message: ChatRequestMessage): string => textOf(message.content);
