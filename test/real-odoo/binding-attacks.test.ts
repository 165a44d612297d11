import { existsSync } from 'node:fs';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { ERROR_KIND_META } from '../../lib/mcp/server';
import { BINDING_META, type Binding } from '../../nodes/Odoo/profile';
import { ODOO_MAJORS, type OdooMajor, type RealOdoo } from '../../scripts/lib/odoo-instance';
import { OMNICREW_MCP_BIN } from '../support/mcp-http';
import { describeRealOdoo, executeKw } from '../support/real-odoo';

type Data = Record<string, unknown>;
type Row = Data & { id: number };
type Result = { isError?: boolean; structuredContent?: Data; content: Array<{ text: string }>; _meta?: Data };
type Answer = { ok: true; data: Data } | { ok: false; kind: string; message: string };

const TENANT = '1';

interface Partner {
	id: number;
	name: string;
	email: string | null;
	phones: string[];
	parentId: number | null;
	/** The calling code of the partner's country ("1", "55"), for numbers stored without one. */
	callingCode: string | null;
	active: boolean;
}
interface Order {
	name: string;
	partnerId: number;
	cents: number;
}
interface Appointment {
	id: number;
	name: string;
	attendees: number[];
}
/** What the real database holds, read by hand over /jsonrpc: the reference every answer is judged against. */
interface Facts {
	partners: Partner[];
	orders: Order[];
	events: Appointment[];
}

// --- the reference: who owns an e-mail or a phone, and what each partner may see ----------------

const emailKey = (email: string): string => email.trim().normalize('NFC').toLowerCase();

/** Real partners whose stored e-mail is the typed one (blanks and case aside). */
const emailOwners = (facts: Facts, typed: string): number[] => facts.partners.filter((p) => p.email !== null && emailKey(p.email) === emailKey(typed)).map((p) => p.id);

/** The number a stored phone denotes: as written when it has a country code, else in the partner's own country. */
function e164Of(stored: string, callingCode: string | null): string | null {
	const text = stored.trim();
	const digits = text.replace(/\D/g, '');
	if (text.startsWith('+')) return `+${digits}`;
	if (text.startsWith('00')) return `+${digits.slice(2)}`;
	return callingCode ? `+${callingCode}${digits.replace(/^0/, '')}` : null;
}

/** A Brazilian mobile with or without its ninth digit is one number (the only equivalence the binding allows). */
const withoutNinthDigit = (e164: string): string => (/^\+55\d{2}9[6-9]\d{7}$/.test(e164) ? e164.slice(0, 5) + e164.slice(6) : e164);

/** Real partners whose phone is the typed number. Only a number typed with its country code can be anyone's. */
function phoneOwners(facts: Facts, typed: string): number[] {
	const text = typed.trim();
	if (!/^\+[\d\s().-]+$/.test(text)) return [];
	const wanted = withoutNinthDigit(`+${text.replace(/\D/g, '')}`);
	return facts.partners.filter((p) => p.phones.some((stored) => withoutNinthDigit(e164Of(stored, p.callingCode) ?? '') === wanted)).map((p) => p.id);
}

/** The partner and its contacts: whose orders `child_of` shows. */
function family(facts: Facts, id: number): Set<number> {
	const members = new Set([id]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const p of facts.partners) {
			if (p.parentId !== null && members.has(p.parentId) && !members.has(p.id)) {
				members.add(p.id);
				grew = true;
			}
		}
	}
	return members;
}

const ordersOf = (facts: Facts, ids: number[]): Order[] => {
	const members = new Set(ids.flatMap((id) => [...family(facts, id)]));
	return facts.orders.filter((o) => members.has(o.partnerId));
};

/** Every amount written in a text, in cents: "US$ 465,75", "$2,288.50", "1.740,00". */
function amountsIn(text: string): Set<number> {
	const found = new Set<number>();
	for (const [token] of text.matchAll(/\d[\d.,]*\d|\d/g)) {
		const decimals = /[.,](\d{2})$/.exec(token);
		const whole = (decimals ? token.slice(0, -3) : token).replace(/[.,]/g, '');
		found.add(Number(whole) * 100 + (decimals ? Number(decimals[1]) : 0));
	}
	return found;
}

