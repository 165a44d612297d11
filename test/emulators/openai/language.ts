/** Which of Portuguese, Spanish and English a text is in, and the default script's few words in each. */
export type Language = 'pt' | 'es' | 'en';

const MARKERS: Record<Language, { words: ReadonlySet<string>; letters: RegExp }> = {
	pt: {
		words: new Set(['não', 'você', 'voce', 'obrigado', 'obrigada', 'olá', 'oi', 'temos', 'tem', 'sim', 'seu', 'sua', 'meu', 'minha', 'com', 'uma', 'um', 'do', 'da', 'dos', 'das', 'no', 'na', 'em', 'é', 'são', 'quero', 'gostaria', 'vou', 'está', 'estão', 'sai', 'por', 'e', 'o', 'os', 'ao', 'também', 'até']),
		letters: /[ãõç]/g,
	},
	es: {
		words: new Set(['usted', 'tú', 'gracias', 'hola', 'tenemos', 'tiene', 'sí', 'su', 'mi', 'con', 'una', 'un', 'del', 'el', 'los', 'las', 'en', 'es', 'son', 'quiero', 'hay', 'cuesta', 'y', 'está', 'están', 'por', 'al', 'también', 'hasta', 'le', 'te']),
		letters: /[ñ¿¡]/g,
	},
	en: {
		words: new Set(['the', 'you', 'your', 'is', 'are', 'we', 'have', 'has', 'for', 'with', 'and', 'to', 'of', 'i', 'my', 'please', 'thanks', 'thank', 'hello', 'hi', 'what', 'how', 'do', 'does', 'can', 'it', 'in', 'on', 'will']),
		letters: /(?!)/g,
	},
};

const LANGUAGE_NAMES: Record<string, Language> = { portuguese: 'pt', spanish: 'es', english: 'en' };

/** Counts each language's marker words and letters; a tie goes to Portuguese, the product's default. */
export function languageOf(text: string): Language {
	const lower = text.toLowerCase();
	const words = lower.match(/\p{L}+/gu) ?? [];
	let best: { language: Language; score: number } = { language: 'pt', score: 0 };
	for (const language of ['pt', 'es', 'en'] as const) {
		const markers = MARKERS[language];
		const score = words.filter((word) => markers.words.has(word)).length + (lower.match(markers.letters)?.length ?? 0) * 2;
		if (score > best.score) best = { language, score };
	}
	return best.language;
}

/** The language an instruction such as "Answer in Brazilian Portuguese." asks for, if any. */
export function requestedLanguage(instructions: string): Language | null {
	const named = /\banswer in (?:brazilian |european |latin american )?(portuguese|spanish|english)\b/i.exec(instructions)?.[1];
	return named ? LANGUAGE_NAMES[named.toLowerCase()] : null;
}

export interface Words {
	/** Put before a grounded draft; it states no fact of its own. */
	opener: string;
	/** Introduces a quoted tool result. */
	found: string;
	/** The reply when there is nothing to look up. */
	generic: string;
}

export const WORDS: Record<Language, Words> = {
	pt: { opener: 'Claro!', found: 'Aqui está o que encontrei:', generic: 'Obrigado pela mensagem! Como posso ajudar?' },
	es: { opener: '¡Claro!', found: 'Esto es lo que encontré:', generic: '¡Gracias por tu mensaje! ¿En qué puedo ayudarte?' },
	en: { opener: 'Sure!', found: 'Here is what I found:', generic: 'Thanks for your message! How can I help?' },
};
