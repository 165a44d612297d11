import { sharedSchemaValidator } from '../../lib/mcp/schema-validator';

describe('sharedSchemaValidator', () => {
	const schema = () => ({ type: 'object', properties: { price: { type: 'number' } }, required: ['price'] }) as const;

	it('validates like the SDK\'s Ajv validator', () => {
		const check = sharedSchemaValidator.getValidator<{ price: number }>(schema());
		expect(check({ price: 10 })).toEqual({ valid: true, data: { price: 10 }, errorMessage: undefined });
		const refused = check({ price: 'ten' });
		expect(refused.valid).toBe(false);
		expect(refused.errorMessage).toMatch(/price/);
	});

	it('compiles a schema once however many copies of it it is handed', () => {
		expect(sharedSchemaValidator.getValidator(schema())).toBe(sharedSchemaValidator.getValidator(schema()));
		expect(sharedSchemaValidator.getValidator({ type: 'string' })).not.toBe(sharedSchemaValidator.getValidator(schema()));
	});
});
