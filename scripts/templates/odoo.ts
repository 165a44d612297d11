import { ifParameters, OMNICREW, stableId, TemplateBuilder, type Template } from './nodes';

/** Odoo users talk to the ERP agent in Discuss; writes wait for a "yes" in the chat. */
export function odooErpAgent(): Template {
	const t = new TemplateBuilder('odoo-erp-agent', 'OmniCrew · Odoo ERP agent');
	t.note('About this workflow', [-420, -560], [560, 480], [
		'## Odoo ERP agent',
		'',
		'**EN** Odoo users write to the agent in Discuss (the OmniCrew Odoo addon sends each message as a signed `discuss.message` event). The *ERP Operator* agent reads and changes Odoo data with the `erp_operator` profile. Anything that writes or deletes is not done at once: the agent describes it and asks for confirmation in the chat; a "yes" runs it, a "no" drops it. Connect an n8n chat model to the agent\'s *Chat Model* input to let it plan multi-step requests.',
		'',
		'**PT** Usuários do Odoo escrevem para o agente no Discuss (o addon OmniCrew envia cada mensagem como evento assinado `discuss.message`). O agente *ERP Operator* lê e altera dados do Odoo com o perfil `erp_operator`. O que grava ou apaga não é feito na hora: o agente descreve a ação e pede confirmação no chat; "sim" executa, "não" descarta. Ligue um modelo de chat do n8n na entrada *Chat Model* do agente para pedidos de vários passos.',
		'',
		'**Setup / Configuração:** Odoo → OmniCrew → webhook URL = this trigger\'s production URL, same secret as the *Odoo API* credential. Credentials: Odoo API, Redis (OmniCrew), MongoDB (OmniCrew).',
	].join('\n'));
	t.note('Loop guard', [200, -300], [460, 220], [
		'### No echo / Sem eco',
		'**EN** The agent\'s own answers arrive as Discuss messages too: each one is remembered when posted and skipped when it comes back.',
		'**PT** As respostas do próprio agente também chegam como mensagens do Discuss: cada uma é lembrada ao ser postada e ignorada quando volta.',
	].join('\n'));
	t.node('Odoo Trigger', `${OMNICREW}.odooTrigger`, 2, [240, 0], { events: ['discuss.message'], models: '' }, { webhookId: stableId('odoo-erp-agent', 'webhook'), credentials: ['odoo', 'redis'] });
	t.node(
		'Own Answer?',
		`${OMNICREW}.tenantCache`,
		1,
		[460, 0],
		{ operation: 'seen', tenantId: '={{ $json.tenant_id }}', eventId: '=odoo:agent-post:{{ $json.values.message_id }}', resultField: 'own' },
		{ credentials: ['redis'] },
	);
	t.node('From a Person?', 'n8n-nodes-base.if', 2.2, [680, 0], ifParameters('$json.own?.seen !== true'));
	t.node(
		'ERP Operator',
		`${OMNICREW}.specialistAgent`,
		1,
		[920, -100],
		{
			role: 'erp_operator',
			tenantId: '={{ $json.tenant_id }}',
			channel: 'webchat',
			// Discuss stores HTML; the agent reads the words.
			text: "={{ String($json.values.body ?? '').replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\\s+/g, ' ').trim() }}",
			conversationId: '=discuss:{{ $json.values.channel_id }}',
			contactName: '',
			contactPhone: '',
			contactEmail: '',
		},
		{ credentials: ['odoo', 'redis', 'mongo'] },
	);
	t.node(
		'Answer in Discuss',
		`${OMNICREW}.odoo`,
		1,
		[1240, -100],
		{
			profile: 'erp_operator',
			operation: 'postMessage',
			model: 'discuss.channel',
			resId: '={{ $json.values.channel_id }}',
			body: '={{ $json.reply }}',
			resultField: 'posted',
		},
		{ credentials: ['odoo'] },
	);
	t.node(
		'Remember Own Answer',
		`${OMNICREW}.tenantCache`,
		1,
		[1500, -100],
		{ operation: 'seen', tenantId: '={{ $json.tenant_id }}', eventId: '=odoo:agent-post:{{ $json.posted.message_id }}', resultField: 'remembered' },
		{ credentials: ['redis'], onError: 'continueRegularOutput' },
	);
	t.connect('Odoo Trigger', 'Own Answer?');
	t.connect('Own Answer?', 'From a Person?');
	t.connect('From a Person?', 'ERP Operator', 0);
	t.connect('ERP Operator', 'Answer in Discuss');
	t.connect('Answer in Discuss', 'Remember Own Answer');
	return t.build();
}

