import { withinOneEdit } from './concepts';
import { detectLanguage } from './language';
import { fold, normalizeText } from './normalize';
import { isShouting, sentimentScore } from './sentiment';

export interface HumanSignal {
	/** The router must hand the conversation to a person: any of the three below, or an extra keyword. */
	human: boolean;
	/** The customer asks for a person (attendant, manager, owner, "someone real"…). */
	explicit: boolean;
	/** Anger or abuse: insults, shouting, strongly negative sentiment. */
	anger: boolean;
	/** Legal threats or complaints to consumer bodies (Procon, Reclame Aqui, Profeco, BBB…). */
	legal: boolean;
	/** The first trigger found, as written in the rules or in `extraKeywords`. */
	keyword: string | null;
	reasons: string[];
}

/** Below this sentimentScore a message counts as angry even without an insult from the list. */
export const ANGER_SENTIMENT = -0.6;

// ---------------------------------------------------------------------------------------------
// Vocabulary, accent-folded and after abbreviation expansion ("pfv" → "por favor", "c" → "com").
// Written as regex alternatives; every rule below is anchored on word boundaries.

/** Someone the customer can be put in touch with. */
const PEOPLE =
	'atendentes?|humanos?|humanas?|humans?|pessoas?|personas?|person|people|gente|ser humano|gerentes?|gerencia|managers?|supervisor(?:a|as|es)?|' +
	'representatives?|representantes?|reps?|agentes?|agents?|asesor(?:a|as|es)?|ejecutiv[oa]s?|operador(?:a|as|es)?|operators?|encargad[oa]s?|responsave(?:l|is)|donos?|donas?|' +
	'duen[oa]s?|owners?|proprietari[oa]s?|recepcionista|receptionist|ouvidoria|consultor(?:a|es)?|vendedor(?:a|es)?|salesperson|sales reps?|seller|' +
	'tecnicos?|technician|tech|farmaceutic[oa]|pharmacist|coordenacao|coordenador(?:a)?|coordinator|diretor(?:a)?|director(?:a)?|dra?|doutora?|doctor|' +
	'alguem|alguien|someone|somebody|anyone|anybody|chefe|jefe|boss|especialista|specialist|staff member|staff|team member|employees?|' +
	'funcionari[oa]s?|colaborador(?:a|es|as)?|emplead[oa]s?';
/** A team rather than a person: only a transfer of the customer ("me transfere pro financeiro") or a talk request counts. */
const TEAMS =
	'atendimento|atencion|recepcao|recepcion|setor|area|departamento|department|financeiro|comercial|cobranca|cobranza|billing|faturamento|' +
	'customer service|customer care|customer support|servicio al cliente|sac|suporte|soporte|support|support team|vendas|ventas|sales|' +
	'pessoal|equipe|equipo|team|administracao|administracion|administration|management|gerencia|diretoria|direccion';
/** Asking for one of these is a request for a person in itself ("quero um atendente", "I need a human"). */
const STRONG =
	'atendente|atendimento humano|atencion humana|humano|humana|human|pessoa|persona|person|ser humano|gerente|manager|supervisor|supervisora|' +
	'representative|representante|agente|agent|asesor|asesora|operador|operadora|operator|encargado|encargada|responsavel|ouvidoria|dono|dona|' +
	'dueno|duena|owner|humans|humanos|ejecutivo|ejecutiva|funcionario|funcionaria|colaborador|colaboradora|empleado|empleada|staff member|employee';
const DET =
	'(?:o|a|os|as|um|uma|el|la|los|las|un|una|the|an|your|some|any|seu|sua|algum|alguma|algun|alguna|al|ao|aos|meu|minha|my|mi|esse|essa|este|esta|this|that)';
