import { NodeOperationError, type INode } from 'n8n-workflow';

import { errorMessageOf } from '../errors';

interface CredentialReader {
	getNode(): INode;
	getCredentials<T extends object>(type: string): Promise<T>;
}

/**
 * Whether the node has a credential of this type selected. n8n (2.41, n8n-core's
 * `_getCredentials`) throws for an optional type exactly when `node.credentials[type]` is unset:
 * that, and only that, means "run without it".
 */
export const isCredentialSelected = (node: INode, type: string): boolean => Boolean(node.credentials?.[type]);

/**
 * An optional credential of a node, or undefined when none is selected. A selected credential
 * that cannot be read (it cannot be decrypted, it was deleted) is an error naming it, never a
 * silent run without it.
 */
export async function optionalCredential<T extends object>(
	ctx: CredentialReader,
	type: string,
	label: string,
	read: (type: string) => Promise<T> = async (t) => await ctx.getCredentials<T>(t),
): Promise<T | undefined> {
	if (!isCredentialSelected(ctx.getNode(), type)) return undefined;
	try {
		return await read(type);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `The ${label} credential is set but could not be read: ${errorMessageOf(error)}`, {
			description: 'Fix the credential, or remove it from the node to run without it.',
		});
	}
}
