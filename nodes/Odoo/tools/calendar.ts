import { z } from 'zod/v4';

import { InvalidInputError, RefusedError } from '../../../lib/errors';
import { toolFactory } from '../../../lib/mcp/tool';
import type { OdooClient } from '../client/odoo-client';
import { boundPartner } from '../profile';
import { addDays, assertTimeZone, fromOdooUtc, parseInstant, toOdooUtc, utcToZoned, weekday, zonedToUtc } from '../time';
import { confirmField, tenantField, previewOutput, type OdooToolContext } from './fields';

const tool = toolFactory<OdooToolContext>();

export const DEFAULT_TZ = 'America/Sao_Paulo';
const dayField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'use YYYY-MM-DD' });
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'use HH:MM, 24 h' });
const tzField = z.string().optional().describe(`IANA time zone of the business (default: the Odoo user's time zone, else ${DEFAULT_TZ}).`);
const durationField = z.number().int().min(15).max(480).describe('Length of the appointment in minutes.');

interface Busy {
	id: number;
	start: Date;
	stop: Date;
}

/**
 * Events that take time between `from` and `to`. An all-day event is stored with naive dates at any hour (Odoo's
 * demo data: 00:00 to 00:00, its forms: 08:00 to 18:00) and takes its whole days in the business time zone; an event
 * shown as free (show_as = free) takes none. The search is a day wider on each side for the all-day ones.
 */
async function busyBetween(odoo: OdooClient, from: Date, to: Date, tz: string): Promise<Busy[]> {
	const day = 86_400_000;
	const events = await odoo.searchRead('calendar.event', [['start', '<', toOdooUtc(new Date(to.getTime() + day))], ['stop', '>', toOdooUtc(new Date(from.getTime() - day))]], {
		fields: ['id', 'start', 'stop', 'allday', 'start_date', 'stop_date', 'show_as'],
		limit: 500,
	});
	return events
		.filter((e) => e.show_as !== 'free')
		.map((e) => {
			if (e.allday === true) {
				const first = typeof e.start_date === 'string' ? e.start_date : String(e.start).slice(0, 10);
				const last = typeof e.stop_date === 'string' ? e.stop_date : String(e.stop).slice(0, 10);
				return { id: e.id, start: zonedToUtc(first, '00:00', tz), stop: zonedToUtc(addDays(last < first ? first : last, 1), '00:00', tz) };
			}
			return { id: e.id, start: fromOdooUtc(String(e.start)), stop: fromOdooUtc(String(e.stop)) };
		})
		.filter((e) => e.start < to && from < e.stop);
}

/** The time zone asked for, else the Odoo user's own (Preferences), else DEFAULT_TZ. */
async function timeZoneFor(odoo: OdooClient, asked: string | undefined): Promise<string> {
	if (asked) return assertTimeZone(asked);
	const { tz } = await odoo.userContext();
	if (tz) {
		try {
			return assertTimeZone(tz);
		} catch {
			// a zone name this runtime does not know: the default is better than no answer
		}
	}
	return DEFAULT_TZ;
}

const overlaps = (a: { start: Date; stop: Date }, b: { start: Date; stop: Date }) => a.start < b.stop && b.start < a.stop;

async function assertFree(odoo: OdooClient, start: Date, stop: Date, tz: string, ignoreEventId?: number): Promise<void> {
	const clash = (await busyBetween(odoo, start, stop, tz)).find((e) => e.id !== ignoreEventId && overlaps(e, { start, stop }));
	if (clash) throw new RefusedError(`That time is taken (event ${clash.id}). Offer free slots from odoo_calendar_free_slots instead.`);
}

async function assertOwnEvent(odoo: OdooClient, eventId: number, partner: number | undefined, tool: string): Promise<Record<string, unknown>> {
	const [event] = await odoo.read('calendar.event', [eventId], ['id', 'name', 'start', 'stop', 'partner_ids', 'duration']);
	const attendees = Array.isArray(event?.partner_ids) ? (event.partner_ids as number[]) : [];
	// the customer profile sees another customer's appointment exactly as a missing one
	if (!event || (partner !== undefined && !attendees.includes(partner))) throw new InvalidInputError(`${tool}: appointment ${eventId} was not found for this customer.`);
	return event;
}

