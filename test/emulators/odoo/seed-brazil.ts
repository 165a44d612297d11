/**
 * `seed: 'brazil'`: "Casa & Escritório", a Brazilian furniture, electronics and office-supplies shop, on top of the
 * contract seed's models, fields, users and access rules (see README.md for the ids tests can rely on).
 * Products, partners, sales orders, stock, calendar events and channels are replaced by this shop's; users,
 * countries, currencies, units and message subtypes stay.
 */
import { sqlLike } from './domain';
import type { Store } from './orm/store';
import type { Env, FieldDef, Rec, Version } from './orm/types';

/** Models whose contract records are dropped before the shop's are put in. */
const REPLACED = [
	'product.product', 'product.template', 'product.category', 'res.partner', 'sale.order', 'sale.order.line', 'stock.warehouse', 'stock.location',
	'stock.quant', 'stock.lot', 'stock.picking', 'calendar.event', 'calendar.attendee', 'discuss.channel', 'discuss.channel.member', 'mail.message',
	'product.pricelist', 'product.pricelist.item', 'product.template.attribute.line', 'product.template.attribute.value', 'product.attribute',
	'account.tax', 'res.company',
];

export const BRL = 6;
export const WAREHOUSE_SP = 1;
export const WAREHOUSE_RJ = 2;
const STOCK_SP = 2;
const STOCK_RJ = 4;

const f = (type: string, string: string, extra: Partial<FieldDef> = {}): FieldDef => ({ type, string, ...extra });

/** Fields the shop's records use that the contract seed does not define (or defines only partly). */
function fields(version: Version): Record<string, Record<string, FieldDef>> {
	const productFields: Record<string, FieldDef> = {
		name: f('char', 'Name', { required: true }), default_code: f('char', 'Internal Reference'), barcode: f('char', 'Barcode'), list_price: f('float', 'Sales Price'),
		lst_price: f('float', 'Sales Price'), standard_price: f('float', 'Cost'), price_extra: f('float', 'Variant Price Extra'), description_sale: f('text', 'Sales Description'),
		description: f('html', 'Description'), sale_ok: f('boolean', 'Can be Sold'), purchase_ok: f('boolean', 'Can be Purchased'), active: f('boolean', 'Active'),
		type: f('selection', 'Product Type'), categ_id: f('many2one', 'Product Category', { relation: 'product.category' }), uom_id: f('many2one', 'Unit of Measure', { relation: 'uom.uom' }),
		currency_id: f('many2one', 'Currency', { relation: 'res.currency' }), taxes_id: f('many2many', 'Customer Taxes', { relation: 'account.tax' }), weight: f('float', 'Weight'),
		product_tmpl_id: f('many2one', 'Product Template', { relation: 'product.template' }), product_variant_count: f('integer', '# Product Variants'),
		write_date: f('datetime', 'Last Updated on'), create_date: f('datetime', 'Created on'),
		qty_available: f('float', 'Quantity On Hand', { store: false }), virtual_available: f('float', 'Forecasted Quantity', { store: false }),
		incoming_qty: f('float', 'Incoming', { store: false }), outgoing_qty: f('float', 'Outgoing', { store: false }), free_qty: f('float', 'Free To Use Quantity', { store: false }),
	};
	if (version === '18.0') productFields.is_storable = f('boolean', 'Track Inventory');
	else productFields.detailed_type = f('selection', 'Product Type');
	return {
		'product.product': productFields,
		'product.template': { ...productFields, product_variant_ids: f('one2many', 'Products', { relation: 'product.product' }), product_variant_id: f('many2one', 'Product', { relation: 'product.product' }) },
		'product.category': { name: f('char', 'Name', { required: true }), parent_id: f('many2one', 'Parent Category', { relation: 'product.category' }), complete_name: f('char', 'Complete Name'), child_id: f('one2many', 'Child Categories', { relation: 'product.category', inverse: 'parent_id' }) },
		'res.partner': {
			customer_rank: f('integer', 'Customer Rank'), company_type: f('selection', 'Company Type'), state_id: f('many2one', 'State', { relation: 'res.country.state' }),
			phone_mobile_search: f('char', 'Phone/Mobile', { store: false }), commercial_company_name: f('char', 'Company Name Entity'),
		},
		'res.company': {
			name: f('char', 'Company Name', { required: true }), partner_id: f('many2one', 'Partner', { relation: 'res.partner' }), currency_id: f('many2one', 'Currency', { relation: 'res.currency' }),
			country_id: f('many2one', 'Country', { relation: 'res.country' }), email: f('char', 'Email'), phone: f('char', 'Phone'), vat: f('char', 'Tax ID'),
		},
		'res.currency': { name: f('char', 'Currency'), symbol: f('char', 'Symbol'), full_name: f('char', 'Name'), position: f('selection', 'Symbol Position'), rounding: f('float', 'Rounding Factor'), decimal_places: f('integer', 'Decimal Places'), active: f('boolean', 'Active') },
		'res.users': { name: f('char', 'Name'), login: f('char', 'Login', { required: true }), tz: f('selection', 'Timezone'), lang: f('selection', 'Language'), company_id: f('many2one', 'Company', { relation: 'res.company' }) },
		'stock.warehouse': {
			name: f('char', 'Warehouse', { required: true }), code: f('char', 'Short Name', { required: true }), lot_stock_id: f('many2one', 'Location Stock', { relation: 'stock.location' }),
			view_location_id: f('many2one', 'View Location', { relation: 'stock.location' }), company_id: f('many2one', 'Company', { relation: 'res.company' }),
			partner_id: f('many2one', 'Address', { relation: 'res.partner' }), active: f('boolean', 'Active'),
		},
		'stock.location': {
			name: f('char', 'Location Name', { required: true }), complete_name: f('char', 'Full Location Name'), usage: f('selection', 'Location Type'),
			location_id: f('many2one', 'Parent Location', { relation: 'stock.location' }), warehouse_id: f('many2one', 'Warehouse', { relation: 'stock.warehouse' }),
			company_id: f('many2one', 'Company', { relation: 'res.company' }), active: f('boolean', 'Active'),
		},
		'stock.quant': {
			product_id: f('many2one', 'Product', { relation: 'product.product' }), location_id: f('many2one', 'Location', { relation: 'stock.location' }),
			warehouse_id: f('many2one', 'Warehouse', { relation: 'stock.warehouse' }), lot_id: f('many2one', 'Lot/Serial Number', { relation: 'stock.lot' }),
			quantity: f('float', 'Quantity'), reserved_quantity: f('float', 'Reserved Quantity', { store: false }), available_quantity: f('float', 'Available Quantity', { store: false }),
			inventory_quantity: f('float', 'Counted Quantity'), company_id: f('many2one', 'Company', { relation: 'res.company' }),
		},
		'sale.order': {
			invoice_status: f('selection', 'Invoice Status'), delivery_status: f('selection', 'Delivery Status'), warehouse_id: f('many2one', 'Warehouse', { relation: 'stock.warehouse' }),
			partner_invoice_id: f('many2one', 'Invoice Address', { relation: 'res.partner' }), partner_shipping_id: f('many2one', 'Delivery Address', { relation: 'res.partner' }),
			commitment_date: f('datetime', 'Delivery Date'), locked: f('boolean', 'Locked'),
		},
		'sale.order.line': { qty_delivered: f('float', 'Delivery Quantity'), qty_invoiced: f('float', 'Invoiced Quantity') },
		'calendar.event': {
			event_tz: f('selection', 'Timezone'), display_time: f('char', 'Event Time', { store: false }), location: f('char', 'Location'), description: f('html', 'Description'),
		},
		'calendar.attendee': {
			event_id: f('many2one', 'Meeting linked', { relation: 'calendar.event', required: true }), partner_id: f('many2one', 'Attendee', { relation: 'res.partner', required: true }),
			state: f('selection', 'Status'), common_name: f('char', 'Common name'), email: f('char', 'Email'),
		},
		'discuss.channel': {
			name: f('char', 'Name', { required: true }), channel_type: f('selection', 'Channel Type'), description: f('text', 'Description'),
			channel_partner_ids: f('many2many', 'Partners', { relation: 'res.partner' }), channel_member_ids: f('one2many', 'Members', { relation: 'discuss.channel.member', inverse: 'channel_id' }),
			group_public_id: f('many2one', 'Authorized Group', { relation: 'res.groups' }),
		},
		'discuss.channel.member': { channel_id: f('many2one', 'Channel', { relation: 'discuss.channel', required: true }), partner_id: f('many2one', 'Partner', { relation: 'res.partner' }) },
	};
}

