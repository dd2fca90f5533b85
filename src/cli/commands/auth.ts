// flowctl auth status | token | logout

import { formatFields } from '../../output/table.js';
import { formatTime } from '../../output/format.js';
import { example } from '../options.js';
import type { Program } from '../program.js';
import type { Runner } from '../runner.js';

export function register(program: Program, run: Runner): void {
  const auth = program.command('auth').description('Show or print the access token; forget the cached one');

  auth
    .command('status')
    .description('Check the credentials: gets a token (from the cache if valid) and shows org, client id, sandbox and expiry')
    .addHelpText('after', example('flowctl auth status', 'flowctl auth status --json'))
    .action(
      run(async (ctx) => {
        const config = ctx.config;
        const provider = await ctx.tokens();
        const token = await ctx.out.spin('Getting a token', () => provider.info());
        const expiresIn = token.expiresAt === undefined ? undefined : Math.round((token.expiresAt - ctx.now()) / 1000);
        const status = {
          orgId: config.orgId,
          clientId: config.clientId,
          sandbox: config.sandbox ?? null,
          platformUrl: config.platformUrl,
          imsUrl: config.imsUrl,
          tokenSource: token.origin,
          expiresAt: token.expiresAt === undefined ? null : new Date(token.expiresAt).toISOString(),
          expiresInSeconds: expiresIn ?? null,
        };
        ctx.out.result(status, () =>
          formatFields(
            [
              ['Organization', status.orgId],
              ['Client id', status.clientId],
              ['Sandbox', status.sandbox ?? 'not set (set AEP_SANDBOX_NAME or pass --sandbox)'],
              ['Platform', status.platformUrl],
              ['IMS', status.imsUrl],
              ['Token from', token.origin === 'ims' ? 'IMS (new, cached)' : token.origin],
              ['Expires', token.expiresAt === undefined ? 'unknown' : `${formatTime(token.expiresAt)} (in ${Math.max(0, Math.round((expiresIn ?? 0) / 60))} min)`],
            ],
            ctx.out.style.dim,
          ),
        );
      }),
    );

  auth
    .command('token')
    .description('Print the access token on stdout, for scripts (it is a secret: do not log it)')
    .addHelpText('after', example('flowctl auth token', 'curl -H "Authorization: Bearer $(flowctl auth token)" …'))
    .action(
      run(async (ctx) => {
        const provider = await ctx.tokens();
        const token = await provider.getToken();
        if (ctx.out.json) ctx.out.result({ accessToken: token }, () => '');
        else ctx.io.stdout.write(`${token}\n`);
      }),
    );

  auth
    .command('logout')
    .description('Delete the cached token of the configured credential')
    .addHelpText('after', example('flowctl auth logout'))
    .action(
      run(async (ctx) => {
        const provider = await ctx.tokens();
        const removed = await provider.forget();
        ctx.out.changed(removed ? 'Removed the cached token' : 'No cached token to remove', { removed });
      }),
    );
}
