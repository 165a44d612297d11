import { documentVector, queryVector, termIndex } from '../../nodes/KnowledgeBase/embeddings/sparse';
import { detectLanguage, terms } from '../../nodes/KnowledgeBase/embeddings/tokenizer';

describe('terms', () => {
	it('folds accents, drops stop words and stems Portuguese', () => {
		expect(terms('Vocês têm a cadeira ergonômica?', 'pt')).toEqual(terms('voces tem cadeiras ergonomicas', 'pt'));
		expect(terms('Vocês têm a cadeira ergonômica?', 'pt')).toEqual(['cadeir', 'ergonom']);
	});

	it('lets a noun made from a verb meet the verb ("pagamento" / "pagando", "instalación" / "instalar")', () => {
		const shared = (a: string, b: string, lang: 'pt' | 'es') => terms(a, lang).filter((t) => terms(b, lang).includes(t));
		expect(shared('pagamento', 'pagando', 'pt')).not.toEqual([]);
		expect(shared('instalação', 'instalar', 'pt')).not.toEqual([]);
		expect(shared('instalación', 'instalar', 'es')).not.toEqual([]);
		expect(terms('cimento', 'pt')).toHaveLength(1);
	});

	it('keeps codes and figures exactly', () => {
		expect(terms('Ar-condicionado 12000 BTUs', 'pt')).toEqual(expect.arrayContaining(['#12000']));
		expect(terms('Notebook Core i7', 'pt')).toContain('#i7');
		expect(terms('papel A4', 'pt')).toContain('#a4');
		expect(terms('9000 BTUs', 'pt')).not.toContain('#12000');
	});

	it('matches a dashed product code with or without the dashes', () => {
		const dashed = terms('CAD-ERG-01', 'pt');
		expect(dashed).toEqual(expect.arrayContaining(['#cad-erg-01', '#caderg01', '#01']));
		expect(terms('caderg01', 'pt')).toEqual(['#caderg01']);
	});

	it.each([
		['Vocês têm cadeira para escritório?', 'pt'],
		['¿Tienen sillas para la oficina?', 'es'],
		['Do you have office chairs?', 'en'],
		['cadeira', 'pt'],
	] as const)('detects the language of %s', (text, language) => {
		expect(detectLanguage(text)).toBe(language);
	});
});

describe('sparse vectors', () => {
	it('gives a stable index per term', () => {
		expect(termIndex('cadeir')).toBe(termIndex('cadeir'));
		expect(termIndex('cadeir')).not.toBe(termIndex('mes'));
		expect(termIndex('cadeir')).toBeLessThan(2 ** 32);
	});

	it('weights repeated terms with saturation and shorter documents higher (BM25)', () => {
		const once = documentVector('cadeira de escritório', 'pt');
		const twice = documentVector('cadeira cadeira de escritório', 'pt');
		const i = once.indices.indexOf(termIndex('cadeir'));
		const j = twice.indices.indexOf(termIndex('cadeir'));
		expect(twice.values[j]).toBeGreaterThan(once.values[i]);
		expect(twice.values[j]).toBeLessThan(2 * once.values[i]);
		const long = documentVector(`cadeira ${'mesa '.repeat(80)}`, 'pt');
		expect(long.values[long.indices.indexOf(termIndex('cadeir'))]).toBeLessThan(once.values[i]);
	});

	it('builds sorted, unique indices with one weight each', () => {
		const v = queryVector('cadeira cadeira ergonômica 12000', 'pt');
		expect(v.indices).toEqual([...v.indices].sort((a, b) => a - b));
		expect(new Set(v.indices).size).toBe(v.indices.length);
		expect(v.values.every((x) => x === 1)).toBe(true);
		expect(v.indices).toHaveLength(3);
	});
});

describe('Portuguese plurals in -ções', () => {
	it('meet their singular, typed with or without accents', () => {
		const shared = (a: string, b: string) => terms(a, 'pt').filter((t) => terms(b, 'pt').includes(t));
		expect(shared('devoluções', 'devolução')).not.toEqual([]);
		expect(shared('devolucoes', 'devolucao')).not.toEqual([]);
		expect(shared('informações', 'informacao')).not.toEqual([]);
	});
});
