import type { Tenant } from '../TenantConfig/schema/tenant';
import { DAYS } from '../TenantConfig/schema/tenant';

/** The tenant's local weekday, date and time now, in its own time zone. */
export function localNow(now: Date, timeZone: string): { day: (typeof DAYS)[number]; date: string; time: string } {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
			.formatToParts(now)
			.map((p) => [p.type, p.value]),
	);
	const day = String(parts.weekday).slice(0, 3).toLowerCase() as (typeof DAYS)[number];
	return { day, date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

export function isHoliday(tenant: Tenant, date: string): boolean {
	return tenant.holidays.some((h) => h.date === date || h.date === date.slice(5));
}

/** Whether the business is open now: a span of today's hours, and not a holiday. */
export function isOpen(tenant: Tenant, now: Date): boolean {
	const local = localNow(now, tenant.timezone);
	if (isHoliday(tenant, local.date)) return false;
	return tenant.business_hours[local.day].some((span) => span.open <= local.time && local.time < span.close);
}
