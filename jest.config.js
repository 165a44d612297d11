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

const project = (name) => ({
	displayName: name,
	testEnvironment: 'node',
	transform,
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	moduleFileExtensions: ['ts', 'js', 'json', 'jsonl'],
	setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeout.js'],
});

module.exports = {
	// each project's test timeout: test/support/jest-timeout.js
	projects: [project('unit'), project('integration'), project('e2e'), project('real-odoo')],
};
