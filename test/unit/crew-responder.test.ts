import { Toolbox } from '../../nodes/Crew/agent/toolbox';
import { formatReply, type FormatOptions } from '../../nodes/Crew/responder/format';
import { checkGrounding, extractFigures, type Figure } from '../../nodes/Crew/responder/grounding';
import { formatDate, formatMoney, formatQuantity, formatSlot } from '../../nodes/Crew/responder/locale';

const SP = 'America/Sao_Paulo';
const NBSP = /[\u00a0\u202f]/;

const values = (text: string) => extractFigures(text).map((f) => `${f.kind}:${f.value}`);
const violations = (reply: string, grounding: string[], customer?: string) => checkGrounding(reply, grounding, customer).violations.map((f: Figure) => `${f.kind}:${f.value}`);
const fmt = (text: string, options: Partial<FormatOptions> & Pick<FormatOptions, 'channel'>) => formatReply(text, { lang: 'pt', maxLength: 4096, ...options });

describe('locale', () => {
	it('formats money per language with plain spaces', () => {
		expect(formatMoney(1299.9, 'BRL', 'pt')).toBe('R$ 1.299,90');
		expect(formatMoney(1299.9, 'BRL', 'en')).toBe('R$1,299.90');
		expect(formatMoney(1299.9, 'USD', 'en')).toBe('$1,299.90');
		expect(formatMoney(0.5, 'brl', 'pt')).toBe('R$ 0,50');
		const es = formatMoney(1299.9, 'USD', 'es');
		expect(es).toContain('1,299.90');
		for (const lang of ['pt', 'es', 'en'] as const) expect(formatMoney(1234567.891, 'BRL', lang)).not.toMatch(NBSP);
	});

	it('falls back to the code for a currency Intl does not know, and refuses non-finite amounts', () => {
		expect(formatMoney(10, 'XY', 'pt')).toBe('XY 10,00');
		expect(() => formatMoney(Number.NaN, 'BRL', 'pt')).toThrow(/finite/);
	});

	it('formats quantities without decimals for integers', () => {
		expect(formatQuantity(1250, 'pt')).toBe('1.250');
		expect(formatQuantity(1250, 'en')).toBe('1,250');
		expect(formatQuantity(1250, 'es')).toBe('1,250');
		expect(formatQuantity(12, 'pt')).toBe('12');
		expect(formatQuantity(2.5, 'pt')).toBe('2,5');
		expect(formatQuantity(0.1 + 0.2, 'en')).toBe('0.3');
	});

	it('formats a UTC slot in the customer time zone, deterministic whatever the host TZ', () => {
		expect(formatSlot('2026-11-24T12:00:00Z', SP, 'pt')).toBe('ter., 24/11 às 09:00');
		expect(formatSlot('2026-11-24T12:00:00Z', SP, 'es')).toBe('mar., 24/11 a las 09:00');
		expect(formatSlot('2026-11-24T12:00:00Z', SP, 'en')).toBe('Tue, 11/24 at 9:00 AM');
		expect(formatSlot('2026-11-24T17:30:00Z', SP, 'en')).toBe('Tue, 11/24 at 2:30 PM');
		// Odoo's naive datetimes are UTC
		expect(formatSlot('2026-11-24 12:00:00', SP, 'pt')).toBe('ter., 24/11 às 09:00');
		expect(formatSlot('2026-11-24T09:00:00-03:00', 'UTC', 'pt')).toBe('ter., 24/11 às 12:00');
		// one o'clock takes the singular article
		expect(formatSlot('2026-11-24T04:00:00Z', SP, 'pt')).toBe('ter., 24/11 à 01:00');
		expect(formatSlot('2026-11-24T04:00:00Z', SP, 'es')).toBe('mar., 24/11 a la 01:00');
		// crossing midnight moves the day too
		expect(formatSlot('2026-11-25T01:00:00Z', SP, 'pt')).toBe('ter., 24/11 às 22:00');
		expect(formatSlot('2026-11-24T12:00:00Z', SP, 'en')).not.toMatch(NBSP);
	});

	it('formats dates, keeping a bare date on its calendar day', () => {
		expect(formatDate('2026-11-26', SP, 'pt')).toBe('26/11/2026');
		expect(formatDate('2026-11-26', SP, 'es')).toBe('26/11/2026');
		expect(formatDate('2026-11-26', SP, 'en')).toBe('11/26/2026');
		expect(formatDate('2026-11-27T01:00:00Z', SP, 'pt')).toBe('26/11/2026');
		expect(formatDate('2026-11-27 01:00:00', 'UTC', 'en')).toBe('11/27/2026');
	});

	it('refuses what is not a date or a time zone', () => {
		expect(() => formatDate('amanhã', SP, 'pt')).toThrow(/ISO 8601/);
		expect(() => formatSlot('2026-11-24T12:00:00Z', 'Mars/Olympus', 'pt')).toThrow(RangeError);
	});
});

