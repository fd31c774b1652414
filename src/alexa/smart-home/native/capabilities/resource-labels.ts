/**
 * Friendly-name labels of capability resources, as HA writes them: names from Alexa's global
 * catalog (`Alexa.Setting.FanSpeed`, `Alexa.Value.Maximum`, …) become assets, anything else is text
 * in en-US.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/resources-and-assets.html
 */

export type Label = { '@type': 'asset'; value: { assetId: string } } | { '@type': 'text'; value: { text: string; locale: 'en-US' } };

export function label(name: string): Label {
  return name.startsWith('Alexa.') ? { '@type': 'asset', value: { assetId: name } } : { '@type': 'text', value: { text: name, locale: 'en-US' } };
}

/** `{ friendlyNames: [...] }` for a list of names. */
export function friendlyNames(names: readonly string[]): { friendlyNames: Label[] } {
  return { friendlyNames: names.map(label) };
}
