import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { itemParameter } from '../../../lib/n8n/parameters';
import { TURN_ATTRIBUTE } from '../events';
import { operationOptions, operationsWith, planToolArgs, fromTools, type ArgDecl, type ToolOperationDecl } from '../../../lib/n8n/args';
import { chatwootTools } from '../tools';

const conversation: ArgDecl = { arg: 'conversation_id', param: 'conversationId' };
const contact: ArgDecl = { arg: 'contact_id', param: 'contactId' };

export const OPERATIONS = fromTools(
	{
		sendMessage: {
			tool: 'chatwoot_send_message',
			name: 'Send Message',
			action: 'Send a message',
			description: 'Reply to the customer (or add a private note)',
			args: [
				conversation,
				{ arg: 'content', param: 'content' },
				{ arg: 'private', param: 'private' },
			],
		},
		privateNote: {
			tool: 'chatwoot_private_note',
			name: 'Add Private Note',
			action: 'Add a private note',
			description: 'A note only agents see',
			args: [conversation, { arg: 'content', param: 'content' }],
		},
		handoff: {
			tool: 'chatwoot_handoff',
			name: 'Hand Off to Human',
			action: 'Hand off a conversation to a human',
			description: 'Private note with the reason, labels, optional team/agent, status open; the bot then stays silent',
			args: [
				conversation,
				{ arg: 'reason', param: 'reason' },
				{ arg: 'labels', param: 'labels' },
				{ arg: 'team_id', param: 'teamId' },
				{ arg: 'assignee_id', param: 'assigneeId' },
			],
		},
		toggleStatus: {
			tool: 'chatwoot_toggle_status',
			name: 'Set Status',
			action: 'Set the conversation status',
			description: 'Open, pending, resolved or snoozed',
			args: [conversation, { arg: 'status', param: 'status' }],
		},
		toggleTyping: {
			tool: 'chatwoot_toggle_typing',
			name: 'Set Typing',
			action: 'Turn typing on or off',
			description: 'Show or hide the typing indicator',
			args: [conversation, { arg: 'typing', param: 'typing' }],
		},
		setLabels: {
			tool: 'chatwoot_set_labels',
			name: 'Add or Remove Labels',
			action: 'Add or remove labels',
			description: 'Change labels without losing the others',
			args: [
				conversation,
				{ arg: 'add', param: 'addLabels' },
				{ arg: 'remove', param: 'removeLabels' },
			],
		},
		setCustomAttributes: {
			tool: 'chatwoot_set_custom_attributes',
			name: 'Set Custom Attributes',
			action: 'Merge custom attributes',
			description: 'Set some custom attributes and keep the others',
			args: [
				conversation,
				{ arg: 'attributes', param: 'attributes' },
				{ arg: 'remove', param: 'removeAttributes' },
			],
		},
		getConversation: {
			tool: 'chatwoot_get_conversation',
			name: 'Get Conversation',
			action: 'Get a conversation',
			description: 'Status, labels, attributes, contact and assignee',
			args: [conversation],
		},
		listMessages: {
			tool: 'chatwoot_list_messages',
			name: 'List Messages',
			action: 'List messages of a conversation',
			description: 'Latest messages, oldest first (needs a user token)',
			args: [conversation, { arg: 'limit', param: 'limit' }],
		},
		getContact: {
			tool: 'chatwoot_get_contact',
			name: 'Get Contact',
			action: 'Get a contact',
			description: 'Read a contact (needs a user token)',
			args: [contact],
		},
		updateContact: {
			tool: 'chatwoot_update_contact',
			name: 'Update Contact',
			action: 'Update a contact',
			description: 'Name, e-mail, phone, identifier, custom attributes (needs a user token)',
			args: [
				contact,
				{ arg: 'name', param: 'contactName' },
				{ arg: 'email', param: 'contactEmail' },
				{ arg: 'phone_number', param: 'contactPhone' },
				{ arg: 'identifier', param: 'contactIdentifier' },
			],
		},
		searchContacts: {
			tool: 'chatwoot_search_contacts',
			name: 'Search Contacts',
			action: 'Search contacts',
			description: 'By name, e-mail, phone or identifier (needs a user token)',
			args: [{ arg: 'query', param: 'query' }],
		},
	} satisfies Record<string, ToolOperationDecl>,
	chatwootTools,
);

/** The operations, derived from the table so a new entry needs no second list. */
export type ChatwootOperation = keyof typeof OPERATIONS;

/** Items the operation leaves unchanged, by its skip options (read before any other parameter). */
export function passesThrough(ctx: IExecuteFunctions, i: number, item: INodeExecutionData, operation: ChatwootOperation): boolean {
	if (operation === 'handoff') return ctx.getNodeParameter('onlyMarked', i, false) === true && item.json.handoff !== true;
	if (operation === 'sendMessage' || operation === 'privateNote') {
		return ctx.getNodeParameter('skipEmpty', i, false) === true && String(itemParameter(ctx, 'content', i, '') ?? '').trim() === '';
	}
	return false;
}

/** Tool arguments for one item: the tenant, then the operation's own fields. */
export function planArgs(ctx: IExecuteFunctions, i: number, operation: ChatwootOperation, defaultAccountId: string): IDataObject {
	const tenant = String(itemParameter(ctx, 'tenantId', i, '') ?? '').trim() || defaultAccountId;
	const args: IDataObject = { tenant_id: tenant, ...planToolArgs(ctx, i, OPERATIONS[operation]) };
	if (operation === 'sendMessage') {
		const turn = Number(itemParameter(ctx, 'turnTicket', i, 0) ?? 0);
		if (Number.isSafeInteger(turn) && turn > 0) args.content_attributes = { [TURN_ATTRIBUTE]: turn };
	}
	return args;
}

