import packageJson from '../package.json';

/** The package version, reported by every MCP server and `omnicrew-mcp --version`. */
export const VERSION: string = packageJson.version;
