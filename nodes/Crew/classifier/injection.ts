import { fold } from './normalize';
import { isShouting } from './sentiment';

export interface InjectionSignal {
	injection: boolean;
	reasons: string[];
}

/**
 * Prompt-injection patterns in pt, es and en, matched on accent-folded, lower-cased text with
 * collapsed spaces. Each needs the instruction-like structure, not just a word: "ignore" alone
 * or "admin" alone are ordinary customer words ("pode ignorar o e-mail anterior").
 */
const RULES: ReadonlyArray<[string, RegExp]> = [
	[
		'override of instructions',
		/\b(?:ignore|ignora|ignorar|ignorem|disregard|forget|esqueca|esquece|esquecam|olvida|olvide|olvidar|desconsidere|desconsidera|override|bypass)\b(?: [\w-]+){0,4}? (?:instrucoes|instrucao|instrucciones|instruccion|instructions|instruction|regras|reglas|rules|diretrizes|directrices|guidelines|prompt|system|sistema|restricoes|restricciones|restrictions|programacao|programming|politicas|policies)\b/,
	],
	['override of instructions', /\b(?:previous|prior|above|earlier|anteriores|acima|anteriormente) (?:instructions|instrucoes|instrucciones|rules|regras|reglas|prompt)\b/],
	[
		'role change',
		/\b(?:voce agora e|vc agora e|agora voce e|a partir de agora (?:voce|vc) (?:e|sera)|you are now|from now on you(?: are|re| will be)?|youre now|ahora eres|ahora sos|a partir de ahora (?:eres|seras)|desde ahora eres)\b/,
	],
	[
		'role change',
		/\b(?:aja como|atue como|finja ser|finja que|fingir ser|comporte-se como|act as|pretend (?:to be|you are|youre)|roleplay as|actua como|actue como|finge ser|finge que|haz de cuenta que|simula ser)\b(?: (?:um|uma|a|an|un|una|o|el|the))? (?:my|meu|minha|mi|mia|admin\w*|administrador\w*|desenvolvedor\w*|developer|desarrollador|root|sistema|system|gerente|manager|dono|owner|dueno|suporte|support|ia|ai|assistente|assistant|chatgpt|gpt|dan|hacker|programador|programmer|jailbroken|unrestricted|outro|another|otra|otro|different)\b/,
	],
	['elevated mode', /\b(?:modo|mode) (?:desenvolvedor|developer|desarrollador|dev|admin|administrador|administrator|root|debug|depuracao|depuracion|god|deus|dios|jailbreak|irrestrito|sin restricciones|sem restricoes|unrestricted)\b|\b(?:developer|admin|debug|god|jailbreak) mode\b|\bjailbreak\w*\b|\bdo anything now\b/],
	['elevated mode', /\b(?:sou|soy|i am|im) (?:o |el |the |un |um |an )?(?:admin|administrador|administrator|desenvolvedor|developer|desarrollador|root)\b(?: [\w-]+){0,6}? (?:liber|acesso|acceso|access|permiss|autoriz|authori|mostre|mostra|muestra|show|give|da|de-me|dame)/],
	// "qual é o seu prompt?", "what are your instructions?"
	['prompt extraction', /\b(?:qual|quais|what|which|cual|cuales)(?: (?:e|sao|is|are|es|son))?(?: (?:o|a|os|as|el|la|los|las))? (?:seu|sua|seus|suas|your|tu|tus|su|sus) (?:prompt|instrucoes|instrucciones|instructions|regras internas|reglas internas)\b/],
	['prompt extraction', /\b(?:system prompt|prompt do sistema|prompt de sistema|prompt del sistema|mensagem do sistema|mensaje del sistema|system message|initial prompt|prompt inicial|hidden prompt|prompt oculto)\b/],
	[
		'prompt extraction',
		/\b(?:revele|revela|revelar|mostre|mostra|mostrar|muestra|muestrame|mostrame|imprima|imprime|print|reveal|show|tell me|diga|dime|repita|repite|repeat|liste|lista|list|copie|copy|output|escreva)\b(?: [\w-]+){0,3}? (?:seu|sua|suas|seus|tu|tus|your|o|a|as|os|el|la|las|los|the)? ?(?:prompt|instrucoes|instrucciones|instructions|regras internas|reglas internas|internal rules|configuracao|configuracion|configuration|system)\b/,
	],
	[
		'data exfiltration',
		/\b(?:liste|lista|listar|list|mostre|mostra|mostrar|muestra|muestrame|show|exporte|exporta|export|envie|envia|send|passe|pasame|give me|dump|extraia|extrae|extract|me de|dame|quero|quiero|i want)\b(?: [\w-]+){0,3}? (?:todos os|todas as|todos los|todas las|all|all the|every|os outros|outros|otros|other|os dados dos|os dados de outros|los datos de otros|a lista de|la lista de|the list of)\b(?: [\w-]+){0,2}? (?:clientes|customers|clients|usuarios|users|pedidos de outros|contatos|contactos|contacts|cpfs|emails|e-mails|telefones|telefonos|phone numbers|senhas|passwords|contrasenas|cartoes|tarjetas|cards|registros|records)\b/,
	],
	[
		'data exfiltration',
		/\b(?:dados|datos|data|informacoes|informaciones|information|info|pedidos|orders|compras|purchases|endereco|direccion|address|email|telefone|telefono|phone|cpf|historico|historial|history)\b(?: [\w-]+){0,2}? (?:de outro|de outra|de outros|do outro|dos outros|de otro|de otra|de otros|del otro|of another|of other|from another|from other|another customers|other customers|other users|de terceiros|de terceros)\b/,
	],
	['data exfiltration', /\b(?:other|another) (?:customers?|users?|clients?)s? (?:data|orders|emails|e-mails|addresses|phone|information|details|records|accounts)\b|\b(?:banco de dados|base de datos|database) (?:inteir[oa]|complet[oa]|entire|whole|full)\b|\b(?:dump|export|exporte|exporta) (?:the |o |a |la |el )?(?:database|banco de dados|base de datos)\b/],
	[
		'mass action',
		/\b(?:cancel|cancele|cancela|cancelar|cancelem|delete|deletar|delete|apague|apaga|apagar|borra|borrar|borre|remove|remova|elimina|eliminar|refund|reembolse|reembolsa|estorne|estorna|approve|aprove|aprueba)\b(?: [\w-]+){0,1}? (?:all|every|todos os|todas as|todos los|todas las|todo o|todo el)\b(?: [\w-]+){0,1}? (?:orders|pedidos|customers|clientes|accounts|contas|cuentas|users|usuarios|records|registros|refunds|reembolsos|tickets|invoices|faturas|facturas|data|dados|datos)\b/,
	],
	['mass action', /\b(?:drop table|delete from|truncate table|rm -rf|sudo )\b/],
	['prompt markup', /<\|(?:im_start|im_end|system|endoftext)\|>|\[(?:system|inst|\/inst)\]|###\s*(?:system|instruction)|<\/?(?:system|sys)>/],
];

/** "DAN" is the name of a jailbreak prompt, but "dan" is also a Spanish verb: only in capitals in a message that is not all capitals, or with its usual company. */
const DAN_IN_CONTEXT = /\b(?:you are|youre|you re|voce e|vc e|eres|act as|aja como|modo|mode|como o|como el|as) dan\b/;

/** Flags prompt-injection attempts; the router answers them with a refusal or a person, never the tools. */
export function detectInjection(text: string): InjectionSignal {
	const folded = fold(text).replace(/['’]/g, '').replace(/\s+/g, ' ');
	const reasons: string[] = [];
	for (const [name, rule] of RULES) {
		const match = rule.exec(folded) ?? rule.exec(text.toLowerCase());
		if (match && !reasons.some((reason) => reason.startsWith(`${name}:`))) reasons.push(`${name}: "${match[0]}"`);
	}
	const dan = (isShouting(text) ? null : /\bDAN\b/.exec(text)) ?? DAN_IN_CONTEXT.exec(folded);
	if (dan) reasons.push(`jailbreak persona: "${dan[0]}"`);
	return { injection: reasons.length > 0, reasons };
}
