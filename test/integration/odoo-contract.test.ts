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

/** `file: exchange name` -> why the emulator does not reproduce it yet. */
const KNOWN_GAPS: Record<string, string> = {
	"authenticate: execute_kw with API key as password": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 9, got 0",
	"search_read: product.product search_read with domain/fields/limit/offset/order (kwargs)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 3: [{\"id\":19,\"name\":\"Large Desk\",\"default_code\":\"E-COM09\",\"l",
	"search_read: same call, everything in kwargs (domain as kwarg, empty args)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 34, got 29",
	"search_read: same call, positional args (domain, fields, offset, limit, order)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 34, got 29",
	"search_read: domain with | and ilike, context lang": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 6 items, got 4: [{\"id\":19,\"name\":\"Large Desk\",\"default_code\":\"E-COM09\"},{",
	"search_read: search_read with inactive records via context active_test=false": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 5, got 4",
	"search_count: search_count with domain": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 20, got 5",
	"search_count: search_count empty domain": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 35, got 10",
	"search_count: search (ids only) with limit/offset/order": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 4: [30,29,28,19]",
	"name_search: product.product name_search kwargs": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 2: [[19,\"[E-COM09] Large Desk\"],[29,\"[FURN_7888] Desk Stand ",
	"name_search: name_search positional (name, args/domain, operator, limit)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_crud: read many2many": "value differs — result[0].category_id[0]: expected 2, got 1",
	"access_error: portal user: search_read sale.order (record rules filter silently)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 20, got 19",
	"stock: search_read on qty_available (non-stored computed, searchable)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 7 items, got 0: []",
	"stock: stock.quant search_read (internal locations)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 4: [{\"id\":3,\"product_id\":[17,\"[E-COM07] Large Cabinet\"],\"loc",
	"sale_order: sale.order read (draft)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"sale_order: sale.order.line read": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"sale_order: sale.order read (confirmed)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"sale_order: product stock after confirmation (virtual_available drops)": "value differs — result[1].virtual_available: expected -35, got -45",
	"sale_order: sale.order search_read by ref": "value differs — result[0].amount_total: expected 2259.58, got 176.35",
	"session_flow: call_kw search_read (route with /model/method suffix)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 3: [{\"id\":19,\"name\":\"Large Desk\",\"default_code\":\"E-COM09\",\"l",
	"session_flow: call_kw search_count (bare /web/dataset/call_kw route)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 35, got 10",
	"session_flow: call_kw name_search": "value differs — result[0][0]: expected 23, got 5",
	"session_flow: call_kw sale.order create with order_line commands": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 27, got 26",
	"session_flow: call_kw sale.order action_confirm": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"session_flow: call_kw sale.order read after confirm": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"session_flow: call_kw with model/method in the path that differ from the body (body wins)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 9, got 0",
	"errors: odoo.exceptions.UserError (business rule: unlink confirmed SO)": "error kind not reproduced — error.data.name: expected \"odoo.exceptions.UserError\", got \"odoo.exceptions.MissingError\"",
	"errors: odoo.exceptions.ValidationError (python constraint: recursive parent)": "error kind not reproduced — error.data.name: expected \"odoo.exceptions.ValidationError\", got \"odoo.exceptions.MissingError\"",
	"calendar: ir.module.module button_immediate_install (calendar)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"calendar: ir.module.module search_read calendar + calendar_sms (installed)": "value differs — result[0].state: expected \"installed\", got \"uninstalled\"",
	"calendar: find attendee partner (Brandon Freeman)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"calendar: find second partner (Nicole Ford)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"calendar: read both events (no context): stored start/stop identical, display_time in the user's tz": "value differs — result[0].duration: expected 1.5, got 0",
	"calendar: read event A with context tz America/Sao_Paulo": "value differs — result[0].display_time: expected \"12/01/2026 at (10:00:00 To 11:30:00) (America/Sao_Paulo)\", got false",
	"calendar: calendar.attendee search_read for event A (created from partner_ids)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"calendar: create event with partner_ids [(4,id)] (start + stop)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 11, got 10",
	"calendar: read event C": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"calendar: create event with no partner_ids (current user's partner added as attendee)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 12, got 11",
	"calendar: read event D": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"calendar: search_read events in a date range (domain on start/stop, UTC strings)": "value differs — result[0].partner_ids[0]: expected 26, got 3",
	"calendar: same range with context tz Asia/Tokyo (domain values are still UTC)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[2].id: expected 11, got 10",
	"calendar: read event A after move": "value differs — result[0].duration: expected 1.5, got 0",
	"calendar: read event A after start-only write": "value differs — result[0].stop: expected \"2026-12-01 18:30:00\", got \"2026-12-01 16:30:00\"",
	"calendar: read event A partners/attendees after write": "value differs — result[0].partner_ids[0]: expected 27, got 3",
	"calendar: create all-day event via start_date/stop_date": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"calendar: read all-day event E": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"calendar: create all-day event via start/stop datetimes only": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 14, got 12",
	"calendar: read all-day event F": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"calendar: create with stop before start (ValidationError)": "value differs — result: expected absent",
	"calendar: write event A with stop before start (ValidationError)": "value differs — result: expected absent",
	"calendar: create without start/stop (defaults: next half hour from now, 1 h)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"calendar: read event G": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"calendar: search_read events for a partner (partner_ids in [id])": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 1: [{\"id\":9,\"name\":\"RPC meeting B (tz context)\",\"start\":\"202",
	"calendar: unlink events": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"calendar: read unlinked events (empty list)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 0 items, got 2: [{\"id\":8,\"name\":\"RPC meeting A\"},{\"id\":9,\"name\":\"RPC meet",
	"discuss: read channel": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: discuss.channel.member search_read for the channel": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: read the three channel messages": "value differs — result[2].body: expected \"<p>Hi <b>team</b> &amp; </p>\", got \"<p>Hi <b>team</b> & </p>\"",
	"discuss: search_read mail.message for the channel (model + res_id)": "value differs — result[0].body: expected \"<p>Hi <b>team</b> &amp; </p>\", got \"<p>Hi <b>team</b> & </p>\"",
	"discuss: channel_get([partner]): get or create the 1:1 chat between admin and the demo user": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: search_read the chat (channel_type 'chat')": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"discuss: channel_get again with the same partner (returns the same chat, no duplicate)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: search_count chats (still one)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1, got 0",
	"discuss: message_post in the chat": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"discuss: find res.partner Deco Addict": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
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
	"discuss: /web/session/authenticate (for call_kw)": "value differs — result.cache_hashes.translations: expected \"a87f294af017b211d0073c764e9ff508fa338e04\", got \"1110fd27985e9e3bbf",
	"discuss: call_kw message_post on the channel (session)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 289, got 288",
	"discuss: call_kw read of that message": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"discuss: messages of the deleted channel are gone": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 0, got 4",
	"pricing: product.pricelist search_read": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: product.pricelist.item search_read": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 4: [{\"id\":1,\"pricelist_id\":[1,\"RPC Pricelist\"],\"applied_on\":",
	"pricing: product.product get_contextual_price with context pricelist (public method)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price with context pricelist + quantity 10 (fixed-price rule)": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price for a variant with price_extra": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price without a pricelist in context": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: product.template get_contextual_price with context pricelist": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"pricing: get_contextual_price on two ids (ValueError: Expected singleton)": "error kind not reproduced — error.data.name: expected \"builtins.ValueError\", got \"builtins.AttributeError\"",
	"pricing: res.partner property_product_pricelist (now defaults to the new pricelist)": "value differs — result[0].property_product_pricelist[1]: expected \"RPC Pricelist (USD)\", got \"RPC Pricelist\"",
	"pricing: workaround: draft sale.order with pricelist_id computes line prices": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 29, got 27",
	"pricing: read the draft order's lines (price_unit, discount, price_subtotal)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"pricing: read the draft order (pricelist, amounts)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"pricing: unlink the draft order": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"product_search: product.product name_search 'desk' limit 5": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 2: [[19,\"[E-COM09] Large Desk\"],[29,\"[FURN_7888] Desk Stand ",
	"product_search: name_search 'chair' restricted by args [sale_ok = True]": "value differs — result[0][0]: expected 23, got 5",
	"product_search: product.template.attribute.line search_read for template 9": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"product_search: product.product search_read variants of template 9": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 5 items, got 0: []",
	"product_search: product.template.attribute.value search_read for template 9": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"product_search: product.template search_count name ilike 'desk'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 7, got 0",
	"product_search: product.product search_count name ilike 'desk' (variants counted separately)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 11, got 2",
	"product_search: product.template name_search 'Customizable'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"product_search: search_read default_code = FURN_9001 with context active_test false": "value differs — result[0].lst_price: expected 1950, got 0",
	"product_search: search_read with explicit ['active','=',False]": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 15: [{\"id\":1,\"default_code\":false,\"active\":false},{\"id\":6,\"d",
	"product_search: search_count with ['active','in',[True,False]]": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 35, got 24",
	"product_search: search_count all products (active only) vs active_test false": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 34, got 9",
	"product_search: search_count with active_test false": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 35, got 24",
	"partner_phone: ir.model.fields: which modules define res.partner phone_sanitized": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"partner_phone: create partner with Brazilian phone '+55 11 98765-4321', mobile '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 48, got 47",
	"partner_phone: create partner with phone '11987654321', no country (company country is US)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 49, got 48",
	"partner_phone: create partner with phone '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 50, got 49",
	"partner_phone: read back phone / mobile / phone_sanitized / email": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mo",
	"partner_phone: search_read phone = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 48",
	"partner_phone: search_read phone ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 48",
	"partner_phone: search_read phone = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 50, got 49",
	"partner_phone: search_read phone ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 50, got 49",
	"partner_phone: search_read phone ilike '98765-4321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone ilike '987654321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 49, got 48",
	"partner_phone: search_read mobile ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read phone_mobile_search = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_phone: search_read phone_mobile_search ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_phone: search_read phone_mobile_search = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"partner_phone: search_read phone_mobile_search ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"partner_phone: search_read phone_mobile_search = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"partner_phone: search_read phone_mobile_search ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"partner_phone: search_read phone_sanitized = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_phone: read partner B": "value differs — result[0].phone_sanitized: expected \"+55 (11) 3456-7890\", got false",
	"partner_phone: search_read email =ilike 'phone.test@example.com' (case-insensitive exact)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read email ilike 'PHONE.TEST' (substring, case-insensitive)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: search_read email_normalized = 'phone.test@example.com'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_phone: search_read email =like 'Phone.Test@%' (case-sensitive pattern)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 48, got 47",
	"partner_phone: phone_mobile_search with fewer than 3 characters (UserError)": "value differs — result: expected absent",
	"partner_phone: unlink the test partners": "depends on an earlier exchange or a method not emulated yet — result: expected present",
	"partner_phone_lib: create partner with Brazilian phone '+55 11 98765-4321', mobile '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 51, got 50",
	"partner_phone_lib: create partner with phone '11987654321', no country (company country is US)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 52, got 51",
	"partner_phone_lib: create partner with phone '(11) 98765-4321', country BR": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 53, got 52",
	"partner_phone_lib: read back phone / mobile / phone_sanitized / email": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 2: [{\"id\":51,\"name\":\"Phone Test B (lib)\",\"phone\":\"1198765432",
	"partner_phone_lib: search_read phone = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-432",
	"partner_phone_lib: search_read phone ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-432",
	"partner_phone_lib: search_read phone = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mo",
	"partner_phone_lib: search_read phone ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mo",
	"partner_phone_lib: search_read phone = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 53, got 52",
	"partner_phone_lib: search_read phone ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result[0].id: expected 53, got 52",
	"partner_phone_lib: search_read phone ilike '98765-4321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 3: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-432",
	"partner_phone_lib: search_read phone ilike '987654321' (substring)": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":48,\"name\":\"Phone Test B\",\"phone\":\"11987654321\",\"mo",
	"partner_phone_lib: search_read mobile ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 2: [{\"id\":47,\"name\":\"Phone Test A\",\"phone\":\"+55 11 98765-432",
	"partner_phone_lib: search_read phone_mobile_search = '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_phone_lib: search_read phone_mobile_search ilike '+55 11 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 1 items, got 0: []",
	"partner_phone_lib: search_read phone_mobile_search = '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"partner_phone_lib: search_read phone_mobile_search ilike '11987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"partner_phone_lib: search_read phone_mobile_search = '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"partner_phone_lib: search_read phone_mobile_search ilike '(11) 98765-4321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 3 items, got 0: []",
	"partner_phone_lib: search_read phone_sanitized = '+5511987654321'": "seed/ids: the contract seed holds only the demo records the corpus reads, so counts, ids or order differ — result: expected 2 items, got 0: []",
	"partner_phone_lib: read partner B": "value differs — result[0].phone_sanitized: expected \"+551134567890\", got false",
	"partner_phone_lib: unlink the test partners": "depends on an earlier exchange or a method not emulated yet — result: expected present",
};

const REAL = process.env.ODOO_URL && process.env.ODOO_DB && process.env.ODOO_USERNAME && process.env.ODOO_PASSWORD
	? { url: process.env.ODOO_URL.replace(/\/$/, ''), db: process.env.ODOO_DB, username: process.env.ODOO_USERNAME, password: process.env.ODOO_PASSWORD }
	: undefined;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every difference between `expected` and `actual`, as `path: expected … got …` lines. */
export function diff(expected: unknown, actual: unknown, path = '$', key = ''): string[] {
	if (TIME_KEYS.has(key) && typeof expected === 'string' && typeof actual === 'string') {
		return /^\d{4}-\d{2}-\d{2}/.test(actual) ? [] : [`${path}: expected a date, got ${JSON.stringify(actual)}`];
	}
	if (Array.isArray(expected)) {
		if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)?.slice(0, 120)}`];
		if (expected.length !== actual.length) return [`${path}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual).slice(0, 200)}`];
		return expected.flatMap((item, index) => diff(item, actual[index], `${path}[${index}]`, key));
	}
	if (isObject(expected)) {
		if (!isObject(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)?.slice(0, 120)}`];
		const out: string[] = [];
		for (const name of Object.keys(expected)) {
			if (!(name in actual)) out.push(`${path}.${name}: missing`);
			else out.push(...diff(expected[name], actual[name], `${path}.${name}`, name));
		}
		for (const name of Object.keys(actual)) if (!(name in expected)) out.push(`${path}.${name}: unexpected`);
		return out;
	}
	if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) < 1e-6 ? [] : [`${path}: expected ${expected}, got ${actual}`];
	return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)?.slice(0, 200)}, got ${JSON.stringify(actual)?.slice(0, 200)}`];
}

function compareExchange(exchange: Exchange, status: number, body: unknown): string[] {
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
	if ('result' in expected && 'result' in body) problems.push(...diff(expected.result, body.result, 'result'));
	return problems;
}

function load(file: string): Exchange[] {
	return JSON.parse(readFileSync(join(__dirname, '../contracts/odoo', `${file}.json`), 'utf8')) as Exchange[];
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

describe(`Odoo 17 contract corpus replayed against ${REAL ? REAL.url : 'the emulator'}`, () => {
	let emulator: OdooEmulator | undefined;
	let baseUrl = '';
	const cookies = new Map<string, string>();
	const outcomes: Array<{ key: string; problems: string[] }> = [];

	beforeAll(async () => {
		if (REAL) {
			baseUrl = REAL.url;
			return;
		}
		emulator = await startOdooEmulator({ version: '17.0', seed: 'contract' });
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
			for (const exchange of load(file)) {
				const { status, body } = await replay(exchange);
				outcomes.push({ key: `${file}: ${exchange.name}`, problems: compareExchange(exchange, status, body) });
			}
		}
		const unexpected = outcomes.filter((outcome) => outcome.problems.length > 0 && (REAL || !(outcome.key in KNOWN_GAPS)));
		const fixed = REAL ? [] : Object.keys(KNOWN_GAPS).filter((key) => outcomes.some((outcome) => outcome.key === key && outcome.problems.length === 0));
		const unknown = REAL ? [] : Object.keys(KNOWN_GAPS).filter((key) => !outcomes.some((outcome) => outcome.key === key));
		const report = [
			...unexpected.map((outcome) => `MISMATCH ${outcome.key}\n    ${outcome.problems.slice(0, 8).join('\n    ')}`),
			...fixed.map((key) => `NOW PASSES (remove from KNOWN_GAPS): ${key}`),
			...unknown.map((key) => `NO SUCH EXCHANGE in KNOWN_GAPS: ${key}`),
		];
		const matched = outcomes.filter((outcome) => outcome.problems.length === 0).length;
		if (process.env.ODOO_CONTRACT_SUMMARY) console.log(`${matched}/${outcomes.length} exchanges match`);
		expect(report.join('\n')).toBe('');
	});
});
