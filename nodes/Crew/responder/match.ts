/**
 * Whether a reply's figures are grounded: each one must be among the figures of this turn's tool
 * results (or, except for money, of what the customer wrote), with the lenience formats need
 * (R$ 1.299,90 for 1299.9, a UTC datetime shown in the customer's zone, "pedido 42" for S00042).
 */
import { canonical, parseAmount, pad, scan, type Figure, type Found, type Stamp } from './extract';

export interface GroundingCheck {
	ok: boolean;
	violations: Figure[];
}


class Evidence {
	readonly numbers = new Set<string>();
	/** Every date form seen, ISO datetimes included, for a date shown on its own. */
	readonly dates = new Set<string>();
	readonly times = new Set<string>();
	/**
	 * Dates and times that were not halves of one ISO datetime: two of these may be shown as a
	 * pair, while halves of datetimes only pair through `pairs`, so the date of one slot and the
	 * time of another never make a third.
	 */
	readonly plainDates = new Set<string>();
	readonly plainTimes = new Set<string>();
	/** Month-day pairs written without a year: they ground a reply that adds the year. */
	readonly yearless = new Set<string>();
	/** ISO datetimes seen through every whole-hour zone offset from -12 to +14 (or only the customer's zone, when known). */
	readonly shiftedDates = new Set<string>();
	readonly shiftedTimes = new Set<string>();
	/** "date|time" of those shifted readings, so a date and a time shown together shift together. */
	readonly pairs = new Set<string>();
	readonly refs = new Set<string>();

	addNumber(n: number): void {
		const text = canonical(n);
		if (text) this.numbers.add(text);
	}

	/** `zone`: the customer's IANA time zone when the caller knows it; narrows the accepted shifts to the real one. */
	constructor(private readonly zone?: string) {}