/** Order names and amounts of other customers that a reply shows, given the customers it may speak for. */
function leaksIn(facts: Facts, reply: string, allowed: number[]): string[] {
	const own = ordersOf(facts, allowed);
	const ownNames = new Set(own.map((o) => o.name));
	const ownCents = new Set(own.map((o) => o.cents));
	const shown = amountsIn(reply);
	return facts.orders
		.filter((o) => !ownNames.has(o.name))
		.flatMap((o) => [
			...(new RegExp(`\\b${o.name}\\b`).test(reply) ? [`order ${o.name}`] : []),
			...(!ownCents.has(o.cents) && shown.has(o.cents) ? [`amount ${o.cents / 100} of ${o.name}`] : []),
		]);
}

// --- crafted contact details -------------------------------------------------------------------

const CYRILLIC: Record<string, string> = { a: '\u0430', e: '\u0435', o: '\u043e', c: '\u0441', p: '\u0440', x: '\u0445', y: '\u0443' };
const replaceFirst = (text: string, pattern: RegExp, by: (char: string) => string): string | null => (pattern.test(text) ? text.replace(pattern, by) : null);

/**
 * Another customer's e-mail bent every way a LIKE pattern, a careless comparison or a look-alike could take for
 * theirs, plus the same address written differently (case, blanks), which may bind only its owner.
 */
function craftedEmails(email: string): string[] {
	const at = email.lastIndexOf('@');
	const local = email.slice(0, at);
	const domain = email.slice(at + 1);
	const variants: Array<string | null> = [
		`${local.slice(0, Math.ceil(local.length / 2))}%@${domain}`,
		`%${local.slice(-3)}@${domain}`,
		`${local[0]}_${local.slice(2)}@${domain}`,
		`%@${domain}`,
		`_%@${domain}`,
		`${local}@%`,
		`${local}@${domain.slice(0, -2)}__`,
		'%@%',
		`${local[0]}\\${local.slice(1)}@${domain}`,
		`${local.slice(0, -1).toUpperCase()}%@${domain.toUpperCase()}`,
		`${local}+pedidos@${domain}`,
		`${local.slice(1)}@${domain}`,
		`${local}@${domain.slice(0, -1)}`,
		`x${email}`,
		`${email}.evil.test`,
		`<${email}>`,
		`${email},x@evil.test`,
		// look-alikes: other characters, not the same address
		replaceFirst(local, /[aeocpxy]/, (c) => CYRILLIC[c]) && `${replaceFirst(local, /[aeocpxy]/, (c) => CYRILLIC[c])}@${domain}`,
		`${String.fromCharCode(local.charCodeAt(0) + 0xfee0)}${local.slice(1)}@${domain}`,
		replaceFirst(local, /i/, () => '\u0131') && `${replaceFirst(local, /i/, () => '\u0131')}@${domain}`,
		replaceFirst(local, /o/, () => '\u03bf') && `${replaceFirst(local, /o/, () => '\u03bf')}@${domain}`,
		`${local[0]}\u200b${local.slice(1)}@${domain}`,
		replaceFirst(local, /[aeiou]/, (c) => `${c}\u0301`) && `${replaceFirst(local, /[aeiou]/, (c) => `${c}\u0301`)}@${domain}`,
		// the same address written differently
		email.toUpperCase(),
		`  ${email}  `,
		`\u00a0${email}`,
		replaceFirst(local, /k/i, () => '\u212a') && `${replaceFirst(local, /k/i, () => '\u212a')}@${domain}`,
	];
	return [...new Set(variants.filter((v): v is string => v !== null && v !== email))];
}