describe('formatReply', () => {
	const md = '**Cadeira Ergonômica** por *R$ 1.299,90*, _em estoque_.\n\n- Cor preta\n- Cor cinza\n\n1. Escolha a cor\n2. Finalize\n\nVeja [o produto](https://loja.com.br/p/1).';

	it('whatsapp: converts to WhatsApp markup, bullets and label: url links', () => {
		expect(fmt(md, { channel: 'whatsapp' })).toBe(
			'*Cadeira Ergonômica* por *R$ 1.299,90*, _em estoque_.\n\n• Cor preta\n• Cor cinza\n\n1. Escolha a cor\n2. Finalize\n\nVeja o produto: https://loja.com.br/p/1.',
		);
		expect(fmt('## Horários\n~~antigo~~ [https://x.com](https://x.com)', { channel: 'whatsapp' })).toBe('*Horários*\n~antigo~ https://x.com');
	});

	it.each(['facebook', 'instagram'])('%s: strips all markup, lists become plain lines', (channel) => {
		expect(fmt(md, { channel })).toBe(
			'Cadeira Ergonômica por R$ 1.299,90, em estoque.\n\nCor preta\nCor cinza\n\n1. Escolha a cor\n2. Finalize\n\nVeja o produto: https://loja.com.br/p/1.',
		);
	});

	it('plain channels keep arithmetic, snake_case and underscores in URLs', () => {
		expect(fmt('2 * 3 = 6, use minha_loja em https://x.com/a_b_c', { channel: 'facebook' })).toBe('2 * 3 = 6, use minha_loja em https://x.com/a_b_c');
	});

	it('webchat: keeps markdown, only tidies blank lines and spaces', () => {
		expect(fmt(`  ${md}\n\n\n\n\nFim.   `, { channel: 'webchat' })).toBe(`${md}\n\nFim.`);
	});

	it('unknown channels get plain text', () => {
		expect(fmt('**oi**', { channel: 'sms' })).toBe('oi');
	});

	describe('email', () => {
		it('frames the body with greeting (first name) and signature, markup stripped', () => {
			expect(fmt('**Pedido S00042** enviado.\n\n- Cadeira\n- Mesa', { channel: 'email', greeting: 'Olá, {name}!', signature: 'Equipe Loja', customerName: 'ana maria souza' })).toBe(
				'Olá, Ana!\n\nPedido S00042 enviado.\n\n• Cadeira\n• Mesa\n\nEquipe Loja',
			);
		});

		it('drops the {name} part cleanly when there is no usable name', () => {
			expect(fmt('Texto.', { channel: 'email', greeting: 'Olá, {name}!', customerName: null })).toBe('Olá!\n\nTexto.');
			expect(fmt('Texto.', { channel: 'email', greeting: 'Hi {name},', customerName: '+55 11 98765-4321' })).toBe('Hi,\n\nTexto.');
			expect(fmt('Texto.', { channel: 'email', greeting: '{name}, tudo bem?', customerName: '' })).toBe('Tudo bem?\n\nTexto.');
		});

		it('uses a default greeting per language', () => {
			expect(fmt('Texto.', { channel: 'email', lang: 'pt' })).toBe('Olá!\n\nTexto.');
			expect(fmt('Texto.', { channel: 'email', lang: 'es' })).toBe('¡Hola!\n\nTexto.');
			expect(fmt('Text.', { channel: 'email', lang: 'en' })).toBe('Hello,\n\nText.');
			expect(fmt('Text.', { channel: 'email', lang: 'en', customerName: 'JOHN SMITH' })).toBe('Hello John,\n\nText.');
		});

		it('does not greet twice', () => {
			expect(fmt('Olá, Ana!\n\nSeu pedido saiu.', { channel: 'email', customerName: 'Ana' })).toBe('Olá, Ana!\n\nSeu pedido saiu.');
			expect(fmt('Olá, Ana! Seu pedido saiu.', { channel: 'email', customerName: 'Ana' })).toBe('Olá, Ana!\n\nSeu pedido saiu.');
			// a greeting word that opens a real sentence stays
			expect(fmt('Hi Ana, your order 98765 shipped.', { channel: 'email', lang: 'en', customerName: 'Ana' })).toBe('Hello Ana,\n\nHi Ana, your order 98765 shipped.');
			expect(fmt('Hi Ana, your order shipped.', { channel: 'email', lang: 'en', customerName: 'Ana' })).toBe('Hello Ana,\n\nHi Ana, your order shipped.');
			expect(fmt('Bom dia, Ana Maria!\nSeu pedido saiu.', { channel: 'email', customerName: 'Ana' })).toBe('Olá, Ana!\n\nSeu pedido saiu.');
		});

		it('cuts the body, never the greeting or the signature', () => {
			const out = fmt(`${'Frase longa com palavras. '.repeat(20)}`, { channel: 'email', maxLength: 120, greeting: 'Olá, {name}!', signature: 'Equipe', customerName: 'Ana' });
			expect(out.length).toBeLessThanOrEqual(120);
			expect(out.startsWith('Olá, Ana!\n\n')).toBe(true);
			expect(out.endsWith('…\n\nEquipe')).toBe(true);
		});
	});

	describe('mercadolivre', () => {
		it('removes contact data and the invitation while keeping price and order reference', () => {
			const out = fmt('Seu pedido S00042 de R$ 1.299,90 foi confirmado! Qualquer dúvida, me chama no zap (11) 98765-4321 ou loja@x.com.', { channel: 'mercadolivre' });
			expect(out).toBe('Seu pedido S00042 de R$ 1.299,90 foi confirmado!');
		});

		it('cuts the invitation clause out of a sentence that also carries facts', () => {
			expect(fmt('O pedido S00042 de R$ 1.299,90 foi enviado e qualquer dúvida me chama no zap (11) 98765-4321 ou loja@x.com.', { channel: 'mercadolivre' })).toBe(
				'O pedido S00042 de R$ 1.299,90 foi enviado.',
			);
		});

		it.each([
			['Temos 12 unidades. Ligue para (11) 3456-7890.', 'Temos 12 unidades.'],
			['Temos 12 unidades, fale com a gente pelo telefone: +55 11 98765-4321.', 'Temos 12 unidades.'],
			['Temos 12 unidades. Nosso site: www.loja.com.br', 'Temos 12 unidades.'],
			['Veja em loja.com.br/ofertas ou https://bit.ly/abc. Temos 3 peças.', 'Temos 3 peças.'],
			['Siga @loja no Instagram! O CAD-ERG-01 tem 12000 BTUs.', 'O CAD-ERG-01 tem 12000 BTUs.'],
			['Chama no wpp 11987654321.', ''],
			['Temos 3 peças. Mande um e-mail para vendas@loja.com.br.', 'Temos 3 peças.'],
			['O pedido S00042 de R$ 1.299,90 foi enviado para ana@x.com.', 'O pedido S00042 de R$ 1.299,90 foi enviado.'],
			['A nota fiscal foi enviada, confira em www.loja.com.br/nf!', 'A nota fiscal foi enviada!'],
			['Llámanos al +54 9 11 1234-5678. El precio es $ 1.299,90.', 'El precio es $ 1.299,90.'],
			['Call us at 0800 123 4567 for details. The price is R$ 1,299.90.', 'The price is R$ 1,299.90.'],
			['- Cor preta\n- Me chama no whats\n- Cor cinza', 'Cor preta\nCor cinza'],
			['Veja [a ficha técnica](https://loja.com.br/ficha) do produto.', 'Veja a ficha técnica do produto.'],
			['Funciona em 110V e 220V. Tel: 11 3456-7890', 'Funciona em 110V e 220V.'],
			['Pode comprar pelo anúncio, ou se preferir me chama no whats.', 'Pode comprar pelo anúncio.'],
			['Compre 2 e ganhe 10% de desconto – mande mensagem no zap!', 'Compre 2 e ganhe 10% de desconto!'],
			['Hola, el envío es gratis. Escríbenos al correo ventas@tienda.com.ar para dudas.', 'Hola, el envío es gratis.'],
		])('cleans %j', (input, expected) => {
			const out = fmt(input, { channel: 'mercadolivre' });
			expect(out).toBe(expected);
			expect(out).not.toMatch(/ {2}|\s[,.:;]|\(\s*\)|:\s*$/m);
		});

		it('keeps product codes, prices and quantities that look numeric', () => {
			const text = 'O ar-condicionado CAD-ERG-01 de 12000 BTUs custa R$ 1.299,90; temos 1.250 unidades, EAN 7891234567895, pedido 2000004567891234.';
			expect(fmt(text, { channel: 'mercadolivre' })).toBe(text);
		});

		it('keeps "ligar"/"telefone" in their product sense', () => {
			const text = 'Para ligar o aparelho, segure o botão. O telefone sem fio vem com bateria; este telefone tem 2 chips.';
			expect(fmt(text, { channel: 'mercadolivre' })).toBe(text);
		});

		it('never exceeds 2,000 characters whatever maxLength says', () => {
			const out = fmt('Produto excelente. '.repeat(200), { channel: 'mercadolivre', maxLength: 5000 });
			expect(out.length).toBeLessThanOrEqual(2000);
			expect(out.endsWith('…')).toBe(true);
		});
	});

	describe('length', () => {
		it('cuts at a sentence end when it keeps enough text', () => {
			expect(fmt('Primeira frase aqui. Segunda frase bem mais longa que não cabe.', { channel: 'webchat', maxLength: 40 })).toBe('Primeira frase aqui…');
		});

		it('otherwise cuts at a word boundary, never mid-word or mid-number', () => {
			const out = fmt('O valor total fica em R$ 1.299,90 com frete incluso', { channel: 'webchat', maxLength: 30 });
			expect(out).toBe('O valor total fica em…');
			const numbers = fmt('Temos 1.250 unidades de 12000 BTUs disponíveis hoje', { channel: 'whatsapp', maxLength: 24 });
			expect(numbers).toBe('Temos 1.250 unidades…');
			expect(fmt('Sua visita é às 9:00 AM amanhã', { channel: 'webchat', maxLength: 22 })).toBe('Sua visita é às…');
		});

		it('does nothing when the reply fits and handles tiny limits', () => {
			expect(fmt('Curta.', { channel: 'whatsapp', maxLength: 6 })).toBe('Curta.');
			expect(fmt('Palavra', { channel: 'whatsapp', maxLength: 0 })).toBe('');
			expect(fmt('Supercalifragilistic', { channel: 'whatsapp', maxLength: 8 }).length).toBeLessThanOrEqual(8);
		});

		it('collapses three or more newlines on every channel', () => {
			for (const channel of ['whatsapp', 'facebook', 'instagram', 'email', 'webchat', 'mercadolivre']) {
				expect(fmt('A.\n\n\n\n \nB.', { channel })).not.toMatch(/\n{3,}/);
			}
		});
	});
});