	/** Minutes to add to the written wall time of `stamp` to read it as the `zone` shows it, or null when unknown. */
	private zoneShift(stamp: Stamp): number | null {
		if (!this.zone) return null;
		const instant = Date.UTC(stamp.y, stamp.mo - 1, stamp.d, stamp.h, stamp.mi) - stamp.offset * 60_000;
		let parts: Intl.DateTimeFormatPart[];
		try {
			parts = new Intl.DateTimeFormat('en-US', { timeZone: this.zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(instant);
		} catch {
			return null; // an unknown zone must not break the check; the -12…+14 window still applies
		}
		const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
		const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour') % 24, part('minute'));
		return Math.round((local - instant) / 60_000) - stamp.offset;
	}

	private addStamp(stamp: Stamp): void {
		const known = this.zoneShift(stamp);
		const shifts: number[] = [];
		if (known === null) for (let hours = -12; hours <= 14; hours++) shifts.push(hours * 60);
		else shifts.push(0, known);
		for (const minutes of shifts) {
			const at = new Date(Date.UTC(stamp.y, stamp.mo - 1, stamp.d, stamp.h, stamp.mi + minutes));
			const date = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
			const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
			this.shiftedTimes.add(time);
			for (const form of dateForms(date)) {
				this.shiftedDates.add(form);
				this.pairs.add(`${form}|${time}`);
			}
		}
	}

	add(found: Found, allowMoney: boolean): void {
		const readings = [found.value, ...found.alts];
		switch (found.kind) {
			case 'money':
			case 'percent':
				// A price the customer quotes is exactly what must not be echoed back as fact.
				if (allowMoney) for (const reading of readings) this.addNumber(Number(reading));
				break;
			case 'quantity':
				for (const reading of readings) this.addNumber(Number(reading));
				break;
			case 'date':
				for (const reading of readings) {
					for (const form of dateForms(reading)) {
						this.dates.add(form);
						if (!found.stamp) this.plainDates.add(form);
					}
					if (/^\d{2}-\d{2}$/.test(reading)) this.yearless.add(reading);
				}
				if (found.stamp) this.addStamp(found.stamp);
				break;
			case 'time':
				this.times.add(found.value);
				if (!found.stamp) this.plainTimes.add(found.value);
				if (found.stamp) this.addStamp(found.stamp);
				break;
			case 'order_ref': {
				this.refs.add(found.value);
				// "S00042" also grounds "pedido 42".
				const digits = found.value.replace(/^\D+/, '');
				if (digits !== found.value && /^\d+$/.test(digits)) this.refs.add(digits.replace(/^0+(?=\d)/, ''));
				break;
			}
		}
	}

	addText(text: string, allowMoney: boolean): void {
		for (const found of scan(text, true)) this.add(found, allowMoney);
	}
}

function dateForms(value: string): string[] {
	if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return [value, value.slice(5), `---${value.slice(8)}`, value.slice(0, 7)];
	if (/^\d{2}-\d{2}$/.test(value)) return [value, `---${value.slice(3)}`];
	return [value];
}

/**
 * Tool results are JSON: numbers there are read as numbers (1299.9 grounds "R$ 1.299,90"), and
 * only string values are scanned as text, so "[12,5]" never becomes 12.5.
 */
function addGrounding(evidence: Evidence, text: string): void {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		evidence.addText(text, true);
		return;
	}
	const walk = (value: unknown, depth: number): void => {
		if (depth > 200) return;
		if (typeof value === 'number') evidence.addNumber(value);
		else if (typeof value === 'string') {
			const trimmed = value.trim();
			if (/^-?\d+(?:[.,]\d+)*$/.test(trimmed)) {
				const amount = parseAmount(trimmed.replace(/^-/, ''));
				evidence.addNumber(amount.value);
				if (amount.alt !== undefined) evidence.addNumber(amount.alt);
			}
			evidence.addText(value, true);
		} else if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
		else if (value && typeof value === 'object') for (const item of Object.values(value)) walk(item, depth + 1);
	};
	walk(parsed, 0);
}



function readings(found: Found): string[] {
	return [found.value, ...found.alts];
}

function hasNumber(sets: readonly Evidence[], value: string): boolean {
	const text = canonical(Number(value));
	return sets.some((set) => set.numbers.has(text));
}

/** `alone`: the date is not shown next to a time, so any reading of a datetime, shifted or not, may ground it. */
function dateGrounded(value: string, sets: readonly Evidence[], alone: boolean): boolean {
	return sets.some(
		(set) =>
			(alone ? set.dates.has(value) || set.shiftedDates.has(value) : set.plainDates.has(value)) ||
			(/^\d{4}-\d{2}-\d{2}$/.test(value) && set.yearless.has(value.slice(5))),
	);
}

function timeGrounded(value: string, sets: readonly Evidence[], alone: boolean): boolean {
	return sets.some((set) => (alone ? set.times.has(value) || set.shiftedTimes.has(value) : set.plainTimes.has(value)));
}

function grounded(found: Found, grounding: Evidence, customer: Evidence): boolean {
	const both = [grounding, customer];
	switch (found.kind) {
		case 'money':
			return readings(found).some((reading) => hasNumber([grounding], reading));
		case 'percent':
			return readings(found).some((reading) => hasNumber([grounding], reading) || hasNumber([grounding], String(Number(reading) / 100)));
		case 'quantity':
			return readings(found).some((reading) => hasNumber(both, reading));
		case 'date':
			return readings(found).some((reading) => dateGrounded(reading, both, true));
		case 'time':
			return timeGrounded(found.value, both, true);
		case 'order_ref':
			return both.some((set) => set.refs.has(found.value)) || (/^\d+$/.test(found.value) && hasNumber(both, found.value));
	}
}

/** A date and a time shown together ("26/11 às 09:00") must be the same moment, not two moments' halves. */
function pairGrounded(date: Found, time: Found, grounding: Evidence, customer: Evidence): boolean {
	const both = [grounding, customer];
	return readings(date).some(
		(reading) =>
			both.some((set) => set.pairs.has(`${reading}|${time.value}`)) ||
			(dateGrounded(reading, both, false) && timeGrounded(time.value, both, false)),
	);
}

export interface GroundingOptions {
	/**
	 * The customer's IANA zone. Without it a datetime's time may appear shifted by any whole hour
	 * from -12 to +14, so the check cannot tell 09:00 from 10:00 for a slot; with it only the
	 * written reading and the zone's reading are accepted.
	 */
	timeZone?: string;
}

export function checkGrounding(reply: string, grounding: readonly string[], customerText?: string, options: GroundingOptions = {}): GroundingCheck {
	const evidence = new Evidence(options.timeZone);
	for (const text of grounding ?? []) if (typeof text === 'string' && text) addGrounding(evidence, text);
	const customer = new Evidence(options.timeZone);
	if (customerText) customer.addText(customerText, false);

	const text = String(reply ?? '');
	const found = scan(text, false);
	const bad = new Set<Found>(found.filter((item) => !grounded(item, evidence, customer)));
	const close = (a: Found, b: Found) => {
		const gap = text.slice(a.start + a.raw.length, b.start);
		return gap.length <= 25 && !/[\n.!?;]/.test(gap);
	};
	// Each figure joins at most one pair; "date … time" wins over "time … date" when both are possible.
	for (let i = 0; i + 1 < found.length; i++) {
		const [a, b, c] = [found[i], found[i + 1], found[i + 2]];
		let pair: [Found, Found] | null = null;
		if (a.kind === 'date' && b.kind === 'time') pair = [a, b];
		else if (a.kind === 'time' && b.kind === 'date' && !(c?.kind === 'time' && close(b, c))) pair = [b, a];
		if (!pair || !close(a, b)) continue;
		i++;
		if (!pairGrounded(pair[0], pair[1], evidence, customer)) {
			bad.add(pair[0]);
			bad.add(pair[1]);
		}
	}
	const violations = found.filter((item) => bad.has(item)).map(({ kind, raw, value }) => ({ kind, raw, value }));
	return { ok: violations.length === 0, violations };
}
