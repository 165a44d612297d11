import type { McpServer } from './sdk';

export interface EnvVariable {
	name: string;
	required: boolean;
	description: string;
}

/** A server's context opened from the environment: build servers over it, close it once. */
export interface OpenedServer {
	build(): McpServer;
	close(): Promise<void>;
}

/** What `omnicrew-mcp` knows about one server, enough for --help without connecting anywhere. */
export interface ServerEntry {
	name: string;
	/** Prefixes its tool names use (default: the server name), e.g. config_* and data_*. */
	toolPrefixes?: readonly string[];
	summary: string;
	variables: EnvVariable[];
	tools: ReadonlyArray<{ name: string; description: string }>;
	open(env: Readonly<Record<string, string | undefined>>): Promise<OpenedServer>;
}