export const odooCalendarFreeSlots = tool({
	name: 'odoo_calendar_free_slots',
	title: 'Free appointment slots',
	description:
		'Free slots for an appointment between two dates, within business hours, leaving out times taken by existing calendar events. Offer only slots from this result; times are given in the business time zone.',
	input: z.object({
		tenant_id: tenantField,
		date_from: dayField.describe('First day, YYYY-MM-DD.'),
		date_to: dayField.describe('Last day, YYYY-MM-DD (at most 31 days after date_from).'),
		duration_minutes: durationField,
		business_hours: z
			.object({
				start: clock.describe('Opening time, e.g. "09:00".'),
				end: clock.describe('Closing time, e.g. "18:00".'),
				weekdays: z.array(z.number().int().min(1).max(7)).min(1).describe('Open days, 1 = Monday … 7 = Sunday.'),
			})
			.optional()
			.describe('Default: Monday to Friday, 09:00 to 18:00.'),
		timezone: tzField,
		max_slots: z.number().int().min(1).max(50).optional().describe('How many slots at most (default 10).'),
	}),
	output: z.object({
		timezone: z.string(),
		slots: z.array(z.object({ start: z.string().describe('Local "YYYY-MM-DD HH:MM".'), end: z.string(), start_utc: z.string(), weekday: z.number() })),
	}),
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { odoo }) => {
		const tz = await timeZoneFor(odoo, args.timezone);
		const hours = args.business_hours ?? { start: '09:00', end: '18:00', weekdays: [1, 2, 3, 4, 5] };
		if (args.date_to < args.date_from) throw new InvalidInputError('date_to is before date_from.');
		if (addDays(args.date_from, 31) < args.date_to) throw new InvalidInputError('Ask for at most 31 days at a time.');
		const from = zonedToUtc(args.date_from, '00:00', tz);
		const to = zonedToUtc(addDays(args.date_to, 1), '00:00', tz);
		const busy = await busyBetween(odoo, from, to, tz);
		const step = Math.min(args.duration_minutes, 30) * 60_000;
		const now = Date.now();
		const slots: Array<{ start: string; end: string; start_utc: string; weekday: number }> = [];
		for (let day = args.date_from; day <= args.date_to && slots.length < (args.max_slots ?? 10); day = addDays(day, 1)) {
			if (!hours.weekdays.includes(weekday(day))) continue;
			const open = zonedToUtc(day, hours.start, tz).getTime();
			const close = zonedToUtc(day, hours.end, tz).getTime();
			for (let t = open; t + args.duration_minutes * 60_000 <= close && slots.length < (args.max_slots ?? 10); t += step) {
				const slot = { start: new Date(t), stop: new Date(t + args.duration_minutes * 60_000) };
				if (slot.start.getTime() < now || busy.some((e) => overlaps(e, slot))) continue;
				slots.push({ start: utcToZoned(slot.start, tz), end: utcToZoned(slot.stop, tz), start_utc: slot.start.toISOString(), weekday: weekday(day) });
			}
		}
		return { timezone: tz, slots };
	},
});

