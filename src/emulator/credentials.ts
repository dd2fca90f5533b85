// The emulator's one OAuth server-to-server credential, printed by `flowctl emulator start` as .env lines.
// These are local test values, not secrets of anyone's.

export interface EmulatorCredentials {
  clientId: string;
  clientSecret: string;
  orgId: string;
  /** Scopes the credential may ask for (like the scopes listed on a credential in Developer Console). */
  scopes: readonly string[];
}

export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
  clientId: 'flowctl-emulator',
  clientSecret: 'flowctl-emulator-secret',
  orgId: 'F10C71E0000000000000000A@AdobeOrg',
  scopes: ['openid', 'session', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext'],
};