/** The true number's digits, as `+<digits>`, and the number as a shop in Brazil would read it without country code. */
function craftedPhones(e164: string): string[] {
	const digits = e164.slice(1);
	const last = Number(digits.at(-1));
	return [
		'%',
		'_____',
		digits.slice(-4),
		digits.slice(-8),
		`%${digits}`,
		`+${digits.slice(0, -1)}x`,
		`+${digits.slice(1)}`,
		`+${digits.slice(2)}`,
		`+44 ${digits.slice(1)}`,
		`+351 ${digits.slice(1)}`,
		`+${digits.slice(0, -1)}${(last + 1) % 10}`,
		`+${digits}0`,
		`+${digits}_`,
		[...`+${digits}`].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(''),
		// the real number: binds its owner or nobody
		`+${digits}`,
		`  +${digits}  `,
	];
}

/** A number stored without country code (e.g. "(603)-996-3829" of a US partner) read as Brazilian: another number. */
function brazilianReadings(partner: Partner): string[] {
	if (partner.callingCode === '55' || partner.callingCode === null) return [];
	return partner.phones
		.filter((stored) => !/^\s*(\+|00)/.test(stored))
		.flatMap((stored) => {
			const national = stored.replace(/\D/g, '').replace(/^0/, '');
			if (national.length !== 10) return [];
			const mobile = /^\d{2}[6-9]/.test(national.slice(0, 3)) ? [`+55 ${national.slice(0, 2)} 9${national.slice(2, 6)}-${national.slice(6)}`] : [];
			return [`+55 ${national.slice(0, 2)} ${national.slice(2, 6)}-${national.slice(6)}`, ...mobile];
		});
}

// --- the built servers ---------------------------------------------------------------------------