/** EAN-13 with a valid check digit: GS1 Brazil prefix 789, company 1234, item number. */
export function ean13(item: number): string {
	const body = `7891234${String(item).padStart(5, '0')}`;
	const sum = [...body].reduce((acc, digit, index) => acc + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
	return `${body}${(10 - (sum % 10)) % 10}`;
}

interface ProductSeed {
	name: string;
	code: string;
	price: number;
	cost: number;
	categ: number;
	kind: 'storable' | 'service' | 'consu';
	description: string;
	/** On hand per warehouse: [São Paulo, Rio de Janeiro]. */
	stock?: [number, number];
	/** Incoming (purchase orders) per warehouse: [SP, RJ]. */
	incoming?: [number, number];
	active?: boolean;
}

/** Categories: id -> [name, parent]. */
const CATEGORIES: Array<[number, string, number | false]> = [
	[1, 'Todos', false],
	[2, 'Móveis', 1],
	[3, 'Eletrônicos', 1],
	[4, 'Climatização', 1],
	[5, 'Material de Escritório', 1],
	[6, 'Serviços', 1],
	[7, 'Cadeiras', 2],
	[8, 'Mesas', 2],
	[9, 'Informática', 3],
];

/** Products 1-37, in id order (product.product id = product.template id). */
const PRODUCTS: ProductSeed[] = [
	{ name: 'Cadeira Ergonômica Pro', code: 'CAD-ERG-01', price: 1899.9, cost: 1100, categ: 7, kind: 'storable', stock: [12, 5], description: 'Cadeira ergonômica com apoio lombar ajustável, braços 4D e encosto em tela. Garantia de 5 anos.' },
	{ name: 'Cadeira de Escritório Giratória', code: 'CAD-GIR-02', price: 649.9, cost: 380, categ: 7, kind: 'storable', stock: [30, 18], description: 'Cadeira giratória com regulagem de altura a gás e rodízios de nylon.' },
	{ name: 'Cadeira de Reunião Estofada', code: 'CAD-REU-03', price: 429, cost: 250, categ: 7, kind: 'storable', stock: [0, 0], incoming: [40, 0], description: 'Cadeira fixa estofada para salas de reunião, pés cromados.' },
	{ name: 'Mesa de Escritório 120cm', code: 'MES-ESC-120', price: 899, cost: 520, categ: 8, kind: 'storable', stock: [8, 0], description: 'Mesa reta 120 x 60 cm, tampo em MDP 25 mm, passa-cabos.' },
	{ name: 'Mesa em L 150cm com Gaveteiro', code: 'MES-L-150', price: 1549, cost: 910, categ: 8, kind: 'storable', stock: [0, 4], description: 'Mesa em L 150 x 150 cm com gaveteiro fixo de 2 gavetas.' },
	{ name: 'Mesa de Reunião Redonda 6 Lugares', code: 'MES-REU-06', price: 2190, cost: 1300, categ: 8, kind: 'storable', stock: [2, 1], description: 'Mesa redonda de 120 cm de diâmetro para até 6 pessoas.' },
	{ name: 'Armário Alto com Chave 2 Portas', code: 'ARM-ALT-02', price: 1290, cost: 760, categ: 2, kind: 'storable', stock: [6, 3], description: 'Armário alto 160 cm com 4 prateleiras e fechadura.' },
	{ name: 'Gaveteiro Volante 3 Gavetas', code: 'GAV-VOL-03', price: 459.9, cost: 260, categ: 2, kind: 'storable', stock: [15, 9], description: 'Gaveteiro com rodízios, 3 gavetas e chave.' },
	{ name: 'Estante de Aço 5 Prateleiras', code: 'EST-ACO-05', price: 389, cost: 210, categ: 2, kind: 'storable', stock: [20, 0], description: 'Estante de aço 198 x 92 x 30 cm, 5 prateleiras reguláveis.' },
	{ name: 'Poltrona de Espera em Couro', code: 'POL-ESP-01', price: 1190, cost: 690, categ: 2, kind: 'storable', stock: [0, 0], description: 'Poltrona para recepção em couro sintético.' },
	{ name: 'Notebook Core i7 16GB', code: 'NTB-I7-16', price: 6499, cost: 4800, categ: 9, kind: 'storable', stock: [7, 3], description: 'Notebook 15,6" Intel Core i7, 16 GB de RAM, SSD de 512 GB, Windows 11 Pro.' },
	{ name: 'Notebook Core i5 8GB', code: 'NTB-I5-08', price: 3999, cost: 2900, categ: 9, kind: 'storable', stock: [0, 6], description: 'Notebook 14" Intel Core i5, 8 GB de RAM, SSD de 256 GB.' },
	{ name: 'Monitor LED 27" Full HD', code: 'MON-27-FHD', price: 1299, cost: 870, categ: 9, kind: 'storable', stock: [14, 10], description: 'Monitor 27 polegadas Full HD, HDMI e DisplayPort, ajuste de altura.' },
	{ name: 'Teclado sem Fio ABNT2', code: 'TEC-ABNT2', price: 189.9, cost: 95, categ: 9, kind: 'storable', stock: [50, 35], description: 'Teclado sem fio padrão ABNT2 com Ç, receptor USB.' },
	{ name: 'Mouse Óptico sem Fio', code: 'MOU-OPT-01', price: 89.9, cost: 40, categ: 9, kind: 'storable', stock: [80, 60], description: 'Mouse óptico sem fio 1600 dpi.' },
	{ name: 'Headset com Microfone USB', code: 'HEA-USB-01', price: 249, cost: 140, categ: 9, kind: 'storable', stock: [0, 0], incoming: [0, 15], description: 'Headset com cancelamento de ruído para chamadas de vídeo.' },
	{ name: 'Webcam Full HD 1080p', code: 'WEB-FHD-01', price: 329, cost: 190, categ: 9, kind: 'storable', stock: [12, 0], description: 'Webcam 1080p com microfone embutido.' },
	{ name: 'Impressora Multifuncional Laser', code: 'IMP-LAS-01', price: 1890, cost: 1250, categ: 3, kind: 'storable', stock: [3, 2], description: 'Multifuncional laser monocromática com Wi-Fi e duplex automático.' },
	{ name: 'Nobreak 1200VA Bivolt', code: 'NBK-1200', price: 899, cost: 560, categ: 3, kind: 'storable', stock: [5, 5], description: 'Nobreak 1200 VA bivolt automático, 6 tomadas.' },
	{ name: 'Roteador Wi-Fi 6 Dual Band', code: 'ROT-WF6-01', price: 499, cost: 300, categ: 3, kind: 'storable', stock: [9, 4], description: 'Roteador Wi-Fi 6 AX1800 dual band.' },
	{ name: 'Ar-condicionado Split 12000 BTUs', code: 'ARC-SPL-12', price: 2799, cost: 1900, categ: 4, kind: 'storable', stock: [4, 11], description: 'Ar-condicionado split inverter 12.000 BTUs, 220 V, só frio. Instalação vendida à parte.' },
	{ name: 'Ar-condicionado Split 18000 BTUs', code: 'ARC-SPL-18', price: 3699, cost: 2600, categ: 4, kind: 'storable', stock: [0, 3], description: 'Ar-condicionado split inverter 18.000 BTUs, 220 V, quente e frio.' },
	{ name: 'Ventilador de Coluna 40cm', code: 'VEN-COL-40', price: 279.9, cost: 150, categ: 4, kind: 'storable', stock: [25, 0], description: 'Ventilador de coluna 40 cm, 3 velocidades, 127 V.' },
	{ name: 'Climatizador Evaporativo 45L', code: 'CLI-EVA-45', price: 899.9, cost: 540, categ: 4, kind: 'storable', stock: [0, 0], description: 'Climatizador evaporativo com reservatório de 45 litros.' },
	{ name: 'Papel A4 500 folhas', code: 'PAP-A4-500', price: 32.9, cost: 21, categ: 5, kind: 'storable', stock: [400, 250], description: 'Resma de papel sulfite A4 75 g/m², 500 folhas.' },
	{ name: 'Caneta Esferográfica Azul (caixa c/ 50)', code: 'CAN-AZU-50', price: 59.9, cost: 30, categ: 5, kind: 'storable', stock: [120, 80], description: 'Caixa com 50 canetas esferográficas azuis, ponta média.' },
	{ name: 'Grampeador de Mesa 26/6', code: 'GRA-MES-26', price: 45, cost: 22, categ: 5, kind: 'storable', stock: [40, 22], description: 'Grampeador de mesa para até 25 folhas.' },
	{ name: 'Caderno Universitário 10 Matérias', code: 'CDN-UNI-10', price: 27.5, cost: 14, categ: 5, kind: 'storable', stock: [0, 70], description: 'Caderno universitário espiral, 200 folhas.' },
	{ name: 'Pasta Suspensa Kraft (caixa c/ 25)', code: 'PAS-SUS-25', price: 64.9, cost: 35, categ: 5, kind: 'storable', stock: [60, 30], description: 'Caixa com 25 pastas suspensas kraft com visor.' },
	{ name: 'Quadro Branco 120x90cm', code: 'QUA-BRA-120', price: 349, cost: 190, categ: 5, kind: 'storable', stock: [6, 2], description: 'Quadro branco melamínico com moldura de alumínio.' },
	{ name: 'Organizador de Mesa em Acrílico', code: 'ORG-ACR-01', price: 79.9, cost: 38, categ: 5, kind: 'storable', stock: [33, 15], description: 'Organizador de mesa com 5 divisórias.' },
	{ name: 'Montagem de Móveis', code: 'SRV-MONT', price: 150, cost: 80, categ: 6, kind: 'service', description: 'Montagem de móveis no local, por item, na capital.' },
	{ name: 'Instalação de Ar-condicionado', code: 'SRV-INST-AC', price: 450, cost: 250, categ: 6, kind: 'service', description: 'Instalação padrão de split até 18.000 BTUs (até 3 m de tubulação).' },
	{ name: 'Garantia Estendida 12 meses', code: 'SRV-GAR-12', price: 299, cost: 120, categ: 6, kind: 'service', description: 'Garantia estendida de 12 meses além da garantia do fabricante.' },
	{ name: 'Frete Expresso Capital', code: 'SRV-FRETE', price: 89.9, cost: 60, categ: 6, kind: 'service', description: 'Entrega expressa em até 24 h nas capitais SP e RJ.' },
	{ name: 'Consultoria de Ergonomia (hora)', code: 'SRV-ERGO-H', price: 220, cost: 110, categ: 6, kind: 'service', description: 'Avaliação ergonômica do posto de trabalho, por hora.' },
	{ name: 'Cadeira Presidente em Couro (fora de linha)', code: 'CAD-PRE-99', price: 2490, cost: 1500, categ: 7, kind: 'storable', stock: [1, 0], active: false, description: 'Modelo descontinuado.' },
];

interface PartnerSeed {
	id: number;
	name: string;
	email?: string;
	phone?: string;
	mobile?: string;
	city?: string;
	zip?: string;
	street?: string;
	state?: string;
	company?: boolean;
	parent?: number;
	vat?: string;
}

/** Customers 10-24 (+ the portal user's partner 8). */
const CUSTOMERS: PartnerSeed[] = [
	{ id: 8, name: 'Joel Willis', email: 'joel.willis@example.com.br', phone: '+55 11 91234-5678', city: 'São Paulo', street: 'Rua Augusta, 1500', zip: '01304-001' },
	{ id: 10, name: 'Ana Paula Ferreira', email: 'ana.ferreira@example.com.br', phone: '+55 11 98765-4321', city: 'São Paulo', street: 'Av. Paulista, 1000, ap. 52', zip: '01310-100', vat: '123.456.789-09' },
	{ id: 11, name: 'Bruno Carvalho', email: 'bruno.carvalho@example.com.br', mobile: '(21) 99876-5432', city: 'Rio de Janeiro', street: 'Rua Voluntários da Pátria, 45', zip: '22270-000' },
	{ id: 12, name: 'Carla Souza', email: 'carla.souza@example.com.br', phone: '11976543210', city: 'São Paulo', street: 'Rua Harmonia, 321', zip: '05435-000' },
	{ id: 13, name: 'Daniel Oliveira', email: 'daniel.oliveira@example.com.br', phone: '+55 (31) 3222-1100', mobile: '31 99123-4567', city: 'Belo Horizonte', zip: '30130-000' },
	{ id: 14, name: 'Eduarda Lima', email: 'eduarda.lima@example.com.br', phone: '0055 21 3456-7890', city: 'Niterói', zip: '24020-000' },
	{ id: 15, name: 'Fábio Nascimento', email: 'fabio.nascimento@example.com.br', mobile: '+5511955554444', city: 'São Paulo', zip: '04538-132' },
	{ id: 16, name: 'Gabriela Rocha', email: 'gabriela.rocha@example.com.br', phone: '(11) 3030-4040', city: 'São Paulo', zip: '01452-000' },
	{ id: 17, name: 'Helena Martins', email: 'Helena.Martins@Empresa.com.br', city: 'Campinas', zip: '13015-000' },
	{ id: 18, name: 'João Pereira', email: 'joao.pereira@example.com.br', mobile: '21 98888-7777', city: 'Rio de Janeiro', zip: '20040-002' },
	{ id: 19, name: 'Construtora Horizonte Ltda', email: 'compras@horizonte.com.br', phone: '+55 11 4002-8922', city: 'São Paulo', street: 'Av. Brigadeiro Faria Lima, 3477', zip: '04538-133', company: true, vat: '12.345.678/0001-95' },
	{ id: 20, name: 'Marina Costa', email: 'marina.costa@horizonte.com.br', mobile: '+55 11 97777-6666', city: 'São Paulo', parent: 19 },
	{ id: 21, name: 'Escola Saber Mais', email: 'contato@sabermais.edu.br', phone: '(21) 2555-1234', city: 'Rio de Janeiro', street: 'Rua da Passagem, 88', zip: '22290-030', company: true, vat: '98.765.432/0001-10' },
	{ id: 22, name: 'Rafael Gonçalves', email: 'rafael.goncalves@example.com.br', mobile: '+55 51 99654-3210', city: 'Porto Alegre', zip: '90010-000' },
	{ id: 23, name: 'Patrícia Almeida', email: 'patricia.almeida@example.com.br', mobile: '11 9 8123-4567', city: 'Guarulhos', zip: '07010-000' },
	{ id: 24, name: 'Tiago Ribeiro', email: 'tiago.ribeiro@example.com.br', phone: '011 98222-3333', city: 'São Paulo', zip: '02012-000' },
];

interface OrderSeed {
	partner: number;
	state: 'draft' | 'sale' | 'done' | 'cancel';
	delivery: 'pending' | 'partial' | 'full' | false;
	invoice: 'no' | 'to invoice' | 'invoiced';
	ref: string | false;
	warehouse: number;
	daysAgo: number;
	/** [product id, quantity, delivered] */
	lines: Array<[number, number, number]>;
}

/** Sales orders 1-10 (names S00001-S00010). */
const ORDERS: OrderSeed[] = [
	{ partner: 10, state: 'sale', delivery: 'pending', invoice: 'to invoice', ref: 'OC-ANA-001', warehouse: WAREHOUSE_SP, daysAgo: 2, lines: [[1, 1, 0], [32, 1, 0]] },
	{ partner: 10, state: 'done', delivery: 'full', invoice: 'invoiced', ref: 'OC-ANA-000', warehouse: WAREHOUSE_SP, daysAgo: 40, lines: [[15, 2, 2], [14, 2, 2]] },
	{ partner: 11, state: 'draft', delivery: false, invoice: 'no', ref: 'COT-BRU-17', warehouse: WAREHOUSE_RJ, daysAgo: 1, lines: [[21, 1, 0], [33, 1, 0]] },
	{ partner: 11, state: 'sale', delivery: 'partial', invoice: 'to invoice', ref: 'OC-BRU-22', warehouse: WAREHOUSE_RJ, daysAgo: 6, lines: [[2, 4, 2]] },
	{ partner: 19, state: 'sale', delivery: 'full', invoice: 'invoiced', ref: 'HORIZ-7781', warehouse: WAREHOUSE_SP, daysAgo: 15, lines: [[4, 6, 6], [1, 6, 6], [32, 12, 12]] },
	{ partner: 13, state: 'cancel', delivery: false, invoice: 'no', ref: 'OC-DAN-05', warehouse: WAREHOUSE_SP, daysAgo: 9, lines: [[11, 1, 0]] },
	{ partner: 21, state: 'draft', delivery: false, invoice: 'no', ref: 'EDITAL-2025-03', warehouse: WAREHOUSE_RJ, daysAgo: 3, lines: [[3, 30, 0], [30, 2, 0]] },
	{ partner: 15, state: 'sale', delivery: 'pending', invoice: 'to invoice', ref: false, warehouse: WAREHOUSE_RJ, daysAgo: 1, lines: [[12, 1, 0], [34, 1, 0]] },
	{ partner: 8, state: 'sale', delivery: 'full', invoice: 'invoiced', ref: 'JW-0001', warehouse: WAREHOUSE_SP, daysAgo: 20, lines: [[25, 10, 10]] },
	{ partner: 16, state: 'done', delivery: 'full', invoice: 'invoiced', ref: 'OC-GAB-02', warehouse: WAREHOUSE_SP, daysAgo: 60, lines: [[23, 2, 2]] },
];

const SAO_PAULO_OFFSET_HOURS = -3;

function utcString(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** The next `count` business days (Mon-Fri) after today in São Paulo, as [y, m, d]. */
function nextBusinessDays(now: Date, count: number): Array<[number, number, number]> {
	const local = new Date(now.getTime() + SAO_PAULO_OFFSET_HOURS * 3600_000);
	const out: Array<[number, number, number]> = [];
	for (let offset = 1; out.length < count && offset < 30; offset++) {
		const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + offset));
		const weekday = day.getUTCDay();
		if (weekday !== 0 && weekday !== 6) out.push([day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()]);
	}
	return out;
}

