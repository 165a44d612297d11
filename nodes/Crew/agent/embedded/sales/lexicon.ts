/**
 * Everyday product words in Portuguese, Spanish and English, grouped by meaning, so a customer
 * who writes "silla de oficina negra" finds "Office Chair Black" and "folding bike" finds
 * "Bicicleta Dobrável". Attribute groups (colour, size, material, side, number, adjective) only
 * qualify a product: a customer who names an attribute alone is pointing back at a product of the
 * conversation ("e a preta?"), and an attribute never makes a match on its own.
 *
 * Tenants add their own words through `synonyms`; this list is the shared base, not one shop's.
 */
import { fold, stems } from './words';

export type WordClass = 'noun' | 'colour' | 'size' | 'material' | 'side' | 'number' | 'adjective';

export type Lang3 = 'pt' | 'es' | 'en';

/** class | pt | es | en; words separated by commas, singular, any accents. */
const GROUPS = `
colour|preto,preta|negro,negra|black
colour|branco,branca|blanco,blanca|white
colour|vermelho,vermelha|rojo,roja|red
colour|azul|azul|blue
colour|verde|verde|green
colour|amarelo,amarela|amarillo,amarilla|yellow
colour|rosa,rosado,rosada|rosa,rosado,rosada|pink
colour|cinza,grafite|gris|gray,grey
colour|creme,bege|crema,beige|cream,beige
colour|laranja|naranja|orange
colour|roxo,roxa,lilas|morado,morada,violeta|purple
colour|marrom|marron,cafe|brown
colour|prata,prateado|plata,plateado|silver
colour|dourado,dourada|dorado,dorada|gold,golden
colour|transparente|transparente|clear,transparent
size|p,pp,pequeno,pequena|s,chico,chica,pequeno,pequena|s,small
size|m,medio,media|m,mediano,mediana|m,medium
size|g,grande|g,l,grande|l,large,big
size|gg,xg|xl,xg|xl
adjective|mini,compacto,compacta|mini,compacto,compacta|mini,compact
material|aco,inox|acero|steel
material|aluminio|aluminio|aluminium,aluminum
material|madeira|madera|wood,wooden
material|plastico|plastico|plastic
material|vidro|vidrio|glass
material|couro|cuero|leather
material|tecido|tela|fabric
material|metal,metalico|metal,metalico|metal
side|esquerdo,esquerda|izquierdo,izquierda|left
side|direito,direita|derecho,derecha|right
side|dianteiro,dianteira,frontal|delantero,delantera,frontal|front
side|traseiro,traseira|trasero,trasera|rear,back
number|um,uma|uno,una|one
number|dois,duas|dos|two
number|tres|tres|three
number|quatro|cuatro|four
number|cinco|cinco|five
number|seis|seis|six
number|sete|siete|seven
number|oito|ocho|eight
number|dez|diez|ten
adjective|novo,nova|nuevo,nueva|new
adjective|alto,alta|alto,alta|tall,high
adjective|baixo,baixa|bajo,baja|low
adjective|longo,longa,comprido|largo,larga|long
adjective|curto,curta|corto,corta|short
noun|cadeira|silla|chair
noun|poltrona|sillon|armchair
noun|mesa|mesa|table,desk
noun|escrivaninha,escritorio|escritorio|desk
noun|escritorio|oficina|office
noun|sofa|sofa|sofa,couch
noun|armario,gabinete|armario,gabinete|cabinet,cupboard,closet,wardrobe
noun|gaveta,gaveteiro|cajon,cajonera|drawer
noun|estante,prateleira|estante,repisa|shelf,bookcase
noun|porta|puerta|door
noun|lugar,assento|plaza,asiento|seat
noun|pessoa|persona|person,people
noun|canto|esquina,esquinero,esquinera|corner
noun|reuniao|reunion|meeting
noun|conferencia|conferencia|conference
noun|caixa|caja|box
noun|cabo|cable|cable,cord
noun|organizador,organizadora,organizacao,gerenciamento,gestao|organizador,organizadora,organizacion,gestion|organizer,management
noun|armazenamento,arquivo|almacenamiento,archivo|storage
noun|lixeira,lixo,cesto|papelera,basura,cesto,tacho|bin,trash,garbage,wastebasket
noun|tela,monitor|pantalla,monitor|screen,monitor,display
noun|acustico,acustica|acustico,acustica|acoustic
noun|painel,bloco|panel,bloque|panel,bloc,block
noun|luminaria,abajur,lampada|lampara|lamp
noun|suporte,base|soporte,base|stand,mount,holder,support
noun|personalizavel,personalizado,personalizada|personalizable,personalizado,personalizada|customizable,custom
noun|estacao,posto|estacion,puesto|workplace,workstation,station
noun|combinacao,conjunto|combinacion,conjunto|combination,set
noun|quadro,lousa|pizarra,pizarron|whiteboard,board,flipchart
noun|protetor,protecao|protector,proteccion|protection,protector,guard
noun|piso,chao|piso,suelo|floor
noun|perna,pe|pata,pie|leg,foot
noun|design,projeto|diseno|design
noun|interior,interiores|interior,interiores|interior
noun|casa|casa|home,house
noun|hora|hora|hour
noun|bicicleta,bike,bici,magrela|bicicleta,bici,bike|bicycle,bike,cycle
noun|capacete|casco|helmet
noun|cadeado,trava|candado|lock,padlock
noun|luva|guante|glove
noun|bermuda,short|calza,short,pantaloneta|shorts,short
noun|forro,acolchoado,espuma|badana,acolchado|padded,padding,chamois
noun|camara|camara|tube
noun|ar|aire|air
noun|pneu|neumatico,cubierta,llanta|tire,tyre
noun|aro,roda|rodado,rin,rueda|rim,wheel
noun|corrente|cadena|chain
noun|pastilha|pastilla|pad
noun|freio|freno|brake
noun|disco|disco|disc,disk
noun|farol,farolete|farol,faro|headlight,headlamp,light
noun|lanterna,luz|luz,linterna,luce|light,taillight
noun|bomba|bomba,inflador|pump
noun|manometro|manometro|gauge,manometer
noun|portatil|portatil|portable
noun|parede|pared|wall
noun|garrafa,squeeze,caramanhola|botella,caramanola,anfora|bottle
noun|termica,termico|termica,termico|thermal,insulated
noun|selim,banco|sillin,asiento|saddle,seat
noun|oleo,lubrificante|aceite,lubricante|oil,lube,lubricant
noun|remendo|parche|patch
noun|infantil,crianca,menino,menina|infantil,nino,nina|kid,child,children
noun|dobravel|plegable|folding,foldable
noun|eletrica,eletrico|electrica,electrico|electric
noun|urbana,urbano|urbana,urbano,paseo|urban,city
noun|trilha,mtb,montanha|montana,mtb|trail,mountain,mtb
noun|speed,estrada|ruta|road
noun|retro|retro|retro,vintage
noun|viseira|visera|visor
noun|revisao,manutencao|revision,mantenimiento,service|service,tune,maintenance
noun|completa,completo|completa,completo|full,complete
noun|basica,basico|basica,basico|basic
noun|montagem,montar|montaje,armado,armar|assembly,assemble
noun|lavagem,limpeza|lavado,limpieza|wash,cleaning
noun|troca|cambio|replacement,swap
noun|camiseta,camisa|camiseta,remera,playera,camisa|shirt,tshirt
noun|calca|pantalon|pants,trousers
noun|jaqueta,casaco|chaqueta,campera|jacket,coat
noun|tenis,sapato|zapatilla,zapato|shoe,sneaker
noun|meia|calcetin,media|sock
noun|mochila,bolsa|mochila,bolso|backpack,bag
noun|celular,telefone|celular,movil,telefono|phone
noun|fone|auricular|headphone,earphone,headset
noun|carregador|cargador|charger
noun|bateria|bateria|battery
noun|notebook,laptop|portatil,laptop,notebook|laptop,notebook
noun|teclado|teclado|keyboard
noun|mouse|raton,mouse|mouse
noun|impressora|impresora|printer
noun|relogio|reloj|watch,clock
noun|oculos|gafas,lentes|glasses,sunglasses
noun|copo,caneca|vaso,taza|cup,mug
noun|ventilador|ventilador|fan
noun|colchao|colchon|mattress
`;

