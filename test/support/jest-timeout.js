// Jest reads testTimeout only from the global configuration, not from a project's: each project's
// files get their own default here (the e2e and real-Odoo suites start real n8n and Odoo).
const TIMEOUTS = { unit: 10_000, integration: 60_000, e2e: 240_000, 'real-odoo': 180_000 };
const path = expect.getState().testPath ?? '';
const project = Object.keys(TIMEOUTS).find((name) => path.includes(`/test/${name}/`));
if (project) jest.setTimeout(TIMEOUTS[project]);
