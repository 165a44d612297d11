/** Who receives which event (webhooks.md section 1): account webhooks by subscription, the agent bot by its subset. */
import type { Conversation, Store } from './state';
import type { Delivery, JsonObject } from './types';
import type { Dispatcher } from './webhooks';

/** Events an agent bot receives (agent-bots.md section 4); conversation_opened/_resolved reach bots only. */
const BOT_EVENTS = new Set(['message_created', 'message_updated', 'webwidget_triggered', 'conversation_opened', 'conversation_resolved', 'conversation_updated', 'conversation_status_changed']);

export interface EventPayloads {
	/** Built synchronously after the change, as Chatwoot builds agent-bot payloads. */
	bot?: JsonObject;
	/** The account-webhook copy; Chatwoot builds it a moment later in a job, so it may show later state. */
	account?: JsonObject;
}

export type BotFailureHandler = (conversation: Conversation, delivery: Delivery) => void;

export class EventRouter {
	constructor(
		private readonly store: Store,
		private readonly dispatcher: Dispatcher,
		private readonly onBotMessageFailure: BotFailureHandler,
	) {}

	/**
	 * Sends an event to everyone who should get it. Sending starts on the next turn of the event
	 * loop, so an API response is never held back by a webhook receiver.
	 */
	emit(event: string, conversation: Conversation | null, payloads: EventPayloads): Promise<Delivery[]> {
		const sends: Array<() => Promise<Delivery>> = [];
		const bot = conversation ? this.store.botFor(conversation) : undefined;
		const botUrl = conversation ? this.store.botUrlFor(conversation) : '';
		if (bot && payloads.bot && botUrl && BOT_EVENTS.has(event)) {
			const body = JSON.stringify(payloads.bot);
			const url = botUrl;
			sends.push(async () => {
				const delivery = await this.dispatcher.send({ target: 'agent_bot', url, secret: () => bot.secret }, event, body);
				const failed = typeof delivery.status !== 'number' || delivery.status < 200 || delivery.status >= 300;
				if (failed && conversation && (event === 'message_created' || event === 'message_updated')) this.onBotMessageFailure(conversation, delivery);
				return delivery;
			});
		}
		if (payloads.account) {
			const body = JSON.stringify(payloads.account);
			for (const webhook of this.store.webhooks) {
				if (!webhook.subscriptions.includes(event)) continue;
				sends.push(() => this.dispatcher.send({ target: 'webhook', url: webhook.url, secret: () => webhook.secret }, event, body));
			}
		}
		if (!sends.length) return Promise.resolve([]);
		return new Promise((resolve) => {
			setImmediate(() => resolve(Promise.all(sends.map((send) => send()))));
		});
	}
}

/** Same payload for both paths. */
export function both(payload: JsonObject): EventPayloads {
	return { bot: payload, account: payload };
}
