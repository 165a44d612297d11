import { formatReply } from '../../nodes/Crew/responder/format';
import { MARKETPLACE_LIMIT, sanitizeMarketplace } from '../../nodes/Crew/responder/marketplace';

describe('sanitizeMarketplace', () => {
	describe('contact data', () => {
		it.each([
			['a mobile with area code', 'O modelo preto chegou. Fone (11) 98765-4321', 'O modelo preto chegou.'],
			['a number with country code', 'O modelo preto chegou; +55 11 98765-4321', 'O modelo preto chegou'],
			['a toll-free number', 'A garantia é de 12 meses. SAC 0800 123 4567', 'A garantia é de 12 meses.'],
			['an e-mail', 'A garantia é de 12 meses. vendas@loja.com.br', 'A garantia é de 12 meses.'],
			['a link', 'A garantia é de 12 meses. https://loja.com.br/garantia', 'A garantia é de 12 meses.'],
			['a bare domain', 'A garantia é de 12 meses. loja.com.br', 'A garantia é de 12 meses.'],
			['a www address', 'A garantia é de 12 meses. www.loja.com', 'A garantia é de 12 meses.'],
			['a social handle', 'A garantia é de 12 meses. @lojaoficial', 'A garantia é de 12 meses.'],
		])('removes %s', (_what, input, expected) => {
			expect(sanitizeMarketplace(input)).toBe(expected);
		});

		it.each([
			['prices', 'O kit custa R$ 1.299,90 à vista.'],
			['product codes and BTUs', 'O CAD-ERG-01 tem 12000 BTUs.'],
			['long numeric codes', 'EAN 7891234567895, pedido 2000004567891234.'],
			['quantities with thousands', 'Temos 1.250 unidades no estoque.'],
			['dates and times', 'Entregamos em 26/11 entre 9h e 18h.'],
		])('keeps %s', (_what, text) => {
			expect(sanitizeMarketplace(text)).toBe(text);
		});
	});

	describe('invitations to talk elsewhere', () => {
		it.each([
			['pt', 'O frete é grátis. Me chama no zap.', 'O frete é grátis.'],
			['pt', 'O frete é grátis. Siga nosso instagram.', 'O frete é grátis.'],
			['pt', 'O frete é grátis, qualquer dúvida me chama no whats.', 'O frete é grátis.'],
			['pt', 'Temos 3 peças. Mande um e-mail para nós.', 'Temos 3 peças.'],
			['es', 'El envío es gratis. Llámanos cuando quieras.', 'El envío es gratis.'],
			['es', 'El envío es gratis, escríbenos al correo.', 'El envío es gratis.'],
			['en', 'Shipping is free. Call us anytime.', 'Shipping is free.'],
			['en', 'Shipping is free. Visit our website for more.', 'Shipping is free.'],
			['en', 'Shipping is free, if you need anything text us.', 'Shipping is free.'],
		])('drops the invitation (%s): %j', (_lang, input, expected) => {
			expect(sanitizeMarketplace(input)).toBe(expected);
		});

		it.each([
			['ligar as switching a device on', 'Para ligar o aparelho, segure o botão por 3 segundos.'],
			['telefone as a product', 'O telefone sem fio vem com bateria.'],
			['instruction verbs unrelated to contact', 'Basta chamar o técnico credenciado da sua cidade.'],
		])('keeps %s', (_what, text) => {
			expect(sanitizeMarketplace(text)).toBe(text);
		});

		it('drops a list item that was only an invitation, keeping the rest of the list', () => {
			expect(sanitizeMarketplace('Cor preta\nMe chama no whats\nCor cinza')).toBe('Cor preta\nCor cinza');
		});

		it('keeps paragraph breaks', () => {
			expect(sanitizeMarketplace('Cor preta.\n\nCor cinza.')).toBe('Cor preta.\n\nCor cinza.');
		});

		it('returns nothing when the whole reply was an invitation', () => {
			expect(sanitizeMarketplace('Chama no wpp 11987654321.')).toBe('');
		});
	});

	it('leaves no doubled spaces, empty parentheses or dangling separators', () => {
		const out = sanitizeMarketplace('Temos 12 unidades (cor preta), ligue para (11) 3456-7890.');
		expect(out).toBe('Temos 12 unidades (cor preta).');
		expect(out).not.toMatch(/ {2}|\s[,.:;]|\(\s*\)|:\s*$/m);
	});

	it('stays fast on long inputs full of contact-like text', () => {
		const input = 'R$ 1.299,90 (11) 98765-4321 loja.com.br @x me chama no zap, '.repeat(1_000);
		const started = Date.now();
		sanitizeMarketplace(input);
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('is what the Mercado Livre channel applies after rendering', () => {
		const reply = 'O **CAD-ERG-01** custa R$ 1.299,90. Me chama no zap (11) 98765-4321.';
		expect(formatReply(reply, { channel: 'mercadolivre', lang: 'pt', maxLength: 4000 })).toBe('O CAD-ERG-01 custa R$ 1.299,90.');
		// other channels keep contact data: only the marketplace forbids it
		expect(formatReply(reply, { channel: 'webchat', lang: 'pt', maxLength: 4000 })).toContain('(11) 98765-4321');
		expect(MARKETPLACE_LIMIT).toBe(2000);
	});
});
