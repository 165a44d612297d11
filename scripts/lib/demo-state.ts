import { join } from 'node:path';

/** What `npm run demo` leaves for `npm run demo:say` (loopback URLs and a local API key; removed on exit). */
export interface DemoState {
	n8n: string;
	apiKey: string;
	chatwoot: string;
	tenantId: string;
	/** Workflow ids by template name (whatsapp-crew, ...). */
	workflows: Record<string, string>;
}

export const demoStatePath = (userFolder: string): string => join(userFolder, 'omnicrew-demo.json');
