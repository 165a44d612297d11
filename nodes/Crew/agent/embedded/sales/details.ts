/**
 * What a product is or comes with ("what does it include?"), from its description in the
 * knowledge base's `products` collection (synced from Odoo), with its price from Odoo.
 */
import { fold } from './words';
import type { TurnContext } from '../../context';
import type { Product } from './match';

interface ProductHit {
	title: string | null;
	text: string;
	metadata?: Record<string, unknown>;
}

/** The description lines of the product's knowledge document, or null when it has none. */
export async function describe(ctx: TurnContext, product: Product): Promise<string | null> {
	if (!ctx.tools.has('knowledge_search')) return null;
	const found = await ctx.tools.call<{ hits: ProductHit[] }>('knowledge_search', { query: product.name, collections: ['products'], top_k: 5 });
	if (!found.ok) return null;
	const hit = (found.data?.hits ?? []).find((h) => h.metadata?.odoo_id === product.id || (h.title !== null && fold(h.title) === fold(product.name)));
	if (!hit) return null;
	// the sync appends "Categoria:" and barcode lines after the description
	const lines = hit.text.split('\n').map((l) => l.trim()).filter((l) => l && !/^(?:categoria|categoría|category|código de barras|barcode):/i.test(l));
	const text = lines.join(' ');
	return text && fold(text) !== fold(product.name) ? text : null;
}
