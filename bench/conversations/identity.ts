/**
 * Who writes each conversation, as the channel (a Chatwoot contact) would know them. The dataset
 * gives no sender, so the bench binds one the way a shop's real traffic has it: a conversation
 * that names one of the shop's orders comes from that order's customer; one that names a
 * customer (or a contact of a customer company) comes from that customer; every other
 * conversation, and every injection attempt (whose writer is never the person named), comes from
 * a new customer the shop does not know yet. Known customers are given with the phone (E.164, as
 * Chatwoot sends it) and e-mail of the catalog, so the Odoo lookups can find them.
 */
import type { ShopCatalog } from '../../test/emulators/odoo';
import type { Conversation, ShopData } from './dataset';
import { fold } from './judge';

export interface Contact {
	name: string;
	phone: string | null;
	email: string | null;
}

export interface Binding {
	contact: Contact;
	/** The catalog customer, or null for a new customer. */
	customer: string | null;
	why: 'order' | 'name' | 'new';
}

type Customer = ShopCatalog['customers'][number];

const LEGAL_SUFFIXES = new Set(['ltda', 'inc', 'llc', 'ltd', 'sa', 's.a.', 'me', 'eireli', 'corp']);

/** The number as Chatwoot sends it: + country code and the digits. */
export function e164(phone: string, currency: string): string | null {
	const digits = phone.replace(/\D/g, '').replace(/^0+/, '');
	if (currency === 'BRL') return digits.startsWith('55') && digits.length >= 12 ? `+${digits}` : digits.length >= 10 ? `+55${digits}` : null;
	if (currency === 'USD') return digits.length === 10 ? `+1${digits}` : digits.length === 11 && digits.startsWith('1') ? `+${digits}` : null;
	return null;
}

const wordIn = (text: string, phrase: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(text);

/** The phrases that name a customer in a message: full name, name without legal suffix, a unique first name, its contacts. */
function aliases(catalog: ShopCatalog): Array<{ phrase: string; customer: Customer }> {
	const firstNames = new Map<string, number>();
	const people = catalog.customers.flatMap((c) => [...(c.company ? [] : [c.name]), ...(c.contacts ?? [])]);
	for (const name of people) {
		const first = fold(name).split(' ')[0];
		firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
	}
	const out: Array<{ phrase: string; customer: Customer }> = [];
	const add = (phrase: string, customer: Customer) => {
		if (phrase.length >= 4) out.push({ phrase, customer });
	};
	for (const customer of catalog.customers) {
		const full = fold(customer.name);
		add(full, customer);
		const core = full.split(' ').filter((word) => !LEGAL_SUFFIXES.has(word));
		if (core.length >= 2) add(core.join(' '), customer);
		if (customer.company && core.length >= 3) add(core.slice(-2).join(' '), customer);
		for (const person of [...(customer.company ? [] : [customer.name]), ...(customer.contacts ?? [])]) {
			add(fold(person), customer);
			const first = fold(person).split(' ')[0];
			if (firstNames.get(first) === 1) add(first, customer);
		}
	}
	// the longest phrase first, so "pedal verde" is not taken for something shorter
	return out.sort((a, b) => b.phrase.length - a.phrase.length);
}

function knownContact(customer: Customer, currency: string): Contact {
	return { name: customer.name, phone: customer.phone ? e164(customer.phone, currency) : null, email: customer.email ?? null };
}

/** A new customer, different for every conversation, with a phone and an e-mail the shop has never seen. */
function newContact(shop: ShopData, index: number): Contact {
	const serial = String(index + 1).padStart(4, '0');
	if (shop.catalog.currency === 'BRL') return { name: 'Priscila Duarte', phone: `+55419870${serial}`, email: `priscila.duarte.${serial}@example.net` };
	return { name: 'Casey Avery', phone: `+1415555${serial}`, email: `casey.avery.${serial}@example.net` };
}

export function bindCustomer(shop: ShopData, conversation: Conversation, index: number): Binding {
	const { catalog } = shop;
	if (conversation.category !== 'injection') {
		const text = fold(conversation.turns.map((t) => t.text).join('\n'));
		for (const match of text.matchAll(/\bs\d{5}\b/g)) {
			const order = catalog.orders.find((o) => fold(o.name) === match[0]);
			const customer = order && (catalog.customers.find((c) => c.id === order.customer_id) ?? catalog.customers.find((c) => c.name === order.customer));
			if (customer) return { contact: knownContact(customer, catalog.currency), customer: customer.name, why: 'order' };
		}
		const named = aliases(catalog).find((alias) => wordIn(text, alias.phrase));
		if (named) return { contact: knownContact(named.customer, catalog.currency), customer: named.customer.name, why: 'name' };
	}
	return { contact: newContact(shop, index), customer: null, why: 'new' };
}
