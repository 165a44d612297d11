import { normalizePhone, samePhone } from '../../nodes/Odoo/phone';

// Odoo's demo partners store US numbers without a country code ("(603)-996-3829", country United States).
describe('samePhone reads a stored number in its partner\'s country', () => {
	it('never takes a US number stored without "+" for a Brazilian one', () => {
		expect(samePhone('(603)-996-3829', '+556039963829', '1')).toBe(false);
		expect(samePhone('(219) 555-0142', '+5521995550142', '1')).toBe(false);
		expect(samePhone('(219) 555-0142', '+552195550142', '1')).toBe(false);
	});

	it('binds the US number itself', () => {
		expect(samePhone('(603)-996-3829', '+16039963829', '1')).toBe(true);
	});

	it('reads numbers of partners without a country as Brazilian, with or without the ninth digit', () => {
		expect(samePhone('(11) 98765-4321', '+5511987654321')).toBe(true);
		expect(samePhone('(11) 8765-4321', '+5511987654321')).toBe(true);
	});

	it('takes a stored "+" number as written, whatever the country', () => {
		expect(samePhone('+55 11 98765-4321', '+5511987654321', '1')).toBe(true);
	});
});

// Numbering plans: Anatel (Brazil), IFT (Mexico, 2019 reform), ENACOM (Argentina), CNMC (Spain), NANP.
describe('normalizePhone reads each country by its own numbering plan', () => {
	it.each([
		['011 15 4123-4567', '54', '+5491141234567'], // Argentine mobile: trunk 0, area 11, mobile prefix 15
		['0351 421-2345', '54', '+543514212345'],
		['1 (603) 996-3829', '1', '+16039963829'], // NANP trunk prefix 1
		['011 44 20 7946 0958', '1', '+442079460958'], // dialled from the US
		['34612345678', '34', '+34612345678'], // a Spanish WhatsApp id
		['(+34) 963 123 456', '34', '+34963123456'],
		['044 55 1234 5678', '52', '+525512345678'], // prefixes Mexico abolished in 2019
		['+52 1 55 1234 5678', '55', '+525512345678'],
		['0 21 11 98765-4321', '55', '+5511987654321'], // Brazilian carrier selection code
		['tel: (11) 3456-7890', '55', '+551134567890'],
	])('%s in +%s → %s', (written, country, e164) => {
		expect(normalizePhone(written, country)).toBe(e164);
	});

	it.each([
		['(10) 98765-4321', '55'], // no DDD 10
		['(11) 1234-5678', '55'], // no subscriber number starts with 1
		['(603) 996-3829 ext. 12', '1'], // a switchboard extension
		['(123) 456-7890', '1'], // no area code starts with 1
		['012 345 678', '34'],
		['15 4123-4567', '54'], // a mobile without its area code
	])('refuses %s in +%s', (written, country) => {
		expect(normalizePhone(written, country)).toBeNull();
	});

	it('binds a Mexican WhatsApp id to the number Odoo stores without the old "1"', () => {
		expect(samePhone('55 1234 5678', normalizePhone('5215512345678', '52')!, '52')).toBe(true);
	});
});