/** A São Paulo wall-clock time on a day, as a naive UTC string. */
function saoPauloAt(day: [number, number, number], hour: number, minute: number): Date {
	return new Date(Date.UTC(day[0], day[1], day[2], hour - SAO_PAULO_OFFSET_HOURS, minute));
}

/** Events: [business day index (0 = next business day), local hour, minute, duration h, name, customer, location]. */
const EVENTS: Array<[number, number, number, number, string, number, string]> = [
	[0, 10, 0, 1, 'Demonstração de cadeiras ergonômicas - Ana Paula', 10, 'Showroom São Paulo'],
	[1, 14, 30, 1.5, 'Visita técnica - Construtora Horizonte', 19, 'Av. Brigadeiro Faria Lima, 3477'],
	[2, 9, 0, 2, 'Instalação de ar-condicionado - Bruno Carvalho', 11, 'Rua Voluntários da Pátria, 45'],
	[4, 16, 0, 0.5, 'Ligação de follow-up - Escola Saber Mais', 21, 'Telefone'],
	[6, 11, 0, 1, 'Entrega e montagem - Fábio Nascimento', 15, 'São Paulo'],
	[8, 15, 0, 1, 'Reunião de apresentação - Escola Saber Mais', 21, 'Rua da Passagem, 88'],
];