const show = (...operations: ChatwootOperation[]) => ({ show: { operation: operations } });
const withArg = (param: string) => operationsWith(OPERATIONS, param);

export const operationProperty: INodeProperties = operationOptions(OPERATIONS, 'sendMessage');

export const fieldProperties: INodeProperties[] = [
	{
		displayName: 'Account ID (Tenant)',
		name: 'tenantId',
		type: 'string',
		default: '={{ $json.tenant_id }}',
		description: 'The Chatwoot account; empty means the credential\'s Account ID',
	},
	{
		displayName: 'Conversation ID',
		name: 'conversationId',
		type: 'string',
		required: true,
		default: '={{ $json.conversation_id }}',
		description: 'The conversation\'s display ID (the number in Chatwoot\'s URL)',
		displayOptions: show(...withArg('conversationId')),
	},
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		required: true,
		default: '={{ $json.contact.id }}',
		displayOptions: show(...withArg('contactId')),
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		displayOptions: show('sendMessage', 'privateNote'),
	},
	{
		displayName: 'Skip Items Without Content',
		name: 'skipEmpty',
		type: 'boolean',
		default: false,
		description: 'Whether an item whose content is empty leaves unchanged, without a message, instead of failing (for example a turn a crew has nothing to say to)',
		displayOptions: show('sendMessage', 'privateNote'),
	},
	{
		displayName: 'Conversation Turn',
		name: 'turnTicket',
		type: 'number',
		default: 0,
		description: 'The message\'s turn in its conversation (the Chatwoot Trigger\'s sequence); 0 for none. The reply carries it, and when Chatwoot sends the reply back to the trigger, the turn is recorded as answered: should this execution die before the turn is released, the next message taking the turn over does not answer it again.',
		displayOptions: show('sendMessage'),
	},
	{
		displayName: 'Private',
		name: 'private',
		type: 'boolean',
		default: false,
		description: 'Whether the message is an internal note instead of a reply to the customer',
		displayOptions: show('sendMessage'),
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'Why a human is needed; left as a private note for the agent',
		displayOptions: show('handoff'),
	},
	{
		displayName: 'Only Items Marked for Hand-Off',
		name: 'onlyMarked',
		type: 'boolean',
		default: false,
		description: 'Whether to hand off only the items whose handoff field is true (as Crew Router and Specialist Agent set it); the others leave unchanged',
		displayOptions: show('handoff'),
	},
	{
		displayName: 'Labels',
		name: 'labels',
		type: 'string',
		default: '',
		placeholder: 'atendimento-humano',
		description: 'Comma-separated labels to add',
		displayOptions: show('handoff'),
	},
	{
		displayName: 'Team ID',
		name: 'teamId',
		type: 'number',
		default: 0,
		description: 'Team to assign (0 = none)',
		displayOptions: show('handoff'),
	},
	{
		displayName: 'Assignee ID',
		name: 'assigneeId',
		type: 'number',
		default: 0,
		description: 'Agent to assign (0 = none)',
		displayOptions: show('handoff'),
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Open', value: 'open' },
			{ name: 'Pending', value: 'pending' },
			{ name: 'Resolved', value: 'resolved' },
			{ name: 'Snoozed', value: 'snoozed' },
		],
		default: 'open',
		displayOptions: show('toggleStatus'),
	},
	{
		displayName: 'Typing',
		name: 'typing',
		type: 'options',
		options: [
			{ name: 'On', value: 'on' },
			{ name: 'Off', value: 'off' },
		],
		default: 'on',
		displayOptions: show('toggleTyping'),
	},
	{
		displayName: 'Add Labels',
		name: 'addLabels',
		type: 'string',
		default: '',
		description: 'Comma-separated labels to add',
		displayOptions: show('setLabels'),
	},
	{
		displayName: 'Remove Labels',
		name: 'removeLabels',
		type: 'string',
		default: '',
		description: 'Comma-separated labels to remove',
		displayOptions: show('setLabels'),
	},
	{
		displayName: 'Attributes',
		name: 'attributes',
		type: 'json',
		default: '{}',
		description: 'Custom attributes to set; the others are kept',
		displayOptions: show('setCustomAttributes'),
	},
	{
		displayName: 'Remove Attributes',
		name: 'removeAttributes',
		type: 'string',
		default: '',
		description: 'Comma-separated attribute keys to delete',
		displayOptions: show('setCustomAttributes'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show('listMessages'),
	},
	{ displayName: 'Name', name: 'contactName', type: 'string', default: '', displayOptions: show('updateContact') },
	{ displayName: 'Email', name: 'contactEmail', type: 'string', placeholder: 'name@email.com', default: '', displayOptions: show('updateContact') },
	{ displayName: 'Phone', name: 'contactPhone', type: 'string', default: '', placeholder: '+5511987654321', displayOptions: show('updateContact') },
	{ displayName: 'Identifier', name: 'contactIdentifier', type: 'string', default: '', displayOptions: show('updateContact') },
	{ displayName: 'Query', name: 'query', type: 'string', required: true, default: '', displayOptions: show('searchContacts') },
];
