// A Platform client for unit tests: an organisation, an API key and a static token (so that no token is ever
// requested), and no real sleeping. Each test file adds what it varies: its clock, a sleep that records, a
// scripted transport.

import { createPlatformClient, type PlatformClient, type PlatformClientOptions } from '../../src/platform/client.js';

export function testClient(options: Partial<PlatformClientOptions> = {}): Promise<PlatformClient> {
  return createPlatformClient({ sandbox: 'dev', orgId: 'ORG@AdobeOrg', clientId: 'cid', accessToken: 'tok', sleep: async () => {}, ...options });
}
