import type { Domain } from './types';

/**
 * What changed between the Odoo versions OmniCrew speaks to (16–19), in one place:
 * 18 replaced product `type = 'product'` by `is_storable`, renamed the stock context key
 * `warehouse` to `warehouse_id`, and removed `name_get` (use `display_name`).
 */
export function storableDomain(major: number): Domain {
	return major >= 18 ? [['is_storable', '=', true]] : [['type', '=', 'product']];
}

export function isStorable(product: Record<string, unknown>, major: number): boolean {
	return major >= 18 ? product.is_storable === true : product.type === 'product';
}

export function stockContext(major: number, warehouseId: number): Record<string, number> {
	return major >= 18 ? { warehouse_id: warehouseId } : { warehouse: warehouseId };
}

/** Fields to read for a product's stock type, by version. */
export function productTypeFields(major: number): string[] {
	return major >= 18 ? ['type', 'is_storable'] : ['type'];
}
