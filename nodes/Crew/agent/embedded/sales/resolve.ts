/**
 * From a parsed request to the products it means: each segment looked up in the catalog, a
 * segment that only qualifies ("steel legs", "e o preto?", "what about the left one?") applied
 * to the product before it or the one the conversation was about, quantities attached, and a
 * message that names nothing ("qto custa?", "as duas juntas", "I need 12") answered from memory.
 */
import type { RememberedProduct, SalesMemory } from '../../../state';
import type { Catalog } from './catalog';
import { unitsOfName, type Product } from './match';
import { names, QUALIFIER_CLASSES, type SalesRequest, type Segment, type Unit } from './request';

export interface Group {
	products: Product[];
	quantity: number;
	/** The customer wrote the quantity (in this message or when they first asked). */
	explicit: boolean;
	/** More products fit as well as those shown. */
	more: boolean;
	/** The closest products, not the one asked for ("aro 24"). */
	inexact: boolean;
	/** Taken from the conversation, not named in this message. */
	remembered: boolean;
	units: Unit[];
	codes: string[];
}

export interface Resolution {
	groups: Group[];
	/** The message named something, but nothing in the catalog fits it. */
	unmatched: boolean;
	/** The message named no product and the conversation has none either. */
	nothingNamed: boolean;
}

/** "preta", "M", "de aço", "left", "26": words that only say which one, of a product named before. */
const qualifiesOnly = (segment: Segment) => segment.codes.length === 0 && segment.units.some((u) => QUALIFIER_CLASSES.has(u.cls)) && segment.units.every((u) => !u.strong);
const overlaps = (a: readonly Product[], b: readonly Product[]) => a.some((p) => b.some((q) => q.id === p.id));

/**
 * The product's own words with the customer's attribute in place of the one of the same kind
 * ("Capacete Urban Branco M" + "preto" → capacete urban preto m; "Corner Desk Right Sit" + "left";
 * "Câmara de Ar Aro 29" + "26").
 */
export function variantUnits(product: Pick<Product, 'name' | 'default_code'>, qualifiers: readonly Unit[]): Unit[] {
	const own = unitsOfName(product);
	const replaced = own.filter((unit) => !qualifiers.some((q) => q.cls !== 'noun' && q.cls === unit.cls));
	return [...replaced, ...qualifiers];
}

async function fresh(catalog: Catalog, remembered: readonly RememberedProduct[]): Promise<Product[]> {
	const found: Product[] = [];
	for (const product of remembered) {
		const hit = await catalog.fetch(product);
		if (hit && !found.some((p) => p.id === hit.id)) found.push(hit);
	}
	return found;
}

function rememberedGroup(products: Product[], quantity: number, explicit: boolean): Group {
	return { products, quantity, explicit, more: false, inexact: false, remembered: true, units: [], codes: [] };
}

/** What a message that names no product points at, read again from the catalog. */
async function fromMemory(catalog: Catalog, request: SalesRequest, sales: SalesMemory): Promise<Group[]> {
	const lastQuantity = (id: number) => sales.last.find((g) => g.products.some((p) => p.id === id))?.quantity ?? 1;
	const each = request.segments.some((s) => s.each);
	const single = async (product: RememberedProduct | undefined) => {
		const [hit] = product ? await fresh(catalog, [product]) : [];
		return hit ? [rememberedGroup([hit], lastQuantity(hit.id), false)] : [];
	};
	if (request.ordinal !== null) return await single(sales.shown[request.ordinal]);
	if (request.both || each) {
		const pairs = sales.last.length >= 2 ? sales.last.map((g) => g.products[0]) : sales.mentioned.slice(0, 2).reverse();
		const groups: Group[] = [];
		for (const product of pairs) groups.push(...(await single(product)));
		return groups;
	}
	if (request.other) {
		const current = new Set(sales.last.flatMap((g) => g.products.map((p) => p.id)));
		return await single(sales.mentioned.find((m) => !current.has(m.id)) ?? sales.shown.find((p) => !current.has(p.id)));
	}
	if (request.thisOne) {
		// "pode ser essa" after an out-of-stock product and its alternatives is the first one in stock
		const candidates = await fresh(catalog, sales.shown.slice(0, 4));
		const chosen = candidates.find((p) => p.in_stock) ?? candidates[0];
		return chosen ? [rememberedGroup([chosen], lastQuantity(chosen.id), false)] : [];
	}
	const groups: Group[] = [];
	for (const group of sales.last) {
		const products = await fresh(catalog, group.products);
		if (products.length) groups.push(rememberedGroup(products, group.quantity, group.quantity > 1));
	}
	return groups;
}

/** Attributes of one kind in a segment ("preto" is a colour, "M" a size). */
const kinds = (units: readonly Unit[]) => new Set(units.filter((u) => !u.strong).map((u) => u.cls));

