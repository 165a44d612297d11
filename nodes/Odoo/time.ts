import { InvalidInputError } from '../../lib/errors';

/** Odoo stores datetimes as naive UTC strings "YYYY-MM-DD HH:MM:SS". */
export function toOdooUtc(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function fromOdooUtc(text: string): Date {
	return new Date(`${text.replace(' ', 'T')}Z`);
}

export function assertTimeZone(tz: string): string {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: tz });
		return tz;
	} catch {
		throw new InvalidInputError(`timezone "${tz}" is not an IANA time zone such as America/Sao_Paulo.`);
	}
}

/** Offset of `tz` from UTC at `instant`, in minutes (São Paulo: -180). */
function offsetMinutes(instant: Date, tz: string): number {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
			.formatToParts(instant)
			.map((p) => [p.type, p.value]),
	);
	const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
	return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** A wall-clock time in `tz` ("2026-12-01", "14:30") as a UTC instant. */
export function zonedToUtc(day: string, time: string, tz: string): Date {
	const naive = new Date(`${day}T${time.length === 5 ? `${time}:00` : time}Z`);
	if (Number.isNaN(naive.getTime())) throw new InvalidInputError(`"${day} ${time}" is not a date and time (use YYYY-MM-DD and HH:MM).`);
	let utc = new Date(naive.getTime() - offsetMinutes(naive, tz) * 60_000);
	utc = new Date(naive.getTime() - offsetMinutes(utc, tz) * 60_000); // settle across a DST change
	return utc;
}

/** The wall-clock rendering of an instant in `tz`: "2026-12-01 14:30". */
export function utcToZoned(instant: Date, tz: string): string {
	const local = new Date(instant.getTime() + offsetMinutes(instant, tz) * 60_000);
	return local.toISOString().slice(0, 16).replace('T', ' ');
}

/** Accepts "2026-12-01 14:30" / "2026-12-01T14:30" (wall clock in tz) or an ISO instant with Z/offset. */
export function parseInstant(text: string, tz: string): Date {
	const trimmed = text.trim();
	if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(trimmed)) {
		const date = new Date(trimmed);
		if (Number.isNaN(date.getTime())) throw new InvalidInputError(`"${text}" is not a date and time.`);
		return date;
	}
	const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(trimmed);
	if (!match) throw new InvalidInputError(`"${text}" is not a date and time: use "YYYY-MM-DD HH:MM" in the business time zone.`);
	return zonedToUtc(match[1], match[2], tz);
}

export function addDays(day: string, days: number): string {
	const date = new Date(`${day}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function weekday(day: string): number {
	const d = new Date(`${day}T12:00:00Z`).getUTCDay();
	return d === 0 ? 7 : d;
}