/** Keeps each tenant's product knowledge in step with Odoo: on change, and every night. */
export function knowledgeSync(): Template {
	const t = new TemplateBuilder('knowledge-sync', 'OmniCrew · Knowledge sync from Odoo');
	t.note('About this workflow', [-420, -560], [560, 440], [
		'## Knowledge sync',
		'',
		'**EN** Product names, descriptions, categories and barcodes go from Odoo to the tenant\'s *products* knowledge collection, incrementally (only what changed since the last sync; archived products are removed). It runs when the OmniCrew addon reports a product change or a stock change, and every night at 03:00 for the tenants listed in *Tenants*. Cached entries tagged with a touched product (`product:<id>`) are invalidated. Prices and stock are never copied: agents read them live from Odoo.',
		'',
		'**PT** Nome, descrição, categoria e código de barras dos produtos vão do Odoo para a coleção *products* do tenant, de forma incremental (só o que mudou desde a última sincronização; produtos arquivados são removidos). Roda quando o addon OmniCrew avisa uma mudança de produto ou de estoque, e toda noite às 03:00 para os tenants listados em *Tenants*. Entradas do cache marcadas com um produto alterado (`product:<id>`) são invalidadas. Preço e estoque nunca são copiados: os agentes leem ao vivo do Odoo.',
		'',
		'Credentials: Odoo API, Qdrant API, Redis (OmniCrew).',
	].join('\n'));
	t.node(
		'Odoo Trigger',
		`${OMNICREW}.odooTrigger`,
		2,
		[240, 0],
		{ events: ['record.created', 'record.updated', 'record.deleted', 'stock.changed'], models: 'product.product, product.template' },
		{ webhookId: stableId('knowledge-sync', 'webhook'), credentials: ['odoo', 'redis'] },
	);
	t.node('Every Night', 'n8n-nodes-base.scheduleTrigger', 1.2, [240, 260], { rule: { interval: [{ field: 'cronExpression', expression: '0 3 * * *' }] } });
	t.node('Tenants', 'n8n-nodes-base.set', 3.4, [460, 260], {
		assignments: { assignments: [{ id: stableId('knowledge-sync', 'tenant'), name: 'tenant_id', value: '1', type: 'string' }] },
		options: {},
	});
	t.node(
		'Sync Products',
		`${OMNICREW}.knowledgeBase`,
		1,
		[700, 100],
		{ operation: 'syncProducts', tenantId: '={{ $json.tenant_id }}', full: false, resultField: 'sync' },
		{ credentials: ['qdrant', 'odoo'] },
	);
	t.node('Products Changed?', 'n8n-nodes-base.if', 2.2, [1000, 100], ifParameters('Array.isArray($json.record_ids) && $json.record_ids.length > 0'));
	t.node('One Item per Product', 'n8n-nodes-base.splitOut', 1, [1240, 0], { fieldToSplitOut: 'record_ids', include: 'allOtherFields', options: { destinationFieldName: 'product_id' } });
	t.node(
		'Invalidate Product Cache',
		`${OMNICREW}.tenantCache`,
		1,
		[1480, 0],
		{ operation: 'invalidate', tenantId: '={{ $json.tenant_id }}', tag: '=product:{{ $json.product_id }}', resultField: 'invalidated' },
		{ credentials: ['redis'] },
	);
	t.connect('Odoo Trigger', 'Sync Products');
	t.connect('Every Night', 'Tenants');
	t.connect('Tenants', 'Sync Products');
	t.connect('Sync Products', 'Products Changed?');
	t.connect('Products Changed?', 'One Item per Product', 0);
	t.connect('One Item per Product', 'Invalidate Product Cache');
	return t.build();
}