function odooEnv(odoo: RealOdoo): Record<string, string> {
	// 17 and 18 over JSON-RPC with the password, 19 over JSON-2 with an API key, as odoo-tools.test.ts
	const secret: Record<string, string> = odoo.version >= 19 ? { ODOO_API_KEY: odoo.apiKey } : { ODOO_PASSWORD: odoo.password };
	return { PATH: process.env.PATH ?? '/usr/bin:/bin', ODOO_URL: odoo.url, ODOO_DB: odoo.db, ODOO_USERNAME: odoo.login, ...secret };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `omnicrew-mcp <server>` over stdio, as a user starts it; a build of dist in progress is waited for, then tried twice. */
async function startBuilt(server: 'odoo' | 'crew', env: Record<string, string>): Promise<Client> {
	for (let waited = 0; !existsSync(OMNICREW_MCP_BIN); waited += 1_000) {
		if (waited >= 60_000) throw new Error(`${OMNICREW_MCP_BIN} is missing: build it with node scripts/build.mjs (npm test does).`);
		await pause(1_000);
	}
	for (let attempt = 1; ; attempt++) {
		const client = new Client({ name: 'binding-attacks', version: '1' });
		try {
			await client.connect(new StdioClientTransport({ command: process.execPath, args: [OMNICREW_MCP_BIN, server], env, stderr: 'pipe' }));
			await client.listTools();
			return client;
		} catch (error) {
			await client.close().catch(() => undefined);
			if (attempt >= 2) throw error;
			await pause(5_000);
		}
	}
}

async function callTool(client: Client, name: string, args: Data, binding?: Binding): Promise<Answer> {
	const result = (await client.callTool({ name, arguments: { tenant_id: TENANT, ...args }, ...(binding ? { _meta: { [BINDING_META]: binding } } : {}) })) as Result;
	if (!result.isError) return { ok: true, data: result.structuredContent ?? {} };
	const message = result.content.map((c) => c.text).join(' ');
	// the SDK's own argument check (-32602) carries no kind: it is bad input too
	const kind = typeof result._meta?.[ERROR_KIND_META] === 'string' ? String(result._meta[ERROR_KIND_META]) : /^MCP error -32602/.test(message) ? 'invalid_input' : 'unknown';
	return { ok: false, kind, message };
}

// --- reading the database ------------------------------------------------------------------------

async function readFacts(odoo: RealOdoo): Promise<Facts> {
	const raw = <T>(model: string, method: string, args: unknown[], kwargs: Data = {}) => executeKw<T>(odoo, model, method, args, kwargs);
	const phoneFields = odoo.version >= 19 ? ['phone'] : ['phone', 'mobile'];
	const partners = await raw<Row[]>('res.partner', 'search_read', [[]], { fields: ['name', 'email', 'parent_id', 'country_id', 'active', ...phoneFields], context: { active_test: false } });
	const countryIds = [...new Set(partners.map((p) => (Array.isArray(p.country_id) ? Number(p.country_id[0]) : 0)).filter(Boolean))];
	const countries = await raw<Row[]>('res.country', 'read', [countryIds], { fields: ['phone_code'] });
	const code = new Map(countries.map((c) => [c.id, c.phone_code ? String(c.phone_code) : null]));
	const orders = await raw<Row[]>('sale.order', 'search_read', [[]], { fields: ['name', 'partner_id', 'amount_total'] });
	const events = await raw<Row[]>('calendar.event', 'search_read', [[]], { fields: ['name', 'partner_ids'] });
	return {
		partners: partners.map((p) => ({
			id: p.id,
			name: String(p.name),
			email: typeof p.email === 'string' ? p.email : null,
			phones: phoneFields.map((f) => p[f]).filter((v): v is string => typeof v === 'string' && v.trim() !== ''),
			parentId: Array.isArray(p.parent_id) ? Number(p.parent_id[0]) : null,
			callingCode: Array.isArray(p.country_id) ? (code.get(Number(p.country_id[0])) ?? null) : null,
			active: p.active !== false,
		})),
		orders: orders.map((o) => ({ name: String(o.name), partnerId: Number((o.partner_id as [number, string])[0]), cents: Math.round(Number(o.amount_total) * 100) })),
		events: events.map((e) => ({ id: e.id, name: String(e.name), attendees: e.partner_ids as number[] })),
	};
}

/**
 * A US customer whose number, read as Brazilian, is a well-formed Rio de Janeiro mobile (+55 21 99555-0142),
 * with an order and an appointment: the demo's own US numbers mostly become Brazilian numbers nobody can hold.
 */
async function addUsCustomer(odoo: RealOdoo): Promise<void> {
	const raw = <T>(model: string, method: string, args: unknown[], kwargs: Data = {}) => executeKw<T>(odoo, model, method, args, kwargs);
	const single = (created: number | number[]) => (Array.isArray(created) ? created[0] : created);
	const [us] = await raw<Row[]>('res.country', 'search_read', [[['code', '=', 'US']]], { fields: ['id'] });
	const [product] = await raw<Row[]>('product.product', 'search_read', [[['sale_ok', '=', true]]], { fields: ['id'], limit: 1, order: 'id' });
	const partner = single(await raw<number | number[]>('res.partner', 'create', [[{ name: 'Harbor Supply', email: 'orders@harbor-supply.example.com', phone: '(219) 555-0142', country_id: us.id, customer_rank: 1 }]]));
	await raw('sale.order', 'create', [[{ partner_id: partner, order_line: [[0, 0, { product_id: product.id, product_uom_qty: 3 }]] }]]);
	const start = new Date(Date.now() + 20 * 86_400_000);
	start.setUTCHours(15, 0, 0, 0);
	const odooUtc = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');
	await raw('calendar.event', 'create', [[{ name: 'Harbor Supply: site visit', start: odooUtc(start), stop: odooUtc(new Date(start.getTime() + 3_600_000)), partner_ids: [[6, 0, [partner]]] }]]);
}

// --- the suite -----------------------------------------------------------------------------------

const PT = 'qual o status dos meus pedidos?';
const EN = 'what is the status of my orders?';
const tally = new Map<OdooMajor, Record<string, number>>();

/**
 * Customers who choose their own contact details (web chat, e-mail) or hold a number that looks like another
 * customer's try to be taken for someone else, through the built `omnicrew-mcp odoo` (customer profile) and
 * `omnicrew-mcp crew` (no model) against a real Odoo and its demo customers: no crafted e-mail, phone or name may
 * bind the conversation to another customer's orders, appointments or contact details.
 */
for (const version of ODOO_MAJORS) {
	describeRealOdoo(version, 'crafted e-mails, phones and names bind no customer to another customer\'s data', (odoo) => {
		let facts: Facts;
		let shop: Client;
		let crew: Client;
		let fresh = 0;
		const count = (what: string, n = 1) => {
			const row = tally.get(version) ?? {};
			row[what] = (row[what] ?? 0) + n;
			tally.set(version, row);
		};
		const isReal = (id: number) => facts.partners.some((p) => p.id === id);
		const nameOf = (id: number) => facts.partners.find((p) => p.id === id)?.name ?? `#${id}`;
		/** Real partners with something to steal: every one with orders, and two with appointments only (time is short). */
		const victims = () => {
			const withOrders = facts.partners.filter((p) => ordersOf(facts, [p.id]).length > 0);
			const meetingsOnly = facts.partners.filter((p) => !withOrders.includes(p) && facts.events.some((e) => e.attendees.includes(p.id)));
			return [...withOrders, ...meetingsOnly.slice(0, 2)];
		};

		beforeAll(async () => {
			await addUsCustomer(odoo());
			facts = await readFacts(odoo());
			shop = await startBuilt('odoo', { ...odooEnv(odoo()), ODOO_PROFILE: 'customer' });
			crew = await startBuilt('crew', odooEnv(odoo()));
		}, 120_000);
		afterAll(async () => {
			await shop?.close();
			await crew?.close();
			const row = tally.get(version) ?? {};
			process.stdout.write(`binding attacks on real Odoo ${version}: ${Object.entries(row).map(([what, n]) => `${n} ${what}`).join(', ')}\n`);
		});

		const expectRefusal = (what: string, answer: Answer) => {
			// bad input or a refusal, never an upstream failure that would hide what the lookup did
			expect({ what, kind: answer.ok ? 'answered' : answer.kind }).toEqual({ what, kind: expect.stringMatching(/^(invalid_input|refused)$/) });
			if (!answer.ok) expect(leaksIn(facts, answer.message, [])).toEqual([]);
		};

		/**
		 * Binds a conversation by contact details as the crew does, then checks everything the bound customer can
		 * reach: the partner is one the details belong to or a new one, and its orders, the victim's order by
		 * reference and the victim's appointments show nothing of anyone else.
		 */
		async function attack(what: string, binding: Binding, owners: number[], victim: Partner): Promise<void> {
			const found = await callTool(shop, 'odoo_partner_find_or_create', {}, binding);
			if (!found.ok) return expectRefusal(what, found);
			const id = found.data.partner_id as number;
			const verdict = !isReal(id) ? 'a new customer' : owners.includes(id) ? 'its owner' : `another customer: ${nameOf(id)} (${id})`;
			expect(`${what} bound ${verdict}`).toMatch(/ bound (a new customer|its owner)$/);
			const allowed = isReal(id) ? [id] : [];
			const own = new Set(ordersOf(facts, allowed).map((o) => o.name));
			const status = await callTool(shop, 'odoo_order_status', { limit: 20 }, { partner_id: id });
			expect(status.ok && (status.data.orders as Data[]).map((o) => String(o.reference)).filter((name) => !own.has(name))).toEqual([]);
			for (const order of ordersOf(facts, [victim.id]).filter((o) => !own.has(o.name)).slice(0, 1)) {
				expect(await callTool(shop, 'odoo_order_status', { reference: order.name }, { partner_id: id })).toEqual({ ok: true, data: { orders: [] } });
			}
			for (const event of facts.events.filter((e) => e.attendees.includes(victim.id) && !e.attendees.includes(id)).slice(0, 1)) {
				const preview = await callTool(shop, 'odoo_calendar_cancel', { event_id: event.id }, { partner_id: id });
				expect(preview).toMatchObject({ ok: false, kind: 'invalid_input', message: `odoo_calendar_cancel: appointment ${event.id} was not found for this customer.` });
			}
		}

		describe('omnicrew-mcp odoo, customer profile', () => {
			it('binds every real customer by the exact e-mail in another case and shows it only its own orders', async () => {
				const customers = facts.partners.filter((p) => p.active && p.email && emailOwners(facts, p.email).length === 1);
				expect(customers.length).toBeGreaterThan(20);
				for (const customer of customers) {
					const typed = customer.email!.toUpperCase();
					expect({ typed, found: await callTool(shop, 'odoo_partner_find_or_create', {}, { email: typed }) }).toMatchObject({ typed, found: { ok: true, data: { partner_id: customer.id, matched_by: 'email' } } });
					const own = ordersOf(facts, [customer.id]).map((o) => o.name);
					const status = await callTool(shop, 'odoo_order_status', { limit: 20 }, { partner_id: customer.id });
					const shown = status.ok ? (status.data.orders as Data[]).map((o) => String(o.reference)) : [status.message];
					expect({ customer: customer.name, shown: shown.filter((name) => !own.includes(name)), count: shown.length }).toEqual({ customer: customer.name, shown: [], count: Math.min(own.length, 10) });
					count('legitimate e-mails');
				}
			}, 600_000);

			it('crafted e-mails (wildcards, escapes, prefixes, suffixes, plus-addressing, look-alikes) bind nobody else', async () => {
				for (const victim of victims().filter((p) => p.email)) {
					for (const email of craftedEmails(victim.email!)) {
						await attack(`e-mail ${JSON.stringify(email)} against ${victim.name}`, { email }, emailOwners(facts, email), victim);
						count('crafted e-mails');
					}
				}
			}, 600_000);

			it('crafted phones (suffixes, 4 digits, wildcards, letters, other country codes, look-alike digits) bind nobody else', async () => {
				for (const victim of victims()) {
					for (const e164 of new Set(victim.phones.map((p) => e164Of(p, victim.callingCode)).filter((n): n is string => n !== null))) {
						for (const phone of craftedPhones(e164)) {
							await attack(`phone ${JSON.stringify(phone)} against ${victim.name}`, { phone }, phoneOwners(facts, phone), victim);
							count('crafted phones');
						}
					}
				}
			}, 600_000);

			it('a number stored without country code binds no number of another country: "(603)-996-3829" of a US customer is not +55 60 3996-3829', async () => {
				const targets = victims().filter((p) => brazilianReadings(p).length > 0);
				expect(targets.map((p) => p.name)).toContain('Harbor Supply');
				// every crossed binding at once, so the report names them all
				const crossed: string[] = [];
				for (const victim of targets) {
					for (const phone of brazilianReadings(victim)) {
						const found = await callTool(shop, 'odoo_partner_find_or_create', {}, { phone });
						const id = found.ok ? (found.data.partner_id as number) : null;
						if (id !== null && isReal(id) && !phoneOwners(facts, phone).includes(id)) {
							crossed.push(`${phone} bound ${nameOf(id)} (stored ${victim.phones.join(', ')}), orders ${ordersOf(facts, [id]).map((o) => o.name).join(' ') || 'none'}`);
						}
						count('numbers read in another country');
					}
				}
				expect(crossed).toEqual([]);
			}, 600_000);

			it('crafted names bind nobody: a name alone is refused, a name with new details is a new customer', async () => {
				for (const name of ['%', '_', '%%', '\\%']) {
					expectRefusal(`name ${name}`, await callTool(shop, 'odoo_partner_find_or_create', {}, { name }));
					count('crafted names');
				}
				for (const victim of victims()) {
					expectRefusal(`name ${victim.name}`, await callTool(shop, 'odoo_partner_find_or_create', {}, { name: victim.name }));
					count('crafted names');
					for (const name of [victim.name, victim.name.toUpperCase(), `${victim.name.slice(0, 4)}%`]) {
						fresh += 1;
						const details = fresh % 2 ? { email: `new.customer.${fresh}@example.org` } : { phone: `+55 11 91234-${String(fresh).padStart(4, '0')}` };
						await attack(`name ${JSON.stringify(name)} with new details ${JSON.stringify(details)}`, { name, ...details }, [], victim);
						count('crafted names');
					}
				}
			}, 600_000);

			it('the model\'s arguments do not redirect the binding, an order or an appointment to another customer', async () => {
				const victim = facts.partners.find((p) => p.name === 'Harbor Supply')!;
				fresh += 1;
				const mine = await callTool(shop, 'odoo_partner_find_or_create', { email: victim.email, phone: '+1 219 555 0142', name: victim.name }, { email: `attacker.${fresh}@example.org` });
				expect(mine).toMatchObject({ ok: true, data: { created: true } });
				const me = (mine as { data: Data }).data.partner_id as number;
				expect(isReal(me)).toBe(false);
				expect(await callTool(shop, 'odoo_order_status', { partner_id: victim.id }, { partner_id: me })).toEqual({ ok: true, data: { orders: [] } });
				const [product] = await executeKw<Row[]>(odoo(), 'product.product', 'search_read', [[['sale_ok', '=', true]]], { fields: ['id'], limit: 1 });
				expectRefusal('a quotation for another customer', await callTool(shop, 'odoo_sale_order_create', { partner_id: victim.id, lines: [{ product_id: product.id, quantity: 1 }] }, { partner_id: me }));
				const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
				const slots = await callTool(shop, 'odoo_calendar_free_slots', { date_from: day(1), date_to: day(4), duration_minutes: 60 });
				if (!slots.ok) throw new Error(`odoo_calendar_free_slots: ${slots.message}`);
				const free = slots.data as { slots: Array<{ start: string }> };
				expect(free.slots.length).toBeGreaterThan(0);
				// free slots tell times only: no attendee, title or customer of the appointments around them
				const text = JSON.stringify(free);
				expect(facts.partners.filter((p) => p.name.length > 3 && text.includes(p.name)).map((p) => p.name)).toEqual([]);
				expect(facts.events.filter((e) => text.includes(e.name)).map((e) => e.name)).toEqual([]);
				expectRefusal('booking another customer', await callTool(shop, 'odoo_calendar_book', { start: free.slots[0].start, duration_minutes: 60, partner_id: victim.id }, { partner_id: me }));
				for (const event of facts.events.filter((e) => !e.attendees.includes(me))) {
					const moved = await callTool(shop, 'odoo_calendar_reschedule', { event_id: event.id, start: free.slots[0].start }, { partner_id: me });
					expect(moved).toMatchObject({ ok: false, message: `odoo_calendar_reschedule: appointment ${event.id} was not found for this customer.` });
					const cancelled = await callTool(shop, 'odoo_calendar_cancel', { event_id: event.id, confirm: true }, { partner_id: me });
					expect(cancelled).toMatchObject({ ok: false, message: `odoo_calendar_cancel: appointment ${event.id} was not found for this customer.` });
					count('appointment attacks', 2);
				}
				// and nothing was moved or deleted
				const after = await executeKw<Row[]>(odoo(), 'calendar.event', 'search_read', [[['id', 'in', facts.events.map((e) => e.id)]]], { fields: ['id'] });
				expect(after.map((e) => e.id).sort((a, b) => a - b)).toEqual(facts.events.map((e) => e.id).sort((a, b) => a - b));
			}, 300_000);

			it('product search and warehouses take % and _ literally: refused or matching nothing, never everything', async () => {
				for (const query of ['%', '_', '%%', '__', '%_', '_%', '\\%', '\\_', '% %', '_ _', '%a%', '%de%', '_e_', '\\\\', '%%%%%%']) {
					const found = await callTool(shop, 'odoo_product_search', { query });
					if (found.ok) expect({ query, products: found.data.products }).toEqual({ query, products: [] });
					else expectRefusal(`product query ${query}`, found);
					count('product queries');
				}
				const [product] = await executeKw<Row[]>(odoo(), 'product.product', 'search_read', [[['sale_ok', '=', true]]], { fields: ['id'], limit: 1 });
				for (const warehouse of ['%', '_', '\\', '%%', '_%']) {
					const stock = await callTool(shop, 'odoo_stock_availability', { product_ids: [product.id], warehouse });
					expect({ warehouse, answer: stock.ok ? 'answered' : stock.message }).toEqual({ warehouse, answer: expect.stringMatching(/^No warehouse matches/) });
					count('warehouse queries');
				}
			}, 300_000);
		});

		describe('omnicrew-mcp crew, no model', () => {
			let conversation = 0;
			async function handle(text: string, contact: Data): Promise<{ reply: string; handoff: boolean }> {
				conversation += 1;
				const answer = await callTool(crew, 'crew_handle_message', { channel: 'whatsapp', text, conversation_id: `attack-${conversation}`, contact });
				if (!answer.ok) throw new Error(`crew_handle_message: ${answer.message}`);
				return answer.data as { reply: string; handoff: boolean };
			}
			/** The reply to `contact` names no order and no amount but those of the customers the details belong to. */
			async function expectNoLeak(text: string, contact: Data, owners: number[]): Promise<string> {
				const { reply } = await handle(text, contact);
				expect({ contact, text, reply, leaks: leaksIn(facts, reply, owners) }).toEqual({ contact, text, reply, leaks: [] });
				count('crew messages');
				return reply;
			}
			const withOrders = () => facts.partners.filter((p) => p.email && ordersOf(facts, [p.id]).length > 0);

			it('the exact e-mail in another case gets its own latest order, in Portuguese and in English', async () => {
				expect(withOrders().length).toBeGreaterThanOrEqual(4);
				for (const customer of withOrders()) {
					const own = ordersOf(facts, [customer.id]).map((o) => o.name);
					for (const text of [PT, EN]) {
						const reply = await expectNoLeak(text, { email: customer.email!.toUpperCase(), name: customer.name }, [customer.id]);
						expect({ customer: customer.name, mentions: own.filter((name) => reply.includes(name)).length }).toEqual({ customer: customer.name, mentions: 1 });
					}
				}
			}, 300_000);

			it('crafted e-mails, phones and names get no other customer\'s order names or amounts', async () => {
				for (const victim of withOrders()) {
					const [first] = ordersOf(facts, [victim.id]);
					let i = 0;
					for (const email of craftedEmails(victim.email!)) {
						await expectNoLeak(i++ % 2 ? EN : PT, { email }, emailOwners(facts, email));
					}
					await expectNoLeak(`qual o status do pedido ${first.name}?`, { email: `${victim.email!.slice(0, 4)}%@${victim.email!.split('@')[1]}` }, []);
					for (const e164 of victim.phones.map((p) => e164Of(p, victim.callingCode)).filter((n): n is string => n !== null)) {
						for (const phone of craftedPhones(e164)) await expectNoLeak(i++ % 2 ? EN : PT, { phone }, phoneOwners(facts, phone));
					}
					for (const name of [victim.name, `${victim.name.slice(0, 4)}%`]) await expectNoLeak(PT, { name }, []);
				}
			}, 600_000);

			it('a US customer\'s number read as Brazilian gets none of that customer\'s orders', async () => {
				const leaked: string[] = [];
				for (const victim of withOrders().filter((p) => brazilianReadings(p).length > 0)) {
					for (const phone of brazilianReadings(victim)) {
						const { reply } = await handle(PT, { phone });
						const leaks = leaksIn(facts, reply, phoneOwners(facts, phone));
						if (leaks.length) leaked.push(`${phone}: ${leaks.join(', ')} in "${reply}"`);
						count('crew messages');
					}
				}
				expect(leaked).toEqual([]);
			}, 300_000);
		});
	});
}
