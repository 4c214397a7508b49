// @ts-nocheck
export * from "./budgets.js";
export { type CredentialSchemas, credentialSchemas, parseCredentials } from "./credential-schemas.js";
export { open, seal, tamperError } from "./crypto.js";
export * from "./job-slots.js";
export { keyPart, tenantKey } from "./keys.js";
export * from "./permissions.js";
export * from "./policy.js";
export * from "./tenant-credentials.js";
