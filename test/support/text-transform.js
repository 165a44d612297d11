// Jest counterpart of esbuild's `text` loader: a .jsonl import is the file's text.
module.exports = {
	process(source) {
		return { code: `module.exports = { __esModule: true, default: ${JSON.stringify(source)} };` };
	},
};
