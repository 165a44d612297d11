import type { Client, McpServer } from './sdk';

type Message = Record<string, unknown>;

/** The protocol methods the SDK's own dispatcher calls (pinned SDK 1.32.x). */
interface ProtocolInternals {
	transport?: { onmessage?: (message: Message, extra?: unknown) => void };
	_onrequest?: (message: Message, extra?: unknown) => void;
	_onresponse?: (message: Message) => void;
	_onnotification?: (message: Message) => void;
	_onerror?: (error: Error) => void;
}

/**
 * The SDK tells requests, responses and notifications apart by trying a strict zod parse of
 * each kind in turn; every failed attempt builds an error with a stack trace, which made up
 * most of an in-process tool call's cost. Between our own linked client and server every
 * message is well-formed by construction, so the JSON-RPC shape decides: `method` + `id` is a
 * request, `method` alone a notification, `result`/`error` + `id` a response. The handlers
 * still validate what they receive (request params, tool arguments, results). If a future SDK
 * renames its internals, the SDK's own dispatch stays in place.
 */
export function dispatchByShape(endpoint: Client | McpServer): void {
	const protocol = ('server' in endpoint ? endpoint.server : endpoint) as unknown as ProtocolInternals;
	const transport = protocol.transport;
	const { _onrequest, _onresponse, _onnotification, _onerror } = protocol;
	if (!transport || !_onrequest || !_onresponse || !_onnotification || !_onerror) return;
	transport.onmessage = (message, extra) => {
		if (message.jsonrpc === '2.0') {
			if (typeof message.method === 'string') {
				if ('id' in message) _onrequest.call(protocol, message, extra);
				else _onnotification.call(protocol, message);
				return;
			}
			if ('id' in message && ('result' in message || 'error' in message)) {
				_onresponse.call(protocol, message);
				return;
			}
		}
		_onerror.call(protocol, new Error(`Unknown message type: ${JSON.stringify(message).slice(0, 200)}`));
	};
}
