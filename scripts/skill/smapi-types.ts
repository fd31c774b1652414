/**
 * The few SMAPI shapes skill:deploy reads, written out by hand from Amazon's reference (the
 * `ask-smapi-model` package has them all, but as a 2023 snapshot of a maintenance-mode SDK; these
 * eight are all we need).
 *
 * @see https://developer.amazon.com/docs/alexa/smapi/skill-operations.html
 * @see https://developer.amazon.com/docs/alexa/smapi/account-linking-schemas.html
 */

export type JsonObject = { [key: string]: unknown };

/** `GET /v1/vendors` */
export interface Vendor {
  id: string;
  name: string;
  roles?: string[];
}

/** One entry of `GET /v1/skills?vendorId=…`. */
export interface SkillSummary {
  skillId: string;
  stage?: string;
  apis?: string[];
  nameByLocale?: Record<string, string>;
}

/** `{ manifest: {…} }`, the body of `POST /v1/skills` (with `vendorId`) and of the manifest resource. */
export interface ManifestEnvelope {
  manifest: JsonObject;
}

/** `{ interactionModel: { languageModel: {…} } }` for one locale. */
export interface InteractionModelEnvelope {
  interactionModel: JsonObject;
}

/** The body of `PUT …/accountLinkingClient`. `GET` answers `accountLinkingResponse`, without the secret. */
export interface AccountLinkingRequest {
  type: 'AUTH_CODE' | 'IMPLICIT';
  authorizationUrl: string;
  accessTokenUrl: string;
  clientId: string;
  clientSecret: string;
  accessTokenScheme: 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';
  scopes: string[];
  domains: string[];
}

export type BuildStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

/** One error or warning in a status answer; `validationDetails` sometimes locates the field. */
export interface StatusMessage {
  code?: string;
  message: string;
  validationDetails?: { originalInstance?: { propertyPath?: string } };
}

export interface LastUpdateRequest {
  status: BuildStatus;
  errors?: StatusMessage[];
  warnings?: StatusMessage[];
}

/** `GET /v1/skills/{skillId}/status` */
export interface SkillStatus {
  manifest?: { lastUpdateRequest?: LastUpdateRequest };
  interactionModel?: Record<string, { lastUpdateRequest?: LastUpdateRequest }>;
}
