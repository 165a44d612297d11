/**
 * Reading and writing the sales part of a conversation's memory. Memory comes back from the tenant
 * cache as JSON written by an earlier version or by hand, so it is read defensively: anything that
 * does not look right is dropped, never trusted.
 */
import type { ConversationMemory, RememberedGroup, RememberedProduct, SalesMemory } from '../../../state';
import type { Product } from './match';

const MENTIONED = 6;

const emptySales = (): SalesMemory => ({ last: [], shown: [], mentioned: [], offer: null, quotes: [] });

function product(value: unknown): RememberedProduct | null {
	if (!value || typeof value !== 'object') return null;
	const v = value as Record<string, unknown>;
	if (typeof v.id !== 'number' || !Number.isInteger(v.id) || v.id <= 0 || typeof v.name !== 'string') return null;
	return { id: v.id, name: v.name, code: typeof v.code === 'string' ? v.code : null };
}

const products = (value: unknown): RememberedProduct[] => (Array.isArray(value) ? value.map(product).filter((p): p is RememberedProduct => p !== null) : []);

const quantity = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 1);

function group(value: unknown): RememberedGroup | null {
	if (!value || typeof value !== 'object') return null;
	const v = value as Record<string, unknown>;
	const list = products(v.products);
	return list.length ? { products: list, quantity: quantity(v.quantity) } : null;
}

export function readSales(memory: ConversationMemory): SalesMemory {
	const raw = memory.sales as unknown;
	if (!raw || typeof raw !== 'object') return emptySales();
	const v = raw as Record<string, unknown>;
	const offer = v.offer && typeof v.offer === 'object' ? (v.offer as Record<string, unknown>) : null;
	const lines = offer && Array.isArray(offer.lines)
		? offer.lines
				.map((line) => {
					const l = line && typeof line === 'object' ? (line as Record<string, unknown>) : {};
					const p = product(l.product);
					return p ? { product: p, quantity: quantity(l.quantity) } : null;
				})
				.filter((l): l is { product: RememberedProduct; quantity: number } => l !== null)
		: [];
	return {
		last: Array.isArray(v.last) ? v.last.map(group).filter((g): g is RememberedGroup => g !== null) : [],
		shown: products(v.shown),
		mentioned: products(v.mentioned),
		offer: lines.length ? { lines, asked: offer?.asked === true } : null,
		quotes: Array.isArray(v.quotes) ? v.quotes.filter((q): q is string => typeof q === 'string') : [],
		person_offered: v.person_offered === true,
	};
}

export const remember = (p: Pick<Product, 'id' | 'name' | 'default_code'>): RememberedProduct => ({ id: p.id, name: p.name, code: p.default_code });

/** Whether the conversation has shown any product. */
export const hasProducts = (sales: SalesMemory) => sales.last.length > 0 || sales.mentioned.length > 0;

/** After an answer: what it showed becomes what the next message may point back at. */
export function recordAnswer(sales: SalesMemory, groups: ReadonlyArray<{ products: Product[]; quantity: number }>, shown: readonly Product[]): void {
	sales.last = groups.map((g) => ({ products: g.products.map(remember), quantity: g.quantity }));
	sales.shown = shown.map(remember);
	const firsts = groups.map((g) => remember(g.products[0]));
	const rest = sales.mentioned.filter((m) => !firsts.some((f) => f.id === m.id));
	sales.mentioned = [...firsts.reverse(), ...rest].slice(0, MENTIONED);
}

/** Every product the conversation showed, once each, the most recent requests first. */
export function known(sales: SalesMemory): RememberedProduct[] {
	const out: RememberedProduct[] = [];
	for (const p of [...sales.last.flatMap((g) => g.products), ...sales.mentioned, ...sales.shown]) if (!out.some((o) => o.id === p.id)) out.push(p);
	return out;
}
