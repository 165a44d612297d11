import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CHANNELS, CREW_AGENT_TOOLS } from '../../nodes/TenantConfig/schema/channels';
import { defaultCrew, defaultTenant } from '../../nodes/TenantConfig/schema/defaults';
import { mergeConfig, parseCrew, parseTenant } from '../../nodes/TenantConfig/schema/validate';
import { diffConfig } from '../../nodes/TenantConfig/store/diff';
import { CUSTOMER_TOOLS } from '../../nodes/Odoo/profile';
import { SERVERS } from '../../bin/servers';

const message = (fn: () => unknown): string => {
	try {
		fn();
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('expected a validation error');
};

describe('built-in defaults', () => {
	it('give every channel a valid Portuguese crew', () => {
		for (const channel of CHANNELS) {
			const crew = parseCrew(defaultCrew(channel));
			expect(crew.id).toBe(channel);
			expect(crew.agents.length).toBeGreaterThanOrEqual(3);
			for (const agent of crew.agents) expect(agent.instructions).toMatch(/nunca invente/);
		}
		expect(defaultCrew('whatsapp').agents.map((a) => a.role)).toEqual(['sales', 'scheduling', 'business_rules', 'support']);
		expect(defaultCrew('mercadolivre').formatting.max_length).toBe(2000);
		expect(defaultCrew('email').formatting.signature).toBeTruthy();
	});

	it('give a new tenant a valid configuration', () => {
		const tenant = parseTenant(defaultTenant('acme'));
		expect(tenant).toMatchObject({ id: 'acme', locale: 'pt-BR', timezone: 'America/Sao_Paulo', reply_language: { mode: 'customer' } });
		expect(Object.keys(tenant.channels).sort()).toEqual([...CHANNELS].sort());
	});

	it('only hand agents tools that exist and that a customer-facing agent may hold', () => {
		const all = new Map(SERVERS.flatMap((server) => server.tools.map((tool) => [tool.name, tool as unknown as { annotations: { readOnlyHint: boolean } }] as const)));
		for (const name of CREW_AGENT_TOOLS) {
			expect({ name, exists: all.has(name) }).toEqual({ name, exists: true });
			const safe = name.startsWith('odoo_') ? CUSTOMER_TOOLS.has(name) : name === 'knowledge_search' || name.startsWith('chatwoot_');
			expect({ name, safe }).toEqual({ name, safe: true });
		}
		expect(CREW_AGENT_TOOLS).not.toContain('odoo_write');
		expect(CREW_AGENT_TOOLS).not.toContain('knowledge_delete');
	});
});

describe('validation names the wrong field', () => {
	it.each([
		[{ agents: [{ ...defaultCrew('whatsapp').agents[0], role: 'seller' }] }, /crew\.agents\[0\]\.role/],
		[{ agents: [{ ...defaultCrew('whatsapp').agents[0], tools: ['odoo_write'] }] }, /crew\.agents\[0\]\.tools\[0\]: must be one of/],
		[{ agents: [{ ...defaultCrew('whatsapp').agents[0], instruction: 'typo' }] }, /crew\.agents\[0\]\.instruction: is not a known field/],
		[{ router: { confidence_threshold: 1.5 } }, /crew\.router\.confidence_threshold/],
		[{ agents: [] }, /crew\.agents: a crew needs at least one agent/],
		[{ router: { fallback_role: 'scheduling' }, agents: [defaultCrew('whatsapp').agents[0]] }, /crew\.router\.fallback_role: no agent of the crew has the role "scheduling"/],
		[{ agents: [defaultCrew('whatsapp').agents[0], { ...defaultCrew('whatsapp').agents[0], name: 'Outro' }] }, /crew\.agents\[1\]\.role: a crew has one sales agent/],
	])('crew %#', (patch, pattern) => {
		expect(message(() => parseCrew(mergeConfig(defaultCrew('whatsapp'), patch)))).toMatch(pattern);
	});

	it.each([
		[{ business_hours: { mon: [{ open: '18:00', close: '08:00' }] } }, /tenant\.business_hours\.mon\[0\]\.close: close must be later than open/],
		[{ business_hours: { tue: [{ open: '8h', close: '18:00' }] } }, /tenant\.business_hours\.tue\[0\]\.open: must be a 24-hour time/],
		[{ timezone: 'Mars/Olympus' }, /tenant\.timezone: must be an IANA time zone/],
		[{ handoff: { outside_hours: 'sleep' } }, /tenant\.handoff\.outside_hours/],
		[{ channels: { telegram: { enabled: true } } }, /tenant\.channels/],
		[{ holidays: [{ date: '2026-13-01', name: 'x' }] }, /tenant\.holidays\[0\]\.date/],
		[{ token_budget_per_day: -1 }, /tenant\.token_budget_per_day/],
		[{ colour: 'blue' }, /tenant\.colour: is not a known field/],
		[{ greeting: '   ' }, /tenant\.greeting: must not be empty \(null = the built-in greeting\)/],
		[{ greeting: 'x'.repeat(501) }, /tenant\.greeting/],
		[{ synonyms: { bike: '' } }, /tenant\.synonyms\.bike: the catalog word must not be empty/],
		[{ synonyms: ['bike'] }, /tenant\.synonyms: Invalid input: expected record/],
		[{ synonyms: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`word${i}`, 'bicicleta'])) }, /tenant\.synonyms: at most 500 synonyms/],
	])('tenant %#', (patch, pattern) => {
		expect(message(() => parseTenant(mergeConfig(defaultTenant('acme'), patch)))).toMatch(pattern);
	});
});

