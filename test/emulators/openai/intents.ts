/**
 * The routing answer of the default script: keyword rules in Portuguese, Spanish and English over
 * the customer's words (case and accents folded). Asking for a person decides at once; otherwise
 * each intent scores its keyword hits (sales' weak words such as "tem" and "quanto" count half;
 * problem words such as "defeito" and "pedido" score for support), the highest score wins, ties
 * go to the earlier of sales, scheduling, business_rules, support, and no hit at all means support.
 */
export type RoutedIntent = 'sales' | 'scheduling' | 'business_rules' | 'support' | 'human';

export const ROUTING_CONFIDENCE = 0.8;

const HUMAN = /\b(atendentes?|humanos?|humanas?|pessoa|person|human|persona|operador\w*|operator|representa\w*|gerente|manager|advogad\w*|abogad\w*|lawyer|procon)\b/g;

const SCORED: ReadonlyArray<{ intent: RoutedIntent; rules: ReadonlyArray<{ pattern: RegExp; weight: number }> }> = [
	{
		intent: 'sales',
		rules: [
			{ pattern: /\b(precos?|precios?|prices?|estoque|stock|valor(es)?|custa|cuesta|costs?|compr\w*|buy|orcamento|cotiza\w*|cotac\w*|quotes?|disponive(l|is)|disponibles?|available)\b/g, weight: 1 },
			{ pattern: /\b(how much|quant[oa]s?|cuant[oa]s?|tem|temos|tiene|tienen|tenem\w*|do you have)\b/g, weight: 0.5 },
		],
	},
	{
		intent: 'scheduling',
		rules: [{ pattern: /\b(agend\w*|reagend\w*|marcar|remarcar|horarios?|visita\w*|appointments?|schedul\w*|book\w*|cita|citas|reserv\w*|instala\w*)\b/g, weight: 1 }],
	},
	{
		intent: 'business_rules',
		rules: [
			{ pattern: /\b(troc\w*|devol\w*|reembols\w*|refunds?|returns?|garantia|warranty|frete|envio|shipping|parcel\w*|pix|boleto|pagamento|pago|payments?|nota fiscal|factura|invoices?|politica|policy)\b/g, weight: 1 },
			// Opening hours are a policy, though "horario" alone reads as scheduling.
			{ pattern: /\b(funcionamento|opening hours|horario de atencion|abrem|fecham|abren|cierran)\b/g, weight: 2 },
		],
	},
	{
		// Problem words keep a weak sales word ("meu pedido tem defeito") from outranking support.
		intent: 'support',
		rules: [{ pattern: /\b(defeit\w*|defect\w*|quebr\w*|rot[oa]|broken|problem\w*|pedidos?|orders?|rastre\w*|tracking|funciona|works?|working|error|erro|ayuda|help)\b/g, weight: 1 }],
	},
];

export const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();

const hits = (pattern: RegExp, text: string): number => text.match(pattern)?.length ?? 0;

export function routeByKeywords(customerText: string): { intent: RoutedIntent; confidence: number } {
	const text = fold(customerText);
	if (hits(HUMAN, text) > 0) return { intent: 'human', confidence: ROUTING_CONFIDENCE };
	let best: { intent: RoutedIntent; score: number } = { intent: 'support', score: 0 };
	for (const { intent, rules } of SCORED) {
		const score = rules.reduce((sum, rule) => sum + rule.weight * hits(rule.pattern, text), 0);
		if (score > best.score) best = { intent, score };
	}
	return { intent: best.intent, confidence: ROUTING_CONFIDENCE };
}

/** Whether the text holds any routing keyword at all (else it is a follow-up such as "pode ser a primeira"). */
export function hasKeyword(customerText: string): boolean {
	const text = fold(customerText);
	return hits(HUMAN, text) > 0 || SCORED.some(({ rules }) => rules.some((rule) => hits(rule.pattern, text) > 0));
}

/** The intent a single word is a keyword of, so "estoque" and "stock" count as related words. */
export function conceptOf(word: string): RoutedIntent | null {
	const folded = fold(word);
	if (hits(HUMAN, folded) > 0) return 'human';
	for (const { intent, rules } of SCORED) if (rules.some((rule) => hits(rule.pattern, folded) > 0)) return intent;
	return null;
}
