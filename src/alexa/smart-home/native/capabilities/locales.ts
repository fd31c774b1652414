/**
 * The locales Home Assistant declares for each Alexa interface (`supported_locales` in its
 * `capabilities.py`). An interface is left out of discovery when `HA_ALEXA_LOCALE` is not among
 * them, exactly as HA does, because Alexa rejects endpoints whose interfaces it cannot serve there.
 */

/** Every locale HA knows (PowerController, PlaybackController, InputController, …). */
export const ALL_LOCALES: ReadonlySet<string> = new Set([
  'ar-SA', 'de-DE', 'en-AU', 'en-CA', 'en-GB', 'en-IN', 'en-US', 'es-ES', 'es-MX', 'es-US', 'fr-CA', 'fr-FR', 'hi-IN', 'it-IT', 'ja-JP', 'pt-BR',
]);

/** All but Arabic (EqualizerController, ModeController, RangeController, …). */
export const ALL_BUT_ARABIC: ReadonlySet<string> = new Set([...ALL_LOCALES].filter((locale) => locale !== 'ar-SA'));

/** Alexa.Speaker. */
export const SPEAKER_LOCALES: ReadonlySet<string> = new Set(['de-DE', 'en-AU', 'en-CA', 'en-GB', 'en-IN', 'en-US', 'es-ES', 'es-MX', 'fr-FR', 'it-IT', 'ja-JP']);

/** Alexa.StepSpeaker. */
export const STEP_SPEAKER_LOCALES: ReadonlySet<string> = new Set(['de-DE', 'en-AU', 'en-CA', 'en-GB', 'en-IN', 'en-US', 'es-ES', 'fr-FR', 'it-IT']);

/** Alexa.SecurityPanelController. */
export const SECURITY_PANEL_LOCALES: ReadonlySet<string> = new Set([
  'de-DE', 'en-AU', 'en-CA', 'en-GB', 'en-IN', 'en-US', 'es-ES', 'es-MX', 'es-US', 'fr-CA', 'fr-FR', 'it-IT', 'ja-JP', 'pt-BR',
]);

/** Alexa.TimeHoldController (and EventDetectionSensor): US English only. */
export const EN_US_ONLY: ReadonlySet<string> = new Set(['en-US']);
