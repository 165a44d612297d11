/**
 * A short, human summary of what a configuration change did, kept with every version so the
 * history reads like a change log: "changed agents[Vendas].instructions; added agents[Pós-venda]".
 */
export interface ConfigDiff {
	added: string[];
	removed: string[];
	changed: string[];
	summary: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Lists of named things (agents) are compared by name, so reordering is not a change. */
function namedList(value: unknown[]): Map<string, unknown> | undefined {
	const out = new Map<string, unknown>();
	for (const item of value) {
		if (!isObject(item) || typeof item.name !== 'string' || out.has(item.name)) return undefined;
		out.set(item.name, item);
	}
	return out;
}

function flatten(value: unknown, path: string, out: Map<string, string>): void {
	if (isObject(value)) {
		const keys = Object.keys(value);
		if (keys.length === 0) out.set(path, '{}');
		for (const key of keys.sort()) flatten(value[key], path ? `${path}.${key}` : key, out);
		return;
	}
	if (Array.isArray(value)) {
		const named = value.length > 0 ? namedList(value) : undefined;
		if (named) {
			for (const [name, item] of named) flatten(item, `${path}[${name}]`, out);
			return;
		}
		out.set(path, JSON.stringify(value));
		return;
	}
	out.set(path, JSON.stringify(value ?? null));
}

/** Collapses leaf paths to the outermost one that appeared or disappeared as a whole. */
function collapse(paths: string[], present: Map<string, string>): string[] {
	const out = new Set<string>();
	for (const path of paths) {
		let top = path;
		for (let cut = path.search(/[.[][^.[]*$/); cut > 0; cut = top.search(/[.[][^.[]*$/)) {
			const parent = top.slice(0, cut);
			const parentPresent = [...present.keys()].some((key) => key.startsWith(parent) && /^[.[]/.test(key.slice(parent.length)));
			if (parentPresent) break;
			top = parent;
		}
		out.add(top);
	}
	return [...out];
}

export function diffConfig(before: unknown, after: unknown, limit = 8): ConfigDiff {
	const a = new Map<string, string>();
	const b = new Map<string, string>();
	flatten(before ?? {}, '', a);
	flatten(after ?? {}, '', b);
	const added = collapse([...b.keys()].filter((key) => !a.has(key)), a);
	const removed = collapse([...a.keys()].filter((key) => !b.has(key)), b);
	const changed = [...b.keys()].filter((key) => a.has(key) && a.get(key) !== b.get(key));
	const part = (label: string, list: string[]) =>
		list.length === 0 ? [] : [`${label} ${list.slice(0, limit).join(', ')}${list.length > limit ? ` (+${list.length - limit} more)` : ''}`];
	const parts = [...part('changed', changed), ...part('added', added), ...part('removed', removed)];
	return { added, removed, changed, summary: parts.length ? parts.join('; ') : 'no change' };
}
