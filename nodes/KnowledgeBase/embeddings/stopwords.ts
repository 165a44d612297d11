/** Words too common to tell documents apart, in the languages OmniCrew's customers write. Accent-folded. */
export const STOP_WORDS: Record<'pt' | 'es' | 'en', ReadonlySet<string>> = {
	pt: new Set(
		'a o as os um uma uns umas de do da dos das em no na nos nas por pelo pela pelos pelas para pra pro com sem sob sobre e ou mas que se ja nao sim eu tu ele ela nos vos eles elas me te lhe isso isto esse essa este esta aquele aquela meu minha seu sua voces voce vc vcs tem ter ha foi ser sao esta estao estou como quando onde qual quais quanto quanta muito mais menos ate tambem so oi ola bom boa dia tarde noite obrigado obrigada favor pfv pf gostaria queria quero saber'.split(' '),
	),
	es: new Set(
		'el la los las un una unos unas de del al en por para con sin sobre y o pero que se ya no si yo tu usted ustedes el ella nosotros ellos me te le lo esto eso este esta como cuando donde cual cuanto muy mas menos tambien solo hola buenos buenas dias tardes noches gracias favor quiero quisiera saber tienen tiene hay es son esta estan'.split(' '),
	),
	en: new Set(
		'a an the of in on at for to with without about and or but that if not yes i you he she we they me my your our their it this these those is are was were be been being do does did have has had how when where which what who much many more less also only hi hello good morning afternoon evening thanks thank please want would like know can could'.split(' '),
	),
};
