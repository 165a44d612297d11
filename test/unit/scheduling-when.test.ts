import { readWhen } from '../../nodes/Crew/agent/embedded/when';
import { pickSlot } from '../../nodes/Crew/agent/embedded/scheduling';

// A Wednesday: tomorrow is Thursday 10, Friday is 11, next Monday 14.
const TODAY = '2026-12-09';

describe('readWhen: our rules first in Portuguese and Spanish, chrono-node first in English', () => {
	it.each([
		['pt', 'amanhã às 10h', '2026-12-10', '10:00'],
		['pt', 'segunda feira às 14h', '2026-12-14', '14:00'],
		['pt', '22 de dezembro às 10h', '2026-12-22', '10:00'], // the month name only chrono-node reads
		['pt', '15/01', '2027-01-15', null], // a date already past this year is next year's
		['es', 'el viernes a las 16:00', '2026-12-11', '16:00'],
		['es', 'en 3 días', '2026-12-12', null],
		['en', 'tomorrow at 2:30pm', '2026-12-10', '14:30'], // our rule alone read 02:30
		['en', '12/15', '2026-12-15', null], // US month/day
	] as const)('%s %j → %s %s', (lang, text, day, time) => {
		const when = readWhen(text, lang, TODAY, '09:00');
		expect(when.days?.from ?? null).toBe(day);
		expect(when.time).toBe(time);
	});

	it('takes no duration for a day, and no day number for an hour', () => {
		expect(readWhen('a 1h session', 'en', TODAY).days).toBeNull(); // chrono-node alone reads "in 1 hour"
		expect(readWhen('daqui a 3 dias', 'pt', TODAY).time).toBeNull();
		expect(readWhen('el día 15', 'es', TODAY).time).toBeNull();
		expect(readWhen('quero marcar um horário', 'pt', TODAY)).toEqual({ days: null, time: null });
	});
});

describe('pickSlot reads the hour in the conversation language', () => {
	const offered = [{ start: '2026-12-10 10:00:00' }, { start: '2026-12-10 14:00:00' }, { start: '2026-12-11 10:00:00' }];

	it.each([
		['pt', 'às 14h', 1],
		['pt', 'sexta às 10h', 2],
		['pt', 'a segunda', 1],
		['es', 'a las 14', 1],
		['en', 'at 2pm', 1],
		['en', 'friday at 10am', 2],
	] as const)('%s %j → option %i', (lang, text, index) => {
		expect(pickSlot(text, offered, lang, TODAY)).toBe(index);
	});
});
