/**
 * A small pt/es/en glossary of the words customers use about a shop's policies and procedures.
 *
 * Lexical search only matches words, so a question in English ("warranty") finds nothing in a
 * policy written in Portuguese ("garantia") unless someone says the two mean the same. Each entry
 * is one concept with its usual words in the three languages; a query word that belongs to a
 * concept brings the concept's other words into the search (see `expansion.ts`). Several words may
 * be given per language (inflections Snowball does not join, synonyms, short phrases); phrases
 * match only as whole phrases and claim their words before single words do. Keep entries to words a policy or procedure would actually use:
 * every word added here is searched whenever its concept is.
 */
export interface GlossaryConcept {
	id: string;
	/**
	 * A question frame: words that say what kind of answer is wanted (how long, how much) rather
	 * than what the question is about. They help pick the sentence with the figure, but a title
	 * holding them ("Entrega: áreas, prazos e frete") is not thereby the question's subject.
	 */
	frame?: boolean;
	pt: readonly string[];
	es: readonly string[];
	en: readonly string[];
}

export const GLOSSARY: readonly GlossaryConcept[] = [
	{ id: 'return', pt: ['devolução', 'devolver', 'devolvido', 'devolvida'], es: ['devolución', 'devolver', 'devuelvo'], en: ['return', 'returns', 'returned', 'returning'] },
	{ id: 'withdrawal', pt: ['arrependimento', 'arrepender', 'arrependi', 'desistir', 'desistência', 'não quero mais'], es: ['arrepentimiento', 'arrepentirse', 'arrepiento', 'desistir', 'no la quiero', 'no lo quiero'], en: ['regret', 'withdrawal', 'change my mind', 'changed my mind', 'do not want it'] },
	{ id: 'refund', pt: ['reembolso', 'reembolsar', 'estorno', 'estornar', 'dinheiro de volta'], es: ['reembolso', 'reembolsar', 'dinero de vuelta'], en: ['refund', 'refunds', 'refunded', 'money back'] },
	{ id: 'exchange', pt: ['troca', 'trocar'], es: ['cambio', 'cambiar', 'canje'], en: ['exchange', 'exchanged', 'swap'] },
	{ id: 'size', pt: ['tamanho', 'pequeno', 'pequena', 'apertado', 'apertada', 'não serviu'], es: ['talla', 'tamaño', 'chico', 'chica', 'pequeño', 'pequeña', 'no me queda'], en: ['size', 'small', 'too big', 'fit'] },
	{ id: 'warranty', pt: ['garantia'], es: ['garantía'], en: ['warranty', 'guarantee'] },
	{ id: 'cover', pt: ['cobre', 'cobrir', 'cobertura'], es: ['cubre', 'cubrir', 'cobertura'], en: ['cover', 'covers', 'covered', 'coverage'] },
	{ id: 'fall', pt: ['cair', 'caí', 'caiu', 'acidente'], es: ['caída', 'caer', 'caigo', 'caí', 'accidente'], en: ['fall', 'fell', 'crash', 'accident'] },
	{ id: 'defect', pt: ['defeito', 'defeituoso', 'quebrado', 'quebrada', 'danificado', 'avariado', 'riscado', 'parou', 'parou de funcionar', 'não funciona'], es: ['defecto', 'defectuoso', 'roto', 'dañado', 'rayado', 'dejó de funcionar', 'no funciona'], en: ['defect', 'defective', 'broken', 'damaged', 'damage', 'scratched', 'faulty', 'stopped', 'stopped working', 'does not work'] },
	{ id: 'shipping', pt: ['frete', 'entrega', 'entregar', 'envio', 'enviar', 'mandar', 'mandam'], es: ['envío', 'enviar', 'entrega', 'entregar', 'flete', 'mandar'], en: ['shipping', 'ship', 'delivery', 'deliver', 'freight', 'send'] },
	{ id: 'abroad', pt: ['exterior', 'internacional', 'outro país'], es: ['extranjero', 'internacional', 'otro país'], en: ['abroad', 'international', 'overseas', 'outside'] },
	{ id: 'pickup', pt: ['retirada', 'retirar', 'buscar', 'coleta', 'coletar'], es: ['recoger', 'recogida', 'retiro', 'retirar'], en: ['pickup', 'pick up', 'collect', 'collection'] },
	{ id: 'price', frame: true, pt: ['custo', 'custa', 'preço', 'valor', 'taxa'], es: ['costo', 'cuesta', 'precio', 'valor', 'tarifa'], en: ['cost', 'costs', 'price', 'fee', 'fees', 'charge'] },
	{ id: 'free', pt: ['grátis', 'gratuito', 'gratuita', 'sem custo'], es: ['gratis', 'gratuito', 'gratuita', 'sin costo'], en: ['free', 'free of charge'] },
	{ id: 'period', frame: true, pt: ['prazo', 'quanto tempo'], es: ['plazo', 'cuánto tiempo'], en: ['deadline', 'how long', 'period', 'window'] },
	{ id: 'invoice', pt: ['nota fiscal', 'nota', 'nf', 'nfe', 'nf-e', 'fatura', 'faturado'], es: ['factura', 'facturar', 'facturado'], en: ['invoice', 'invoices', 'invoiced', 'bill'] },
	{ id: 'copy', pt: ['segunda via', '2ª via', '2a via', 'cópia', 'reenviar'], es: ['copia', 'duplicado', 'reenviar'], en: ['copy', 'duplicate', 'resend'] },
	{ id: 'company', pt: ['empresa', 'corporativo', 'pessoa jurídica', 'cnpj'], es: ['empresa', 'compañía', 'corporativo', 'número fiscal', 'nif', 'rfc'], en: ['company', 'business', 'corporate', 'tax id', 'ein'] },
	{ id: 'online', pt: ['site', 'online', 'internet'], es: ['web', 'online', 'internet', 'en línea'], en: ['online', 'website', 'web', 'internet'] },
	{ id: 'payment', pt: ['pagamento', 'pagar', 'pago', 'aceita', 'aceitam', 'aceitar'], es: ['pago', 'pagar', 'pagos', 'acepta', 'aceptan', 'aceptar'], en: ['payment', 'payments', 'pay', 'paid', 'accept', 'accepts', 'accepted'] },
	{ id: 'quotation', pt: ['orçamento', 'orçamentos', 'cotação', 'proposta'], es: ['presupuesto', 'presupuestos', 'cotización'], en: ['quote', 'quotes', 'quotation', 'quotations'] },
	{ id: 'validity', pt: ['validade', 'válido', 'válida', 'expira', 'vence'], es: ['validez', 'válido', 'válida', 'vigencia', 'vence'], en: ['valid', 'validity', 'expire', 'expires'] },
	{ id: 'tax', pt: ['imposto', 'impostos', 'tributo'], es: ['impuesto', 'impuestos', 'iva'], en: ['tax', 'taxes', 'sales tax', 'vat'] },
	{ id: 'reseller', pt: ['revenda', 'revendedor', 'revender'], es: ['reventa', 'revendedor', 'revender'], en: ['resale', 'reseller', 'resell'] },
	{ id: 'installments', pt: ['parcela', 'parcelas', 'parcelar', 'parcelado', 'parcelamento', 'parcelam'], es: ['cuota', 'cuotas', 'financiación', 'financiar'], en: ['installment', 'installments', 'financing', 'finance'] },
	{ id: 'card', pt: ['cartão'], es: ['tarjeta'], en: ['card'] },
	{ id: 'transfer', pt: ['transferência'], es: ['transferencia'], en: ['transfer', 'wire'] },
	{ id: 'cash', pt: ['dinheiro'], es: ['efectivo'], en: ['cash'] },
	{ id: 'discount', pt: ['desconto'], es: ['descuento'], en: ['discount'] },
	{ id: 'minimum', pt: ['mínimo', 'mínima'], es: ['mínimo', 'mínima'], en: ['minimum'] },
	{ id: 'loyalty', pt: ['cashback', 'fidelidade', 'pontos'], es: ['cashback', 'fidelidad', 'puntos'], en: ['cashback', 'loyalty', 'rewards', 'points', 'store credit'] },
	{ id: 'cancel', pt: ['cancelar', 'cancelamento', 'cancelado', 'cancelo'], es: ['cancelar', 'cancelación', 'cancelado', 'anular'], en: ['cancel', 'cancellation', 'cancelled', 'canceled'] },
	{ id: 'order', pt: ['pedido', 'encomenda'], es: ['pedido', 'orden'], en: ['order', 'orders'] },
	{ id: 'tracking', pt: ['rastrear', 'rastreio', 'rastreamento', 'acompanhar'], es: ['rastrear', 'rastreo', 'seguimiento'], en: ['track', 'tracking'] },
	{ id: 'hours', pt: ['horário', 'horários', 'abre', 'abrem', 'aberto', 'aberta', 'fechado', 'fechada', 'funcionamento'], es: ['horario', 'horarios', 'abren', 'abre', 'abierto', 'abierta', 'cerrado', 'cerrada'], en: ['hours', 'open', 'opens', 'opening', 'closed', 'close', 'closes'] },
	{ id: 'holiday', pt: ['feriado', 'feriados'], es: ['feriado', 'feriados', 'festivo'], en: ['holiday', 'holidays'] },
	{ id: 'address', pt: ['endereço', 'localização'], es: ['dirección', 'ubicación'], en: ['address', 'location'] },
	{ id: 'store', pt: ['loja'], es: ['tienda'], en: ['store', 'showroom'] },
	{ id: 'workshop', pt: ['oficina'], es: ['taller'], en: ['workshop', 'repair shop'] },
	{ id: 'repair', pt: ['conserto', 'consertar', 'reparo', 'revisão', 'manutenção'], es: ['reparación', 'reparar', 'arreglo', 'arreglar', 'revisión', 'mantenimiento'], en: ['repair', 'fix', 'service', 'maintenance', 'tune-up'] },
	{ id: 'appointment', pt: ['agendar', 'agendamento', 'marcar', 'remarcar'], es: ['agendar', 'cita', 'reservar', 'turno'], en: ['appointment', 'book', 'booking', 'schedule', 'reschedule'] },
	{ id: 'approval', pt: ['aprovação', 'aprovado', 'aprovada', 'análise'], es: ['aprobación', 'aprobado', 'aprobada', 'solicitud'], en: ['approval', 'approved', 'application'] },
	{ id: 'monday', pt: ['segunda-feira', 'segundas'], es: ['lunes'], en: ['monday', 'mondays'] },
	{ id: 'saturday', pt: ['sábado', 'sábados'], es: ['sábado', 'sábados'], en: ['saturday', 'saturdays'] },
	{ id: 'sunday', pt: ['domingo', 'domingos'], es: ['domingo', 'domingos'], en: ['sunday', 'sundays'] },
];
