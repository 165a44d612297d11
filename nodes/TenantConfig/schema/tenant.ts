import { z } from 'zod/v4';

import { TENANT_ID_PATTERN, TENANT_ID_RULE } from '../../../lib/tenant';
import { CHANNELS } from './channels';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function isTimeZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}

export const OpeningSchema = z
	.strictObject({
		open: z.string().regex(TIME, { error: 'must be a 24-hour time HH:MM, e.g. "08:00"' }).describe('Opening time, HH:MM in the tenant\'s time zone.'),
		close: z.string().regex(TIME, { error: 'must be a 24-hour time HH:MM, e.g. "18:00"' }).describe('Closing time, HH:MM; after open.'),
	})
	.refine((span) => !TIME.test(span.open) || !TIME.test(span.close) || minutes(span.open) < minutes(span.close), {
		error: 'close must be later than open (split a span that crosses midnight in two days)',
		path: ['close'],
	});

const day = (description: string) => z.array(OpeningSchema).max(6).describe(description);

export const BusinessHoursSchema = z
	.strictObject({
		mon: day('Monday spans; [] when closed.'),
		tue: day('Tuesday spans.'),
		wed: day('Wednesday spans.'),
		thu: day('Thursday spans.'),
		fri: day('Friday spans.'),
		sat: day('Saturday spans.'),
		sun: day('Sunday spans.'),
	})
	.describe('Opening hours per weekday, as lists of {open, close} spans.');

export const HolidaySchema = z.strictObject({
	date: z
		.string()
		.regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'must be YYYY-MM-DD for one day or MM-DD for every year' })
		.describe('YYYY-MM-DD (that day only) or MM-DD (every year).'),
	name: z.string().trim().min(1).max(120).describe('What the holiday is, e.g. "Natal".'),
});

export const ChannelSettingsSchema = z.strictObject({
	enabled: z.boolean().describe('Whether the bot answers on this channel.'),
	crew: z.enum(CHANNELS).optional().describe('Serve this channel with another channel\'s crew (e.g. instagram with the facebook crew); default its own.'),
});

export const HandoffRulesSchema = z.strictObject({
	keywords: z
		.array(z.string().trim().min(2).max(80))
		.max(200)
		.describe('Words or phrases that always go to a person, besides the built-in ones ("atendente", "humano", "Procon"...).'),
	sentiment: z
		.strictObject({
			enabled: z.boolean(),
			threshold: z.number().min(-1).max(0).describe('Hand off when the message\'s sentiment is at or below this (-1 furious .. 0 neutral).'),
		})
		.describe('Hand off angry customers.'),
	max_bot_turns: z.number().int().min(1).max(100).describe('After this many bot replies in one conversation, a person takes over.'),
	outside_hours: z
		.enum(['bot_only', 'handoff', 'away_message'])
		.describe('Outside business hours: bot_only = the bot answers and never hands off; handoff = hand-offs queue for the next opening; away_message = reply with away_message and stop.'),
	away_message: z.string().trim().max(1_000).optional().describe('The reply outside business hours when outside_hours is away_message.'),
});

export const ReplyLanguageSchema = z.strictObject({
	mode: z.enum(['customer', 'tenant']).describe('customer = answer in the customer\'s language when supported; tenant = always the tenant\'s locale.'),
	supported: z.array(z.enum(['pt', 'es', 'en'])).min(1).describe('Languages the bot answers in.'),
	fallback: z.enum(['pt', 'es', 'en']).describe('Language when the customer\'s is not supported or unclear.'),
});

export const OdooReferenceSchema = z.strictObject({
	connection: z
		.string()
		.trim()
		.max(120)
		.nullable()
		.describe('Name of the Odoo connection (n8n credential or MCP deployment) that holds this tenant\'s data; never the secret itself. null = none.'),
	company_id: z.number().int().positive().nullable().optional().describe('Odoo company of this tenant in a multi-company database.'),
});

/** The words a customer writes for what the catalog calls otherwise; compared without accents or case. */
const SYNONYM_KEY = z
	.string()
	.trim()
	.min(1, { error: 'a customer word must not be empty' })
	.max(80, { error: 'a customer word has at most 80 characters' });

export const SynonymsSchema = z
	.record(SYNONYM_KEY, z.string().trim().min(1, { error: 'the catalog word must not be empty' }).max(120, { error: 'the catalog word has at most 120 characters' }))
	.refine((map) => Object.keys(map).length <= 500, { error: 'at most 500 synonyms' })
	.default({})
	.describe('Customer word → catalog word ("bike" → "bicicleta", "casco" → "capacete"), used when looking products up; {} = none.');

export const GreetingSchema = z
	.string()
	.trim()
	.min(1, { error: 'must not be empty (null = the built-in greeting)' })
	.max(500)
	.nullable()
	.default(null)
	.describe('The opening line of a conversation in the tenant\'s language, e.g. "Oi! Aqui é da Pedal Forte 🚲 Como posso te ajudar?"; null = a built-in greeting with the tenant\'s name.');

export const TenantSchema = z
	.strictObject({
		id: z.string().regex(TENANT_ID_PATTERN, { error: `must be ${TENANT_ID_RULE}` }).describe('The tenant id: its Chatwoot account id.'),
		name: z.string().trim().min(1).max(200).describe('The company name the bot speaks for.'),
		locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, { error: 'must be a language tag such as "pt-BR", "es" or "en-US"' }).describe('Main language, e.g. pt-BR.'),
		timezone: z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as "America/Sao_Paulo"' }).describe('IANA time zone, e.g. America/Sao_Paulo.'),
		business_hours: BusinessHoursSchema,
		holidays: z.array(HolidaySchema).max(100).describe('Days closed.'),
		channels: z.partialRecord(z.enum(CHANNELS), ChannelSettingsSchema).describe('Per channel: enabled, and which channel\'s crew serves it. Channels left out are enabled with their own crew.'),
		odoo: OdooReferenceSchema,
		handoff: HandoffRulesSchema,
		reply_language: ReplyLanguageSchema,
		token_budget_per_day: z.number().int().min(0).max(100_000_000).describe('LLM tokens the tenant may spend per day; 0 = never call an LLM (embedded answers only).'),
		greeting: GreetingSchema,
		synonyms: SynonymsSchema,
	})
	.describe('A company served by OmniCrew: hours, channels, hand-off rules, language, budget, greeting and product synonyms.');

export type Tenant = z.output<typeof TenantSchema>;
export type TenantInput = z.input<typeof TenantSchema>;
export type BusinessHours = z.output<typeof BusinessHoursSchema>;
