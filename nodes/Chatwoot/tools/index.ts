import type { ToolDefinition } from '../../../lib/mcp/tool';
import { chatwootGetConversation } from './chatwoot-get-conversation';
import { chatwootHandoff } from './chatwoot-handoff';
import { chatwootListMessages } from './chatwoot-list-messages';
import { chatwootPrivateNote } from './chatwoot-private-note';
import { chatwootSendMessage } from './chatwoot-send-message';
import { chatwootSetCustomAttributes } from './chatwoot-set-custom-attributes';
import { chatwootSetLabels } from './chatwoot-set-labels';
import { chatwootToggleStatus } from './chatwoot-toggle-status';
import { chatwootToggleTyping } from './chatwoot-toggle-typing';
import { chatwootGetContact, chatwootSearchContacts, chatwootUpdateContact } from './contacts';
import type { ChatwootToolContext } from './fields';

export type { ChatwootToolContext } from './fields';

export const chatwootTools: ReadonlyArray<ToolDefinition<ChatwootToolContext>> = [
	chatwootSendMessage,
	chatwootPrivateNote,
	chatwootHandoff,
	chatwootToggleStatus,
	chatwootToggleTyping,
	chatwootSetLabels,
	chatwootSetCustomAttributes,
	chatwootGetConversation,
	chatwootListMessages,
	chatwootGetContact,
	chatwootUpdateContact,
	chatwootSearchContacts,
];
