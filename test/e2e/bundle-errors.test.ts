// The CLI's group bundles shorten identifiers, class names included (scripts/build.mjs): the built CLI must still
// tell the Platform's errors apart, by the names they say themselves (platform/errors.ts), for its hints and exit
// codes. A class that took its name from the class again would print no hint here.

import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startFakePlatform } from '../helpers/fake-platform.js';
import { runBin } from '../helpers/spawn.js';

const FLOW_ID = '2edc08ac-4df5-4fe6-936f-81a19ce92f5c';

describe('errors in the built CLI', () => {
  it.each([
    [404, 4, 'check the id and the sandbox'],
    [401, 3, 'the token was rejected'],
    [429, 1, 'the Platform is throttling'],
  ])('a %i from the Platform gets its hint and exit code %i', async (status, exitCode, hint) => {
    const platform = await startFakePlatform(() => ({ status, body: { title: 'refused', status }, headers: { 'retry-after': '0' } }));
    try {
      const env = { AEP_PLATFORM_URL: platform.url, AEP_ACCESS_TOKEN: 'bundle-token', AEP_API_KEY: 'bundle', AEP_IMS_ORG: 'BUNDLE@AdobeOrg', AEP_SANDBOX_NAME: 'dev', FLOWCTL_CACHE_DIR: tempDir(), FLOWCTL_MAX_RETRIES: '0' };
      const result = await runBin(['flow', 'get', FLOW_ID], { env });
      expect(result.code, result.stderr).toBe(exitCode);
      expect(result.stderr).toContain(hint);
    } finally {
      await platform.close();
    }
  });
});
