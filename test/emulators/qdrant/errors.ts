/** Qdrant's error answers: `{status: {error}, time}` with the HTTP status Qdrant uses. */
export class QdrantError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export const notFound = (collection: string) => new QdrantError(404, `Not found: Collection \`${collection}\` doesn't exist!`);
export const badRequest = (message: string) => new QdrantError(400, message);
/** Qdrant's serde errors: "Format error in JSON body: ...". */
export const formatError = (message: string) => new QdrantError(400, `Format error in JSON body: ${message}`);
/** Qdrant's validator errors: 422 "Validation error in JSON body: [field: message]". */
export const validationError = (field: string, message: string) => new QdrantError(422, `Validation error in JSON body: [${field}: ${message}]`);
export const wrongInput = (message: string) => new QdrantError(400, `Wrong input: ${message}`);
