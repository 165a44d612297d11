import { QdrantClient } from '@qdrant/js-client-rest';

import { signBody } from '../../lib/webhook-signature';
import { formatMoney, formatSlot } from '../../nodes/Crew/responder/locale';
import { KnowledgeStore } from '../../nodes/KnowledgeBase/store/knowledge-store';
import { defaultTenant } from '../../nodes/TenantConfig/schema/defaults';
import { createStackCredentials, KNOWLEDGE_PREFIX, ODOO_WEBHOOK_SECRET, QDRANT_KEY, startCrewStack, triggerPath, withChatModel, type CrewServices } from '../../scripts/lib/crew-stack';
import { startN8n, type ExecutionSummary, type N8nInstance, type WorkflowJson } from '../../scripts/lib/n8n-instance';
import { ODOO_MAJORS, type OdooMajor } from '../../scripts/lib/odoo-instance';
import { customerText, groundedScript } from '../emulators/openai';
import { describeRealOdoo } from '../support/real-odoo';
import { byPhoneDigits, many2oneId, many2oneName, rawOdoo, realOdooLogin, until, type OdooRow } from '../support/real-odoo-stack';
import { failedRuns as failedRunsOf, loadTemplate } from '../support/templates';

jest.setTimeout(240_000);

/** Each case waits for n8n and a real Odoo on a shared two-core machine. */
const CASE_TIMEOUT_MS = 180_000;
const SETUP_TIMEOUT_MS = 10 * 60_000;
const REPLY_TIMEOUT_MS = 90_000;

/**
 * What an order in each of Odoo's states must read like in a Portuguese reply (in any wording), and
 * what it must not: the customer is told the state Odoo holds. From 17 on a completed order is
 * 'sale' and locked.
 */
const STATUS_PT: Record<string, { says: RegExp; never: RegExp }> = {
	draft: { says: /orçamento[\s\S]*não[\s\S]*confirmad/i, never: /cancelad|concluíd/i },
	sent: { says: /orçamento[\s\S]*enviad/i, never: /cancelad|concluíd/i },
	sale: { says: /confirmad/i, never: /orçamento|não (foi )?confirmad|cancelad/i },
	done: { says: /concluíd/i, never: /orçamento|cancelad/i },
	cancel: { says: /cancelad/i, never: /concluíd/i },
};
const statusOf = (order: OdooRow) => STATUS_PT[order.state === 'sale' && order.locked === true ? 'done' : String(order.state)];

/**
 * The WhatsApp crew, knowledge-sync and ERP agent templates in a real n8n against a real Odoo (the
 * emulators stand in only for Chatwoot, Qdrant and the chat model). Every figure a reply must state
 * is read from that Odoo first, and every record a template writes is looked up there afterwards.
 */
// each version runs, or is skipped saying how to enable it (describeRealOdoo)
for (const version of ODOO_MAJORS) describeTemplates(version);