/** "real", "de verdade", "live": what turns "someone" or "a person" into an unmistakable request. */
const REAL = '(?:real|reais|de verdade|de verdad|verdadeir[oa]|de carne e osso|de carne y hueso|viv[oa]|mesmo|live|actual|human|humano|humana)';
/** Bots, automated replies, "the AI" — but not a robot vacuum or a robot lawn mower someone bought. */
const BOT =
	'(?:(?:robo|robos|robot|robots)(?! (?:aspirador|aspiradora|vacuum|cortador|de limpeza|de cozinha|de cocina|mower|cleaner|lavador|lavadora))|bot|bots|maquina|maquinas|machine|chatbot|assistente virtual|asistente virtual|virtual assistant|' +
	'mensage(?:m|ns) automatic[ao]s?|respuestas? automaticas?|automated (?:replies|messages|responses)|automatic (?:replies|messages)|resposta automatica)';

const TALK =
	'falar|fala|falo|falando|conversar|converso|conversando|combinar|acertar|hablando|talking|speaking|tratar|trato|resolver|resolvo|negociar|negocio|reclamacao|reclamar|queja|hablar|hablo|platicar|talk|speak|chat|deal|' +
	'discuss|atendid[oa] por|ser atendid[oa] por|comunicarme|contato|contatar|contactar|contacto|contact|atendimento|atencion';
const TO = '(?:com|con|with|to|comigo|conmigo|por)';
const MOVE =
	'passa|passe|passar|passem|passam|transfere|transfira|transferir|transfiram|transferencia|encaminha|encaminhe|encaminhar|encaminhem|encaminhad[oa]|' +
	'coloca|coloque|colocar|pasame|paseme|pasenme|pasen|pasar|transfiere|transfieres|transfieran|transfieranme|transfierame|comunicame|comuniquenme|' +
	'comuniqueme|comunicar|comunica|comuniquen|comunicas|conectame|conecteme|conecta|connect|transfer|escalate|forward|redirect|direcionar|direciona|' +
	'direcione|direcionem|dirija|dirijam|me pasan|me pasas|me pasa|connected|conectad[oa]|transferid[oa]|transferred|put me through|put me on|hand me over|hand me off|hand over|hand off|poe em contato|ponha em contato|coloca em contato|coloque em contato|por em contato';
const SUMMON = 'get me|give me|bring me|find me|let me talk to|let me speak to|let me speak with|chama|chame|chamem|chamar|llama|llame|llamen|llamar a|llamar al|traiga|traigan|quero o|quiero al|quiero a';
const WANT = 'quero|consigo|queria|preciso|gostaria|prefiro|exijo|desejo|quiero|quisiera|necesito|prefiero|exijo|deseo|want|need|wanna|prefer|would like|id like|demand|request|get';

const rx = (source: string): RegExp => new RegExp(source);

