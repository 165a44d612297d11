import { formatMoney, formatQuantity, type Lang } from '../../../responder/locale';

const LOCALES: Readonly<Record<Lang, string>> = { pt: 'pt-BR', es: 'es', en: 'en-US' };

/**
 * A price in the currency Odoo gave with it. Without one the amount is shown bare: a currency
 * the tool did not state is never assumed (a USD shop must not read "R$").
 */
export function money(value: number, currency: string | null, lang: Lang): string {
	if (currency && currency.trim()) return formatMoney(value, currency, lang);
	return new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value).replace(/[\u00a0\u202f]/g, ' ');
}

export const quantityText = (value: number, lang: Lang): string => formatQuantity(value, lang);

/** price × quantity in cents, so 3 × 30.75 is 92.25 and not 92.24999. */
export const lineTotal = (price: number, quantity: number): number => Math.round(Math.round(price * 100) * quantity) / 100;

export const sum = (values: readonly number[]): number => Math.round(values.reduce((a, v) => a + Math.round(v * 100), 0)) / 100;
