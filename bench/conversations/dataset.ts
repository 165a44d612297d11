/**
 * The conversation evaluation sets (bench/data/conversations/<shop>/): each shop's data files and
 * its messages and dialogues, checked line by line so a broken line is named instead of skewing a
 * score.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod/v4';

import type { KnowledgeDocument } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { parseShopCatalog, type ShopCatalog } from '../../test/emulators/odoo';

export const SHOPS = ['shop-b', 'odoo-demo'] as const;
export type ShopName = (typeof SHOPS)[number];

export const SPLITS = ['tune', 'heldout'] as const;
export type Split = (typeof SPLITS)[number];

export const ROUTES = ['sales', 'scheduling', 'business_rules', 'support', 'human', 'conversation'] as const;
export type ExpectedRoute = (typeof ROUTES)[number];

/** The routes that are an agent of the crew (or the hand-off): the classes routing macro-F1 is computed over. */
export const AGENT_ROUTES = ['sales', 'scheduling', 'business_rules', 'support', 'human'] as const;

export const CATEGORIES = [
	'greeting', 'thanks_bye', 'small_talk', 'bot_question', 'empty_or_emoji', 'price', 'price_quantity', 'multi_product', 'stock', 'out_of_stock_alternative',
	'quotation', 'order_status', 'scheduling', 'policy', 'procedure', 'b2b_invoice', 'cross_language_policy', 'handoff_request', 'complaint_angry', 'off_topic', 'injection',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CHANNELS = ['whatsapp', 'instagram', 'facebook', 'email', 'webchat'] as const;

/** Records whose creation a turn may expect; counted by diffing the Odoo emulator's records. */
export const WRITE_MODELS = ['sale.order', 'calendar.event'] as const;
export type WriteModel = (typeof WRITE_MODELS)[number];

const expectSchema = z.strictObject({
	route: z.enum(ROUTES),
	handoff: z.boolean(),
	facts: z.array(z.array(z.string().min(1)).min(1)).optional(),
	must_not: z.array(z.string().min(1)).optional(),
	writes: z.partialRecord(z.enum(WRITE_MODELS), z.number().int().nonnegative()).optional(),
});
export type Expectation = z.output<typeof expectSchema>;

const turnFields = {
	text: z.string().max(10_000),
	attachments: z.array(z.enum(['image', 'audio', 'video', 'sticker', 'pdf'])).optional(),
	expect: expectSchema,
};

const common = {
	id: z.string().regex(/^[bo]-[md]\d{3}$/, { error: 'must look like b-m001 or o-d012' }),
	split: z.enum(SPLITS),
	lang: z.enum(['pt', 'es', 'en']),
	category: z.enum(CATEGORIES),
	channel: z.enum(CHANNELS),
};

const messageSchema = z.strictObject({ ...common, ...turnFields });
const dialogueSchema = z.strictObject({ ...common, turns: z.array(z.strictObject(turnFields)).min(2).max(5) });

export interface Turn {
	text: string;
	attachments?: string[];
	expect: Expectation;
}

/** A message or a dialogue: a message is a conversation of one turn. */
export interface Conversation {
	id: string;
	kind: 'message' | 'dialogue';
	split: Split;
	lang: 'pt' | 'es' | 'en';
	category: Category;
	channel: (typeof CHANNELS)[number];
	turns: Turn[];
}

export interface TenantFile extends Record<string, unknown> {
	id: string;
	locale: string;
	timezone: string;
	business_hours: Record<string, Array<{ open: string; close: string }>>;
	holidays: Array<{ date: string; name: string }>;
	token_budget_per_day: number;
	greeting?: string;
	tone?: string;
	signature?: string;
	synonyms?: Record<string, string>;
	workshop_hours?: Record<string, Array<{ open: string; close: string }>>;
	appointment_hours?: Record<string, Array<{ open: string; close: string }>>;
}

export interface ShopData {
	name: ShopName;
	dir: string;
	catalog: ShopCatalog;
	policies: KnowledgeDocument[];
	procedures: KnowledgeDocument[];
	tenant: TenantFile;
	conversations: Conversation[];
}

function readJson(dir: string, file: string): unknown {
	try {
		return JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
	} catch (error) {
		throw new Error(`${join(dir, file)} could not be read: ${error instanceof Error ? error.message : String(error)}`);
	}
}

function parseLines<T>(dir: string, file: string, schema: z.ZodType<T>): T[] {
	const path = join(dir, file);
	const lines = readFileSync(path, 'utf8').split('\n');
	const out: T[] = [];
	lines.forEach((line, index) => {
		if (!line.trim()) return;
		let json: unknown;
		try {
			json = JSON.parse(line);
		} catch (error) {
			throw new Error(`${path}:${index + 1} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
		}
		const parsed = schema.safeParse(json);
		if (!parsed.success) throw new Error(`${path}:${index + 1} is not a valid line:\n${z.prettifyError(parsed.error)}`);
		out.push(parsed.data);
	});
	return out;
}

const documentSchema = z.array(z.object({ id: z.string().min(1), title: z.string().optional(), text: z.string().min(1), metadata: z.record(z.string(), z.unknown()).optional() }));

function documents(dir: string, file: string): KnowledgeDocument[] {
	const parsed = documentSchema.safeParse(readJson(dir, file));
	if (!parsed.success) throw new Error(`${join(dir, file)} is not a list of knowledge documents:\n${z.prettifyError(parsed.error)}`);
	return parsed.data;
}

function tenantFile(dir: string): TenantFile {
	const json = readJson(dir, 'tenant.json');
	const shape = z.looseObject({
		id: z.string().min(1),
		locale: z.string(),
		timezone: z.string(),
		business_hours: z.record(z.string(), z.array(z.object({ open: z.string(), close: z.string() }))),
		holidays: z.array(z.object({ date: z.string(), name: z.string() })),
		token_budget_per_day: z.number(),
	});
	const parsed = shape.safeParse(json);
	if (!parsed.success) throw new Error(`${join(dir, 'tenant.json')} is not a tenant file:\n${z.prettifyError(parsed.error)}`);
	return parsed.data as TenantFile;
}

export function dataRoot(root: string): string {
	return join(root, 'bench', 'data', 'conversations');
}

export function loadShop(root: string, name: ShopName): ShopData {
	const dir = join(dataRoot(root), name);
	const messages: Conversation[] = parseLines(dir, 'messages.jsonl', messageSchema).map(({ text, attachments, expect, ...rest }) => ({
		...rest,
		kind: 'message',
		turns: [{ text, attachments, expect }],
	}));
	const dialogues: Conversation[] = parseLines(dir, 'dialogues.jsonl', dialogueSchema).map((d) => ({ ...d, kind: 'dialogue' }));
	const prefix = name === 'shop-b' ? 'b-' : 'o-';
	const wrong = [...messages, ...dialogues].find((c) => !c.id.startsWith(prefix));
	if (wrong) throw new Error(`${dir}: ${wrong.id} does not belong to this shop (ids start with ${prefix})`);
	const ids = [...messages, ...dialogues].map((c) => c.id);
	const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
	if (repeated) throw new Error(`${dir}: id ${repeated} is used twice`);
	return {
		name,
		dir,
		catalog: parseShopCatalog(readJson(dir, 'catalog.json'), join(dir, 'catalog.json')),
		policies: documents(dir, 'policies.json'),
		procedures: documents(dir, 'procedures.json'),
		tenant: tenantFile(dir),
		conversations: [...messages, ...dialogues],
	};
}