describe('greeting and synonyms', () => {
	it('default to the built-in greeting and no synonyms, also for a configuration stored before they existed', () => {
		expect(defaultTenant('acme')).toMatchObject({ greeting: null, synonyms: {} });
		const { greeting, synonyms, ...older } = defaultTenant('acme');
		expect([greeting, synonyms]).toEqual([null, {}]);
		expect(parseTenant(older)).toMatchObject({ greeting: null, synonyms: {} });
	});

	it('keep the tenant\'s own, trimmed', () => {
		const tenant = parseTenant(mergeConfig(defaultTenant('acme'), { greeting: ' Oi! Aqui é da Pedal Forte 🚲 Como posso te ajudar? ', synonyms: { ' bike ': ' bicicleta ', casco: 'capacete' } }));
		expect(tenant.greeting).toBe('Oi! Aqui é da Pedal Forte 🚲 Como posso te ajudar?');
		expect(tenant.synonyms).toEqual({ bike: 'bicicleta', casco: 'capacete' });
	});
});

describe('mergeConfig', () => {
	it('merges objects field by field and replaces lists', () => {
		const merged = mergeConfig({ a: { b: 1, c: 2 }, list: [1, 2] }, { a: { c: 3 }, list: [9] });
		expect(merged).toEqual({ a: { b: 1, c: 3 }, list: [9] });
	});

	it('refuses a prototype key instead of swapping the prototype', () => {
		expect(() => mergeConfig({}, JSON.parse('{"__proto__": {"admin": true}}'))).toThrow(/"__proto__" is not a configuration field/);
		expect(({} as Record<string, unknown>).admin).toBeUndefined();
	});
});

describe('diffConfig', () => {
	it('summarises changes by agent name, not list position', () => {
		const before = defaultCrew('whatsapp');
		const after = structuredClone(before);
		after.agents.reverse();
		expect(diffConfig(before, after).summary).toBe('no change');
		after.agents[0].tone = 'formal';
		after.router.confidence_threshold = 0.7;
		after.agents.push({ ...after.agents[0], name: 'Pós-venda', role: 'custom' });
		const diff = diffConfig(before, after);
		expect(diff.changed).toEqual(expect.arrayContaining(['agents[Suporte].tone', 'router.confidence_threshold']));
		expect(diff.added).toEqual(['agents[Pós-venda]']);
		expect(diff.summary).toMatch(/^changed .*; added agents\[Pós-venda\]$/);
	});
});

describe('the examples in docs/configuration.md', () => {
	const read = (file: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'examples', file), 'utf8'));

	it('are valid, complete configurations', () => {
		expect(parseTenant(read('tenant.json')).name).toBe('Móveis Aurora');
		expect(parseCrew(read('crew-whatsapp.json')).agents).toHaveLength(4);
	});
});
