import { withinOneEdit } from './concepts';
import data from './data/human.json';
import { detectLanguage } from './language';
import { fold, normalizeText } from './normalize';
import { isShouting, sentimentScore } from './sentiment';
import { alternation, entries, listNamed, ruleOf, type WordLists } from './wordlists';

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
// Rules, accent-folded and after abbreviation expansion ("pfv" → "por favor", "c" → "com"), written
// over the word lists of data/human.json: each `{name}` is one of them. Every rule is anchored on
// word boundaries.

const LISTS: WordLists = data.lists;
const rx = (template: string): RegExp => ruleOf(template, LISTS);

/** Bots, automated replies, "the AI" — but not a robot vacuum or a robot lawn mower someone bought. */
const BOT = '(?:{robot}(?! {robot_appliances})|{bot})';

/** Rules for an explicit request, each with a name for `reasons`. */
const EXPLICIT_RULES: ReadonlyArray<[string, RegExp]> = [
	// "quero falar com um atendente", "talk to a real person", "hablar con alguien del área"
	['talk to a person', rx('\\b{talk}\\b(?: [\\w#]+){0,3}? {to} (?:{determiners} ){0,2}(?:[a-z]+ )?(?:{people}|{teams})\\b')],
	['talk to a person', rx('\\b{talk}(?: {directly})? {with} {him_or_her}\\b')],
	['transfer to a person', rx('\\b{move}\\b(?: me)? {move_to_him} {him_or_her_el}\\b')],
	// "quero falar com o tatuador", "can I talk to the photographer": any role after a request to talk
	['talk to a person', rx(`\\b{may_i}\\b(?: {i_subject})?(?: {to_infinitive})? {talk}(?: {directly_in_person})? {with} {article_before_role} (?!(?:${BOT}|{business})\\b)[a-z]{4,}\\b`)],
	// "que me atienda una persona", "ser atendida por uma pessoa"
	['served by a person', rx('\\b{serve_me} (?:{determiners} )?(?:{real} )?{people}\\b')],
	// "me passa pra alguém", "transfer me to customer service", "pásame con un humano"
	['transfer to a person', rx('\\b{move}\\b(?: [\\w#]+){0,3}? {move_to_person} (?:{determiners} ){0,2}(?:[a-z]+ )?{people}\\b')],
	['transfer to a team', rx('\\b(?:me {move}|{move} me|{move_me})\\b(?: [\\w#]+){0,2}? {move_to_team} (?:{determiners} ){0,2}{teams}\\b')],
	['summon a person', rx('\\b{summon} (?:{determiners} )?(?:{real} )?{people}\\b')],
	// "quero um atendente", "I need a human", "quiero al gerente"
	['asks for a person', rx('\\b{want}(?: {want_link})? (?:{determiners} )?(?:{real} )?{strong}\\b')],
	['asks for a person', rx('\\b{need} {folks}\\b')],
	// "atendente humano", "real person", "live agent", "alguém de verdade"
	['real person', rx('\\b{service_roles}s? {in_person}\\b')],
	['real person', rx('\\b{real_adjective} {real_noun}\\b')],
	['real person', rx('\\b{someone_real} {real}\\b')],
	// "tem alguém aí?", "hay alguien real ahí?", "is anyone actually working there?", "cadê os atendentes"
	['anyone there', rx('\\b{anyone}(?: [a-z]+){0,2}? {there}\\b')],
	['anyone there', rx('\\b{is_there}(?: {any})? {staff_to_find}\\b')],
	['anyone there', rx('\\b{where_are}(?: {the_plural})? {staff_missing}\\b')],
	// "não quero falar com robô", "chega de robô", "essa IA não me entende", "not a bot"
	['refuses the bot', rx(`\\b{refusal}(?: {refusal_more})?(?: {refusal_talk})?(?: {refusal_with})? (?:{determiners} )?${BOT}\\b`)],
	['refuses the bot', rx(`\\b{enough}\\b(?: [a-z]+){0,4}? (?:{determiners} )?${BOT}\\b`)],
	['refuses the bot', rx(`(?:\\b${BOT}|\\b{this} {ai})\\b(?: [a-z]+){0,3}? {cannot}\\b(?: [a-z]+){0,2}? {help_stems}[a-z]*`)],
	// "alguém pode me ligar?", "can someone call me", "prefiro resolver por telefone"
	['asks for a call', rx('\\b{caller}(?: [a-z]+){0,2}? {call_back}\\b')],
	['asks for a call', rx('\\b{call_me}(?: [a-z]+){0,2}? {someone}\\b')],
	['asks for a call', rx('\\b{prefer}\\b(?: [a-z]+){0,3}? {by_phone}\\b')],
	['asks for a call', rx('\\b{ask} {ask_to} {staff_callers}(?: [a-z]+)? (?:me )?{to_call}\\b')],
	// "alguém me atende?", "alguien que me atienda", "que me llame un asesor"
	['served by a person', rx('\\b{someone_to_serve}(?: {who})? (?:me )?{serve}\\b')],
	['served by a person', rx('\\b{contact_me} (?:{determiners} )?(?:{real} )?{people}\\b')],
	// "is there someone I can talk to", "alguém pra conversar", "alguien con quien hablar"
	['someone to talk to', rx('\\b{someone_to_talk}(?: [a-z]+){0,4}? {talk_verbs}\\b')],
	['someone to talk to', rx('\\b{with} {whom} (?:{i_subject_pt} )?{can_i} {talk_or_complain}\\b')],
	// "hay algún asesor disponible?", "any agents available?"
	['anyone there', rx('\\b{staff_available}(?: [a-z]+)? {available}\\b')],
	// "o número do gerente", "whatsapp de um atendente"
	['asks for a contact', rx('\\b{contact_of} {of} (?:{determiners} )?{person_with_contact}\\b')],
	// "ajuda humana", "suporte de verdade"
	['real person', rx('\\b{help_kinds} {personal}\\b')],
	['real person', rx('\\b{want_short} (?:{indefinite} )?{a_human} {on_the_line}\\b')],
	['escalation', rx('\\b{escalation}\\b|\\b{escalate} {case_owner} {case}\\b')],
	['asks for a call', rx('\\b{call_me_back}(?: (?:{call_me_tail}|#num|#code))*$')],
	// "pede pra alguém da equipe me retornar", "uma atendente me chamar no whats", "liga pra mim"
	['asks for a call', rx('\\b(?:{someone}|{strong})(?: [a-z]+){0,4}? me {call_me_verbs}\\b')],
	['asks for a call', rx('\\b{call_verb} {to_me} {me_object}\\b')],
	['asks for a call', rx('\\bme {call_me_by} {by_means} {phone_channel}\\b')],
	// "can a human look at my booking?"
	['asks for a person', rx('\\b{can} (?:{determiners} )?(?:{real} )?{strong}(?: [a-z]+)? {look_into}\\b')],
	// "can a human help me", "uma pessoa pode me atender?"
	['asks for a person', rx('\\b{can_short} (?:{determiners} )?(?:{real} )?{strong} (?:me )?{help_me}\\b')],
];