/** Rules for an explicit request, each with a name for `reasons`. */
const EXPLICIT_RULES: ReadonlyArray<[string, RegExp]> = [
	// "quero falar com um atendente", "talk to a real person", "hablar con alguien del área"
	['talk to a person', rx(`\\b(?:${TALK})\\b(?: [\\w#]+){0,3}? ${TO} (?:${DET} ){0,2}(?:[a-z]+ )?(?:${PEOPLE}|${TEAMS})\\b`)],
	['talk to a person', rx(`\\b(?:${TALK})(?: direto| diretamente| directamente| directly)? (?:com|con|to|with) (?:ele|ela|him|her)\\b`)],
	['transfer to a person', rx(`\\b(?:${MOVE})\\b(?: me)? (?:para|pra|pro|com|con|to|a) (?:ele|ela|el|him|her)\\b`)],
	// "quero falar com o tatuador", "can I talk to the photographer": any role after a request to talk
	[
		'talk to a person',
		rx(
			`\\b(?:quero|queria|preciso|gostaria|posso|consigo|pode|podemos|da pra|tem como|deixa eu|exijo|prefiro|so fecho|quiero|quisiera|puedo|podria|necesito|se puede|exijo|prefiero|want|wanna|need|can i|could i|may i|id like|would like|let me|prefer)\\b(?: eu| yo| i)?(?: to)? (?:${TALK})(?: direto| diretamente| directamente| directly| pessoalmente| personalmente| in person)? (?:com|con|with|to) (?:o|a|um|uma|el|la|un|una|the|your|seu|sua) (?!(?:${BOT}|loja|tienda|store|shop|empresa|company|banco|bank)\\b)[a-z]{4,}\\b`,
		),
	],
	// "que me atienda una persona", "ser atendida por uma pessoa"
	['served by a person', rx(`\\b(?:me atenda|me atendam|me atienda|me atiendan|atenderme|atendid[oa] por|atender por) (?:${DET} )?(?:${REAL} )?(?:${PEOPLE})\\b`)],
	// "me passa pra alguém", "transfer me to customer service", "pásame con un humano"
	['transfer to a person', rx(`\\b(?:${MOVE})\\b(?: [\\w#]+){0,3}? (?:para|pra|pro|com|con|to|with|a|al|ao|through to) (?:${DET} ){0,2}(?:[a-z]+ )?(?:${PEOPLE})\\b`)],
	['transfer to a team', rx(`\\b(?:me (?:${MOVE})|(?:${MOVE}) me|pasame|paseme|pasenme|transfieranme|comuniquenme|comunicame|conectame)\\b(?: [\\w#]+){0,2}? (?:para|pra|pro|com|con|to|with|a|al|ao) (?:${DET} ){0,2}(?:${TEAMS})\\b`)],
	['summon a person', rx(`\\b(?:${SUMMON}) (?:${DET} )?(?:${REAL} )?(?:${PEOPLE})\\b`)],
	// "quero um atendente", "I need a human", "quiero al gerente"
	['asks for a person', rx(`\\b(?:${WANT})(?: de| que| to| a| al| ao| talk to| speak to| speak with)? (?:${DET} )?(?:${REAL} )?(?:${STRONG})\\b`)],
	['asks for a person', /\b(?:quero|queria|preciso de|quiero|necesito) gente\b/],
	// "atendente humano", "real person", "live agent", "alguém de verdade"
	['real person', rx(`\\b(?:atendentes?|atendimento|atencion|atendimiento|vendedor(?:a)?|consultor(?:a)?|tecnico|asesor(?:a)?|agentes?|agents?|representative|operador(?:a)?|operator|suporte|support|servicio|service)s? (?:humano|humana|human|real|de verdade|de verdad|vivo|de carne e osso)\\b`)],
	['real person', /\b(?:human|humano|real|live|actual) (?:agent|agente|atendente|person|persona|pessoa|representative|rep|operator|being|one|people|human)\b/],
	['real person', rx(`\\b(?:pessoa|persona|person|gente|alguem|alguien|someone|somebody|humano|human|ser humano) ${REAL}\\b`)],
	// "tem alguém aí?", "hay alguien real ahí?", "is anyone actually working there?", "cadê os atendentes"
	['anyone there', /\b(?:alguem|alguien|anyone|someone|somebody|anybody)(?: [a-z]+){0,2}? (?:ai|ahi|alli|aqui|there|here|vivo|viva|alive|real|de verdade|de verdad|actually|trabalhando|trabajando|working|atendendo|atendiendo|online)\b/],
	['anyone there', /\b(?:tem|ha|existe|hay|is there|are there|do you have|voces tem|voce tem|tienen)(?: (?:algum|alguma|algun|alguna|any|some|a|an|um|uma|un|una|aqui|ai|ahi))? (?:atendentes?|atendimento humano|atencion humana|ser humano|humanos?|humans?|pessoa real|real person|persona real)\b/],
	['anyone there', /\b(?:cade|donde estan|where are)(?: (?:o|a|os|as|los|las|the|your))? (?:atendentes?|gerentes?|humanos?|pessoas?|responsave(?:l|is)|alguem|encargad[oa]s?|agents?|people)\b/],
	// "não quero falar com robô", "chega de robô", "essa IA não me entende", "not a bot"
	['refuses the bot', rx(`\\b(?:nao|no|not|dont|do not|sem|sin|without)(?: more| mais| mas| quero| quiero| want| gosto de| gusta| like| aguento| aguanto)?(?: falar| hablar| talk| speak| chat| conversar)?(?: com| con| with| to)? (?:${DET} )?${BOT}\\b`)],
	['refuses the bot', rx(`\\b(?:chega|cansei|cansad[oa]|basta|ya basta|enough|stop|para|pare|parem|deja|dejen|tired|sick|odeio|odio|hate|sai|saia|fuera)\\b(?: [a-z]+){0,4}? (?:${DET} )?${BOT}\\b`)],
	['refuses the bot', rx(`(?:\\b${BOT}|\\b(?:essa|esta|this|the|esse) (?:ia|ai))\\b(?: [a-z]+){0,3}? (?:nao|no|doesnt|does not|dont|cant|can not|not|never|nunca)\\b(?: [a-z]+){0,2}? (?:entend|resolv|ajud|understand|help|sirve|entiend|resuelv|ayud)[a-z]*`)],
	// "alguém pode me ligar?", "can someone call me", "prefiro resolver por telefone"
	['asks for a call', /\b(?:alguem|alguien|someone|somebody|uma pessoa|una persona|a person|gerente|manager|supervisor|responsavel|encargado)(?: [a-z]+){0,2}? (?:ligar|liga|ligue|ligando|llamar|llame|llamen|llamarme|call me|call back|give me a call|ring me|retornar|retorne|get back to me|contact me|contactarme)\b/],
	['asks for a call', /\b(?:me liga|me ligue|me liguem|me llamen|me llamas|llamame|llamenme|call me)(?: [a-z]+){0,2}? (?:alguem|alguien|someone|somebody)\b/],
	['asks for a call', /\b(?:prefiro|prefiero|rather|prefer)\b(?: [a-z]+){0,3}? (?:telefone|telefono|phone|ligacao|llamada|call)\b/],
	['asks for a call', /\bpedir (?:para|pro|para o|para a) (?:tecnico|gerente|responsavel|vendedor|dono|dona)(?: [a-z]+)? (?:me )?(?:ligar|ligue|llamar)\b/],
	// "alguém me atende?", "alguien que me atienda", "que me llame un asesor"
	['served by a person', /\b(?:alguem|alguien|someone|somebody|anyone|uma pessoa|una persona|a person|a human|um humano|un humano)(?: que| who| q)? (?:me )?(?:atenda|atende|atender|atendam|atienda|atiende|atiendan|responda|responde|responder|conteste|contesta|answer|answers|attend)\b/],
	['served by a person', rx(`\\b(?:me contate|me contatem|me contacte|me contacten|me llame|me llamen|me ligue|me liguem|me atende|me atendem|me atiende|me atienden) (?:${DET} )?(?:${REAL} )?(?:${PEOPLE})\\b`)],
	// "is there someone I can talk to", "alguém pra conversar", "alguien con quien hablar"
	['someone to talk to', /\b(?:alguem|alguien|someone|somebody|anyone|anybody|uma pessoa|una persona|a person|a human|um humano|un humano)(?: [a-z]+){0,4}? (?:falar|hablar|talk|speak|conversar|platicar|chat)\b/],
	['someone to talk to', /\b(?:com|con|with|to) (?:quem|quien|whom|who) (?:eu )?(?:posso|puedo|devo|debo|can i|should i|do i) (?:falar|hablar|talk|speak|reclamar|quejarme|complain)\b/],
	// "hay algún asesor disponible?", "any agents available?"
	['anyone there', /\b(?:atendentes?|asesor(?:es)?|agentes?|agents?|operador(?:es)?|operators?|representantes?|representatives?|humanos?|humans?|gerente|manager|supervisor|funcionari[oa]s?|colaborador(?:a|es|as)?|emplead[oa]s?|employees?|staff|person|pessoa|persona|alguem|alguien|someone|anyone)(?: [a-z]+)? (?:disponive(?:l|is)|disponibles?|available|online|en linea|on line|around)\b/],
	// "o número do gerente", "whatsapp de um atendente"
	['asks for a contact', rx(`\\b(?:numero|telefone|telefono|whatsapp|contato|contacto|contact|email|phone number|number) (?:d[oa]|de|del|of|for) (?:${DET} )?(?:atendente|atendentes|gerente|manager|supervisor|supervisora|responsavel|encargado|dono|dona|dueno|owner|humano|human|pessoa|persona|person|representative|representante|asesor|vendedor|vendedora)\\b`)],
	// "ajuda humana", "suporte de verdade"
	['real person', /\b(?:ajuda|ayuda|help|contato|contacto|contact|suporte|soporte|support|atencao|atencion|attention) (?:humana|humano|human|real|de verdade|de verdad|personal|pessoal|personalizad[oa]|personalized)\b/],
	['real person', /\b(?:get|want|need|quero|quiero|preciso|necesito) (?:a |an |um |uma |un |una )?(?:human|humano|humana|real person|pessoa real|persona real) (?:on the line|na linha|en linea|on the phone|no telefone)\b/],
	['escalation', /\bescalat(?:e|ion|ing)\b|\bescalar (?:o|el|meu|mi) (?:caso|chamado|ticket|atendimento)\b/],
	['asks for a call', /\b(?:me liga|me ligue|me liguem|me llamen|llamame|llamenme|call me|call me back|give me a call|ring me|me retornem|me retorne|retornem a ligacao|devolver la llamada)(?: (?:por favor|please|urgente|urgent|asap|agora|now|ya|hoje|today|#num|#code|no|on|at|en|al))*$/],
	// "pede pra alguém da equipe me retornar", "uma atendente me chamar no whats", "liga pra mim"
	['asks for a call', rx(`\\b(?:alguem|alguien|someone|somebody|${STRONG})(?: [a-z]+){0,4}? me (?:ligar|ligue|liga|retornar|retorne|chamar|chame|llamar|llame|contactar|contatar|contate|responder|responda|responde|call|contact)\\b`)],
	['asks for a call', /\b(?:liga|ligue|liguem|llama|llame|llamen|call) (?:pra|para|a) (?:mim|mi)\b/],
	['asks for a call', /\bme (?:ligar|ligue|liguem|retornar|retorne|retornem|chamar|chame|chamem|llamar|llame|llamen|contactar|contacte|contatar|contate) (?:por|pelo|no|na|via|en|al|by) (?:ligacao|telefone|whats|whatsapp|zap|llamada|telefono|phone|celular)\b/],
	// "can a human look at my booking?"
	['asks for a person', rx(`\\b(?:can|could|pode|podem|puede|pueden|consegue) (?:${DET} )?(?:${REAL} )?(?:${STRONG})(?: [a-z]+)? (?:help|look|check|see|review|handle|ajudar|ver|olhar|verificar|revisar|resolver|atender|assist|ayudar|revise|mirar)\\b`)],
	// "can a human help me", "uma pessoa pode me atender?"
	['asks for a person', rx(`\\b(?:can|could|pode|podem|puede|pueden) (?:${DET} )?(?:${REAL} )?(?:${STRONG}) (?:me )?(?:help|ajudar|ayudar|atender|atenderme|assist)\\b`)],
];

/** Words that may stand around a bare request: "ATENDENTE URGENTE", "humano pfv 🙏", "supervisor please". */
const FILLER = new Set(
	('por favor please urgente urgent urgencia agora ja ya now asap oi ola hola hi hello hey alo quero quiero want i need preciso necesito um uma un una a an the o el la ' +
		'com con with falar hablar talk to speak opcao opcion option #num #code me pf ai aqui obrigado obrigada gracias thanks ok so just de do da real reais verdade ' +
		'verdad vivo viva live actual mesmo some one ser being alguem alguien someone human humano humana humanos pessoa persona person').split(' '),
);
const BARE = new Set(STRONG.split('|').concat(['atendentes', 'humanos', 'supervisores', 'representatives', 'agents', 'asesores', 'operators', 'rep']));

/**
 * Typo-tolerant canonical forms of the words the rules hinge on: "atendnte", "falra", "quieor",
 * "tallk" still ask for a person. Only words of five letters or more are corrected, and only
 * towards this list, one edit away.
 */
const CANONICAL = [
	'atendente', 'atendentes', 'atendimento', 'humano', 'human', 'gerente', 'manager', 'supervisor', 'supervisora', 'pessoa', 'persona', 'person',
	'representative', 'operador', 'encargado', 'responsavel', 'alguem', 'alguien', 'someone', 'gente', 'dono', 'dueno', 'owner', 'agent', 'agente',
	'asesor', 'falar', 'falando', 'hablar', 'talk', 'speak', 'conversar', 'quero', 'queria', 'quiero', 'preciso', 'necesito', 'atienda', 'atenda',
	'transfere', 'transfiere', 'passa', 'chama', 'advogado', 'abogado', 'lawyer', 'processar', 'denunciar', 'procon', 'profeco',
];
/** Real words one edit away from a canonical form; they must never be "corrected". */
const NOT_TYPOS = new Set([
	'pessoal', 'personal', 'personas', 'pessoas', 'persons', 'atender', 'atendem', 'atendeu', 'atendemos', 'atendimentos', 'humanos', 'humana', 'humans',
	'gerentes', 'encargada', 'encargados', 'operadora', 'operadores', 'processo', 'processos', 'denuncia', 'falta', 'faltam', 'falou', 'falam',
	'walk', 'tall', 'talks', 'speaks', 'owned', 'owners', 'agents', 'agentes', 'quer', 'queira', 'quiera', 'quieto', 'queijo', 'agenda', 'agende',
	'passe', 'passo', 'passar', 'massa', 'chamo', 'chame', 'cama', 'fala', 'falas', 'falei', 'hablan', 'hablas', 'hablo', 'donos', 'dona', 'dano',
	'danos', 'done', 'gentes', 'alguna', 'alguno', 'algum', 'alguma', 'atiende', 'atende', 'precisa', 'precise', 'precisei', 'chamar', 'chamam',
	'chamou', 'chamem', 'transferir', 'transfira', 'transfiera', 'quiere', 'quieren', 'speaker', 'talked', 'talker', 'humana', 'procons',
]);

function canonicalWords(text: string): string[] {
	return normalizeText(text, detectLanguage(text)).words.map((word) => {
		if (word.length < 5 || NOT_TYPOS.has(word) || CANONICAL.includes(word)) return word;
		return CANONICAL.find((canonical) => withinOneEdit(word, canonical)) ?? word;
	});
}

/** Legal action and consumer bodies of Brazil, Latin America and the US. Matched on folded text. */
const LEGAL_RULES: ReadonlyArray<[string, RegExp]> = [
	['procon', /\bprocon\b/],
	['reclame aqui', /\breclame ?aqui\b/],
	['consumidor.gov', /\bconsumidor\s?\.?\s?gov\b/],
	['consumer body', /\b(?:anatel|anvisa|aneel|anac|bacen|banco central|vigilancia sanitaria|defensoria|ministerio publico|delegacia|boletim de ocorrencia|policia|police)\b/],
	['consumer body', /\b(?:profeco|sernac|indecopi|condusef|superintendencia de industria|defensa del consumidor|better business bureau|attorney general|consumer protection|small claims)\b/],
	['lawyer', /\b(?:advogad[oa]s?|abogad[oa]s?|lawyers?|attorneys?|juridico)\b/],
	['lawsuit', /\b(?:processar|processo judicial|acao judicial|medidas judiciais|medidas legais|judicialmente|juizado|pequenas causas|tribunal|lawsuit|sue|suing|sued|legal action|demanda judicial|acciones legales|medidas legales|see you in court|take you to court)\b/],
	['lawsuit', /\b(?:abrir|abrindo|abro|entrar com|entrando com|entro com|entro na justica com|mover|movendo)(?: um)? processo\b/],
	['lawsuit', /\b(?:demandar|demando|demandarlos|demandarlas|demandarles|demandaremos|demandare|los demando|denunciar|denunciarlos|denunciarlas|denunciare|denuncia formal|vou denunciar|voy a denunciar)\b/],
	['lawsuit', /\b(?:na|a|pela|para a|en la|la) (?:justica|justicia)\b/],
	['lawsuit', /\bcrime contra o consumidor\b|\b(?:danos morais|indenizacao|indemnizacion|medidas cabiveis|providencias legais|processa l[oa]s|senacon|idec|odecu|procuraduria)\b/],
	['lawsuit', /\b(?:atras|buscar|correr atras|fazer valer|hacer valer|defender|lutar pelos)(?: dos| de| los)? (?:meus|mis|my) (?:direitos|derechos|rights)\b/],
	['report', /\b(?:report|reporting|reported) (?:you|this|them|your company|the company) to\b|\b(?:chargeback|dispute the charge|dispute this charge|contestar (?:a|la) (?:compra|cobranca|cobro) (?:no|con el|with) (?:cartao|banco|tarjeta))\b/],
];
/** Acronyms that are words in other contexts: only as written in capitals. */
const LEGAL_ACRONYMS = /\b(?:BBB|FTC|SIC|CRO|CRM|OAB|JEC|PROCON|PROFECO|SERNAC)\b/;

/** Insults and abuse, on folded text; "lixo", "porca", "worst" only where they describe the company or the service. */
const ANGER_RULES: ReadonlyArray<[string, RegExp]> = [
	['insult', /\b(?:incompetent(?:e|es)?|ladr(?:ao|oes|on|ones)|thie(?:f|ves)|golpistas?|scam(?:mers?)?|estafa(?:dores)?|fraude|fraud|palhacada|palhacos|sacanagem|vergonha|vergonhos[oa]|verguenza|disgrace(?:ful)?|absurd[oa]?|ridicul[oa]|ridiculous|desrespeito|descaso|falta de respeit[oa]|idiotas?|idiots?|imbecil(?:es)?|otarios?|babacas?|merda|mierda|shit|bullshit|crap|porra|caralho|fdp|wtf|porcaria|porqueria|useless|inut(?:il|eis|iles)|pathetic|patetic[oa]|unbelievable|inacreditavel|indignad[oa]|revoltad[oa]|furios[oa]|furious|puto|puta|amadores|bando de)\b/],
	// "lixo", "garbage", "basura" are also what a bin holds: only as a verdict on the company or the service
	['insult', /\b(?:que|e|um|uma|servico|atendimento|empresa|loja|produto|isso|this|es|esto|ese|absolute|total|complete|pure|such|what|servicio|tienda|una|un|is|are|its) (?:lixo|garbage|trash|basura)\b|\b(?:lixo|basura|garbage|trash) (?:de|company|service|store|empresa|servicio|atendimento|servico|loja|tienda)\b/],
	['insult', /\b(?:empresa|loja|que) porca\b|\bworst (?:service|company|store|experience|customer|support|ever)\b|\b(?:this is|what) a joke\b|\b(?:ta|esta|estao|tao) de brincadeira\b|\bque piada\b/],
	['insult', /\b(?:safad[oa]s|picaretas?|canalhas?|enganacao|enrolacao|me enrolando|inadmissivel|inaceitavel|revoltante|bosta|cacete|pqp|vsf|vtnc|foda|fodase|rateros?|sinverguenzas?|inaceptable|indignante|carajo|pendejos?|chingad[oa]|pinches?|unacceptable|outrageous|disgusting|rip ?off|ripped off|crooks?|morons?|bunch of clowns|pissed|livid|damn|me roubaram|roubaram|me robaron|esto es un robo)\b/],
	['insult', /\b(?:pior|peor|worst) (?:atendimento|empresa|loja|servico|experiencia|servicio|atencion|tienda|compra|service|company|store|experience)\b/],
	['fed up', /\b(?:harta|harto|fed up|sick of|tired of|sick and tired|ya no aguanto|nao aguento mais|no aguanto mas|cansei de esperar|saco cheio|ya me canse|hasta la madre)\b/],
	['fed up', /\b(?:esperando|waiting|aguardando)(?: [a-z#]+){0,2}? (?:e|y|and) (?:nada|nothing|ninguem|nadie)\b/],
	['never again', /\b(?:nunca mais compro|nunca mas compro|never (?:buying|ordering|shopping) (?:here |from you )?again)\b/],
	['public complaint threat', /\b(?:vou|vamos|voy a|i will|ill|im going to)(?: [a-z]+){0,2}? (?:expor|espalhar|exponer|expose)\b/],
	['abuse', /\b(?:vai|vao|va|vete|vayan|go) (?:a|a la|pra|para|to) (?:merda|mierda|hell)\b|\bvai tomar\b|\bf+u+c+k+\w*\b/],
];

function findExtraKeyword(folded: string, extraKeywords: readonly string[]): string | null {
	for (const keyword of extraKeywords) {
		const needle = fold(keyword).trim();
		if (!needle) continue;
		const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
		if (new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(folded)) return keyword;
	}
	return null;
}

/**
 * High-precision rules for "this needs a person": explicit requests, anger or abuse, legal or
 * consumer-body threats, and the tenant's own keywords. The router applies them before the
 * classifier and they always win. Precision matters more than recall here — a false positive
 * takes a routine question away from the agents that could answer it — so every rule needs a
 * request structure or an unambiguous word, never "pessoa" or "humano" alone in a sentence.
 */
export function detectHumanSignals(text: string, extraKeywords: readonly string[] = []): HumanSignal {
	const reasons: string[] = [];
	let keyword: string | null = null;
	const note = (reason: string, trigger: string) => {
		reasons.push(reason);
		keyword ??= trigger;
	};

	const folded = fold(text);
	const words = canonicalWords(text);
	const joined = words.join(' ');

	let explicit = false;
	for (const [name, rule] of EXPLICIT_RULES) {
		const match = rule.exec(joined);
		if (match) {
			explicit = true;
			note(`explicit: ${name} ("${match[0]}")`, match[0]);
			break;
		}
	}
	const content = words.filter((word) => !FILLER.has(word));
	if (!explicit && words.some((word) => BARE.has(word)) && words.length <= 6 && content.every((word) => BARE.has(word))) {
		explicit = true;
		note(`explicit: bare request ("${joined}")`, words.find((word) => BARE.has(word)) ?? joined);
	}

	let legal = false;
	for (const [name, rule] of LEGAL_RULES) {
		const match = rule.exec(joined) ?? rule.exec(folded);
		if (match) {
			legal = true;
			note(`legal: ${name} ("${match[0]}")`, match[0]);
			break;
		}
	}
	const acronym = LEGAL_ACRONYMS.exec(text);
	if (!legal && acronym) {
		legal = true;
		note(`legal: consumer body ("${acronym[0]}")`, acronym[0]);
	}

	let anger = false;
	for (const [name, rule] of ANGER_RULES) {
		const match = rule.exec(joined);
		if (match) {
			anger = true;
			note(`anger: ${name} ("${match[0]}")`, match[0]);
			break;
		}
	}
	const sentiment = sentimentScore(text);
	if (!anger && sentiment <= ANGER_SENTIMENT) {
		anger = true;
		note(`anger: sentiment ${sentiment.toFixed(2)}`, 'sentiment');
	}
	// caps and "!!!" together are shouting; a cheerful "QUERO!!!" has a positive score and stays out
	if (!anger && isShouting(text) && /!{3,}/.test(text) && sentiment < 0) {
		anger = true;
		note('anger: shouting with !!!', 'shouting');
	}

	const extra = findExtraKeyword(folded, extraKeywords);
	if (extra !== null) note(`keyword: "${extra}"`, extra);

	return { human: explicit || anger || legal || extra !== null, explicit, anger, legal, keyword, reasons };
}
