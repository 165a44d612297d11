import { mentions, relevantPassage, searchText, splitSentences, subjectMatches } from '../../nodes/KnowledgeBase/store/passage';

// A small electronics shop's policies, written for these tests.
const WARRANTY =
	'Todos os produtos têm garantia de 12 meses contra defeitos de fabricação. Baterias de notebook e celular têm garantia de 6 meses. ' +
	'Acessórios e cabos têm garantia de 90 dias. A garantia não cobre quedas, contato com líquidos nem uso de carregador não original.';
const DELIVERY =
	'Capital e região metropolitana: entrega em 1 dia útil, frete de R$ 19,90, grátis acima de R$ 300,00. Interior do estado: 2 a 4 dias úteis, frete calculado pelo CEP. ' +
	'Demais estados: 3 a 9 dias úteis, frete calculado pelo CEP. Retirada na loja é grátis.';
const CASHBACK =
	'Clientes cadastrados recebem 3% de cashback em cada compra. O crédito é liberado depois do prazo de devolução e vale por 6 meses. ' +
	'Compras devolvidas perdem o cashback.';

describe('splitSentences', () => {
	it('splits on sentence ends, not on abbreviations, figures or semicolons', () => {
		expect(splitSentences('Loja: Av. Brasil, 1500, Centro. Aberta das 9h às 18h; sábado até 13h. Pedido mínimo de R$ 1.500,00 (art. 49 do CDC). Fim!')).toEqual([
			'Loja: Av. Brasil, 1500, Centro.',
			'Aberta das 9h às 18h; sábado até 13h.',
			'Pedido mínimo de R$ 1.500,00 (art. 49 do CDC).',
			'Fim!',
		]);
		expect(splitSentences('Find the number (e.g. S00006) in the e-mail. Then write to us.\nSecond line')).toEqual(['Find the number (e.g. S00006) in the e-mail.', 'Then write to us.', 'Second line']);
	});
});

describe('relevantPassage', () => {
	it.each([
		['a garantia da bateria é de quanto tempo?', ['6 meses'], ['90 dias', '12 meses']],
		['a garantia cobre queda?', ['não cobre quedas'], ['6 meses', '90 dias']],
		['cabo tem garantia?', ['90 dias'], ['6 meses']],
		['what does the warranty not cover?', ['não cobre quedas'], ['6 meses']],
	])('"%s" gets the sentences that answer it', (question, present, absent) => {
		const passage = relevantPassage(WARRANTY, question, { subject: 'Garantia' });
		expect(passage.whole).toBe(false);
		for (const text of present) expect(passage.text).toContain(text);
		for (const text of absent) expect(passage.text).not.toContain(text);
	});

	it('keeps a sentence whole, with its figures and conditions', () => {
		const passage = relevantPassage(DELIVERY, 'qual o frete pra capital?', { subject: 'Entrega e frete' });
		expect(passage.text).toBe('Capital e região metropolitana: entrega em 1 dia útil, frete de R$ 19,90, grátis acima de R$ 300,00.');
	});

	it('gives the whole text to a question about the subject as a whole', () => {
		expect(relevantPassage(WARRANTY, 'como funciona a garantia?', { subject: 'Garantia' })).toMatchObject({ whole: true, text: WARRANTY });
		expect(relevantPassage(WARRANTY, 'what is your warranty policy?', { subject: 'Garantia' }).whole).toBe(true);
	});

	it('gives the whole text when the question names a detail the text never mentions (only a reader of all of it can tell)', () => {
		expect(relevantPassage(DELIVERY, 'vocês entregam em Manaus?', { subject: 'Entrega e frete' })).toMatchObject({ whole: true });
		// "battery" is neither a cognate of "bateria" nor in the glossary: lexical matching cannot tell which sentence it is
		expect(relevantPassage(WARRANTY, 'how long is the battery warranty?', { subject: 'Garantia' })).toMatchObject({ whole: true });
	});

	it('gives the whole text of a single sentence', () => {
		expect(relevantPassage('Aceitamos Pix e cartão.', 'aceitam pix?')).toMatchObject({ whole: true, sentences: 1 });
	});
});

describe('subjectMatches', () => {
	it('tells the document about the question from one that mentions its words in passing', () => {
		const question = 'qual o prazo para devolução?';
		expect(subjectMatches(question, 'Trocas e devoluções')).toBeGreaterThan(0);
		expect(subjectMatches(question, 'Cashback')).toBe(0);
		expect(relevantPassage(CASHBACK, question, { subject: 'Cashback' }).text).toContain('prazo de devolução');
	});

	it('counts a policy term of the question in a title more than another word, and a question frame not at all', () => {
		expect(subjectMatches('garantia cobre pneu furado?', 'Garantia')).toBe(1);
		expect(subjectMatches('garantia cobre pneu furado?', 'Pneu furado: como trocar a câmara')).toBe(1);
		expect(subjectMatches('quanto tempo demora?', 'Prazos de entrega')).toBe(0);
	});

	it('reads the title in its own language', () => {
		expect(subjectMatches('what is the warranty?', 'Garantia', 'pt')).toBe(1);
		expect(subjectMatches('¿cuál es la garantía?', 'Warranty', 'en')).toBe(1);
	});
});

describe('searchText', () => {
	it('leaves out words that only name the kind of document', () => {
		expect(searchText('what is your return policy?')).toBe('what is your return');
		expect(searchText('política')).toBe('política');
	});
});

describe('mentions', () => {
	it('needs a word of the question in the text', () => {
		expect(mentions(WARRANTY, 'a garantia cobre queda?', 'pt')).toBe(true);
		expect(mentions(WARRANTY, 'what does the warranty cover?', 'pt')).toBe(true);
		expect(mentions('Escolha o tipo de conexão.', 'my chain keeps dropping, any tips?', 'pt')).toBe(false);
	});

	it('across languages, takes a figure, a code or a name, but not a short stem that happens to match', () => {
		expect(mentions(DELIVERY, 'do you charge 19,90 in the capital?', 'pt')).toBe(true);
		expect(mentions('Entrega própria em Curitiba.', 'is Curitiba served?', 'pt')).toBe(true);
		expect(mentions('Escolha o tipo de conexão.', 'any tip?', 'pt', 'en')).toBe(false);
		expect(mentions('Escolha o tipo de conexão.', 'algum tipo?', 'pt', 'pt')).toBe(true);
	});
});