describe('extractFigures', () => {
	it.each<[string, string[]]>([
		['Custa R$ 1.299,90.', ['money:1299.90']],
		['Custa R$1299,9', ['money:1299.90']],
		['São 1.299,90 reais', ['money:1299.90']],
		['It costs $1,299.90 or USD 1299.90', ['money:1299.90', 'money:1299.90']],
		['Sai por R$ 2 mil', ['money:2000.00']],
		['Temos 12 unidades e 15 em estoque', ['quantity:12', 'quantity:15']],
		['Restam 3 unidades e 2 cadeiras disponíveis', ['quantity:3', 'quantity:2']],
		['Temos 1.250 peças', ['quantity:1250']],
		['Entrega em 26/11 ou 26/11/2026 ou 2026-11-26', ['date:11-26', 'date:2026-11-26', 'date:2026-11-26']],
		['Chega dia 26 de novembro de 2026 ou November 26', ['date:2026-11-26', 'date:11-26']],
		['Será no dia 26', ['date:---26']],
		['Às 9h, 9h30, 09:00, 9:00 AM, 2 pm ou às 15 horas', ['time:09:00', 'time:09:30', 'time:09:00', 'time:09:00', 'time:14:00', 'time:15:00']],
		['Desconto de 10% ou 12,5 %', ['percent:10', 'percent:12.5']],
		['Pedidos S00042, SO-123, #1234 e pedido 98765', ['order_ref:S00042', 'order_ref:SO123', 'order_ref:1234', 'order_ref:98765']],
		['Remessa WH/OUT/00012, rastreio BR123456789BR', ['order_ref:WHOUT00012', 'order_ref:BR123456789BR']],
		['Slot 2026-11-26T09:00:00-03:00', ['date:2026-11-26', 'time:09:00']],
		['Volta em 12/2026', ['date:2026-12']],
	])('%j', (text, expected) => {
		expect(values(text)).toEqual(expected);
	});

	it.each([
		['list numbering', '1. Escolha a cor\n2) Finalize o pedido'],
		['small counts without unit', 'Temos 2 opções em 3 passos'],
		['years', 'Desde 2026 atendemos'],
		['model names and codes', 'Notebook i7 com papel A4, código CAD-ERG-01, 12x sem juros, 1º lugar'],
		['specification units', 'Ar de 12000 BTUs, 500 W, 2,5 kg, tela 55"'],
		['durations in hours', 'Entrega em 24h ou em até 48h'],
		['phones, CEP, CPF', 'Fone (11) 98765-4321, CEP 01310-100, CPF 123.456.789-09'],
		['barcodes and long ids', 'EAN 7891234567895, anúncio 2000004567891234'],
		['links and e-mails', 'Veja https://loja.com/p/12345 ou vendas2026@loja.com'],
	])('skips %s', (_label, text) => {
		expect(values(text)).toEqual([]);
	});

	it('keeps the raw text and normalises NBSP from Intl', () => {
		expect(extractFigures(`Preço: ${formatMoney(1299.9, 'BRL', 'pt')}`)).toEqual([{ kind: 'money', raw: 'R$ 1.299,90', value: '1299.90' }]);
		expect(extractFigures('R$\u00a01.299,90')).toEqual([{ kind: 'money', raw: 'R$\u00a01.299,90', value: '1299.90' }]);
	});
});

