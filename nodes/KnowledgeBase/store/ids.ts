import { createHash } from 'node:crypto';

/**
 * Qdrant point ids must be unsigned integers or UUIDs; callers use their own strings (SKUs,
 * slugs). The point id is a UUID derived from tenant, collection, document id and chunk, so
 * re-upserting the same document replaces its points.
 */
export function pointId(tenantId: string, collection: string, documentId: string, chunk: number): string {
	const hex = createHash('sha256').update(`${tenantId}\u0000${collection}\u0000${documentId}\u0000${chunk}`).digest('hex');
	// shaped as a version-5-style UUID (variant bits set) so every Qdrant client accepts it
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