// ---- stock ----------------------------------------------------------------------------------------

function isStorable(product: Rec): boolean {
	return product.type === 'product' || product.is_storable === true;
}

/** Warehouses selected by the context (`warehouse` in 17, `warehouse_id` in 18; ids or names), or all. */
function contextWarehouses(env: Env): number[] {
	const warehouses = env.store.model('stock.warehouse');
	const all = [...warehouses.records.keys()];
	const location = env.context.location;
	if (location !== undefined && location !== false && location !== null) {
		const locations = env.store.model('stock.location');
		const wanted = Array.isArray(location) ? location : [location];
		const ids = new Set<number>();
		for (const item of wanted) {
			for (const loc of locations.records.values()) {
				const name = typeof loc.complete_name === 'string' ? loc.complete_name : '';
				if ((typeof item === 'number' && loc.id === item) || (typeof item === 'string' && sqlLike(name, `%${item}%`, true))) {
					if (typeof loc.warehouse_id === 'number') ids.add(loc.warehouse_id);
				}
			}
		}
		return [...ids];
	}
	const raw = env.context[env.version === '18.0' ? 'warehouse_id' : 'warehouse'];
	if (raw === undefined || raw === false || raw === null) return all;
	const wanted = Array.isArray(raw) ? raw : [raw];
	const ids = new Set<number>();
	for (const item of wanted) {
		if (typeof item === 'number') ids.add(item);
		else if (typeof item === 'string') for (const wh of warehouses.records.values()) if (typeof wh.name === 'string' && sqlLike(wh.name, `%${item}%`, true)) ids.add(wh.id);
	}
	return [...ids];
}

