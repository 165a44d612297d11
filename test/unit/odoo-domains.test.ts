import { normalizePhone, samePhone } from '../../nodes/Odoo/phone';
import { BINDING_META, bindingOf } from '../../nodes/Odoo/profile';
import { containsAccentTolerant, containsText, equalsIgnoringCase, literalLike, searchText } from '../../nodes/Odoo/tools/domain';
import { sqlLike } from '../emulators/odoo/domain';

/** What PostgreSQL does with Odoo's leaf: `ilike` wraps the value in %…%, `=ilike` uses it as it is. */
const ilike = (stored: string, value: string) => sqlLike(stored, `%${value}%`, true);
const eqIlike = (stored: string, value: string) => sqlLike(stored, value, true);

describe('literalLike: text that SQL LIKE matches only as itself', () => {
	it.each([
		['%', '\\%'],
		['_', '\\_'],
		['\\', '\\\\'],
		['deco%@yourcompany.example.com', 'deco\\%@yourcompany.example.com'],
		['gemini_furniture@fake_geminifurniture.com', 'gemini\\_furniture@fake\\_geminifurniture.com'],
		['\\%_', '\\\\\\%\\_'],
		['50% off_now\\', '50\\% off\\_now\\\\'],
		['Ergonômica ção 日本_%', 'Ergonômica ção 日本\\_\\%'],
		['plain text', 'plain text'],
		['', ''],
	])('%j → %j', (input, escaped) => {
		expect(literalLike(input)).toBe(escaped);
	});

	it.each(['%', '_', '\\', '\\%', '_%', '%%', 'a\\b', 'deco%@x.com', 'gemini_furniture@fake_geminifurniture.com', 'ação_%\\日本'])(
		'%j matches itself and nothing else under =ilike',
		(text) => {
			expect(eqIlike(text, literalLike(text))).toBe(true);
			expect(eqIlike(text.toUpperCase(), literalLike(text))).toBe(true);
			expect(eqIlike(`${text}x`, literalLike(text))).toBe(false);
			expect(eqIlike(text.replace(/[%_\\]/g, 'Z'), literalLike(text))).toBe(false);
		},
	);

	it('keeps the real customer out of a crafted address', () => {
		// the e-mails of two of Odoo 17's demo partners (odoo/addons/base/data/res_partner_demo.xml)
		const deco = 'deco_addict@yourcompany.example.com';
		const gemini = 'gemini_furniture@fake.geminifurniture.com';
		expect(eqIlike(deco, 'deco%@yourcompany.example.com')).toBe(true); // what Odoo did with the raw value
		expect(eqIlike(deco, literalLike('deco%@yourcompany.example.com'))).toBe(false);
		expect(eqIlike(gemini, 'gemini_furniture@fake_geminifurniture.com')).toBe(true);
		expect(eqIlike(gemini, literalLike('gemini_furniture@fake_geminifurniture.com'))).toBe(false);
		expect(eqIlike(deco, literalLike('DECO_ADDICT@YourCompany.Example.com'))).toBe(true);
	});
});

describe('domain leaves from customer or model text', () => {
	it('escape the value and trim it', () => {
		expect(containsText('default_code', '  C%01 ', 'query')).toEqual(['default_code', 'ilike', 'C\\%01']);
		expect(equalsIgnoringCase('email', ' a_b@x.com ', 'email')).toEqual(['email', '=ilike', 'a\\_b@x.com']);
	});

	it.each(['', '   ', '\t\n'])('refuse blank text (%j) instead of matching every record', (blank) => {
		expect(() => searchText(blank, 'warehouse')).toThrow(/warehouse is empty/);
		expect(() => containsText('name', blank, 'warehouse')).toThrow(/warehouse is empty/);
		expect(() => equalsIgnoringCase('email', blank, 'email')).toThrow(/email is empty/);
		expect(() => containsAccentTolerant('name', blank, 'query')).toThrow(/query is empty/);
	});

	it('make only the customer\'s own unaccented vowels wildcards', () => {
		const [, operator, pattern] = containsAccentTolerant('name', 'ergonomica', 'query');
		expect([operator, pattern]).toEqual(['ilike', '_rg_n_m___']);
		expect(ilike('Cadeira Ergonômica Pro', String(pattern))).toBe(true);
		// a typed % or _ stays literal even where vowels turn into wildcards
		const crafted = String(containsAccentTolerant('name', 'x%_\\e', 'query')[2]);
		expect(crafted).toBe('x\\%\\_\\\\_');
		expect(ilike('x%_\\é', crafted)).toBe(true);
		expect(ilike('xab\\e', crafted)).toBe(false);
	});

	it('search accented words, and words that would be wildcards only, literally', () => {
		expect(containsAccentTolerant('name', 'açúcar', 'query')[2]).toBe('açúcar');
		expect(containsAccentTolerant('name', 'aeio', 'query')[2]).toBe('aeio');
		expect(ilike('Mesa Redonda', String(containsAccentTolerant('name', 'aeio', 'query')[2]))).toBe(false);
	});
});

describe('phone binding compares whole numbers', () => {
	it.each(['%', '_____', '1', '4321', '87654321', '98765-4321', '+55 11 4321', '%11987654321', '1198765432x1', '11 98765-4321 _', '+12'])(
		'%j is not a phone number',
		(crafted) => {
			expect(normalizePhone(crafted)).toBeNull();
		},
	);

	it('binds every way of writing the same Brazilian number, with or without the ninth digit', () => {
		for (const typed of ['+55 11 98765-4321', '(11) 98765-4321', '11987654321', '011 98765-4321', '0055 11 98765 4321', '5511987654321', '(11) 8765-4321', '+55 11 8765.4321']) {
			const e164 = normalizePhone(typed);
			expect(e164).not.toBeNull();
			expect(samePhone('+55 11 98765-4321', e164!)).toBe(true);
		}
	});

	it('never binds a number that only shares the last digits', () => {
		const stored = '+55 11 98765-4321';
		for (const other of ['+1 98765-4321', '+44 11 98765-4321', '+55 21 98765-4321', '+55 11 98765-43210', '(11) 3765-4321']) {
			expect(samePhone(stored, normalizePhone(other)!)).toBe(false);
		}
		expect(samePhone('98765-4321', '+5511987654321')).toBe(false); // stored without area code
		expect(samePhone('+55 11 98765-4321 ramal 2', '+5511987654321')).toBe(false);
	});
});

describe('bindingOf', () => {
	it('binds nothing from blank text and trims what it keeps', () => {
		const call = { meta: { [BINDING_META]: { phone: '  ', email: ' \t', name: ' Ana ', partner_id: 1.5 } } };
		expect(bindingOf(call)).toEqual({ partner_id: undefined, phone: undefined, email: undefined, name: 'Ana' });
	});
});
