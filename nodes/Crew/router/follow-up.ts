import { fold } from '../classifier/normalize';
import { NOT_BUYING, notions, orderReferenceIn } from './hints';

/** Short enough to lean on what was just said ("e a preta?", "and saturday?", "vale pra revisão tbm?"). */
const FOLLOW_UP_WORDS = 7;
/** Opens by continuing the last question: "e…", "y…", "and…", "what about…". */
const CONTINUES = /^(?:e|y|and|what about|how about)\b/;
/** Points back at what the last answer was about: "também", "isso", "that", "it". */
const POINTS_BACK = /\b(?:tbm|tb|tambem|tambien|too|also|isso|disso|nisso|eso|esto|that|it)\b/;

/**
 * Whether a message continues the ongoing agent's subject rather than opening a new one: short,
 * continuing or pointing back, naming no order, and — after a sales answer — asking nothing
 * about policies, bookings or a problem ("e o frete?" after a price goes to the rules). The
 * classifier reads such a message alone and is often sure of the wrong thing: "and saturday?"
 * after the opening hours is not a booking, "how much would it be?" after shipping not a product.
 */
export function followsUp(text: string, ongoing: string): boolean {
	const folded = fold(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
	const words = folded.split(' ').filter(Boolean);
	if (words.length === 0 || words.length > FOLLOW_UP_WORDS || orderReferenceIn(text)) return false;
	if (!CONTINUES.test(folded) && !POINTS_BACK.test(folded)) return false;
	const found = notions(text);
	if (ongoing === 'sales') return ![...found].some((notion) => NOT_BUYING.has(notion));
	return !found.has('book');
}
