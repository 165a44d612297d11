/**
 * Four projects: unit (no services), integration (real redis-server), e2e (real n8n 2.41.1), and
 * real-odoo (a real Odoo 17, 18 and 19 from the sources named by OMNICREW_ODOO17_SRC/18/19; each
 * suite skips itself, saying so, when its variable is not set).
 */
const transform = {
	'^.+\\.ts$': [
		'@swc/jest',
		{ jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
	],
	'^.+\\.jsonl$': '<rootDir>/test/support/text-transform.js',
};

const project = (name, timeout) => ({
	displayName: name,
	testEnvironment: 'node',
	transform,
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	moduleFileExtensions: ['ts', 'js', 'json', 'jsonl'],
	testTimeout: timeout,
});

module.exports = {
	projects: [project('unit', 10_000), project('integration', 60_000), project('e2e', 240_000), project('real-odoo', 120_000)],
};