function describeTemplates(version: OdooMajor): void {
	describeRealOdoo(version, 'the whatsapp-crew, knowledge-sync and odoo-erp-agent templates in a real n8n', (odoo) => {
		const raw = rawOdoo(odoo);
		const tenantTimezone = defaultTenant('1').timezone;
		let stack: CrewServices;
		let n8n: N8nInstance;
		const workflows = new Map<string, WorkflowJson>();
		const ids = new Map<string, string>();
		const timings: Record<string, number> = {};
		let contactSeq = 0;
		let mobileSeq = 0;

		const botReplies = (conversationId: number): string[] => stack.chatwoot.replies(conversationId).map((m) => m.content);
		const waitForReplies = async (conversationId: number, count: number): Promise<string[]> => {
			try {
				return await until(`${count} bot replies in conversation ${conversationId}`, async () => botReplies(conversationId), (replies) => replies.length >= count, REPLY_TIMEOUT_MS, 200);
			} catch (error) {
				throw new Error(`${(error as Error).message}\n${await failedRuns('whatsapp-crew')}`);
			}
		};

		const failedRuns = async (workflow: string): Promise<string> => await failedRunsOf(n8n, ids.get(workflow)!);

		/** How the ERP Operator handled a turn: hand-off reason and tool calls, to explain an answer. */
		const agentTurn = (run: ExecutionSummary) => {
			const out = nodeOutput(run, 'ERP Operator') ?? {};
			const calls = (out.tool_calls ?? []) as Array<{ tool: string; ok: boolean; error: string | null }>;
			return { handoff_reason: out.handoff_reason, tool_calls: calls.map((c) => `${c.tool}: ${c.ok ? 'ok' : c.error}`) };
		};

		/** What one node of an execution put out (its first item), to explain a reply. */
		const nodeOutput = (run: ExecutionSummary, node: string): Record<string, unknown> | undefined => run.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0]?.[0]?.json;

		/** A signed event of the OmniCrew Odoo addon to a workflow's Odoo Trigger. */
		async function postOdooEvent(workflow: string, event: Record<string, unknown>): Promise<void> {
			const body = JSON.stringify({ company_id: 1, tenant_id: stack.tenantId, user_id: 2, occurred_at: new Date().toISOString(), ...event });
			const timestamp = String(Math.floor(Date.now() / 1000));
			const response = await fetch(n8n.webhookUrl(triggerPath(workflows.get(workflow)!)), {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-omnicrew-timestamp': timestamp, 'x-omnicrew-signature': signBody(ODOO_WEBHOOK_SECRET, timestamp, body) },
				body,
			});
			expect(response.status).toBe(200);
		}

		/** The next finished execution of a workflow that is not among `seen`. */
		async function nextExecution(workflow: string, seen: Set<string>): Promise<ExecutionSummary> {
			const ended = (e: ExecutionSummary) => !seen.has(e.id) && !['new', 'running', 'waiting'].includes(e.status);
			const list = await until(`a new finished execution of ${workflow}`, () => n8n.api.executions(ids.get(workflow)!), (found) => found.some(ended), 60_000, 500);
			return await n8n.api.execution(list.find(ended)!.id);
		}
		const executionIds = async (workflow: string) => new Set((await n8n.api.executions(ids.get(workflow)!)).map((e) => e.id));

		/** Chatwoot's Application API as an administrator (what an agent does in the Chatwoot UI). */
		async function chatwootAdmin(method: string, path: string, body: Record<string, unknown>): Promise<void> {
			const response = await fetch(`${stack.chatwoot.url}/api/v1/accounts/${stack.chatwoot.accountId}${path}`, {
				method,
				headers: { 'content-type': 'application/json', api_access_token: stack.chatwoot.tokens.admin },
				body: JSON.stringify(body),
			});
			if (!response.ok) throw new Error(`Chatwoot ${method} ${path} answered ${response.status}: ${await response.text()}`);
		}

		const newContactName = () => `Cliente Odoo${version} ${++contactSeq}`;
		/** A Brazilian mobile nobody in the demo data has (9 digits; its legacy 8-digit form starts with 8, as real ones do). */
		const newMobile = () => `98${version}${10_000 + ++mobileSeq}`;

		async function productByCode(code: string): Promise<OdooRow> {
			const [product] = await raw<OdooRow[]>('product.product', 'search_read', [[['default_code', '=', code]]], { fields: ['id', 'name', 'list_price', 'currency_id', 'product_tmpl_id'] });
			if (!product) throw new Error(`Odoo ${version}'s demo data has no product ${code}`);
			return product;
		}
		const money = (product: OdooRow) => formatMoney(Number(product.list_price), many2oneName(product.currency_id) ?? '?', 'pt');

		beforeAll(async () => {
			const started = Date.now();
			stack = await startCrewStack({ odoo: realOdooLogin(odoo()), botRetryDelayMs: 60_000 });
			timings.stackMs = Date.now() - started;
			n8n = await startN8n();
			timings.n8nMs = Date.now() - started - timings.stackMs;
			const credentials = await createStackCredentials(n8n.api, stack);
			const add = async (name: string, workflow: WorkflowJson) => {
				workflows.set(name, workflow);
				const id = await n8n.api.createWorkflow(workflow, credentials);
				ids.set(name, id);
				await n8n.api.activate(id);
			};
			await add('whatsapp-crew', loadTemplate('whatsapp-crew'));
			await add('knowledge-sync', loadTemplate('knowledge-sync'));
			await add('odoo-erp-agent', loadTemplate('odoo-erp-agent'));
			await add('odoo-erp-agent:llm', withChatModel(loadTemplate('odoo-erp-agent'), stack.openai.model));
			for (const workflow of workflows.values()) await n8n.waitForWebhook(triggerPath(workflow));
			stack.chatwoot.connectBot('whatsapp', n8n.webhookUrl(triggerPath(workflows.get('whatsapp-crew')!)));
			timings.setupMs = Date.now() - started;
		}, SETUP_TIMEOUT_MS);
		afterAll(async () => {
			await n8n?.stop();
			await stack?.close();
			const start = odoo().timings;
			process.stderr.write(
				`[omnicrew] Odoo ${version} (${odoo().serverVersion}): Odoo ready in ${Math.round(start.startMs / 100) / 10} s; crew stack ${Math.round((timings.stackMs ?? 0) / 100) / 10} s; n8n ${Math.round((timings.n8nMs ?? 0) / 100) / 10} s; templates live after ${Math.round((timings.setupMs ?? 0) / 100) / 10} s\n`,
			);
		}, 60_000);

		describe('whatsapp-crew', () => {
			it('quotes a real product\'s price in Odoo\'s own currency (USD in the demo company), never in R$', async () => {
				const product = await productByCode('E-COM07');
				expect(many2oneName(product.currency_id)).toBe('USD');
				const sent = await stack.chatwoot.customerMessage({ inbox: 'whatsapp', text: `Boa tarde! Quanto custa o ${String(product.name)}?`, contact: { name: newContactName(), phone: `+55 11 ${newMobile()}` } });
				const replies = await waitForReplies(sent.conversationId, 1);
				expect(replies).toHaveLength(1);
				expect(replies[0]).toContain(String(product.name));
				expect(replies[0]).toContain(money(product));
				expect(replies[0]).not.toContain('R$');
			}, CASE_TIMEOUT_MS);

			it('quotes a product of a Brazilian company in BRL, as Odoo holds it', async () => {
				const [brl] = await raw<OdooRow[]>('res.currency', 'search_read', [[['name', '=', 'BRL']]], { fields: ['id', 'active'], context: { active_test: false } });
				if (!brl.active) await raw('res.currency', 'write', [[brl.id], { active: true }]);
				const company = await raw<number>('res.company', 'create', [{ name: `Loja Aurora Brasil ${version}`, currency_id: brl.id }]);
				await raw('res.users', 'write', [[2], { company_ids: [[4, company]] }]);
				const template = await raw<number>('product.template', 'create', [{ name: 'Bicicleta Aro 29 Trilha', list_price: 2499.9, sale_ok: true, company_id: company }]);
				const [product] = await raw<OdooRow[]>('product.product', 'search_read', [[['product_tmpl_id', '=', template]]], { fields: ['id', 'name', 'list_price', 'currency_id'] });
				expect(many2oneName(product.currency_id)).toBe('BRL');
				const sent = await stack.chatwoot.customerMessage({ inbox: 'whatsapp', text: 'oi, qual o valor da Bicicleta Aro 29 Trilha?', contact: { name: newContactName(), phone: `+55 11 ${newMobile()}` } });
				const [reply] = await waitForReplies(sent.conversationId, 1);
				expect(reply).toContain(money(product));
				expect(reply).toContain('R$ 2.499,90');
				expect(reply).not.toContain('US$');
			}, CASE_TIMEOUT_MS);

			it('registers a new customer once, though the phone comes written two ways in two conversations', async () => {
				const mobile = newMobile();
				const digits = mobile.slice(1);
				const customers = async () => await raw<OdooRow[]>('res.partner', 'search_read', [byPhoneDigits(version, digits)], { fields: ['id', 'name', 'phone'], context: { active_test: false } });
				expect(await customers()).toHaveLength(0);
				const name = newContactName();
				// the contact as WhatsApp first gave it, with the ninth digit
				const first = await stack.chatwoot.customerMessage({ inbox: 'whatsapp', text: 'oi, qual o status do meu pedido?', contact: { name, phone: `+55 (11) ${mobile.slice(0, 5)}-${mobile.slice(5)}` } });
				const [firstReply] = await waitForReplies(first.conversationId, 1);
				const registered = await customers();
				expect(registered).toHaveLength(1);
				expect(registered[0].name).toBe(name);
				// the number as an older WhatsApp id carries it (no ninth digit), in a new conversation of the same contact
				await chatwootAdmin('PUT', `/contacts/${first.contactId}`, { phone_number: `+55 11 ${digits.slice(0, 4)}-${digits.slice(4)}` });
				await chatwootAdmin('POST', `/conversations/${first.conversationId}/toggle_status`, { status: 'resolved' });
				const second = await stack.chatwoot.customerMessage({ inbox: 'whatsapp', text: 'bom dia, meu pedido já foi enviado?', contact: { phone: `+5511${digits}` } });
				expect(second.conversationId).not.toBe(first.conversationId);
				expect(second.contactId).toBe(first.contactId);
				const [secondReply] = await waitForReplies(second.conversationId, 1);
				expect(await customers()).toEqual(registered);
				// both turns reached Odoo for the customer: no orders yet, not an outage
				for (const reply of [firstReply, secondReply]) expect(reply).not.toMatch(/instabilidade/i);
			}, CASE_TIMEOUT_MS);

			it('offers real free slots, then books the first one as a calendar.event with the customer at that time', async () => {
				const mobile = newMobile();
				const events = async () => await raw<number>('calendar.event', 'search_count', [[]]);
				const before = await events();
				const sent = await stack.chatwoot.customerMessage({ inbox: 'whatsapp', text: 'quero agendar uma visita técnica', contact: { name: newContactName(), phone: `+55 11 ${mobile}` } });
				const [offer] = await waitForReplies(sent.conversationId, 1);
				const firstSlot = /^\s*1\.\s*(.+?)\s*$/m.exec(offer)?.[1];
				if (!firstSlot) throw new Error(`the reply offers no numbered slot: ${offer}`);
				await stack.chatwoot.customerMessage({ inbox: 'whatsapp', text: 'pode ser a primeira', conversationId: sent.conversationId });
				const [, booked] = await waitForReplies(sent.conversationId, 2);
				expect(booked).toMatch(/agendad/i);
				const [customer] = await raw<OdooRow[]>('res.partner', 'search_read', [byPhoneDigits(version, mobile.slice(1))], { fields: ['id'] });
				expect(customer).toBeDefined();
				const created = await raw<OdooRow[]>('calendar.event', 'search_read', [[['partner_ids', 'in', [customer.id]]]], { fields: ['id', 'start', 'stop', 'partner_ids'] });
				expect(created).toHaveLength(1);
				expect(await events()).toBe(before + 1);
				const [event] = created;
				// Odoo keeps UTC; the slot offered in the tenant's zone is that same instant
				const startUtc = `${String(event.start).replace(' ', 'T')}Z`;
				expect(formatSlot(startUtc, tenantTimezone, 'pt')).toBe(firstSlot);
				expect(Date.parse(startUtc)).toBeGreaterThan(Date.now());
				expect(Date.parse(`${String(event.stop).replace(' ', 'T')}Z`) - Date.parse(startUtc)).toBe(60 * 60_000);
				expect(booked).toContain(formatSlot(startUtc, tenantTimezone, 'pt'));
			}, CASE_TIMEOUT_MS);

			it('tells a demo customer the status of their real order in plain words, as Odoo holds it', async () => {
				const orders = await raw<OdooRow[]>('sale.order', 'search_read', [[['state', '=', 'sale']]], { fields: ['id', 'name', 'state', 'locked', 'partner_id', 'amount_total', 'currency_id'], order: 'id', limit: 20 });
				const partners = await raw<OdooRow[]>('res.partner', 'read', [[...new Set(orders.map((o) => many2oneId(o.partner_id)!))]], { fields: ['id', 'name', 'email'] });
				const withEmail = new Map(partners.filter((p) => typeof p.email === 'string' && p.email.includes('@')).map((p) => [p.id, p]));
				const order = orders.find((o) => withEmail.has(many2oneId(o.partner_id)!));
				if (!order) throw new Error(`no confirmed order of a demo customer with an e-mail in Odoo ${version}`);
				const partner = withEmail.get(many2oneId(order.partner_id)!)!;
				const partnerCount = await raw<number>('res.partner', 'search_count', [[]], { context: { active_test: false } });
				const sent = await stack.chatwoot.customerMessage({ inbox: 'whatsapp', text: `Oi! Qual o status do meu pedido ${String(order.name)}?`, contact: { name: String(partner.name), email: String(partner.email) } });
				const [reply] = await waitForReplies(sent.conversationId, 1);
				expect(reply).toContain(String(order.name));
				expect(reply).toMatch(statusOf(order).says);
				expect(reply).not.toMatch(statusOf(order).never);
				expect(reply).toContain(formatMoney(Number(order.amount_total), many2oneName(order.currency_id) ?? '?', 'pt'));
				// bound to the existing customer by the e-mail: nobody new in Odoo
				expect(await raw<number>('res.partner', 'search_count', [[]], { context: { active_test: false } })).toBe(partnerCount);
			}, CASE_TIMEOUT_MS);
		});

		describe('knowledge-sync', () => {
			let knowledge: KnowledgeStore | undefined;
			const store = () => (knowledge ??= new KnowledgeStore(new QdrantClient({ url: stack.qdrant.url, apiKey: QDRANT_KEY, checkCompatibility: false }), { prefix: KNOWLEDGE_PREFIX }));
			const docId = (p: OdooRow) => (typeof p.default_code === 'string' && p.default_code ? p.default_code : `product-${p.id}`);
			const forSale = async () => await raw<OdooRow[]>('product.product', 'search_read', [[['sale_ok', '=', true]]], { fields: ['id', 'default_code', 'write_date'] });

			const tenant = `sync${version}`;

			it('pulls every product for sale from Odoo into a new tenant\'s knowledge base', async () => {
				expect((await store().documents(tenant, 'products')).size).toBe(0);
				const seen = await executionIds('knowledge-sync');
				const [any] = await forSale();
				await postOdooEvent('knowledge-sync', { id: `product-all-${Date.now()}`, tenant_id: tenant, event: 'record.updated', model: 'product.product', record_ids: [any.id], values: {} });
				const run = await nextExecution('knowledge-sync', seen);
				expect(run.status).toBe('success');
				const products = await forSale();
				expect(nodeOutput(run, 'Sync Products')?.sync).toMatchObject({ fetched: products.length, upserted: products.length, deleted: 0 });
				const held = await store().documents(tenant, 'products');
				expect([...held.keys()].sort()).toEqual([...new Set(products.map(docId))].sort());
				for (const product of products) expect(held.get(docId(product))).toMatchObject({ odoo_id: product.id, write_date: product.write_date });
			}, CASE_TIMEOUT_MS);

			// after the full pull above: the next sync is incremental from the newest change it holds
			it('picks up a product changed in Odoo on the addon\'s event, and only that one', async () => {
				const product = await productByCode('E-COM08');
				const template = many2oneId(product.product_tmpl_id)!;
				const word = `organizadoraomnicrew${version}`;
				await raw('product.template', 'write', [[template], { description_sale: `Caixa ${word} com tampa` }]);
				const [changed] = await raw<OdooRow[]>('product.product', 'read', [[product.id]], { fields: ['write_date'] });
				const seen = await executionIds('knowledge-sync');
				await postOdooEvent('knowledge-sync', { id: `product-${template}-${Date.now()}`, tenant_id: tenant, event: 'record.updated', model: 'product.template', record_ids: [template], values: { description_sale: word } });
				const run = await nextExecution('knowledge-sync', seen);
				expect(run.status).toBe('success');
				expect(nodeOutput(run, 'Sync Products')?.sync).toMatchObject({ upserted: 1, deleted: 0 });
				expect((await store().documents(tenant, 'products')).get('E-COM08')).toMatchObject({ odoo_id: product.id, write_date: changed.write_date });
				const [hit] = await store().search(tenant, word, { collections: ['products'], topK: 1 });
				expect(hit).toMatchObject({ id: 'E-COM08', title: expect.stringContaining(String(product.name)) });
			}, CASE_TIMEOUT_MS);
		});

		describe('odoo-erp-agent', () => {
			const CHANNEL_ID = 1;
			let adminPartner = 0;
			beforeAll(async () => {
				const [admin] = await raw<OdooRow[]>('res.users', 'read', [[2]], { fields: ['partner_id'] });
				adminPartner = many2oneId(admin.partner_id)!;
			});

			/** An Odoo user writes in a Discuss channel (a real message), and the addon reports it to a variant of the template. */
			async function ask(workflow: string, text: string): Promise<number> {
				const posted = await raw<number | number[]>('discuss.channel', 'message_post', [[CHANNEL_ID]], { body: text, message_type: 'comment', subtype_xmlid: 'mail.mt_comment' });
				const messageId = Array.isArray(posted) ? posted[0] : posted;
				await postOdooEvent(workflow, {
					id: `discuss-${messageId}`,
					event: 'discuss.message',
					model: 'discuss.channel',
					record_ids: [CHANNEL_ID],
					values: { channel_id: CHANNEL_ID, message_id: messageId, author_partner_id: adminPartner, body: `<p>${text}</p>` },
				});
				return messageId;
			}
			/** The agent's answer: the next message in the channel after `after`, as Odoo holds it. */
			async function answerAfter(after: number): Promise<string> {
				const [message] = await until(
					'the agent\'s answer in the Discuss channel',
					() => raw<OdooRow[]>('mail.message', 'search_read', [[['model', '=', 'discuss.channel'], ['res_id', '=', CHANNEL_ID], ['id', '>', after]]], { fields: ['id', 'body'], order: 'id', limit: 1 }),
					(found) => found.length > 0,
					REPLY_TIMEOUT_MS,
					500,
				);
				return String(message.body);
			}

			it('answers a price and stock question from the real product, with no model', async () => {
				const product = await productByCode('E-COM07');
				const asked = await ask('odoo-erp-agent', `qual o preço e o estoque do ${String(product.name)}?`);
				expect(await answerAfter(asked)).toContain(money(product));
			}, CASE_TIMEOUT_MS);

			it('answers the status of a real order by its reference, with no model', async () => {
				const [order] = await raw<OdooRow[]>('sale.order', 'search_read', [[['state', '=', 'sale']]], { fields: ['name', 'state', 'locked'], order: 'id', limit: 1 });
				const seen = await executionIds('odoo-erp-agent');
				const asked = await ask('odoo-erp-agent', `qual o status do pedido ${String(order.name)}?`);
				const answer = await answerAfter(asked);
				// the agent's own account of the turn rides along, so a failure shows why it answered so
				const turn = JSON.stringify(agentTurn(await nextExecution('odoo-erp-agent', seen)));
				expect(`${answer}\n(agent: ${turn})`).toMatch(new RegExp(`${String(order.name)}[^\\n]*${statusOf(order).says.source}`, 'i'));
				expect(answer).not.toMatch(statusOf(order).never);
			}, CASE_TIMEOUT_MS);

			it('asks for confirmation before a write, and creates the record in Odoo only after "sim"', async () => {
				const name = `Fornecedor OmniCrew ${version}`;
				stack.openai.setScript((request, call) =>
					/crie um contato/i.test(customerText(request)) && request.tools?.some((t) => t.function.name === 'odoo_create') && !request.messages.some((m) => m.role === 'tool')
						? { tool_calls: [{ name: 'odoo_create', arguments: { model: 'res.partner', values: { name } } }] }
						: groundedScript(request, call),
				);
				const named = async () => await raw<number>('res.partner', 'search_count', [[['name', '=', name]]]);
				try {
					const asked = await ask('odoo-erp-agent:llm', `crie um contato chamado ${name}`);
					expect(await answerAfter(asked)).toMatch(/confirme[\s\S]*odoo_create/);
					expect(await named()).toBe(0);
					const confirmed = await ask('odoo-erp-agent:llm', 'sim');
					expect(await answerAfter(confirmed)).toMatch(/feito/i);
					expect(await named()).toBe(1);
				} finally {
					stack.openai.reset();
				}
			}, CASE_TIMEOUT_MS);
		});
	});
}
