import { fold } from './normalize';
import type { Language } from './types';

/**
 * Words that point to one language only (accent-folded), chat slang included. Words shared by
 * two of them ("que", "para", "me", "no", "a") are left out on purpose: they only add noise to
 * short messages, which are most of what customers send.
 */
const CUES: Readonly<Record<Language, ReadonlySet<string>>> = {
	pt: new Set(
		('o os um uma da dos das em na nas nos pelo pela pra pro com sem e ou ja nao sim eu ele ela voce voces vc vcs ' +
			'meu minha meus minhas seu sua tem ter tenho estou ta tava sao estao quando onde qual quais quanto quanta quantos ' +
			'muito mais ate tambem tb tbm oi ola obrigado obrigada obg pfv pf ajuda ajudar duvida aceita aceitam gostaria queria quero qro preciso posso pode ' +
			'podem fazer faz isso esse essa hoje hj amanha ainda chegou veio q oq qto msm vou sou foi agora depois alguem ' +
			'ninguem falar atendente pessoa gente quem cade ai noite bom boa entrega fica custa ' +
			'oie opa valeu tchau beleza blz perfeito tudo robo animado lindo abraco entendi qm brigado brigada')
			.split(' '),
	),
	es: new Set(
		('el la los las un una unos unas del al y con sin pero yo usted ustedes tu mi mis su sus tienen tiene hay es son estoy ' +
			'estan cuando donde cual cuales cuanto cuanta cuantos muy hasta hola gracias xfa quiero quisiera necesito puedo ' +
			'puede pueden hacer hace eso ese esa ahi hoy manana todavia llego llega pedi hablar alguien nadie persona ' +
			'buenos buenas dias tardes noches ya nunca cuesta precio tambien tmb otra quien ustedes dueno encargado ' +
			'listo perfecto adios chau luego sos eres encanta escribo primera jaja ayuda ayudar duda acepta aceptan')
			.split(' '),
	),
	en: new Set(
		('the an of in on at for to with without about and or but if not yes i you u he she we they my your ur our it this ' +
			'that is are was be does did have has had how when where which what who can could would please pls plz thanks ' +
			'thx hi hello want need get just there any some im dont got will someone talk speak order still much price ' +
			'hey good morning afternoon evening bye cheers mate great guys whats hows day weekend automated reply weather today who won game')
			.split(' '),
	),
};

/**
 * Guesses pt, es or en from cue words and letters only one of them uses (ã õ ç, ñ ¿ ¡).
 * Portuguese wins ties: it is OmniCrew's first language and the most frequent one.
 */
export function detectLanguage(text: string): Language {
	return languageEvidence(text) ?? 'pt';
}

/**
 * The language a text shows, or null when nothing in it tells ("👍", "ok", "?", an attachment):
 * the caller then keeps the conversation's language instead of guessing.
 */
export function languageEvidence(text: string): Language | null {
	const score: Record<Language, number> = { pt: 0, es: 0, en: 0 };
	if (/[ãõç]/i.test(text)) score.pt += 2;
	if (/[ñ¿¡]/i.test(text)) score.es += 2;
	for (const raw of fold(text).replace(/['’]/g, '').split(/[^\p{L}]+/u)) {
		if (!raw) continue;
		// "holaaa", "obrigadooo": stretched letters are emphasis
		const word = raw.replace(/(\p{L})\1{2,}/gu, '$1');
		for (const language of ['pt', 'es', 'en'] as const) if (CUES[language].has(word)) score[language]++;
		// -ção/-ções and -ción/-ciones are the commonest giveaways of long words
		if (/(?:cao|coes)$/.test(word)) score.pt += 0.5;
		else if (/(?:cion|ciones)$/.test(word)) score.es += 0.5;
	}
	if (score.pt === 0 && score.es === 0 && score.en === 0) return null;
	if (score.en > score.pt && score.en > score.es) return 'en';
	if (score.es > score.pt) return 'es';
	return 'pt';
}
