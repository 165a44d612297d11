import { QdrantClient } from '@qdrant/js-client-rest';

import { KnowledgeStore, type KnowledgeDocument } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { startRedisServer, type RedisServer } from '../../scripts/lib/runtime';
import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';
import { startQdrantEmulator, type QdrantEmulator } from '../emulators/qdrant';
import { openCrewHarness, seedKnowledge, type CrewHarness } from '../support/crew';

jest.setTimeout(60_000);

// A small shop's rules, written for this test: the cashback rule mentions returns, deadlines and
// shipping in passing, as real policies do.
const RULES: KnowledgeDocument[] = [
	{ id: 'rule-returns', title: 'Trocas e devoluções', metadata: { topic: 'devoluções' }, text: 'Compras online podem ser devolvidas em até 7 dias após o recebimento. Troca de tamanho ou cor em até 30 dias, com etiqueta.' },
	{ id: 'rule-cashback', title: 'Cashback', metadata: { topic: 'fidelidade' }, text: 'Você recebe 5% de cashback. O crédito é liberado depois do prazo de devolução, e o frete não gera cashback.' },
	{ id: 'rule-warranty', title: 'Garantia', metadata: { topic: 'garantia' }, text: 'Todos os produtos têm garantia de 12 meses. A garantia não cobre quedas nem mau uso.' },
	{ id: 'rule-shipping', title: 'Entrega e frete', metadata: { topic: 'entrega' }, text: 'Na capital o frete custa R$ 19,90 e a entrega leva 1 dia útil. Não fazemos entregas fora do Brasil.' },
	{ id: 'rule-payment', title: 'Formas de pagamento', metadata: { topic: 'pagamento' }, text: 'Aceitamos Pix, cartão de crédito em até 6x sem juros e boleto para empresas.' },
];

describe('knowledge answers: subject over passing mentions, across languages', () => {
	let qdrant: QdrantEmulator;
	let store: KnowledgeStore;

	beforeAll(async () => {
		qdrant = await startQdrantEmulator();
		store = new KnowledgeStore(new QdrantClient({ url: qdrant.url, checkCompatibility: false }), { prefix: 'answers_' });
		await store.upsert('acme', 'business_rules', RULES);
	});
	afterAll(async () => await qdrant?.close());

	const top = async (question: string) => (await store.search('acme', question, { collections: ['business_rules'], topK: 3 }))[0]?.id;

	it('ranks the document whose subject the question is about over one that mentions its words in passing', async () => {
		expect(await top('qual o prazo para devolução?')).toBe('rule-returns');
		expect(await top('o frete gera cashback?')).toBe('rule-cashback');
	});

	it.each([
		['what is your return policy?', 'rule-returns'],
		['how long is the warranty?', 'rule-warranty'],
		['¿cuánto cuesta el envío?', 'rule-shipping'],
		['can I pay in installments?', 'rule-payment'],
		['¿tienen garantía?', 'rule-warranty'],
	])('finds a Portuguese policy for "%s" through the glossary', async (question, expected) => {
		expect(await top(question)).toBe(expected);
	});

	it('finds nothing for a foreign word the glossary does not know', async () => {
		expect(await store.search('acme', 'my chain keeps dropping', { collections: ['business_rules'] })).toEqual([]);
	});
});

describe('knowledge answers in the crew (demo shop knowledge)', () => {
	let odoo: OdooEmulator;
	let qdrant: QdrantEmulator;
	let redis: RedisServer;
	let crew: CrewHarness;
	let conversation = 5000;

	beforeAll(async () => {
		[odoo, qdrant, redis] = await Promise.all([startOdooEmulator({ seed: 'brazil' }), startQdrantEmulator(), startRedisServer()]);
		await seedKnowledge(qdrant, 'acme');
		crew = await openCrewHarness({ odoo, qdrant, redisUrl: redis.url });
	});
	afterAll(async () => {
		await crew?.close();
		await Promise.all([odoo?.close(), qdrant?.close(), redis?.stop()]);
	});

	type Reply = { reply: string; handoff: boolean; handoff_reason: string | null; citations: Array<{ id: string; collection: string }>; labels: string[] };
	const agent = async (role: string, text: string) =>
		(await crew.call('crew_agent_reply', { tenant_id: 'acme', channel: 'whatsapp', role, text, conversation_id: String(++conversation) })) as unknown as Reply;

	it('support looks in the business rules when its procedures have nothing that fits', async () => {
		const got = await agent('support', 'vocês emitem nota fiscal com o CNPJ da minha empresa?');
		expect(got.handoff).toBe(false);
		expect(got.citations[0]).toMatchObject({ collection: 'business_rules', id: 'rule-nota-fiscal' });
		expect(got.reply).toMatch(/CNPJ/);
	});

	it('answers with the sentences of the policy that answer the question', async () => {
		const got = await agent('business_rules', 'a garantia estendida cobre queda?');
		expect(got.citations[0]?.id).toBe('rule-garantia-estendida');
		expect(got.labels).toContain('passage');
		expect(got.reply).toMatch(/não cobre quebra acidental/);
		expect(got.reply).not.toMatch(/Pode ser cancelada em até 7 dias/);
	});

	it('answers an English question from a Portuguese policy, under an English lead-in', async () => {
		const got = await agent('business_rules', 'can I pay in installments with a credit card?');
		expect(got.citations[0]?.id).toBe('rule-parcelamento-cartao');
		expect(got.reply).toMatch(/^About /);
		expect(got.reply).toMatch(/10x sem juros/);
	});

	it('says plainly why an English question found nothing in Portuguese policies, and hands off', async () => {
		const got = await agent('business_rules', 'my chain keeps dropping, any tips?');
		expect(got.handoff).toBe(true);
		expect(got.reply).toMatch(/written in Portuguese/);
	});
});