/** Words that may stand around a bare request: "ATENDENTE URGENTE", "humano pfv 🙏", "supervisor please". */
const FILLER = new Set([...entries(listNamed(LISTS, 'filler')), '#num', '#code']);
/** Asking for one of these is a request for a person in itself ("quero um atendente", "I need a human"). */
const BARE = new Set([...entries(listNamed(LISTS, 'strong')), ...entries(listNamed(LISTS, 'bare_plurals'))]);

/**
 * Typo-tolerant canonical forms of the words the rules hinge on: "atendnte", "falra", "quieor",
 * "tallk" still ask for a person. Only words of five letters or more are corrected, and only
 * towards this list, one edit away; the first form within reach wins, so the list keeps its order.
 */
const CANONICAL: readonly string[] = data.typo_targets.words;
/** Real words one edit away from a canonical form; they must never be "corrected". */
const NOT_TYPOS = new Set(entries(listNamed(LISTS, 'not_typos')));

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
	['consumer body', rx('\\b{authorities}\\b')],
	['consumer body', rx('\\b{consumer_bodies}\\b')],
	['lawyer', rx('\\b{lawyers}\\b')],
	['lawsuit', rx('\\b{lawsuit}\\b')],
	['lawsuit', rx('\\b{open_case}(?: {case_article})? {case_noun}\\b')],
	['lawsuit', rx('\\b{sue}\\b')],
	['lawsuit', rx('\\b{to_the} {justice}\\b')],
	['lawsuit', rx('\\b{consumer_crime}\\b|\\b{legal_claims}\\b')],
	['lawsuit', rx('\\b{claim_verbs}(?: {of_the})? {my_plural} {rights}\\b')],
	['report', rx('\\b{report_verbs} {report_whom} {report_to}\\b|\\b{chargeback}\\b')],
];
/** Acronyms that are words in other contexts: only as written in capitals. */
const LEGAL_ACRONYMS = new RegExp(`\\b${alternation(listNamed(LISTS, 'acronyms'))}\\b`);

/** Insults and abuse, on folded text; "lixo", "porca", "worst" only where they describe the company or the service. */
const ANGER_RULES: ReadonlyArray<[string, RegExp]> = [
	['insult', rx('\\b{insults}\\b')],
	// "lixo", "garbage", "basura" are also what a bin holds: only as a verdict on the company or the service
	['insult', rx('\\b{trash_lead} {trash}\\b|\\b{trash} {trash_of}\\b')],
	['insult', rx('\\b{porca_lead} {porca}\\b|\\b{worst} {worst_what}\\b|\\b{joke_lead} {a_joke}\\b|\\b{kidding_lead} {kidding}\\b|\\b{what_a_joke}\\b')],
	['insult', rx('\\b{insults_more}\\b')],
	['insult', rx('\\b{worst_adj} {worst_things}\\b')],
	['fed up', rx('\\b{fed_up}\\b')],
	['fed up', rx('\\b{waiting}(?: [a-z#]+){0,2}? {and} {nothing}\\b')],
	['never again', rx('\\b{never_again}\\b')],
	['public complaint threat', rx('\\b{going_to}(?: [a-z]+){0,2}? {expose}\\b')],
	['abuse', rx('\\b{go} {go_to} {hell}\\b|\\b{abuse_phrases}\\b')],
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
