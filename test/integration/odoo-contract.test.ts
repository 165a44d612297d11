/**
 * Replays the recorded Odoo 17 corpus (`test/contracts/odoo/*.json`, in the README's recording order) against a
 * fresh Odoo emulator and compares each answer with the recording: HTTP status, `id`, presence of `result` /
 * `error`, `error.code` / `error.message` / `error.data.name`, and the whole `result` value (record ids, field
 * values, types), except what depends on the recording time (`TIME_KEYS`, see the corpus README) and `debug`.
 *
 * Exchanges the emulator cannot reproduce yet are listed in KNOWN_GAPS with a reason; every other exchange must
 * match, and every listed gap must still fail (remove it when it starts to pass).
 *
 * Against a real server: set ODOO_URL, ODOO_DB, ODOO_USERNAME and ODOO_PASSWORD and the same replay runs against
 * that server instead of the emulator (the recorded db name and admin login/password are replaced by these).
 * Use a fresh demo database as described in the corpus README, or ids will differ; the gap list is not checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startOdooEmulator, type OdooEmulator } from '../emulators/odoo';

interface Exchange {
	name: string;
	request: { method: string; path: string; headers: Record<string, string>; body: unknown };
	response: { status: number; headers: Record<string, string>; body: unknown };
}

const ORDER = [
	'version', 'authenticate', 'search_read', 'search_count', 'read', 'fields_get', 'name_search', 'partner_crud', 'read_deleted',
	'access_error', 'bad_domain', 'bad_method', 'stock', 'sale_order', 'session_flow', 'protocol', 'errors', 'calendar', 'discuss',
	'pricing', 'product_search', 'partner_phone', 'partner_phone_lib',
];

/** Values that depend on when the corpus was recorded: compared by type (and datetime format) only. */
const TIME_KEYS = new Set(['create_date', 'write_date', 'date', 'date_order', 'login_date', '__last_update']);

/** Exchanges whose answer holds more values that depend on the clock (compared by type and format only). */
const TIME_EXCHANGES: Record<string, string[]> = {
	'calendar: read event G': ['start', 'stop'],
};

