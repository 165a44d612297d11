/**
 * Grounding check for replies: every price, stock figure, date, time, percentage and order
 * reference a customer reads must come from this turn's tool results (or, except for money,
 * from what the customer wrote). An agent that invents a price or a slot is the costliest
 * failure of a service bot, so the check is deliberately literal and lenient only where
 * formats differ (R$ 1.299,90 vs 1299.9, 09:00 local vs 12:00Z).
 */

export { extractFigures, type Figure, type FigureKind } from './extract';
export { checkGrounding, type GroundingCheck, type GroundingOptions } from './match';
