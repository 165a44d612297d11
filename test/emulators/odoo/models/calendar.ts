/**
 * `calendar.event` / `calendar.attendee`: naive UTC `start`/`stop`, `duration` in hours, all-day events, attendees
 * from `partner_ids`, `display_time` in the context/user tz, the date constraints and the default times.
 */
import { validationError } from '../errors';
import { create, partnerOrder, unlink } from '../orm/store';
import type { Env, ModelSpec, Rec } from '../orm/types';

type Spec = Partial<ModelSpec> & { name: string };

const HOUR = 3600_000;

function parseUtc(value: unknown): Date | undefined {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(value)) return undefined;
	return new Date(`${value.length === 10 ? `${value} 00:00:00` : value}`.replace(' ', 'T') + 'Z');
}

export function utcString(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Now rounded up to the next half hour (the default `start`). */
function defaultStart(env: Env): Date {
	const now = env.store.now().getTime();
	const half = 30 * 60_000;
	return new Date(Math.ceil(now / half) * half);
}

function userPartner(env: Env): number | undefined {
	const user = env.store.models.get('res.users')?.records.get(env.uid);
	return typeof user?.partner_id === 'number' ? user.partner_id : undefined;
}

/** Wall-clock parts of a UTC instant in a time zone. */
function inZone(date: Date, tz: string): { date: string; time: string } {
	let zone = tz;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		zone = 'UTC';
	}
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
			.formatToParts(date)
			.map((part) => [part.type, part.value]),
	);
	return { date: `${parts.month}/${parts.day}/${parts.year}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

function displayTime(rec: Rec, env: Env): string | false {
	const start = parseUtc(rec.start);
	const stop = parseUtc(rec.stop);
	if (!start || !stop) return false;
	const user = env.store.models.get('res.users')?.records.get(env.uid);
	const partner = typeof user?.partner_id === 'number' ? env.store.models.get('res.partner')?.records.get(user.partner_id) : undefined;
	const tz = [env.context.tz, user?.tz, partner?.tz].find((value): value is string => typeof value === 'string' && value !== '') ?? 'UTC';
	const from = inZone(start, tz);
	if (rec.allday === true) return `All Day, ${from.date}`;
	const duration = typeof rec.duration === 'number' ? rec.duration : (stop.getTime() - start.getTime()) / HOUR;
	if (duration < 24) {
		const end = inZone(new Date(start.getTime() + Math.round(duration * 60) * 60_000), tz);
		return `${from.date} at (${from.time} To ${end.time}) (${tz})`;
	}
	const to = inZone(stop, tz);
	return `${from.date} at ${from.time} To\n ${to.date} at ${to.time} (${tz})`;
}

function checkDates(rec: Rec, env: Env, before?: { start: unknown; stop: unknown }): void {
	const quote = (value: unknown) => String(value);
	const name = typeof rec.name === 'string' ? rec.name : '';
	const meeting = (start: unknown, stop: unknown) =>
		env.version === '18.0' ? `Meeting “${name}” starts at ${quote(start)} and ends at ${quote(stop)}` : `Meeting '${name}' starts '${quote(start)}' and ends '${quote(stop)}'`;
	if (rec.allday === true && typeof rec.start_date === 'string' && typeof rec.stop_date === 'string' && rec.stop_date < rec.start_date) {
		const detail = env.version === '18.0' ? `Meeting “${name}” starts on ${rec.start_date} and ends on ${rec.stop_date}` : meeting(before?.start ?? rec.start, before?.stop ?? rec.stop);
		throw validationError(`The ending date cannot be earlier than the starting date.\n${detail}`);
	}
	if (typeof rec.start === 'string' && typeof rec.stop === 'string' && rec.stop < rec.start) {
		throw validationError(`The ending date and time cannot be earlier than the starting date and time.\n${meeting(rec.start, rec.stop)}`);
	}
}

/** Applies all-day dates (`start_date`/`stop_date` → 08:00 / 18:00) or derives them, and recomputes `duration`. */
function applyDates(rec: Rec, vals: Record<string, unknown>): void {
	if (rec.allday === true) {
		if (typeof vals.start_date === 'string' || typeof vals.stop_date === 'string') {
			if (typeof rec.start_date === 'string') rec.start = `${rec.start_date} 08:00:00`;
			if (typeof rec.stop_date === 'string') rec.stop = `${rec.stop_date} 18:00:00`;
		} else {
			if (typeof rec.start === 'string') rec.start_date = rec.start.slice(0, 10);
			if (typeof rec.stop === 'string') rec.stop_date = rec.stop.slice(0, 10);
		}
	} else if ('start' in vals || 'stop' in vals || 'allday' in vals) {
		rec.start_date = false;
		rec.stop_date = false;
	}
	const start = parseUtc(rec.start);
	const stop = parseUtc(rec.stop);
	if (start && stop) rec.duration = Math.round(((stop.getTime() - start.getTime()) / HOUR) * 1e6) / 1e6;
}

function attendeesOf(env: Env, event: Rec): Rec[] {
	const attendees = env.store.model('calendar.attendee');
	return [...attendees.records.values()].filter((attendee) => attendee.event_id === event.id);
}

/** Creates/removes `calendar.attendee`s so that they match `partner_ids`. */
function syncAttendees(env: Env, event: Rec): void {
	const partners = Array.isArray(event.partner_ids) ? (event.partner_ids as number[]) : [];
	const existing = attendeesOf(env, event);
	const stale = existing.filter((attendee) => !partners.includes(attendee.partner_id as number)).map((attendee) => attendee.id);
	if (stale.length) unlink(env, 'calendar.attendee', stale);
	const have = new Set(existing.map((attendee) => attendee.partner_id));
	const organizer = typeof event.user_id === 'number' ? env.store.models.get('res.users')?.records.get(event.user_id)?.partner_id : userPartner(env);
	let missing = partnerOrder(env, partners.filter((id) => !have.has(id)));
	if (env.version === '18.0') missing = [...missing.filter((id) => id === organizer), ...missing.filter((id) => id !== organizer)];
	for (const partnerId of missing) {
		const partner = env.store.model('res.partner').records.get(partnerId);
		create(env, 'calendar.attendee', {
			event_id: event.id,
			partner_id: partnerId,
			state: partnerId === organizer ? 'accepted' : 'needsAction',
			common_name: typeof partner?.name === 'string' ? partner.name : false,
			email: typeof partner?.email === 'string' ? partner.email : false,
			availability: false,
		});
	}
	event.attendee_ids = attendeesOf(env, event)
		.map((attendee) => attendee.id)
		.sort((a, b) => a - b);
}

export const CALENDAR_SPECS: Spec[] = [
	{
		name: 'calendar.event',
		order: 'start desc',
		fields: { show_as: { type: 'selection', string: 'Show as', selection: [['free', 'Available'], ['busy', 'Busy']] } },
		defaults: {
			show_as: () => 'busy',
			start: (env) => utcString(defaultStart(env)),
			stop: (env) => utcString(new Date(defaultStart(env).getTime() + HOUR)),
			user_id: (env) => env.uid,
			allday: () => false,
			start_date: () => false,
			stop_date: () => false,
			event_tz: () => false,
			location: () => false,
			description: () => false,
			partner_ids: (env) => {
				const partner = userPartner(env);
				return partner ? [[4, partner]] : [];
			},
		},
		afterCreate: (rec, vals, env) => {
			const before = { start: rec.start, stop: rec.stop };
			applyDates(rec, { ...vals, start: rec.start, stop: rec.stop });
			// attendees are created before the constraint runs: a failed create still uses up their ids
			syncAttendees(env, rec);
			try {
				checkDates(rec, env, before);
			} catch (error) {
				const attendees = attendeesOf(env, rec).map((attendee) => attendee.id);
				if (attendees.length) unlink(env, 'calendar.attendee', attendees);
				throw error;
			}
		},
		beforeWrite: (rec, vals) => {
			if ('start' in vals && !('stop' in vals) && rec.allday !== true) {
				const start = parseUtc(vals.start);
				const duration = typeof rec.duration === 'number' ? rec.duration : 1;
				if (start) return { ...vals, stop: utcString(new Date(start.getTime() + Math.round(duration * HOUR))) };
			}
			return vals;
		},
		afterWrite: (rec, vals, env) => {
			applyDates(rec, vals);
			checkDates(rec, env);
			if ('partner_ids' in vals) syncAttendees(env, rec);
		},
		beforeUnlink: (rec, env) => {
			const attendees = attendeesOf(env, rec).map((attendee) => attendee.id);
			if (attendees.length) unlink(env, 'calendar.attendee', attendees);
		},
		computes: { display_time: (rec, env) => displayTime(rec, env) },
	},
	{
		name: 'calendar.attendee',
		displayName: (rec, env) => {
			const partner = typeof rec.partner_id === 'number' ? env.store.models.get('res.partner')?.records.get(rec.partner_id) : undefined;
			return typeof rec.common_name === 'string' ? rec.common_name : typeof partner?.name === 'string' ? partner.name : `calendar.attendee,${rec.id}`;
		},
	},
];