export async function resolve(catalog: Catalog, request: SalesRequest, sales: SalesMemory, known: readonly RememberedProduct[]): Promise<Resolution> {
	const groups: Group[] = [];
	let unmatched = false;
	let pendingQuantity: Segment | null = null;
	const remembered = new Set(known.map((p) => p.id));
	const find = async (units: Unit[], codes: string[]) => await catalog.find(units, codes, known);
	const replaceLast = async (units: Unit[], codes: string[]): Promise<boolean> => {
		const choice = await find(units, codes);
		if (!choice) return false;
		const last = groups[groups.length - 1];
		groups[groups.length - 1] = { ...last, products: choice.products, more: choice.more, inexact: choice.inexact, remembered: false, units, codes };
		return true;
	};

	for (const segment of request.segments) {
		if (!names(segment)) {
			if (segment.quantity === null) continue;
			// "we need 2", "2 de cada": a quantity for the product before it, or for the conversation's
			if (groups.length === 0) pendingQuantity = segment;
			else for (const group of segment.each ? groups : groups.slice(-1)) Object.assign(group, { quantity: segment.quantity ?? group.quantity, explicit: true });
			continue;
		}
		if (qualifiesOnly(segment)) {
			const previous = groups[groups.length - 1];
			if (previous && !previous.remembered) {
				const clash = [...kinds(segment.units)].some((kind) => kinds(previous.units).has(kind));
				if (!clash && (await replaceLast([...previous.units, ...segment.units], previous.codes))) continue;
				// "esquerdo y derecho": the same product with the other attribute
				const choice = await find(variantUnits(previous.products[0], segment.units), []);
				if (choice) groups.push({ products: choice.products, quantity: segment.quantity ?? previous.quantity, explicit: segment.quantity !== null || previous.explicit, more: choice.more, inexact: choice.inexact, remembered: false, units: segment.units, codes: [] });
				continue;
			}
			// "e o preto?", "and the pink one?": a variant of what the conversation was about
			const base = sales.last[0]?.products[0] ?? sales.mentioned[0];
			const [product] = base ? await fresh(catalog, [base]) : [];
			if (!product) {
				unmatched = true;
				continue;
			}
			const choice = await find(variantUnits(product, segment.units), []);
			if (choice) {
				const rememberedQuantity = sales.last[0]?.quantity ?? 1;
				groups.push({ products: choice.products, quantity: segment.quantity ?? rememberedQuantity, explicit: segment.quantity !== null || rememberedQuantity > 1, more: choice.more, inexact: choice.inexact, remembered: choice.products.every((p) => remembered.has(p.id)), units: segment.units, codes: [] });
			} else unmatched = true;
			continue;
		}
		const choice = await find(segment.units, segment.codes);
		const previous = groups[groups.length - 1];
		if (segment.soft && previous && !previous.remembered && (!choice || overlaps(choice.products, previous.products))) {
			// "bermuda com forro", "cabinet with doors": the same product, described further
			if (await replaceLast([...previous.units, ...segment.units], [...previous.codes, ...segment.codes])) continue;
		}
		if (!choice) {
			const describes = segment.units.some((u) => QUALIFIER_CLASSES.has(u.cls));
			if (previous && !previous.remembered && describes && (await replaceLast([...previous.units, ...segment.units], previous.codes))) continue;
			if (segment.units.some((u) => u.strong) || segment.codes.length) unmatched = true;
			continue;
		}
		groups.push({ products: choice.products, quantity: segment.quantity ?? 1, explicit: segment.quantity !== null, more: choice.more, inexact: choice.inexact, remembered: false, units: segment.units, codes: segment.codes });
	}

	const merged = dedupe(groups);
	if (merged.length === 0 && !unmatched && !request.segments.some(names)) {
		const recalled = await fromMemory(catalog, request, sales);
		if (pendingQuantity?.quantity) for (const group of pendingQuantity.each || recalled.length === 1 ? recalled : recalled.slice(-1)) Object.assign(group, { quantity: pendingQuantity.quantity, explicit: true });
		return { groups: recalled, unmatched: false, nothingNamed: recalled.length === 0 };
	}
	return { groups: merged, unmatched: unmatched && merged.length === 0, nothingNamed: false };
}

/** One group per product asked for: "2 gabinetes grandes (Large Cabinet)" names the Large Cabinet twice. */
function dedupe(groups: readonly Group[]): Group[] {
	const out: Group[] = [];
	for (const group of groups) {
		const same = out.findIndex((g) => group.products.every((p) => g.products.some((q) => q.id === p.id)) || g.products.every((p) => group.products.some((q) => q.id === p.id)));
		if (same < 0) {
			out.push(group);
			continue;
		}
		const kept = out[same];
		const narrower = group.products.length < kept.products.length ? group : kept;
		out[same] = { ...narrower, quantity: kept.explicit ? kept.quantity : group.quantity, explicit: kept.explicit || group.explicit };
	}
	return out;
}