describe('checkGrounding', () => {
	const product = JSON.stringify({ product: 'Cadeira CAD-ERG-01', list_price: 1299.9, qty_available: 12.0, currency: 'BRL' });

	it('flags an invented price', () => {
		const result = checkGrounding('A cadeira sai por R$ 999,90.', [product]);
		expect(result.ok).toBe(false);
		expect(result.violations).toEqual([{ kind: 'money', raw: 'R$ 999,90', value: '999.90' }]);
	});

	it.each(['R$ 1.299,90', 'R$1299,9', '1.299,90 reais', '$1,299.90', 'USD 1299.90', formatMoney(1299.9, 'BRL', 'en'), formatMoney(1299.9, 'USD', 'es')])(
		'accepts the same price as %j',
		(price) => {
			expect(checkGrounding(`A cadeira custa ${price}.`, [product])).toEqual({ ok: true, violations: [] });
		},
	);

	it('accepts a line total only when our code recorded it as derived from the results', () => {
		const reply = '10 × Câmara de Ar Aro 29 — R$ 34,90 cada = R$ 349,00';
		const price = JSON.stringify({ products: [{ id: 7, name: 'Câmara de Ar Aro 29', list_price: 34.9, currency: 'BRL' }] });
		expect(violations(reply, [price], 'qto fica 10 camaras aro 29?')).toEqual(['money:349.00']);
		const tools = new Toolbox('t1', {}, null, {});
		tools.grounding.push(price);
		tools.derive('sales totals', { lines: [{ product_id: 7, quantity: 10, unit_price: 34.9, subtotal: 349 }] });
		expect(checkGrounding(reply, tools.grounding, 'qto fica 10 camaras aro 29?')).toEqual({ ok: true, violations: [] });
	});

	it('accepts prices from knowledge text and numeric strings in JSON', () => {
		expect(checkGrounding('Frete grátis acima de R$ 299,00.', ['Política: frete grátis para compras acima de R$ 299.']).ok).toBe(true);
		expect(checkGrounding('Custa R$ 49,90.', [JSON.stringify({ price: '49.90' })]).ok).toBe(true);
	});

	it('does not let the customer ground a price', () => {
		expect(violations('Sim, custa R$ 10,00.', [product], 'vi por R$ 10 no site')).toEqual(['money:10.00']);
	});

	it('grounds stock against JSON numbers and flags invented stock', () => {
		expect(checkGrounding('Temos 12 unidades em estoque.', [product]).ok).toBe(true);
		expect(checkGrounding('Temos 12 em estoque.', [product]).ok).toBe(true);
		expect(violations('Temos 15 unidades.', [product])).toEqual(['quantity:15']);
		// small counts are checked when a unit word says they are stock
		expect(violations('Restam 3 unidades.', [product])).toEqual(['quantity:3']);
		expect(checkGrounding('Temos 2 opções em 3 passos.', [product]).ok).toBe(true);
	});

	it('lets the customer ground quantities, order references, dates and times', () => {
		const reply = 'Anotado: 20 unidades do pedido 98765 para 26/11 às 14h.';
		expect(violations(reply, [product])).toEqual(['quantity:20', 'order_ref:98765', 'date:11-26', 'time:14:00']);
		expect(checkGrounding(reply, [product], 'quero 20 unidades do pedido 98765 pra 26/11 às 14h').ok).toBe(true);
	});

	it('grounds order references in their written forms', () => {
		const order = JSON.stringify({ id: 98765, name: 'S00042', origin: 'SO-123' });
		expect(checkGrounding('Seu pedido S00042 (SO-123), pedido 98765, #98765, pedido 42.', [order]).ok).toBe(true);
		expect(violations('Seu pedido S00043.', [order])).toEqual(['order_ref:S00043']);
	});

	it('grounds dates in every format and flags invented ones', () => {
		const delivery = JSON.stringify({ commitment_date: '2026-11-26' });
		for (const date of ['26/11', '26/11/2026', '2026-11-26', '26 de novembro', '26 de noviembre de 2026', 'November 26', 'Nov 26, 2026', 'dia 26']) {
			expect(checkGrounding(`Entrega em ${date}.`, [delivery])).toEqual({ ok: true, violations: [] });
		}
		expect(violations('Entrega em 27/11.', [delivery])).toEqual(['date:11-27']);
		expect(violations('Entrega em 26/11/2025.', [delivery])).toEqual(['date:2025-11-26']);
	});

	it('reads ambiguous slash dates both ways', () => {
		const grounding = [JSON.stringify({ date: '2026-06-05' })];
		expect(checkGrounding('Entrega 05/06.', grounding).ok).toBe(true);
		expect(checkGrounding('Delivery 06/05.', grounding).ok).toBe(true);
		expect(checkGrounding('Entrega 07/06.', grounding).ok).toBe(false);
	});

	describe('slots', () => {
		const slots = JSON.stringify({ slots: [{ start: '2026-11-26T12:00:00Z' }, { start: '2026-11-27 01:00:00' }] });

		it('accepts a UTC slot shown in America/Sao_Paulo local time', () => {
			for (const lang of ['pt', 'es', 'en'] as const) {
				const reply = `Tenho ${formatSlot('2026-11-26T12:00:00Z', SP, lang)} ou ${formatSlot('2026-11-27 01:00:00', SP, lang)}.`;
				expect(checkGrounding(reply, [slots])).toEqual({ ok: true, violations: [] });
			}
			expect(checkGrounding('Pode ser às 12:00 ou às 9h do dia 26/11?', [slots]).ok).toBe(true);
		});

		it('flags a slot that is not offered', () => {
			expect(violations('Tenho qui., 26/11 às 10:30.', [slots])).toEqual(['date:11-26', 'time:10:30']);
			expect(violations('Tenho às 10:30.', [slots])).toEqual(['time:10:30']);
		});

		it('accepts only the real local reading when the customer zone is known', () => {
			const zone = { timeZone: SP };
			expect(checkGrounding('Tenho qui., 26/11 às 09:00 ou qui., 26/11 às 22:00.', [slots], undefined, zone).ok).toBe(true);
			// the UTC reading as written stays acceptable
			expect(checkGrounding('Tenho 26/11 às 12:00.', [slots], undefined, zone).ok).toBe(true);
			// without the zone any whole-hour shift passes; with it, 10:00 is no slot
			expect(violations('Tenho 26/11 às 10:00.', [slots])).toEqual([]);
			expect(checkGrounding('Tenho 26/11 às 10:00.', [slots], undefined, zone).violations.map((f) => f.value)).toEqual(['11-26', '10:00']);
			// an explicit offset in the grounding is honoured
			expect(checkGrounding('Tenho 26/11 às 09:00.', [JSON.stringify({ start: '2026-11-26T14:00:00+02:00' })], undefined, zone).ok).toBe(true);
			// an unknown zone falls back to the wide window instead of throwing
			expect(checkGrounding('Tenho 26/11 às 10:00.', [slots], undefined, { timeZone: 'Mars/Olympus' }).ok).toBe(true);
		});

		it('keeps a date and a time shown together on the same shifted moment', () => {
			// 2026-11-27 01:00 UTC is 26/11 22:00 in São Paulo, never 27/11 22:00
			expect(checkGrounding('Tenho 26/11 às 22:00.', [slots]).ok).toBe(true);
			expect(violations('Tenho 27/11 às 22:00.', [slots])).toEqual(['date:11-27', 'time:22:00']);
		});
	});

	it('pairs each date with one time only, so the next date is judged on its own', () => {
		const order = JSON.stringify([{ name: 'S00042', date_order: '2026-11-20 14:32:10', commitment_date: '2026-11-27 01:00:00', amount_total: 2599.8 }]);
		// 14:32 UTC is 11:32 in São Paulo; 27/11 01:00 UTC is the evening of 26/11
		expect(checkGrounding('Pedido S00042 de R$ 2.599,80 feito em 20/11 às 11:32 e entrega 26/11 à noite.', [order])).toEqual({ ok: true, violations: [] });
		expect(violations('Pedido feito em 20/11 às 12:45.', [order])).toEqual(['date:11-20', 'time:12:45']);
	});

	it('grounds a month against any date in it', () => {
		expect(checkGrounding('Volta em 12/2026.', [JSON.stringify({ restock: '2026-12-15' })]).ok).toBe(true);
		expect(violations('Volta em 01/2027.', [JSON.stringify({ restock: '2026-12-15' })])).toEqual(['date:2027-01']);
	});

	it('stays linear on long and pathological inputs', () => {
		const inputs = ['a.'.repeat(30_000), '1-'.repeat(30_000), `${' '.repeat(60_000)}x`, '1 '.repeat(30_000), 'R$ 1.299,90 (11) 98765-4321 loja.com.br @x '.repeat(1_500)];
		const started = Date.now();
		for (const input of inputs) {
			checkGrounding(input, [input]);
			formatReply(input, { channel: 'mercadolivre', lang: 'pt', maxLength: 2000 });
			formatReply(input, { channel: 'email', lang: 'pt', maxLength: 100_000 });
		}
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('grounds percents from JSON numbers or fractions', () => {
		expect(checkGrounding('Desconto de 10%.', [JSON.stringify({ discount: 10 })]).ok).toBe(true);
		expect(checkGrounding('Desconto de 15%.', [JSON.stringify({ discount_rate: 0.15 })]).ok).toBe(true);
		expect(violations('Desconto de 20%.', [JSON.stringify({ discount: 10 })])).toEqual(['percent:20']);
		expect(violations('Desconto de 10%.', [], 'me dá 10%?')).toEqual(['percent:10']);
	});

	it('ignores names, codes, years, numbering and measures, but not figures around them', () => {
		const reply = '1. Notebook i7 de 2026\n2. Ar CAD-ERG-01 de 12000 BTUs por R$ 1.299,90\n3. Papel A4: 12 unidades';
		expect(checkGrounding(reply, [product])).toEqual({ ok: true, violations: [] });
		expect(violations(reply.replace('12 unidades', '13 unidades'), [product])).toEqual(['quantity:13']);
	});

	it('does not read JSON structure as decimals', () => {
		expect(violations('Temos 12,5 kg? Não: temos 12,5 unidades.', [JSON.stringify({ sizes: [12, 5] })])).toEqual(['quantity:12.5']);
	});

	it('treats a reply without figures as grounded even with no tool results', () => {
		expect(checkGrounding('Posso ajudar com mais alguma coisa?', [])).toEqual({ ok: true, violations: [] });
	});
});
