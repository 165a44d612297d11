import type { TurnContext } from '../../nodes/Crew/agent/context';
import { chooseHit, nothingFoundDraft, previousQuestions, procedureSteps, sectionsOf, type Hit } from '../../nodes/Crew/agent/embedded/knowledge';
import { PHRASES } from '../../nodes/Crew/agent/templates';
import type { Lang } from '../../nodes/Crew/responder/locale';
import type { MemoryTurn } from '../../nodes/Crew/state';

const hit = (collection: string, id: string, score: number, title: string, text = 'Texto.'): Hit => ({ id, title, text, score, collection, metadata: {} });

/** The few fields of a turn these helpers read. */
function turn(fields: { lang?: Lang; locale?: string; role?: TurnContext['role']; turns?: MemoryTurn[] }): TurnContext {
	const lang = fields.lang ?? 'pt';
	const partial = { lang, role: fields.role ?? 'business_rules', tenant: { locale: fields.locale ?? 'pt-BR' }, memory: { turns: fields.turns ?? [] }, phrases: PHRASES[lang] };
	return partial as unknown as TurnContext;
}

describe('chooseHit: the agent\'s own collection first', () => {
	const own = ['business_rules'];

	it('keeps the agent\'s own document unless another collection\'s scores twice as much', () => {
		const rule = hit('business_rules', 'rule-garantia', 4, 'Garantia');
		const procedure = hit('support_procedures', 'proc-pneu', 7.9, 'Pneu furado: como trocar a câmara');
		expect(chooseHit([procedure, rule], own, 'garantia cobre pneu furado?')?.id).toBe('rule-garantia');
		expect(chooseHit([{ ...procedure, score: 8.1 }, rule], own, 'garantia cobre pneu furado?')?.id).toBe('proc-pneu');
	});

	it('takes the other collection\'s document when it scores more and its title names more of the question', () => {
		const procedure = hit('support_procedures', 'proc-segunda-via', 10, 'Segunda via de nota fiscal');
		const rule = hit('business_rules', 'rule-cnpj', 15, 'Compras com CNPJ e nota fiscal');
		expect(chooseHit([rule, procedure], ['support_procedures'], 'a nota saiu com o cnpj errado')?.id).toBe('rule-cnpj');
		expect(chooseHit([rule, procedure], ['support_procedures'], 'preciso da segunda via da nota')?.id).toBe('proc-segunda-via');
	});

	it('falls back to the other collections when its own has nothing, and gives nothing when none has', () => {
		expect(chooseHit([hit('support_procedures', 'proc-boleto', 1, 'Segunda via do boleto')], own, 'boleto venceu')?.id).toBe('proc-boleto');
		expect(chooseHit([], own, 'boleto venceu')).toBeUndefined();
	});
});

describe('procedure sections', () => {
	const text = 'Nota fiscal: 1. Entre em Meus pedidos e baixe a NF-e. 2. Ou peça por e-mail. Boleto (só empresas): 1. Em Financeiro, clique em Segunda via. 2. Boleto vencido é reemitido com nova data.';

	it('splits a procedure into its headed sections', () => {
		expect(sectionsOf(text).map((s) => s.heading)).toEqual(['Nota fiscal', 'Boleto (só empresas)']);
		expect(sectionsOf('1. Abra. 2. Feche.')).toEqual([{ heading: null, body: '1. Abra. 2. Feche.' }]);
	});

	it('answers with the section the question is about, numbered', () => {
		const steps = procedureSteps(hit('support_procedures', 'proc', 1, 'Segunda via de nota fiscal ou boleto', text), 'meu boleto venceu, como tiro outro?');
		expect(steps).toBe('Boleto (só empresas):\n1. Em Financeiro, clique em Segunda via.\n2. Boleto vencido é reemitido com nova data.');
		expect(procedureSteps(hit('support_procedures', 'proc', 1, 'Segunda via', text), 'preciso da nota fiscal')).toBe('Nota fiscal:\n1. Entre em Meus pedidos e baixe a NF-e.\n2. Ou peça por e-mail.');
		const both = procedureSteps(hit('support_procedures', 'proc', 1, 'Segunda via', text), 'como faço?');
		expect(both).toContain('Nota fiscal:\n1.');
		expect(both).toContain('Boleto (só empresas):\n1.');
	});
});

describe('previousQuestions', () => {
	const at = '2026-01-01T00:00:00Z';
	const turns: MemoryTurn[] = [
		{ role: 'customer', text: 'vcs tem capacete?', at },
		{ role: 'agent', text: 'Temos sim.', agent: 'sales', at },
		{ role: 'customer', text: 'como funciona o cashback?', at },
		{ role: 'agent', text: 'Sobre Cashback: …', agent: 'business_rules', at },
		{ role: 'customer', text: 'e qnd libera?', at },
		{ role: 'agent', text: 'Sobre Cashback: …', agent: 'business_rules', at },
	];

	it('gives the latest questions the same agent answered, stopping at another agent', () => {
		expect(previousQuestions(turn({ turns }))).toEqual(['e qnd libera?', 'como funciona o cashback?']);
		expect(previousQuestions(turn({ turns }), 1)).toEqual(['e qnd libera?']);
		expect(previousQuestions(turn({ turns, role: 'support' }))).toEqual([]);
	});
});

describe('nothingFoundDraft', () => {
	it('says plainly, in the customer\'s language, that the policies are in another language', () => {
		const draft = nothingFoundDraft(turn({ lang: 'en', locale: 'pt-BR' }), 'no_policy_found');
		expect(draft).toMatchObject({ handoff: true, reason: 'no_policy_found' });
		expect(draft.text).toMatch(/written in Portuguese/);
		expect(draft.text).toContain(PHRASES.en.nothingGrounded);
		expect(nothingFoundDraft(turn({ lang: 'es', locale: 'en-US' }), 'x').text).toMatch(/escritas en inglés/);
	});

	it('hands off with the usual words when the customer writes in the shop\'s language', () => {
		expect(nothingFoundDraft(turn({ lang: 'pt', locale: 'pt-BR' }), 'no_policy_found').text).toBe(PHRASES.pt.nothingGrounded);
	});
});
