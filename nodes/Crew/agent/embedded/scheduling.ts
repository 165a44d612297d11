import { localNow } from '../../hours';
import { formatSlot, type Lang } from '../../responder/locale';
import type { Tenant } from '../../../TenantConfig/schema/tenant';
import { DAYS } from '../../../TenantConfig/schema/tenant';
import { answerDraft, fold, handoffDraft, type Draft, type TurnContext } from '../context';
import { addDays, isoWeekday, readWhen, WEEKDAYS } from './when';

interface Slot {
	start: string;
	end: string;
	start_utc: string;
}

const DURATION_MINUTES = 60;
const ORDINALS: Array<[RegExp, number]> = [
	[/\b(1|1o|1º|um|uma|primeir[oa]|first|primer[oa]?|opcao 1|opcion 1|option 1)\b/, 0],
	[/\b(2|2o|2º|dois|duas|segund[oa]|second|opcao 2|opcion 2|option 2)\b/, 1],
	[/\b(3|3o|3º|tres|terceir[oa]|third|tercer[oa]?)\b/, 2],
	[/\b(4|4o|4º|quatro|quart[oa]|fourth|cuart[oa])\b/, 3],
	[/\b(5|5o|5º|cinco|quint[oa]|fifth|quint[oa])\b/, 4],
];

/** Which offered slot the customer picked, if the message picks one. */
export function pickSlot(text: string, offered: Array<{ start: string }>, lang: Lang, today: string): number | null {
	const folded = fold(text);
	const { time } = readWhen(text, lang, today);
	if (time) {
		const byTime = offered.map((slot, i) => ({ i, slot })).filter(({ slot }) => slot.start.slice(11, 16) === time);
		if (byTime.length === 1) return byTime[0].i;
		const weekday = WEEKDAYS.find(([re]) => re.test(folded))?.[1];
		const day = /\b(?:dia\s*)?([0-3]?\d)\/([01]?\d)\b/.exec(folded) ?? /\bdia\s+([0-3]?\d)\b/.exec(folded);
		const narrowed = byTime.filter(({ slot }) => (weekday ? isoWeekday(slot.start.slice(0, 10)) === weekday : true) && (day ? Number(slot.start.slice(8, 10)) === Number(day[1]) : true));
		if (narrowed.length >= 1 && (weekday || day)) return narrowed[0].i;
	}
	if (folded.split(/\s+/).length <= 6) {
		for (const [re, index] of ORDINALS) if (re.test(folded) && index < offered.length) return index;
	}
	if (offered.length === 1 && /\b(sim|pode ser|ok|fechado|confirmo|yes|si|dale|perfeito|otimo)\b/.test(folded)) return 0;
	return null;
}

/** The window to look for slots in: the days the customer named (tomorrow, a weekday, a date) or the next week. */
function searchWindow(text: string, lang: Lang, today: string, clock: string): { from: string; to: string } {
	return readWhen(text, lang, today, clock).days ?? { from: addDays(today, 1), to: addDays(today, 7) };
}

/** The tenant's hours as the calendar tool takes them: one daily span and the open weekdays. */
function businessHours(tenant: Tenant): { start: string; end: string; weekdays: number[] } | undefined {
	const open = DAYS.map((day, i) => ({ i: i + 1, spans: tenant.business_hours[day] })).filter((d) => d.spans.length > 0);
	if (open.length === 0) return undefined;
	const starts = open.flatMap((d) => d.spans.map((s) => s.open)).sort();
	const ends = open.flatMap((d) => d.spans.map((s) => s.close)).sort();
	return { start: starts[0], end: ends[ends.length - 1], weekdays: open.map((d) => d.i) };
}

/** Offers real free slots from the calendar; books the one the customer picks. */
export async function schedulingDraft(ctx: TurnContext): Promise<Draft> {
	if (!ctx.tools.has('odoo_calendar_free_slots')) return handoffDraft(ctx, 'no_calendar', ctx.phrases.nothingGrounded);
	const offered = ctx.memory.offered_slots ?? [];
	const picked = offered.length ? pickSlot(ctx.text, offered, ctx.lang, localNow(ctx.now, ctx.tenant.timezone).date) : null;
	if (picked !== null && ctx.tools.has('odoo_calendar_book')) {
		if (!(await ctx.tools.bindCustomer())) return ctx.tools.upstreamFailure ? handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage) : handoffDraft(ctx, 'customer_unknown');
		const slot = offered[picked];
		const booked = await ctx.tools.call<{ start_utc: string; start: string }>('odoo_calendar_book', {
			start: slot.start,
			duration_minutes: DURATION_MINUTES,
			timezone: ctx.tenant.timezone,
			title: `${ctx.agent?.name ?? 'Agendamento'} - ${ctx.tenant.name}`,
		});
		if (booked.ok) {
			ctx.memory.offered_slots = [];
			return answerDraft(ctx.phrases.booked(formatSlot(booked.data!.start_utc, ctx.tenant.timezone, ctx.lang)), { labels: ['scheduled'] });
		}
		if (booked.kind === 'upstream' || booked.kind === 'internal') return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
		// Taken meanwhile (another customer, a colleague in Odoo): offer what is free now.
		return await offerSlots(ctx, ctx.text, ctx.phrases.slotTaken);
	}
	return await offerSlots(ctx, ctx.text);
}

async function offerSlots(ctx: TurnContext, text: string, preface?: string): Promise<Draft> {
	const local = localNow(ctx.now, ctx.tenant.timezone);
	const range = searchWindow(text, ctx.lang, local.date, local.time);
	const hours = businessHours(ctx.tenant);
	const found = await ctx.tools.call<{ slots: Slot[] }>('odoo_calendar_free_slots', {
		date_from: range.from,
		date_to: range.to,
		duration_minutes: DURATION_MINUTES,
		timezone: ctx.tenant.timezone,
		max_slots: 5,
		...(hours ? { business_hours: hours } : {}),
	});
	if (!found.ok) return handoffDraft(ctx, 'upstream_unavailable', ctx.phrases.outage);
	const slots = found.data?.slots ?? [];
	if (slots.length === 0) return handoffDraft(ctx, 'no_free_slots', ctx.phrases.noSlots);
	const labelled = slots.map((slot) => ({ start: slot.start, label: formatSlot(slot.start_utc, ctx.tenant.timezone, ctx.lang) }));
	ctx.memory.offered_slots = labelled;
	const list = labelled.map((slot, i) => `${i + 1}. ${slot.label}`).join('\n');
	return answerDraft(`${preface ? `${preface} ` : ''}${ctx.phrases.slotsOffer}\n${list}\n${ctx.phrases.slotsAsk}`, { labels: ['slots_offered'] });
}
