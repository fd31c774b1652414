/** The events code's own errors. Messages name the fix and never hold a token, a code or a secret. */
import { AlexaError } from '../smart-home/errors.js';

/** AcceptGrant could not be completed: `Alexa.Authorization` `ErrorResponse` `ACCEPT_GRANT_FAILED`. */
export class AlexaAcceptGrantFailedError extends AlexaError {
  override readonly namespace = 'Alexa.Authorization';
  override readonly type = 'ACCEPT_GRANT_FAILED';
}

/** No usable grant: nothing can be sent until the skill is linked again in this region. */
export class NoGrantError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NoGrantError';
  }
}
