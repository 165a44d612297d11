/** The conversation bench's options: `--name value` or `--name=value`; anything else is an error naming it. */
import { SHOPS, SPLITS, type ShopName, type Split } from './dataset';
import type { ModelMode } from './world';

export const MODES: ModelMode[] = ['none', 'scripted'];

export interface Settings {
	shops: ShopName[];
	splits: Split[];
	modes: ModelMode[];
	failures: boolean;
}

/** `--name value` or `--name=value`; an unknown flag or value is an error naming it. */
export function parseArgs(args: string[]): Settings {
	const values = new Map<string, string | true>();
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}" (options: --shop, --split, --model, --failures)`);
		const [name, inline] = arg.slice(2).split('=', 2);
		if (name === 'failures') {
			values.set(name, true);
			continue;
		}
		if (!['shop', 'split', 'model'].includes(name)) throw new Error(`unknown option --${name} (options: --shop, --split, --model, --failures)`);
		const value = inline ?? args[++i];
		if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
		values.set(name, value);
	}
	const pick = <T extends string>(name: string, allowed: readonly T[], all: string, fallback: T[]): T[] => {
		const value = values.get(name);
		if (value === undefined || value === all) return fallback;
		if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return [value as T];
		throw new Error(`--${name} must be ${[...allowed, all].join(', ')} (got "${String(value)}")`);
	};
	const settings: Settings = {
		shops: pick('shop', SHOPS, 'both', [...SHOPS]),
		splits: pick('split', SPLITS, 'all', [...SPLITS]),
		modes: pick('model', MODES, 'both', [...MODES]),
		failures: values.get('failures') === true,
	};
	if (settings.failures && !settings.splits.includes('tune')) throw new Error('--failures shows the tune split\'s failures only, and held-out failures are never shown: run it with --split tune or all');
	return settings;
}