/** `file: exchange name` -> why the emulator does not reproduce it yet. */
const KNOWN_GAPS: Record<string, string> = {
	"authenticate: execute_kw with API key as password": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 9, got 0",
	"search_read: product.product search_read with domain/fields/limit/offset/order (kwargs)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 3: [{\"id\":19,\"name\":\"Large Desk\",\"default_code\":\"E-COM09\",\"list_price\":1799,\"standard_price\":1299,\"type\":\"product\",\"categ_id\":[8,\"",
	"search_read: same call, everything in kwargs (domain as kwarg, empty args)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 34, got 29",
	"search_read: same call, positional args (domain, fields, offset, limit, order)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 34, got 29",
	"search_count: search_count with domain": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 20, got 5",
	"search_count: search_count empty domain": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 35, got 24",
	"search_count: search (ids only) with limit/offset/order": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 4: [30,29,28,19]",
	"name_search: product.product name_search kwargs": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0][0]: expected 37, got 8",
	"name_search: name_search positional (name, args/domain, operator, limit)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_crud: read many2many": "value differs — result[0].category_id[0]: expected 2, got 1",
	"access_error: portal user: search_read sale.order (record rules filter silently)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 20, got 19",
	"stock: stock.quant search_read (internal locations)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 4: [{\"id\":3,\"product_id\":[17,\"[E-COM07] Large Cabinet\"],\"location_id\":[8,\"WH/Stock\"],\"lot_id\":false,\"quantity\":500,\"reserved_quant",
	"sale_order: sale.order read (draft)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"sale_order: sale.order.line read": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"sale_order: sale.order read (confirmed)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"sale_order: product stock after confirmation (virtual_available drops)": "value differs — result[1].virtual_available: expected -35, got -45",
	"sale_order: sale.order search_read by ref": "value differs — result[0].amount_total: expected 2259.58, got 2245.2",
	"session_flow: call_kw search_read (route with /model/method suffix)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 3: [{\"id\":19,\"name\":\"Large Desk\",\"default_code\":\"E-COM09\",\"list_price\":1799,\"categ_id\":[8,\"All / Saleable / Office Furniture\"]},{\"",
	"session_flow: call_kw search_count (bare /web/dataset/call_kw route)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 35, got 10",
	"session_flow: call_kw name_search": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0][0]: expected 23, got 5",
	"session_flow: call_kw sale.order read after confirm": "value differs — result[0].amount_total: expected 609.5, got 80",
	"session_flow: call_kw with model/method in the path that differ from the body (body wins)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 9, got 0",
	"errors: odoo.exceptions.ValidationError (python constraint: recursive parent)": "error kind not reproduced — error.data.name: expected \"odoo.exceptions.ValidationError\", got \"odoo.exceptions.MissingError\"",
	"discuss: read channel": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: discuss.channel.member search_read for the channel": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: channel_get([partner]): get or create the 1:1 chat between admin and the demo user": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: search_read the chat (channel_type 'chat')": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"discuss: channel_get again with the same partner (returns the same chat, no duplicate)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: search_count chats (still one)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1, got 0",
	"discuss: message_post in the chat": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: message_post on a res.partner (comment)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 283, got 282",
	"discuss: message_post on a res.partner as an internal note (subtype mail.mt_note)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 284, got 283",
	"discuss: message_post on sale.order 25 (comment)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 285, got 284",
	"discuss: message_post with only body (default message_type and subtype)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 286, got 285",
	"discuss: search_read mail.message for the partner (model + res_id)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 284, got 283",
	"discuss: search_read mail.message for sale.order 25, newest first, limit 4": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 286, got 285",
	"discuss: message_post with an unknown subtype_xmlid": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 287, got 286",
	"discuss: read that message (subtype_id)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"discuss: message_post with author_id = OdooBot's partner (admin may set the author)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 288, got 287",
	"discuss: read the bot-authored message": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"discuss: search_count messages authored by OdooBot (author_id = 2)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 225, got 1",
	"discuss: /web/session/authenticate (for call_kw)": "value differs — result.cache_hashes.translations: expected \"a87f294af017b211d0073c764e9ff508fa338e04\", got \"1110fd27985e9e3bbfef8502a9b6c3f8bf74d9f5\"",
	"discuss: call_kw message_post on the channel (session)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 289, got 288",
	"discuss: call_kw read of that message": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"discuss: messages of the deleted channel are gone": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 0, got 4",
	"pricing: product.pricelist search_read": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: product.pricelist.item search_read": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 4: [{\"id\":1,\"pricelist_id\":[1,\"RPC Pricelist\"],\"applied_on\":\"0_product_variant\",\"compute_price\":\"fixed\",\"fixed_price\":60,\"percent_",
	"pricing: product.product get_contextual_price with context pricelist (public method)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price with context pricelist + quantity 10 (fixed-price rule)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price for a variant with price_extra": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price without a pricelist in context": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: product.template get_contextual_price with context pricelist": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price on two ids (ValueError: Expected singleton)": "error kind not reproduced — error.data.name: expected \"builtins.ValueError\", got \"builtins.AttributeError\"",
	"pricing: res.partner property_product_pricelist (now defaults to the new pricelist)": "value differs — result[0].property_product_pricelist[1]: expected \"RPC Pricelist (USD)\", got \"RPC Pricelist\"",
	"pricing: read the draft order's lines (price_unit, discount, price_subtotal)": "value differs — result[0].price_unit: expected 63, got 70",
	"pricing: read the draft order (pricelist, amounts)": "value differs — result[0].pricelist_id[1]: expected \"RPC Pricelist (USD)\", got \"RPC Pricelist\"",
	"product_search: product.product name_search 'desk' limit 5": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0][0]: expected 37, got 8",
	"product_search: name_search 'chair' restricted by args [sale_ok = True]": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0][0]: expected 23, got 5",
	"product_search: product.template.attribute.line search_read for template 9": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"product_search: product.product search_read variants of template 9": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 1: [{\"id\":14,\"name\":\"Customizable Desk\",\"display_name\":\"[FURN_0098] Customizable Desk (Aluminium, White)\",\"default_code\":\"FURN_009",
	"product_search: product.template.attribute.value search_read for template 9": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"product_search: product.template search_count name ilike 'desk'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 7, got 1",
	"product_search: product.product search_count name ilike 'desk' (variants counted separately)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 11, got 10",
	"product_search: search_count with ['active','in',[True,False]]": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 35, got 24",
	"product_search: search_count all products (active only) vs active_test false": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 34, got 23",
	"product_search: search_count with active_test false": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 35, got 24",
	"partner_phone: ir.model.fields: which modules define res.partner phone_sanitized": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"partner_phone: create partner with Brazilian phone '+55 11 98765-4321', mobile '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 48, got 47",
	"partner_phone: create partner with phone '11987654321', no country (company country is US)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 49, got 48",
	"partner_phone: create partner with phone '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 50, got 49",
	"partner_phone: read back phone / mobile / phone_sanitized / email": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mobile\":false,\"phone_sanitized\":\"11987654321\",\"country_id\":false,\"email\"",
	"partner_phone: search_read phone = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 48",
	"partner_phone: search_read phone ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 48",
	"partner_phone: search_read phone = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 50, got 49",
	"partner_phone: search_read phone ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 50, got 49",
	"partner_phone: search_read phone ilike '98765-4321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone ilike '987654321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 48",
	"partner_phone: search_read mobile ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone_mobile_search = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone_mobile_search ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone_mobile_search = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone_mobile_search ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone_mobile_search = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone_mobile_search ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone_sanitized = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 48",
	"partner_phone: search_read email =ilike 'phone.test@example.com' (case-insensitive exact)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read email ilike 'PHONE.TEST' (substring, case-insensitive)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read email_normalized = 'phone.test@example.com'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read email =like 'Phone.Test@%' (case-sensitive pattern)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: unlink the test partners": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"partner_phone_lib: create partner with Brazilian phone '+55 11 98765-4321', mobile '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 51, got 50",
	"partner_phone_lib: create partner with phone '11987654321', no country (company country is US)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 52, got 51",
	"partner_phone_lib: create partner with phone '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 53, got 52",
	"partner_phone_lib: read back phone / mobile / phone_sanitized / email": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 2: [{\"id\":51,\"name\":\"Phone Test B (lib)\",\"phone\":\"11987654321\",\"mobile\":false,\"phone_sanitized\":false,\"country_id\":false,\"email\":f",
	"partner_phone_lib: search_read phone = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mobile\":false},{\"id\":51,\"name\":\"Phone Test B (lib)\",\"phone\":\"11987654321",
	"partner_phone_lib: search_read phone ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mobile\":false},{\"id\":51,\"name\":\"Phone Test B (lib)\",\"phone\":\"11987654321",
	"partner_phone_lib: search_read phone = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 53, got 52",
	"partner_phone_lib: search_read phone ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 53, got 52",
	"partner_phone_lib: search_read phone ilike '98765-4321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 3: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone ilike '987654321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mobile\":false},{\"id\":51,\"name\":\"Phone Test B (lib)\",\"phone\":\"11987654321",
	"partner_phone_lib: search_read mobile ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone_mobile_search = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone_mobile_search ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone_mobile_search = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 5: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":48,\"name\":\"Phone Test B\",\"phone\":",
	"partner_phone_lib: search_read phone_mobile_search ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 5: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":48,\"name\":\"Phone Test B\",\"phone\":",
	"partner_phone_lib: search_read phone_mobile_search = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 5: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":48,\"name\":\"Phone Test B\",\"phone\":",
	"partner_phone_lib: search_read phone_mobile_search ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 5: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":48,\"name\":\"Phone Test B\",\"phone\":",
	"partner_phone_lib: search_read phone_sanitized = '+5511987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 3: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\",\"phone_sanitized\":\"+5511987654321\"},{\"id",
	"partner_phone_lib: unlink the test partners": "depends on an earlier exchange or a method not emulated yet — result: expected present",
};

/** The same for the v18 files replayed against `version: '18.0'`. */
const KNOWN_GAPS_18: Record<string, string> = {
	"authenticate: execute_kw with API key as password": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 10, got 0",
	"search_read: [18 only] same domain with is_storable instead of type=product": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 3: [{\"id\":19,\"name\":\"Large Desk\",\"default_code\":\"E-COM09\",\"list_price\":1799,\"standard_price\":1299,\"type\":\"consu\",\"categ_id\":[8,\"Al",
	"search_count: search_count empty domain": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 43, got 23",
	"name_search: product.product name_search kwargs": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0][0]: expected 45, got 8",
	"name_search: name_search positional (name, args/domain, operator, limit)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_crud: read many2many": "value differs — result[0].category_id[0]: expected 2, got 1",
	"access_error: portal user: search_read sale.order (record rules filter silently)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 20, got 19",
	"sale_order: sale.order read (draft)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"sale_order: sale.order read (confirmed)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"sale_order: product stock after confirmation (virtual_available drops)": "value differs — result[0].virtual_available: expected -1, got -2",
	"sale_order: sale.order search_read by ref": "value differs — result[0].amount_total: expected 1964.85, got 165.85",
	"session_flow: /web/session/get_session_info": "value differs — id: expected 1005, got null",
	"session_flow: call_kw search_read (route with /model/method suffix)": "value differs — id: expected 1006, got null",
	"session_flow: call_kw search_count (bare /web/dataset/call_kw route)": "value differs — id: expected 1007, got null",
	"session_flow: call_kw read": "value differs — id: expected 1008, got null",
	"session_flow: call_kw name_search": "value differs — id: expected 1009, got null",
	"session_flow: call_kw fields_get (subset of fields)": "value differs — id: expected 1010, got null",
	"session_flow: call_kw create res.partner": "value differs — id: expected 1011, got null",
	"session_flow: call_kw write": "value differs — id: expected 1012, got null",
	"session_flow: call_kw unlink": "value differs — id: expected 1013, got null",
	"session_flow: call_kw read deleted id": "value differs — id: expected 1014, got null",
	"session_flow: call_kw write deleted id (MissingError)": "value differs — id: expected 1015, got null",
	"session_flow: call_kw bad domain": "value differs — id: expected 1016, got null",
	"session_flow: call_kw bad method": "value differs — id: expected 1017, got null",
	"session_flow: call_kw stock quantities": "value differs — id: expected 1018, got null",
	"session_flow: call_kw sale.order create with order_line commands": "value differs — id: expected 1019, got null",
	"session_flow: call_kw sale.order action_confirm": "value differs — id: expected 1020, got null",
	"session_flow: call_kw sale.order read after confirm": "value differs — id: expected 1021, got null",
	"session_flow: call_kw with model/method in the path that differ from the body (body wins)": "value differs — id: expected 1022, got null",
	"session_flow: portal session: call_kw write res.partner (AccessError)": "value differs — id: expected 1026, got null",
	"protocol: /web/dataset/call_kw via /jsonrpc-style body without session": "value differs — error.code: expected 404, got 100",
	"protocol: db service: list": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 1: [\"omnicrew18\"]",
	"errors: odoo.exceptions.UserError (business rule: unlink confirmed SO)": "error kind not reproduced — error.data.name: expected \"odoo.exceptions.UserError\", got \"odoo.exceptions.MissingError\"",
	"errors: odoo.exceptions.ValidationError (python constraint: recursive parent)": "error kind not reproduced — error.data.name: expected \"odoo.exceptions.ValidationError\", got \"odoo.exceptions.MissingError\"",
	"discuss: read channel": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: message_post on the channel (body, message_type comment, subtype_xmlid mail.mt_comment)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 354, got 365",
	"discuss: message_post with HTML in body (str)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 355, got 366",
	"discuss: message_post with HTML in body and body_is_html=True": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 356, got 367",
	"discuss: search_read mail.message for the channel (model + res_id)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 7: [{\"id\":367,\"body\":\"<p>Hi <b>team</b> &amp; </p>\",\"author_id\":[3,\"YourCompany, Mitchell Admin\"],\"date\":\"2026-11-25 11:48:54\",\"me",
	"discuss: channel_get([partner]): get or create the 1:1 chat between admin and the demo user": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: search_read the chat (channel_type 'chat')": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"discuss: channel_get again with the same partner (returns the same chat, no duplicate)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: search_count chats (still one)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1, got 0",
	"discuss: message_post in the chat": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: message_post on a res.partner (comment)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 358, got 368",
	"discuss: message_post on a res.partner as an internal note (subtype mail.mt_note)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 359, got 369",
	"discuss: message_post on sale.order 25 (comment)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 360, got 370",
	"discuss: message_post with only body (default message_type and subtype)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 361, got 371",
	"discuss: search_read mail.message for the partner (model + res_id)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 6: [{\"id\":369,\"body\":\"<p>Internal: VIP customer</p>\",\"author_id\":[3,\"YourCompany, Mitchell Admin\"],\"date\":\"2026-11-25 11:48:54\",\"m",
	"discuss: search_read mail.message for sale.order 25, newest first, limit 4": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 361, got 371",
	"discuss: message_post with an unknown subtype_xmlid": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 362, got 372",
	"discuss: message_post with author_id = OdooBot's partner (admin may set the author)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 363, got 373",
	"discuss: search_count messages authored by OdooBot (author_id = 2)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 289, got 2",
	"discuss: /web/session/authenticate (for call_kw)": "value differs — result.cache_hashes.translations: expected \"39495617518cdd911872b1569e77851aa34a073d\", got \"fd72331252d911a9e9b57d9a5d115d456598e931\"",
	"discuss: call_kw message_post on the channel (session)": "value differs — id: expected 2236, got null",
	"discuss: call_kw read of that message": "value differs — id: expected 2237, got null",
	"discuss: messages of the deleted channel are gone": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 0, got 7",
	"pricing: product.pricelist search_read": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: product.pricelist.item search_read": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 4: [{\"id\":1,\"pricelist_id\":[1,\"RPC Pricelist\"],\"applied_on\":\"0_product_variant\",\"compute_price\":\"fixed\",\"fixed_price\":60,\"percent_",
	"pricing: product.product get_contextual_price with context pricelist (public method)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price with context pricelist + quantity 10 (fixed-price rule)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price for a variant with price_extra": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price without a pricelist in context": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: product.template get_contextual_price with context pricelist": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price on two ids (ValueError: Expected singleton)": "error kind not reproduced — error.data.name: expected \"builtins.ValueError\", got \"builtins.AttributeError\"",
	"pricing: res.partner property_product_pricelist (now defaults to the new pricelist)": "value differs — result[0].property_product_pricelist[1]: expected \"RPC Pricelist (USD)\", got \"RPC Pricelist\"",
	"pricing: workaround: draft sale.order with pricelist_id computes line prices": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 29, got 28",
	"pricing: read the draft order's lines (price_unit, discount, price_subtotal)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"pricing: read the draft order (pricelist, amounts)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"pricing: unlink the draft order": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"product_search: product.product name_search 'desk' limit 5": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0][0]: expected 45, got 8",
	"product_search: name_search 'chair' restricted by args [sale_ok = True]": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0][0]: expected 23, got 5",
	"product_search: product.template.attribute.line search_read for template 9": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"product_search: product.product search_read variants of template 9": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 1: [{\"id\":14,\"name\":\"Customizable Desk\",\"display_name\":\"[FURN_0098] Customizable Desk (Aluminium, White)\",\"default_code\":\"FURN_009",
	"product_search: product.template.attribute.value search_read for template 9": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"product_search: product.template search_count name ilike 'desk'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 9, got 1",
	"product_search: product.product search_count name ilike 'desk' (variants counted separately)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 13, got 10",
	"product_search: search_count with ['active','in',[True,False]]": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 43, got 23",
	"product_search: search_count all products (active only) vs active_test false": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 42, got 22",
	"product_search: search_count with active_test false": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 43, got 23",
	"partner_phone: ir.model.fields: which modules define res.partner phone_sanitized": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"partner_phone: create partner with Brazilian phone '+55 11 98765-4321', mobile '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 49, got 47",
	"partner_phone: create partner with phone '11987654321', no country (company country is US)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 50, got 48",
	"partner_phone: create partner with phone '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 51, got 49",
	"partner_phone: read back phone / mobile / phone_sanitized / email": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 1: [{\"id\":49,\"name\":\"Phone Test C\",\"phone\":\"(11) 98765-4321\",\"mobile\":false,\"phone_sanitized\":\"(11) 98765-4321\",\"country_id\":[31,\"",
	"partner_phone: search_read phone = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 50, got 48",
	"partner_phone: search_read phone ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 50, got 48",
	"partner_phone: search_read phone = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 51, got 49",
	"partner_phone: search_read phone ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 51, got 49",
	"partner_phone: search_read phone ilike '98765-4321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone ilike '987654321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 50, got 48",
	"partner_phone: search_read mobile ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone_mobile_search = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone_mobile_search ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone_mobile_search = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone_mobile_search ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone_mobile_search = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone_mobile_search ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read phone_sanitized = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 50, got 48",
	"partner_phone: write a new phone on partner B (phone_sanitized recomputed)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"partner_phone: read partner B": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_phone: search_read email =ilike 'phone.test@example.com' (case-insensitive exact)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read email ilike 'PHONE.TEST' (substring, case-insensitive)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read email_normalized = 'phone.test@example.com'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: search_read email =like 'Phone.Test@%' (case-sensitive pattern)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 47",
	"partner_phone: unlink the test partners": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"partner_phone_lib: create partner with Brazilian phone '+55 11 98765-4321', mobile '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 52, got 50",
	"partner_phone_lib: create partner with phone '11987654321', no country (company country is US)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 53, got 51",
	"partner_phone_lib: create partner with phone '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 54, got 52",
	"partner_phone_lib: read back phone / mobile / phone_sanitized / email": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 1: [{\"id\":52,\"name\":\"Phone Test C (lib)\",\"phone\":\"(11) 98765-4321\",\"mobile\":false,\"phone_sanitized\":\"+5511987654321\",\"country_id\":",
	"partner_phone_lib: search_read phone = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mobile\":false},{\"id\":51,\"name\":\"Phone Test B (lib)\",\"phone\":\"11987654321",
	"partner_phone_lib: search_read phone ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mobile\":false},{\"id\":51,\"name\":\"Phone Test B (lib)\",\"phone\":\"11987654321",
	"partner_phone_lib: search_read phone = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":49,\"name\":\"Phone Test C\",\"phone\":\"(11) 98765-4321\",\"mobile\":false},{\"id\":52,\"name\":\"Phone Test C (lib)\",\"phone\":\"(11) 98",
	"partner_phone_lib: search_read phone ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":49,\"name\":\"Phone Test C\",\"phone\":\"(11) 98765-4321\",\"mobile\":false},{\"id\":52,\"name\":\"Phone Test C (lib)\",\"phone\":\"(11) 98",
	"partner_phone_lib: search_read phone ilike '98765-4321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 4: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":49,\"name\":\"Phone Test C\",\"phone\":",
	"partner_phone_lib: search_read phone ilike '987654321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mobile\":false},{\"id\":51,\"name\":\"Phone Test B (lib)\",\"phone\":\"11987654321",
	"partner_phone_lib: search_read mobile ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone_mobile_search = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone_mobile_search ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":50,\"name\":\"Phone Test A (lib)\",\"p",
	"partner_phone_lib: search_read phone_mobile_search = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 6: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":48,\"name\":\"Phone Test B\",\"phone\":",
	"partner_phone_lib: search_read phone_mobile_search ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 6: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":48,\"name\":\"Phone Test B\",\"phone\":",
	"partner_phone_lib: search_read phone_mobile_search = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 6: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":48,\"name\":\"Phone Test B\",\"phone\":",
	"partner_phone_lib: search_read phone_mobile_search ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 6: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\"},{\"id\":48,\"name\":\"Phone Test B\",\"phone\":",
	"partner_phone_lib: search_read phone_sanitized = '+5511987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 4: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-4321\",\"mobile\":\"(11) 98765-4321\",\"phone_sanitized\":\"+5511987654321\"},{\"id",
	"partner_phone_lib: write a new phone on partner B (phone_sanitized recomputed)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"partner_phone_lib: read partner B": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_phone_lib: unlink the test partners": "depends on an earlier exchange or a method not emulated yet — result: expected present",
};

const REAL = process.env.ODOO_URL && process.env.ODOO_DB && process.env.ODOO_USERNAME && process.env.ODOO_PASSWORD
	? { url: process.env.ODOO_URL.replace(/\/$/, ''), db: process.env.ODOO_DB, username: process.env.ODOO_USERNAME, password: process.env.ODOO_PASSWORD }
	: undefined;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every difference between `expected` and `actual`, as `path: expected … got …` lines. */
export function diff(expected: unknown, actual: unknown, path = '$', key = '', timeKeys: ReadonlySet<string> = TIME_KEYS): string[] {
	if (timeKeys.has(key) && typeof expected === 'string' && typeof actual === 'string') {
		return /^\d{4}-\d{2}-\d{2}/.test(actual) ? [] : [`${path}: expected a date, got ${JSON.stringify(actual)}`];
	}
	if (Array.isArray(expected)) {
		if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)?.slice(0, 120)}`];
		if (expected.length !== actual.length) return [`${path}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual).slice(0, 200)}`];
		return expected.flatMap((item, index) => diff(item, actual[index], `${path}[${index}]`, key, timeKeys));
	}
	if (isObject(expected)) {
		if (!isObject(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)?.slice(0, 120)}`];
		const out: string[] = [];
		for (const name of Object.keys(expected)) {
			if (!(name in actual)) out.push(`${path}.${name}: missing`);
			else out.push(...diff(expected[name], actual[name], `${path}.${name}`, name, timeKeys));
		}
		for (const name of Object.keys(actual)) if (!(name in expected)) out.push(`${path}.${name}: unexpected`);
		return out;
	}
	if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) < 1e-6 ? [] : [`${path}: expected ${expected}, got ${actual}`];
	return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)?.slice(0, 200)}, got ${JSON.stringify(actual)?.slice(0, 200)}`];
}

function compareExchange(exchange: Exchange, status: number, body: unknown, timeKeys: ReadonlySet<string> = TIME_KEYS): string[] {
	const problems: string[] = [];
	if (status !== exchange.response.status) problems.push(`HTTP status: expected ${exchange.response.status}, got ${status}`);
	const expected = exchange.response.body;
	if (!isObject(expected)) return [...problems, ...diff(expected, body, 'body')];
	if (!isObject(body)) return [...problems, `body: expected JSON, got ${JSON.stringify(body)?.slice(0, 200)}`];
	problems.push(...diff(expected.id, body.id, 'id'));
	if ('result' in expected !== 'result' in body) problems.push(`result: expected ${'result' in expected ? 'present' : 'absent'}`);
	if ('error' in expected !== 'error' in body) problems.push(`error: expected ${'error' in expected ? JSON.stringify(expected.error).slice(0, 160) : 'none'}, got ${JSON.stringify(body.error ?? null).slice(0, 300)}`);
	if (isObject(expected.error) && isObject(body.error)) {
		const e = expected.error;
		const a = body.error;
		problems.push(...diff(e.code, a.code, 'error.code'), ...diff(e.message, a.message, 'error.message'));
		problems.push(...diff(isObject(e.data) ? e.data.name : undefined, isObject(a.data) ? a.data.name : undefined, 'error.data.name'));
	}
	if ('result' in expected && 'result' in body) problems.push(...diff(expected.result, body.result, 'result', '', timeKeys));
	return problems;
}

function load(file: string, version: '17.0' | '18.0'): Exchange[] {
	return JSON.parse(readFileSync(join(__dirname, '../contracts/odoo', version === '18.0' ? 'v18' : '', `${file}.json`), 'utf8')) as Exchange[];
}

/** Replaces the recorded db name and admin credentials by the real server's (real-server mode only). */
function adaptBody(body: unknown): unknown {
	if (!REAL || body === null || typeof body !== 'object') return body;
	const text = JSON.stringify(body)
		.replace(/"omnicrew"/g, JSON.stringify(REAL.db))
		.replace(/"admin","admin"/g, `${JSON.stringify(REAL.username)},${JSON.stringify(REAL.password)}`)
		.replace(/2,"admin"/g, `2,${JSON.stringify(REAL.password)}`);
	return JSON.parse(text) as unknown;
}

function describeCorpus(version: '17.0' | '18.0', gaps: Record<string, string>): void {
describe(`Odoo ${version.slice(0, 2)} contract corpus replayed against ${REAL ? REAL.url : 'the emulator'}`, () => {
	let emulator: OdooEmulator | undefined;
	let baseUrl = '';
	const cookies = new Map<string, string>();
	const outcomes: Array<{ key: string; problems: string[] }> = [];

	beforeAll(async () => {
		if (REAL) {
			baseUrl = REAL.url;
			return;
		}
		emulator = await startOdooEmulator(
			version === '18.0' ? { version, seed: 'contract', db: 'omnicrew18', apiKey: '0ad4809a5e786074f1f3cb1835f56da0f1362742' } : { version, seed: 'contract' },
		);
		baseUrl = emulator.url;
	});
	afterAll(async () => {
		await emulator?.close();
	});

	async function replay(exchange: Exchange): Promise<{ status: number; body: unknown }> {
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(exchange.request.headers)) {
			headers[name] = name.toLowerCase() === 'cookie' ? value.replace(/session_id=([0-9a-f]+)/, (_all, recorded: string) => `session_id=${cookies.get(recorded) ?? recorded}`) : value;
		}
		const raw = exchange.request.body;
		const body = raw === null ? undefined : typeof raw === 'string' ? raw : JSON.stringify(adaptBody(raw));
		const response = await fetch(`${baseUrl}${exchange.request.path}`, { method: exchange.request.method, headers, body });
		const recordedCookie = /session_id=([0-9a-f]+)/.exec(exchange.response.headers['Set-Cookie'] ?? '')?.[1];
		const gotCookie = /session_id=([0-9a-f]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
		if (recordedCookie && gotCookie) cookies.set(recordedCookie, gotCookie);
		const text = await response.text();
		let parsed: unknown = text;
		if ((response.headers.get('content-type') ?? '').includes('application/json')) parsed = JSON.parse(text) as unknown;
		return { status: response.status, body: parsed };
	}

	it('replays every exchange in recording order', async () => {
		for (const file of ORDER) {
			if (emulator) emulator.setPhoneLibrary(file !== 'partner_phone');
			for (const exchange of load(file, version)) {
				const { status, body } = await replay(exchange);
				const key = `${file}: ${exchange.name}`;
				const timeKeys = new Set([...TIME_KEYS, ...(TIME_EXCHANGES[key] ?? [])]);
				outcomes.push({ key, problems: compareExchange(exchange, status, body, timeKeys) });
			}
		}
		const unexpected = outcomes.filter((outcome) => outcome.problems.length > 0 && (REAL || !(outcome.key in gaps)));
		const fixed = REAL ? [] : Object.keys(gaps).filter((key) => outcomes.some((outcome) => outcome.key === key && outcome.problems.length === 0));
		const unknown = REAL ? [] : Object.keys(gaps).filter((key) => !outcomes.some((outcome) => outcome.key === key));
		const report = [
			...unexpected.map((outcome) => `MISMATCH ${outcome.key}\n    ${outcome.problems.slice(0, 8).join('\n    ')}`),
			...fixed.map((key) => `NOW PASSES (remove from the gap list): ${key}`),
			...unknown.map((key) => `NO SUCH EXCHANGE in the gap list: ${key}`),
		];
		const matched = outcomes.filter((outcome) => outcome.problems.length === 0).length;
		if (process.env.ODOO_CONTRACT_SUMMARY) console.log(`${matched}/${outcomes.length} exchanges match`);
		if (process.env.ODOO_CONTRACT_GAPS) {
			console.log(outcomes.filter((outcome) => outcome.problems.length > 0).map((outcome) => `GAP ${outcome.key}\n    ${outcome.problems.slice(0, 3).join('\n    ')}`).join('\n'));
		}
		expect(report.join('\n')).toBe('');
	});
});
}

describeCorpus('17.0', KNOWN_GAPS);
if (!REAL) describeCorpus('18.0', KNOWN_GAPS_18);
