import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sotong_session',
    description: 'Browser session. Mutations also need the `x-csrf-token` header from GET /api/auth/session.',
  });
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'Personal API token (`stk_…`), scoped to one workspace and a set of roles.',
  });
  return registry;
}

export function openApiDocument(registry: OpenAPIRegistry, serverUrl: string) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Sotong API',
      version: '0.1.0',
      description:
        'Content calendar and multichannel publishing. Errors are `{ "error": { "code", "message", "details" } }`; validation errors list each field and rule in `details`.',
    },
    servers: [{ url: serverUrl }],
  });
}
