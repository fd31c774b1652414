/**
 * Alexa.CameraStreamController, offered exactly where HA offers it: the camera supports STREAM, HA
 * runs the `stream` integration, and HA has an external URL Alexa can fetch (https, a host name
 * rather than an IP address, port 443).
 *
 * Starting a stream is a different matter: HA creates the HLS stream inside its own process
 * (`camera.async_request_stream`) and hands out its URL only over the WebSocket API, not over REST.
 * Native mode therefore answers `InitializeCameraStreams` with an error that says so; proxy mode
 * (`HA_ALEXA_MODE=proxy`) lets HA answer it.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-camerastreamcontroller.html
 */
import type { HaConfig } from '../../../../homeassistant/index.js';
import { AlexaInternalError } from '../../errors.js';
import { ALL_LOCALES } from './locales.js';
import type { Capability, CapabilityInstance } from './types.js';

const STREAM = 2;

export const CAMERA_STREAM_CONTROLLER_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.CameraStreamController',
  supported: [],
  locales: ALL_LOCALES,
  extra: {
    cameraStreamConfigurations: [
      { protocols: ['HLS'], resolutions: [{ width: 1280, height: 720 }], authorizationTypes: ['NONE'], videoCodecs: ['H264'], audioCodecs: ['AAC'] },
    ],
  },
};

/** An IPv4 or IPv6 literal (WHATWG URL keeps IPv6 hosts in brackets). */
function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}

/**
 * HA's `get_url(allow_internal=False, allow_ip=False, require_ssl=True, require_standard_port=True)`
 * on the external URL: the URL Alexa would fetch the stream from, or undefined.
 */
export function alexaReachableUrl(config: HaConfig | undefined): string | undefined {
  const external = config?.external_url;
  if (typeof external !== 'string' || external === '') return undefined;
  let url: URL;
  try {
    url = new URL(external);
  } catch {
    return undefined;
  }
  // URL drops the default port, so an explicit ":443" reads as '' like no port at all.
  if (url.protocol !== 'https:' || url.port !== '' || isIpAddress(url.hostname)) return undefined;
  return external.replace(/\/+$/, '');
}

/** True when HA would offer a stream for this camera: STREAM feature, `stream` loaded, usable external URL. */
export function cameraCanStream(features: number, config: HaConfig | undefined): boolean {
  return (features & STREAM) !== 0 && (config?.components ?? []).includes('stream') && alexaReachableUrl(config) !== undefined;
}

export const cameraStreamController: Capability = {
  namespace: 'Alexa.CameraStreamController',
  directives: {
    // Only reached for a camera that declares the interface (stream integration and an https
    // external_url on port 443): `control` refuses the others with INVALID_DIRECTIVE.
    InitializeCameraStreams: (ctx) =>
      Promise.reject(new AlexaInternalError(`${ctx.entity.entityId}: Home Assistant gives out camera stream URLs only over its WebSocket API; use HA_ALEXA_MODE=proxy to view cameras`)),
  },
};
