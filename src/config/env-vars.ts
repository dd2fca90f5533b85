// The one documented list of every environment variable flowctl reads. `.env.example` and the README's
// table are checked against it by a test, so a variable cannot be added without being documented.
// Names mirror the Platform's own header names with an `AEP_` prefix; flowctl's own settings use `FLOWCTL_`.

export interface EnvVar {
  name: string;
  description: string;
  /** Shown in .env.example; secrets have no example value. */
  example: string;
  secret?: boolean;
  /** Read from the real environment only, never from .env (so not in .env.example). */
  environmentOnly?: boolean;
}

export const DEFAULT_PLATFORM_URL = 'https://platform.adobe.io';
export const DEFAULT_IMS_URL = 'https://ims-na1.adobelogin.com';
export const DEFAULT_SCOPES = 'openid,session,AdobeID,read_organizations,additional_info.projectedProductContext';

export const ENV_VARS: readonly EnvVar[] = [
  { name: 'AEP_SANDBOX_NAME', description: 'Sandbox every request goes to (x-sandbox-name). Required: flowctl never falls back to prod.', example: 'dev' },
  { name: 'AEP_IMS_ORG', description: 'IMS organization id (x-gw-ims-org-id).', example: '5C1328435BF324E90A49402A@AdobeOrg' },
  { name: 'AEP_API_KEY', description: "The OAuth server-to-server credential's client id (x-api-key).", example: 'your-client-id' },
  { name: 'AEP_CLIENT_SECRET', description: 'The credential\'s client secret: flowctl gets and caches tokens itself.', example: '', secret: true },
  { name: 'AEP_ACCESS_TOKEN', description: 'A ready access token; used instead of AEP_CLIENT_SECRET when set.', example: '', secret: true },
  { name: 'AEP_SCOPES', description: `OAuth scopes, comma-separated (default: ${DEFAULT_SCOPES}).`, example: DEFAULT_SCOPES },
  { name: 'AEP_PLATFORM_URL', description: `Platform gateway (default: ${DEFAULT_PLATFORM_URL}).`, example: DEFAULT_PLATFORM_URL },
  { name: 'AEP_IMS_URL', description: `IMS host for tokens (default: ${DEFAULT_IMS_URL}).`, example: DEFAULT_IMS_URL },
  { name: 'FLOWCTL_TIMEOUT', description: 'Seconds one HTTP attempt may take (default: 30).', example: '30' },
  { name: 'FLOWCTL_MAX_RETRIES', description: 'Retries of a failed read or throttled request (default: 4).', example: '4' },
  { name: 'FLOWCTL_CACHE_DIR', description: 'Where tokens are cached (default: the user cache dir, e.g. ~/.cache/flowctl).', example: '' },
  { name: 'NO_COLOR', description: 'Any value turns colours off (https://no-color.org).', example: '', environmentOnly: true },
  { name: 'CI', description: 'Set by CI systems: no spinners, no prompts.', example: '', environmentOnly: true },
];
