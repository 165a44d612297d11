import { OMNICREW, stableId, TemplateBuilder, type Template } from './nodes';

export interface ChannelSpec {
	slug: string;
	channel: 'whatsapp' | 'facebook' | 'instagram' | 'email' | 'webchat';
	label: string;
	/** Seconds a burst of messages is collected before answering (Chatwoot waits 5 s at most). */
	burstSeconds: number;
	en: string;
	pt: string;
}

export const CHANNELS: ChannelSpec[] = [
	{
		slug: 'whatsapp-crew',
		channel: 'whatsapp',
		label: 'WhatsApp',
		burstSeconds: 2,
		en: 'Short replies with WhatsApp markup (*bold*, lists). Customers often type in bursts: messages within 2 s are answered once.',
		pt: 'Respostas curtas com a formatação do WhatsApp (*negrito*, listas). Clientes digitam em rajadas: mensagens em até 2 s recebem uma resposta só.',
	},
	{
		slug: 'facebook-crew',
		channel: 'facebook',
		label: 'Facebook Messenger',
		burstSeconds: 2,
		en: 'Short replies without markdown (Messenger shows it literally).',
		pt: 'Respostas curtas sem markdown (o Messenger mostra os símbolos).',
	},
	{
		slug: 'instagram-crew',
		channel: 'instagram',
		label: 'Instagram Direct',
		burstSeconds: 2,
		en: 'Short replies without markdown, as Instagram Direct shows plain text only.',
		pt: 'Respostas curtas sem markdown: o Instagram Direct mostra só texto simples.',
	},
	{
		slug: 'email-crew',
		channel: 'email',
		label: 'E-mail',
		burstSeconds: 2,
		en: 'Replies framed with a greeting, paragraphs and the signature from the crew configuration (crew.formatting.greeting / signature). Chatwoot keeps the subject and the thread. E-mails of one conversation arriving within 2 s are answered once.',
		pt: 'Respostas com saudação, parágrafos e a assinatura da configuração da equipe (crew.formatting.greeting / signature). O Chatwoot mantém o assunto e a conversa. E-mails da mesma conversa em até 2 s recebem uma resposta só.',
	},
	{
		slug: 'webchat-crew',
		channel: 'webchat',
		label: 'Web chat',
		burstSeconds: 1,
		en: 'Replies keep markdown, which the Chatwoot web widget renders.',
		pt: 'As respostas mantêm markdown, que o widget do Chatwoot exibe.',
	},
];

const AGENTS = [
	{ name: 'Sales Agent', role: 'sales', output: 0 },
	{ name: 'Scheduling Agent', role: 'scheduling', output: 1 },
	{ name: 'Business Rules Agent', role: 'business_rules', output: 2 },
	{ name: 'Support Agent', role: 'support', output: 3 },
] as const;

const TRIGGER = 'Chatwoot Trigger';
const LOCK = 'conversation:{{ $json.conversation_id }}';

/**
 * One channel's crew: Chatwoot Trigger → wait for the conversation's turn → typing on → Crew
 * Router → four Specialist Agents or a person → reply → hand-off when needed → typing off →
 * release the turn → log the turn to the knowledge base. No If nodes: the steps skip what is
 * not theirs themselves, so a turn evaluates no n8n expression (see docs/benchmarks.md).
 */
