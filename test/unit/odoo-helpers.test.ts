import { normalizePhone, phoneTail, phoneVariants } from '../../nodes/Odoo/phone';
import { productLabel, variantOf } from '../../nodes/Odoo/tools/fields';
import { BINDING_META, assertToolAllowed, bindingOf, boundPartner } from '../../nodes/Odoo/profile';
import { addDays, parseInstant, utcToZoned, weekday, zonedToUtc } from '../../nodes/Odoo/time';
import { parseOdooEvent } from '../../nodes/OdooTrigger/event';

describe('normalizePhone (Brazilian formats first)', () => {
	it.each([
		['(11) 98765-4321', '+5511987654321'],
		['11 98765 4321', '+5511987654321'],
		['11987654321', '+5511987654321'],
		['011 98765-4321', '+5511987654321'],
		['+55 11 98765-4321', '+5511987654321'],
		['5511987654321', '+5511987654321'],
		['0055 11 98765 4321', '+5511987654321'],
		['(21) 3456-7890', '+552134567890'],
		['+1 (415) 555-0100', '+14155550100'],
	])('%s → %s', (input, expected) => {
		expect(normalizePhone(input)).toBe(expected);
	});

	it.each(['123', 'abc', '98765-4321', '+12'])('refuses %s', (input) => {
		expect(normalizePhone(input)).toBeNull();
	});

	it('matches mobiles with and without the ninth digit', () => {
		expect(phoneVariants('+5511987654321').sort()).toEqual(['+551187654321', '+5511987654321'].sort());
		expect(phoneVariants('+551187654321')).toContain('+5511987654321');
		expect(phoneVariants('+552134567890')).toEqual(['+552134567890']);
		expect(phoneTail('+5511987654321')).toBe('87654321');
	});
});

describe('product labels (variants told apart)', () => {
	it.each([
		[{ name: 'Large Desk', display_name: 'Large Desk (Glass)', default_code: false }, 'Large Desk (Glass)', 'Glass'],
		[{ name: 'Customizable Desk', display_name: '[FURN_0096] Customizable Desk (Steel, White)', default_code: 'FURN_0096' }, 'Customizable Desk (Steel, White)', 'Steel, White'],
		[{ name: 'Large Desk', display_name: '[E-COM09] Large Desk', default_code: 'E-COM09' }, 'Large Desk', null],
		// a display name that does not start with the code (a customer's own code in the context) stays whole
		[{ name: 'Mesa', display_name: '[CLI-7] Mesa', default_code: 'M-1' }, '[CLI-7] Mesa', null],
		[{ name: 'Cadeira (Azul)', default_code: 'C-1' }, 'Cadeira (Azul)', null],
	])('%j → %s', (product, label, variant) => {
		expect(productLabel(product)).toBe(label);
		expect(variantOf(product)).toBe(variant);
	});
});

describe('profiles and bindings', () => {
	const call = (binding?: Record<string, unknown>) => ({ meta: binding ? { [BINDING_META]: binding } : {} });

	it('keeps generic tools from the customer profile, saying what is allowed', () => {
		expect(() => assertToolAllowed('odoo_search_read', 'customer')).toThrow(/customer profile refuses odoo_search_read.*odoo_product_search/);
		expect(() => assertToolAllowed('odoo_delete', 'customer')).toThrow(/refuses odoo_delete/);
		expect(() => assertToolAllowed('odoo_search_read', 'erp_operator')).not.toThrow();
		expect(() => assertToolAllowed('odoo_product_search', 'customer')).not.toThrow();
	});

	it('binds customer writes to the conversation\'s partner, never to the model\'s argument', () => {
		expect(boundPartner('customer', call({ partner_id: 7 }), undefined, 'odoo_calendar_book')).toBe(7);
		expect(boundPartner('customer', call({ partner_id: 7 }), 7, 'odoo_calendar_book')).toBe(7);
		expect(() => boundPartner('customer', call({ partner_id: 7 }), 8, 'odoo_calendar_book')).toThrow(/refuses odoo_calendar_book for partner 8/);
		expect(() => boundPartner('customer', call(), 8, 'odoo_sale_order_create')).toThrow(/no customer is bound/);
		expect(boundPartner('erp_operator', call(), 8, 'odoo_sale_order_create')).toBe(8);
	});

	it('reads only well-formed bindings', () => {
		expect(bindingOf(call({ partner_id: 'x', phone: '+5511987654321', email: '' }))).toEqual({ partner_id: undefined, phone: '+5511987654321', email: undefined, name: undefined });
	});
});

describe('time helpers (Odoo stores naive UTC)', () => {
	it('converts São Paulo wall-clock time to UTC and back', () => {
		const utc = zonedToUtc('2026-12-01', '14:00', 'America/Sao_Paulo');
		expect(utc.toISOString()).toBe('2026-12-01T17:00:00.000Z');
		expect(utcToZoned(utc, 'America/Sao_Paulo')).toBe('2026-12-01 14:00');
		expect(zonedToUtc('2026-07-01', '09:00', 'Europe/Lisbon').toISOString()).toBe('2026-07-01T08:00:00.000Z');
	});

	it('parses local and absolute times', () => {
		expect(parseInstant('2026-12-01 14:00', 'America/Sao_Paulo').toISOString()).toBe('2026-12-01T17:00:00.000Z');
		expect(parseInstant('2026-12-01T17:00:00Z', 'America/Sao_Paulo').toISOString()).toBe('2026-12-01T17:00:00.000Z');
		expect(() => parseInstant('amanhã às 14h', 'America/Sao_Paulo')).toThrow(/YYYY-MM-DD HH:MM/);
	});

	it('walks days and weekdays', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(weekday('2026-11-30')).toBe(1);
		expect(weekday('2026-12-06')).toBe(7);
	});
});

describe('Odoo events (the addon contract)', () => {
	const valid = {
		id: 'evt-1',
		event: 'discuss.message',
		model: 'discuss.channel',
		record_ids: [5],
		values: { body: 'Quanto temos de estoque da cadeira?' },
		company_id: 1,
		tenant_id: 12,
		user_id: 2,
		occurred_at: '2026-11-25T10:00:00Z',
	};

	it('accepts a valid event and normalises the tenant to a string', () => {
		const parsed = parseOdooEvent(valid);
		expect(parsed.ok && parsed.event.tenant_id).toBe('12');
	});

	it.each([
		[{ ...valid, event: 'record.exploded' }, /event/],
		[{ ...valid, id: undefined }, /id/],
		[{ ...valid, model: 'Res Partner' }, /model/],
		[{ ...valid, tenant_id: 'a:b' }, /tenant_id/],
	])('refuses %p', (body, reason) => {
		const parsed = parseOdooEvent(body);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.reason).toMatch(reason);
	});
});
