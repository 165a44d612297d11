/** `seed: 'brazil'`: a Brazilian furniture and office shop on top of the contract seed (see README.md). */
import type { Store } from './orm/store';

export function seedBrazil(store: Store): void {
	void store;
}