export function channelCrew(spec: ChannelSpec): Template {
	const t = new TemplateBuilder(spec.slug, `OmniCrew · ${spec.label} crew`);
	const keep = { onError: 'continueRegularOutput' as const };

	t.note('About this workflow', [-420, -620], [560, 520], [
		`## ${spec.label} crew`,
		'',
		`**EN** Every customer message of a ${spec.label} inbox is routed to the right specialist — Sales, Scheduling, Business Rules, Support — or to a person, and answered from real data: prices, stock, orders and the calendar from Odoo, policies and procedures from the knowledge base. No AI model is needed: without one the agents answer from templates; connect any n8n chat model to the *Chat Model* inputs to have it phrase the answers (it never invents prices or dates: replies are checked against the data).`,
		'',
		`**PT** Cada mensagem de cliente de uma caixa de ${spec.label} vai para o especialista certo — Vendas, Agendamento, Regras do Negócio, Suporte — ou para uma pessoa, e é respondida com dados reais: preços, estoque, pedidos e agenda do Odoo, políticas e procedimentos da base de conhecimento. Não precisa de modelo de IA: sem ele os agentes respondem por modelos prontos; ligue qualquer modelo de chat do n8n nas entradas *Chat Model* para ele redigir as respostas (nunca inventa preço ou data: a resposta é conferida com os dados).`,
		'',
		'**Setup / Configuração:** Chatwoot → Settings → Bots → Agent Bot with this trigger\'s production URL, connected to the inbox; its secret goes into the *Chatwoot API* credential. Credentials: Chatwoot API, Redis (OmniCrew), Odoo API, Qdrant API, MongoDB (OmniCrew).',
	].join('\n'));
	t.note('Channel settings', [-420, -80], [560, 300], [
		`### ${spec.label}`,
		'',
		`**EN** ${spec.en} Per tenant, the crew (agents, instructions, tone, maximum length, greeting and signature) lives in the tenant configuration: change it with the *Tenant Config* node (\`config_put_crew\`), no workflow edit needed.`,
		'',
		`**PT** ${spec.pt} Por empresa, a equipe (agentes, instruções, tom, tamanho máximo, saudação e assinatura) fica na configuração do tenant: altere com o nó *Tenant Config* (\`config_put_crew\`), sem editar o workflow.`,
	].join('\n'), 5);
	t.note('Step 1', [200, -560], [540, 330], [
		'### 1 · Receive, in order / Receber, em ordem',
		'**EN** The trigger checks Chatwoot\'s signature, keeps only customer messages the bot should answer (no echo of its own replies), drops redeliveries and numbers each message of a conversation. *Wait Turn* lets one message of a conversation through at a time, in that order — also across queue-mode workers; if a worker dies mid-answer, the next message takes its turn over and answers it first (a message answered that way stops here when it comes back).',
		'**PT** O gatilho confere a assinatura do Chatwoot, aceita só mensagens do cliente que o bot deve responder (sem eco das próprias respostas), descarta reenvios e numera as mensagens de cada conversa. *Wait Turn* deixa passar uma mensagem por vez de cada conversa, nessa ordem — também entre workers do modo fila; se um worker cai no meio de uma resposta, a mensagem seguinte assume a vez e responde a anterior primeiro (uma mensagem já respondida assim para aqui quando volta).',
	].join('\n'));
	t.note('Step 2', [770, -560], [600, 220], [
		'### 2 · Route and answer / Encaminhar e responder',
		'**EN** The *Crew Router* picks the specialist (requests for a person, anger and Procon / Reclame Aqui threats always go to Human). Each agent answers only with figures that came from Odoo or the knowledge base in this turn, or hands off.',
		'**PT** O *Crew Router* escolhe o especialista (pedido de atendente, raiva e ameaças de Procon / Reclame Aqui sempre vão para Humano). Cada agente só responde com números vindos do Odoo ou da base de conhecimento neste turno, ou passa para uma pessoa.',
	].join('\n'));
	t.note('Step 3', [1280, -330], [1120, 240], [
		'### 3 · Reply, hand off, log / Responder, transferir, registrar',
		'**EN** *Reply* sends the answer, when there is one; *Hand Off* acts only on turns the crew marked for a person: the conversation is opened for the team with a private note saying why, and the bot stays silent from then on. The turn is then released for the conversation\'s next message and logged to the knowledge base (*interactions*).',
		'**PT** *Reply* envia a resposta, quando há uma; *Hand Off* só age nos turnos que a equipe marcou para uma pessoa: a conversa é aberta para a equipe com uma nota privada explicando o motivo, e o bot fica em silêncio dali em diante. O turno é então liberado para a próxima mensagem da conversa e registrado na base de conhecimento (*interactions*).',
	].join('\n'));

	t.node(
		TRIGGER,
		`${OMNICREW}.chatwootTrigger`,
		2,
		[240, 0],
		{
			registration: 'manual',
			events: ['message_created'],
			onlyAnswerable: true,
			statuses: ['pending'],
			options: spec.burstSeconds > 0 ? { groupingWindowSeconds: spec.burstSeconds } : {},
		},
		{ webhookId: stableId(spec.slug, 'webhook'), credentials: ['chatwoot', 'redis'] },
	);
	t.node(
		'Wait Turn',
		`${OMNICREW}.tenantCache`,
		1,
		[460, 0],
		{
			operation: 'lock',
			tenantId: '={{ $json.tenant_id }}',
			lockName: `=${LOCK}`,
			ticket: '={{ $json.sequence ?? 0 }}',
			options: { ttlSeconds: 45, waitMs: 60000, dropAnswered: true },
			resultField: 'turn',
		},
		{ credentials: ['redis'], ...keep },
	);
	t.node(
		'Typing On',
		`${OMNICREW}.chatwoot`,
		1,
		[760, -180],
		{ operation: 'toggleTyping', tenantId: '={{ $json.tenant_id }}', conversationId: '={{ $json.conversation_id }}', typing: 'on', resultField: 'typing' },
		{ credentials: ['chatwoot'], ...keep },
	);
	t.node(
		'Crew Router',
		`${OMNICREW}.crewRouter`,
		1,
		[760, 80],
		{ tenantId: '={{ $json.tenant_id }}', channel: '={{ $json.channel }}', text: '={{ $json.text }}', conversationId: '={{ $json.conversation_id }}' },
		{ credentials: ['mongo', 'redis'] },
	);
	AGENTS.forEach((agent, index) => {
		t.node(
			agent.name,
			`${OMNICREW}.specialistAgent`,
			1,
			[1040, -240 + index * 160],
			{
				role: agent.role,
				tenantId: '={{ $json.tenant_id }}',
				channel: '={{ $json.channel }}',
				text: '={{ $json.text }}',
				conversationId: '={{ $json.conversation_id }}',
				contactName: '={{ $json.contact?.name ?? "" }}',
				contactPhone: '={{ $json.contact?.phone ?? "" }}',
				contactEmail: '={{ $json.contact?.email ?? "" }}',
			},
			{ credentials: ['odoo', 'qdrant', 'redis', 'mongo'] },
		);
	});
	t.node(
		'Reply',
		`${OMNICREW}.chatwoot`,
		1,
		[1320, 0],
		{ operation: 'sendMessage', tenantId: '={{ $json.tenant_id }}', conversationId: '={{ $json.conversation_id }}', content: '={{ $json.reply ?? "" }}', skipEmpty: true, turnTicket: '={{ $json.sequence ?? 0 }}', resultField: 'sent' },
		{ credentials: ['chatwoot'], ...keep },
	);
	t.node(
		'Hand Off',
		`${OMNICREW}.chatwoot`,
		1,
		[1540, 0],
		{
			operation: 'handoff',
			tenantId: '={{ $json.tenant_id }}',
			conversationId: '={{ $json.conversation_id }}',
			reason: "={{ 'OmniCrew: ' + ($json.handoff_reason ?? 'human') + ' — ' + ($json.route?.agent ?? '') + ' — \"' + ($json.text ?? '').slice(0, 300) + '\"' }}",
			labels: 'atendimento-humano',
			onlyMarked: true,
			resultField: 'handed_off',
		},
		{ credentials: ['chatwoot'], ...keep },
	);
	t.node(
		'Typing Off',
		`${OMNICREW}.chatwoot`,
		1,
		[1760, 0],
		{ operation: 'toggleTyping', tenantId: '={{ $json.tenant_id }}', conversationId: '={{ $json.conversation_id }}', typing: 'off', resultField: 'typing' },
		{ credentials: ['chatwoot'], ...keep },
	);
	t.node(
		'Log Interaction',
		`${OMNICREW}.knowledgeBase`,
		1,
		[2200, 0],
		{
			operation: 'logInteraction',
			tenantId: '={{ $json.tenant_id }}',
			conversationId: '={{ $json.conversation_id }}',
			channel: '={{ $json.channel }}',
			agent: '={{ $json.route?.agent ?? "" }}',
			intent: '={{ $json.route?.intent ?? "" }}',
			outcome: "={{ $json.handoff ? 'handoff' : 'answered' }}",
			question: '={{ $json.text }}',
			answer: '={{ $json.reply ?? "" }}',
			resultField: 'logged',
		},
		{ credentials: ['qdrant'], ...keep },
	);
	t.node(
		'Finish Turn',
		`${OMNICREW}.tenantCache`,
		1,
		[1980, 0],
		{
			operation: 'unlock',
			tenantId: '={{ $json.tenant_id }}',
			lockName: `=${LOCK}`,
			token: "={{ $json.turn?.token ?? 'none' }}",
			ticket: '={{ $json.sequence ?? 0 }}',
			resultField: 'released',
		},
		{ credentials: ['redis'], ...keep },
	);

	t.connect(TRIGGER, 'Wait Turn');
	t.connect('Wait Turn', 'Typing On');
	t.connect('Wait Turn', 'Crew Router');
	for (const agent of AGENTS) {
		t.connect('Crew Router', agent.name, agent.output);
		t.connect(agent.name, 'Reply');
	}
	t.connect('Crew Router', 'Reply', 4);
	t.connect('Reply', 'Hand Off');
	t.connect('Hand Off', 'Typing Off');
	// the turn is released once the customer has the answer; logging it need not hold the next message back
	t.connect('Typing Off', 'Finish Turn');
	t.connect('Finish Turn', 'Log Interaction');
	return t.build();
}
