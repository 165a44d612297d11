import { samePhone } from '../../nodes/Odoo/phone';

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