export interface Concept {
	id: number;
	class: WordClass;
	words: Record<Lang3, string[]>;
}

const LANGS: Lang3[] = ['pt', 'es', 'en'];

function parse(): Concept[] {
	const concepts: Concept[] = [];
	for (const line of GROUPS.split('\n').map((l) => l.trim()).filter(Boolean)) {
		const [kind, ...columns] = line.split('|');
		const words = Object.fromEntries(LANGS.map((lang, i) => [lang, (columns[i] ?? '').split(',').map((w) => fold(w.trim())).filter(Boolean)])) as Record<Lang3, string[]>;
		concepts.push({ id: concepts.length, class: kind as WordClass, words });
	}
	return concepts;
}

export const CONCEPTS: readonly Concept[] = parse();

const BY_STEM = new Map<string, Concept[]>();
for (const concept of CONCEPTS) {
	for (const word of LANGS.flatMap((lang) => concept.words[lang])) {
		for (const key of stems(word)) {
			const list = BY_STEM.get(key) ?? [];
			if (!list.includes(concept)) list.push(concept);
			BY_STEM.set(key, list);
		}
	}
}

/** The concepts a folded word may name, through any of its singular stems. */
export function conceptsOf(word: string): Concept[] {
	const found = new Set<Concept>();
	for (const key of stems(word)) for (const concept of BY_STEM.get(key) ?? []) found.add(concept);
	return [...found];
}

/**
 * The class of a customer word when every concept it names agrees, else `noun`: "preta" is a
 * colour, "m" a size, "aço" a material; a word the list does not know is taken for a product word.
 */
export function classOf(word: string): WordClass {
	const concepts = conceptsOf(word);
	if (concepts.length === 0) return 'noun';
	const classes = new Set(concepts.map((c) => c.class));
	return classes.size === 1 ? concepts[0].class : 'noun';
}

/** The other words for the same things, the catalog's language first. */
export function translations(word: string, catalog: Lang3): string[] {
	const out: string[] = [];
	for (const concept of conceptsOf(word)) {
		for (const lang of [catalog, ...LANGS.filter((l) => l !== catalog)]) for (const w of concept.words[lang]) if (w !== word && !out.includes(w)) out.push(w);
	}
	return out;
}

/** Whether two folded words name the same concept. */
export function sameConcept(a: string, b: string): boolean {
	const left = conceptsOf(a);
	if (left.length === 0) return false;
	const right = new Set(conceptsOf(b));
	return left.some((c) => right.has(c));
}