function num(value: unknown): number {
	return typeof value === 'number' ? value : 0;
}

/** Quantity still to deliver per warehouse for a product: confirmed orders not fully delivered. */
function outgoingIn(env: Env, productId: number, warehouse: number): number {
	let total = 0;
	const lines = env.store.model('sale.order.line');
	for (const order of env.store.model('sale.order').records.values()) {
		if (order.state !== 'sale' || order.delivery_status === 'full' || num(order.warehouse_id || WAREHOUSE_SP) !== warehouse) continue;
		for (const id of Array.isArray(order.order_line) ? (order.order_line as number[]) : []) {
			const line = lines.records.get(id);
			if (line && line.product_id === productId) total += Math.max(0, num(line.product_uom_qty) - num(line.qty_delivered));
		}
	}
	return total;
}

function onHandIn(env: Env, productId: number, warehouse: number): number {
	let total = 0;
	const locations = env.store.model('stock.location');
	for (const quant of env.store.model('stock.quant').records.values()) {
		if (quant.product_id !== productId) continue;
		const location = locations.records.get(num(quant.location_id));
		if (location && location.usage === 'internal' && location.warehouse_id === warehouse) total += num(quant.quantity);
	}
	return total;
}

interface StockFigures {
	qty_available: number;
	incoming_qty: number;
	outgoing_qty: number;
	virtual_available: number;
	free_qty: number;
}