export const odooCalendarBook = tool({
	name: 'odoo_calendar_book',
	title: 'Book an appointment',
	description: 'Books an appointment (calendar.event) for the customer at a free time. Refuses a time that is taken. Under the customer profile the conversation\'s own customer is the attendee.',
	input: z.object({
		tenant_id: tenantField,
		start: z.string().describe('Start, "YYYY-MM-DD HH:MM" in the business time zone (or an ISO time with Z).'),
		duration_minutes: durationField,
		title: z.string().trim().min(1).max(200).optional().describe('Title, e.g. "Visita técnica - Ana Paula".'),
		description: z.string().max(4_000).optional().describe('Notes for the appointment.'),
		partner_id: z.number().int().positive().optional().describe('Attendee (erp_operator); the conversation\'s customer under the customer profile.'),
		timezone: tzField,
	}),
	output: z.object({ event_id: z.number(), start: z.string(), end: z.string(), start_utc: z.string(), timezone: z.string() }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
	run: async (args, { odoo, profile }, call) => {
		const tz = await timeZoneFor(odoo, args.timezone);
		const partner = boundPartner(profile, call, args.partner_id, 'odoo_calendar_book');
		const start = parseInstant(args.start, tz);
		if (start.getTime() < Date.now()) throw new InvalidInputError('That time is in the past.');
		const stop = new Date(start.getTime() + args.duration_minutes * 60_000);
		await assertFree(odoo, start, stop, tz);
		const id = await odoo.create('calendar.event', {
			name: args.title ?? 'Atendimento',
			start: toOdooUtc(start),
			stop: toOdooUtc(stop),
			...(partner ? { partner_ids: [[6, 0, [partner]]] } : {}),
			...(args.description ? { description: args.description } : {}),
		});
		return { event_id: id, start: utcToZoned(start, tz), end: utcToZoned(stop, tz), start_utc: start.toISOString(), timezone: tz };
	},
});

export const odooCalendarReschedule = tool({
	name: 'odoo_calendar_reschedule',
	title: 'Move an appointment',
	description: 'Moves an appointment to a new free time, keeping its length unless a new one is given. Under the customer profile only the customer\'s own appointments can be moved.',
	input: z.object({
		tenant_id: tenantField,
		event_id: z.number().int().positive().describe('The appointment (calendar.event) id.'),
		start: z.string().describe('New start, "YYYY-MM-DD HH:MM" in the business time zone.'),
		duration_minutes: durationField.optional(),
		timezone: tzField,
	}),
	output: z.object({ event_id: z.number(), start: z.string(), end: z.string(), timezone: z.string() }),
	annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	run: async (args, { odoo, profile }, call) => {
		const tz = await timeZoneFor(odoo, args.timezone);
		const partner = profile === 'customer' ? boundPartner(profile, call, undefined, 'odoo_calendar_reschedule') : undefined;
		const event = await assertOwnEvent(odoo, args.event_id, partner, 'odoo_calendar_reschedule');
		const start = parseInstant(args.start, tz);
		if (start.getTime() < Date.now()) throw new InvalidInputError('That time is in the past.');
		const minutes = args.duration_minutes ?? Math.round(Number(event.duration ?? 1) * 60);
		const stop = new Date(start.getTime() + minutes * 60_000);
		await assertFree(odoo, start, stop, tz, args.event_id);
		await odoo.write('calendar.event', [args.event_id], { start: toOdooUtc(start), stop: toOdooUtc(stop) });
		return { event_id: args.event_id, start: utcToZoned(start, tz), end: utcToZoned(stop, tz), timezone: tz };
	},
});

export const odooCalendarCancel = tool({
	name: 'odoo_calendar_cancel',
	title: 'Cancel an appointment',
	description: 'Cancels (deletes) an appointment. Destructive: without confirm: true it only says which appointment would be cancelled. Under the customer profile only the customer\'s own appointments.',
	input: z.object({
		tenant_id: tenantField,
		event_id: z.number().int().positive().describe('The appointment (calendar.event) id.'),
		confirm: confirmField,
		timezone: tzField,
	}),
	output: z.object({ cancelled: z.boolean(), ...previewOutput }),
	annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
	run: async (args, { odoo, profile }, call) => {
		const tz = await timeZoneFor(odoo, args.timezone);
		const partner = profile === 'customer' ? boundPartner(profile, call, undefined, 'odoo_calendar_cancel') : undefined;
		const event = await assertOwnEvent(odoo, args.event_id, partner, 'odoo_calendar_cancel');
		if (args.confirm !== true) {
			return { cancelled: false, needs_confirmation: true, would: `cancel "${String(event.name)}" on ${utcToZoned(fromOdooUtc(String(event.start)), tz)} (${tz})` };
		}
		await odoo.unlink('calendar.event', [args.event_id]);
		return { cancelled: true };
	},
});
