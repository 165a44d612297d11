import { conceptsOf, conceptsOfWords, expandQuery, WEIGHTS } from '../../nodes/KnowledgeBase/embeddings/expansion';
import { GLOSSARY } from '../../nodes/KnowledgeBase/embeddings/glossary';
import { searchVector, termIndex } from '../../nodes/KnowledgeBase/embeddings/sparse';
import { terms, tokens, type Language } from '../../nodes/KnowledgeBase/embeddings/tokenizer';

/** Whether a question reaches a text written in another language: they share a search term. */
function reaches(question: string, text: string, textLanguage: Language): boolean {
	const wanted = new Set(expandQuery(question).map((t) => t.term));
	return terms(text, textLanguage).some((term) => wanted.has(term));
}

describe('the pt/es/en policy glossary', () => {
	it.each([
		// [question, text in the shop's language, that language]
		['what is your return policy?', 'devolução em até 7 dias', 'pt'],
		['política de devoluciones', 'devolução em até 7 dias', 'pt'],
		['qual o prazo de devolução?', 'returns within 30 days', 'en'],
		['how long is the warranty?', 'garantia de 5 anos', 'pt'],
		['tienen garantía?', 'a 2-year warranty', 'en'],
		['how much is shipping?', 'frete de R$ 29,90', 'pt'],
		['cuánto cuesta el envío?', 'frete de R$ 29,90', 'pt'],
		['quanto é o frete?', 'shipping fees by ZIP code', 'en'],
		['do you deliver to Curitiba?', 'entrega própria em 1 a 2 dias', 'pt'],
		['I need an invoice for my company', 'emitimos nota fiscal', 'pt'],
		['necesito factura', 'Every order gets an invoice', 'en'],
		['vcs emitem nota fiscal?', 'Every order gets an invoice', 'en'],
		['payment methods?', 'formas de pagamento', 'pt'],
		['aceptan pagos en cuotas?', 'no financing or installment plan', 'en'],
		['can I pay in installments?', 'até 10x sem juros, parcela mínima de R$ 50', 'pt'],
		['can I exchange it for another size?', 'troca de tamanho em 30 dias', 'pt'],
		['puedo cambiar la talla?', 'troca de tamanho em 30 dias', 'pt'],
		['how do I get a refund?', 'o valor é reembolsado integralmente', 'pt'],
		['quero o dinheiro de volta', 'refunds are issued within 5 business days', 'en'],
		['how do I cancel my order?', 'pedidos podem ser cancelados sem custo', 'pt'],
		['quiero cancelar', 'Orders can be cancelled free of charge', 'en'],
		['what are your opening hours?', 'horário de atendimento: segunda a sexta', 'pt'],
		['que horas vcs abrem?', 'Business hours: Monday to Friday', 'en'],
		['¿a qué hora abren?', 'Monday to Friday 9:00 AM to 6:00 PM, closed on Sundays', 'en'],
		['is the repair shop open on mondays?', 'a oficina fica fechada na segunda-feira', 'pt'],
		['does the warranty cover a fall?', 'a garantia não cobre acidente', 'pt'],
		['my desk arrived damaged', 'produto com defeito', 'pt'],
		['me llegó la silla rota', 'Report a damaged or defective item', 'en'],
		['do you ship abroad?', 'não fazemos entregas para o exterior', 'pt'],
		['is pickup free?', 'retirada na loja é grátis', 'pt'],
		['volume discount?', 'desconto corporativo de 8%', 'pt'],
	] as const)('"%s" reaches "%s" (%s)', (question, text, language) => {
		expect(reaches(question, text, language)).toBe(true);
	});

	it('adds nothing for a word it does not know: a question about a bike chain does not reach "corrente"', () => {
		expect(reaches('my chain keeps dropping', 'a corrente está caindo', 'pt')).toBe(false);
	});

	it('gives every concept words in the three languages, and unique ids', () => {
		const ids = GLOSSARY.map((c) => c.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const concept of GLOSSARY) for (const language of ['pt', 'es', 'en'] as const) expect(concept[language].length).toBeGreaterThan(0);
	});

	it('reads every one of its own words back as its own concept (no word belongs to two concepts)', () => {
		const misread: string[] = [];
		for (const concept of GLOSSARY) {
			for (const language of ['pt', 'es', 'en'] as const) {
				for (const entry of concept[language]) {
					const owners = conceptsOfWords(tokens(entry), language);
					if (owners.some((owner) => owner && owner.id !== concept.id)) misread.push(`${language}:${entry} → ${owners.map((o) => o?.id).join(',')} (expected ${concept.id})`);
				}
			}
		}
		expect(misread).toEqual([]);
	});

	it('lets a phrase claim its words before a single word does ("dinheiro de volta" is a refund, not cash)', () => {
		expect([...conceptsOf('quero o dinheiro de volta', 'pt').keys()]).toEqual(['refund']);
		expect([...conceptsOf('aceitam dinheiro?', 'pt').keys()].sort()).toEqual(['cash', 'payment']);
		expect([...conceptsOf('preciso da segunda via da nota fiscal', 'pt').keys()].sort()).toEqual(['copy', 'invoice']);
	});

	it('weighs the customer\'s own words above glossary words, and question frames lowest', () => {
		const query = expandQuery('how long is the warranty?', 'en');
		const weight = (term: string) => query.find((t) => t.term === term)?.weight;
		expect(weight('warranti')).toBe(WEIGHTS.typed);
		expect(weight('garant')).toBe(WEIGHTS.glossary);
		expect(weight('praz')).toBe(WEIGHTS.frame);
		expect(query.find((t) => t.term === 'praz')?.frame).toBe(true);
		expect(query.find((t) => t.term === 'garant')?.group).toBe(query.find((t) => t.term === 'warranti')?.group);
	});

	it('stems a customer\'s word as the other languages would too (cognates), below the glossary', () => {
		const query = expandQuery('el seguro de la bicicleta', 'es');
		expect(query.find((t) => t.term === 'segur')).toMatchObject({ weight: WEIGHTS.typed });
		expect(query.find((t) => t.term === 'seguro')).toMatchObject({ weight: WEIGHTS.cognate });
	});

	it('turns the expansion into one sparse vector: one weight per term, the highest', () => {
		const vector = searchVector('what is your return policy?');
		expect(new Set(vector.indices).size).toBe(vector.indices.length);
		expect(vector.values[vector.indices.indexOf(termIndex('return'))]).toBe(WEIGHTS.typed);
		expect(vector.values[vector.indices.indexOf(termIndex('devolv'))]).toBe(WEIGHTS.glossary);
	});
});