function stockOf(env: Env, product: Rec): StockFigures {
	const figures: StockFigures = { qty_available: 0, incoming_qty: 0, outgoing_qty: 0, virtual_available: 0, free_qty: 0 };
	if (!isStorable(product)) return figures;
	const incoming = (product.__incoming ?? {}) as Record<string, number>;
	for (const warehouse of contextWarehouses(env)) {
		const onHand = onHandIn(env, product.id, warehouse);
		const inbound = num(incoming[String(warehouse)]);
		const outbound = outgoingIn(env, product.id, warehouse);
		figures.qty_available += onHand;
		figures.incoming_qty += inbound;
		figures.outgoing_qty += outbound;
		figures.virtual_available += onHand + inbound - outbound;
		figures.free_qty += onHand - Math.min(onHand, outbound);
	}
	return figures;
}

const STOCK_FIELDS: Array<keyof StockFigures> = ['qty_available', 'virtual_available', 'incoming_qty', 'outgoing_qty', 'free_qty'];

// ---- seed -------------------------------------------------------------------------------------------

export function seedBrazil(store: Store, version: Version): void {
	for (const [name, defs] of Object.entries(fields(version))) {
		if (!store.has(name)) store.define({ name, description: name, fields: {} });
		const state = store.model(name);
		const merged = { ...state.spec.fields };
		for (const [field, def] of Object.entries(defs)) merged[field] = { ...(merged[field] ?? {}), ...def, type: def.type };
		state.spec = { ...state.spec, fields: merged };
	}
	for (const name of REPLACED) {
		if (!store.has(name)) continue;
		const state = store.model(name);
		state.records.clear();
		state.nextId = 1;
		state.labels = {};
	}
	const now = store.now();
	const daysAgo = (days: number) => utcString(new Date(now.getTime() - days * 86400_000));

	// currency, company, users
	store.insert('res.currency', { id: BRL, name: 'BRL', symbol: 'R$', full_name: 'Brazilian real', position: 'before', rounding: 0.01, decimal_places: 2, active: true, display_name: 'BRL' });
	store.insert('res.company', { id: 1, name: 'Casa & Escritório Comércio Ltda', partner_id: 1, currency_id: BRL, country_id: 31, email: 'contato@casaescritorio.com.br', phone: '+55 11 3333-4444', vat: '11.222.333/0001-81' });
	const users = store.model('res.users');
	const user = (id: number, values: Record<string, unknown>) => users.records.set(id, { ...(users.records.get(id) ?? { id }), ...values, id });
	user(2, { name: 'Mitchell Admin', login: 'admin', partner_id: 3, tz: 'America/Sao_Paulo', lang: 'pt_BR', company_id: 1, active: true, display_name: 'Mitchell Admin' });
	user(6, { name: 'Marc Demo', login: 'demo', partner_id: 7, tz: 'America/Sao_Paulo', lang: 'pt_BR', company_id: 1, active: true, display_name: 'Marc Demo' });
	user(7, { name: 'Joel Willis', login: 'portal', partner_id: 8, tz: 'America/Sao_Paulo', lang: 'pt_BR', company_id: 1, active: true, display_name: 'Joel Willis' });

	// partners
	const partner = (values: Rec) =>
		store.insert('res.partner', { active: true, type: 'contact', is_company: false, company_id: false, country_id: 31, lang: 'pt_BR', tz: 'America/Sao_Paulo', customer_rank: 0, parent_id: false, child_ids: [], category_id: [], user_ids: [], phone: false, mobile: false, email: false, ...values });
	partner({ id: 1, name: 'Casa & Escritório Comércio Ltda', is_company: true, company_type: 'company', email: 'contato@casaescritorio.com.br', phone: '+55 11 3333-4444', street: 'Rua Vergueiro, 2000', city: 'São Paulo', zip: '04102-000', vat: '11.222.333/0001-81', company_id: 1, child_ids: [3, 7] });
	partner({ id: 2, name: 'OdooBot', active: false, email: 'odoobot@example.com', country_id: false, tz: false, lang: 'en_US', user_ids: [1] });
	partner({ id: 3, name: 'Mitchell Admin', parent_id: 1, email: 'admin@casaescritorio.com.br', phone: '+55 11 3333-4400', company_id: 1, user_ids: [2] });
	partner({ id: 7, name: 'Marc Demo', parent_id: 1, email: 'marc.demo@casaescritorio.com.br', phone: '+55 11 3333-4401', company_id: 1, user_ids: [6] });
	for (const customer of CUSTOMERS) {
		partner({
			id: customer.id, name: customer.name, email: customer.email ?? false, phone: customer.phone ?? false, mobile: customer.mobile ?? false, city: customer.city ?? false,
			zip: customer.zip ?? false, street: customer.street ?? false, vat: customer.vat ?? false, is_company: customer.company === true, company_type: customer.company ? 'company' : 'person',
			parent_id: customer.parent ?? false, customer_rank: 1, user_ids: customer.id === 8 ? [7] : [],
		});
	}
	const horizonte = store.model('res.partner').records.get(19);
	if (horizonte) horizonte.child_ids = [20];

	// categories and products
	for (const [id, name, parent] of CATEGORIES) {
		store.insert('product.category', { id, name, parent_id: parent, child_id: CATEGORIES.filter((c) => c[2] === id).map((c) => c[0]) });
	}
	PRODUCTS.forEach((seed, index) => {
		const id = index + 1;
		const type = seed.kind === 'service' ? 'service' : version === '18.0' ? 'consu' : seed.kind === 'storable' ? 'product' : 'consu';
		const common: Record<string, unknown> = {
			name: seed.name, default_code: seed.code, barcode: seed.kind === 'service' ? false : ean13(id), list_price: seed.price, lst_price: seed.price, standard_price: seed.cost,
			price_extra: 0, description_sale: seed.description, description: false, sale_ok: true, purchase_ok: seed.kind !== 'service', active: seed.active !== false, type,
			categ_id: seed.categ, uom_id: 1, uom_po_id: 1, tracking: 'none', sale_line_warn: 'no-message', currency_id: BRL, taxes_id: [], weight: 0, product_variant_count: 1,
			write_date: '2026-01-05 12:00:00', create_date: '2026-01-05 12:00:00',
		};
		if (version === '18.0') common.is_storable = seed.kind === 'storable';
		else common.detailed_type = type;
		store.insert('product.template', { id, ...common, product_variant_ids: [id], product_variant_id: id });
		const incoming: Record<string, number> = {};
		if (seed.incoming) {
			incoming[String(WAREHOUSE_SP)] = seed.incoming[0];
			incoming[String(WAREHOUSE_RJ)] = seed.incoming[1];
		}
		store.insert('product.product', { id, ...common, product_tmpl_id: id, __incoming: incoming });
	});

	// warehouses, locations, quants
	const location = (id: number, name: string, complete: string, usage: string, parent: number | false, warehouse: number | false) =>
		store.insert('stock.location', { id, name, complete_name: complete, display_name: complete, usage, location_id: parent, warehouse_id: warehouse, company_id: usage === 'internal' || usage === 'view' ? 1 : false, active: true });
	location(1, 'SP', 'SP', 'view', false, WAREHOUSE_SP);
	location(STOCK_SP, 'Estoque', 'SP/Estoque', 'internal', 1, WAREHOUSE_SP);
	location(3, 'RJ', 'RJ', 'view', false, WAREHOUSE_RJ);
	location(STOCK_RJ, 'Estoque', 'RJ/Estoque', 'internal', 3, WAREHOUSE_RJ);
	location(5, 'Clientes', 'Parceiros/Clientes', 'customer', false, false);
	location(6, 'Fornecedores', 'Parceiros/Fornecedores', 'supplier', false, false);
	store.insert('stock.warehouse', { id: WAREHOUSE_SP, name: 'São Paulo', code: 'SP', lot_stock_id: STOCK_SP, view_location_id: 1, company_id: 1, partner_id: 1, active: true });
	store.insert('stock.warehouse', { id: WAREHOUSE_RJ, name: 'Rio de Janeiro', code: 'RJ', lot_stock_id: STOCK_RJ, view_location_id: 3, company_id: 1, partner_id: 1, active: true });
	let quantId = 1;
	PRODUCTS.forEach((seed, index) => {
		const [sp, rj] = seed.stock ?? [0, 0];
		for (const [qty, loc, wh] of [[sp, STOCK_SP, WAREHOUSE_SP], [rj, STOCK_RJ, WAREHOUSE_RJ]] as const) {
			if (qty > 0) store.insert('stock.quant', { id: quantId++, product_id: index + 1, location_id: loc, warehouse_id: wh, lot_id: false, quantity: qty, inventory_quantity: 0, company_id: 1 });
		}
	});

	// sales orders
	let lineId = 1;
	ORDERS.forEach((seed, index) => {
		const id = index + 1;
		const lineIds: number[] = [];
		for (const [productId, qty, delivered] of seed.lines) {
			const product = PRODUCTS[productId - 1];
			store.insert('sale.order.line', {
				id: lineId, order_id: id, product_id: productId, name: `[${product.code}] ${product.name}`, sequence: 10, display_type: false, product_uom_qty: qty, product_uom: 1,
				price_unit: product.price, discount: 0, tax_id: [], qty_delivered: delivered, qty_invoiced: seed.invoice === 'invoiced' ? qty : 0,
			});
			lineIds.push(lineId++);
		}
		const state = version === '18.0' && seed.state === 'done' ? 'sale' : seed.state;
		store.insert('sale.order', {
			id, name: `S${String(id).padStart(5, '0')}`, partner_id: seed.partner, partner_invoice_id: seed.partner, partner_shipping_id: seed.partner, client_order_ref: seed.ref,
			state, locked: seed.state === 'done', invoice_status: seed.invoice, delivery_status: seed.delivery, warehouse_id: seed.warehouse, date_order: daysAgo(seed.daysAgo),
			order_line: lineIds, currency_id: BRL, company_id: 1, user_id: 2, pricelist_id: false, note: false, picking_ids: [],
		});
	});

	// calendar
	const days = nextBusinessDays(now, 10);
	let attendeeId = 1;
	EVENTS.forEach(([dayIndex, hour, minute, duration, name, customer, where], index) => {
		const id = index + 1;
		const start = saoPauloAt(days[dayIndex], hour, minute);
		const stop = new Date(start.getTime() + duration * 3600_000);
		const partners = [3, customer];
		const attendees = partners.map((partnerId) => {
			const partnerRec = store.model('res.partner').records.get(partnerId);
			store.insert('calendar.attendee', { id: attendeeId, event_id: id, partner_id: partnerId, state: partnerId === 3 ? 'accepted' : 'needsAction', common_name: partnerRec?.name ?? false, email: partnerRec?.email ?? false });
			return attendeeId++;
		});
		store.insert('calendar.event', {
			id, name, start: utcString(start), stop: utcString(stop), duration, allday: false, start_date: false, stop_date: false, partner_ids: partners, attendee_ids: attendees,
			user_id: 2, location: where, description: false, event_tz: 'America/Sao_Paulo', active: true,
		});
	});

	// discuss
	store.insert('discuss.channel', { id: 1, name: 'geral', channel_type: 'channel', description: 'Canal geral da equipe Casa & Escritório', channel_partner_ids: [3, 7], channel_member_ids: [1, 2], group_public_id: 1 });
	store.insert('discuss.channel.member', { id: 1, channel_id: 1, partner_id: 3 });
	store.insert('discuss.channel.member', { id: 2, channel_id: 1, partner_id: 7 });
	store.insert('mail.message', {
		id: 1, body: '<p>Bem-vindos ao canal #geral!</p>', author_id: 3, date: daysAgo(7), message_type: 'comment', model: 'discuss.channel', res_id: 1, subtype_id: 1,
		record_name: 'geral', is_internal: false, email_from: '"Mitchell Admin" <admin@casaescritorio.com.br>',
	});

	// stock figures from quants, incoming moves and confirmed orders, honouring the warehouse/location context
	const products = store.model('product.product');
	const templates = store.model('product.template');
	const productComputes = { ...(products.spec.computes ?? {}) };
	const templateComputes = { ...(templates.spec.computes ?? {}) };
	for (const field of STOCK_FIELDS) {
		productComputes[field] = (rec, env) => stockOf(env, rec)[field];
		templateComputes[field] = (rec, env) => {
			const variant = products.records.get(num(rec.product_variant_id)) ?? [...products.records.values()].find((candidate) => candidate.product_tmpl_id === rec.id);
			return variant ? stockOf(env, variant)[field] : 0;
		};
	}
	products.spec.computes = productComputes;
	templates.spec.computes = templateComputes;
	const quants = store.model('stock.quant');
	quants.spec.computes = {
		...(quants.spec.computes ?? {}),
		reserved_quantity: (rec, env) => Math.min(num(rec.quantity), outgoingIn(env, num(rec.product_id), num(rec.warehouse_id))),
		available_quantity: (rec, env) => num(rec.quantity) - Math.min(num(rec.quantity), outgoingIn(env, num(rec.product_id), num(rec.warehouse_id))),
	};
}
