// flowctl flowspec get | list
// Flow specs say which sources may feed which targets, with which schedule (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql).

import { NotFoundError } from '../../platform/errors.js';
import { checkUuid } from '../../platform/ids.js';
import { CRM_TO_AEP_FLOW_SPEC_NAME } from '../../platform/specs.js';
import { formatFields } from '../../output/table.js';
import { specLabel } from '../describe.js';
import { ALL_HELP, checkText, example, LIMIT_HELP } from '../options.js';
import type { Program } from '../program.js';
import type { Runner } from '../runner.js';
import { listAction } from '../resource-commands.js';

export function register(program: Program, run: Runner): void {
  const flowspec = program.command('flowspec').description('Flow specs (CRMToAEP for databases)');

  flowspec
    .command('get')
    .description('Show a flow spec by id, or by name (default: CRMToAEP, the one databases use)')
    .argument('[id]', 'flow spec id')
    .option('--name <name>', 'flow spec name', CRM_TO_AEP_FLOW_SPEC_NAME)
    .addHelpText('after', example('flowctl flowspec get', 'flowctl flowspec get --json | jq .sourceConnectionSpecIds'))
    .action(
      run(async (ctx, flags, [id]) => {
        const name = checkText('--name', flags.name) ?? CRM_TO_AEP_FLOW_SPEC_NAME;
        const flowService = (await ctx.client()).flowService;
        const spec = id !== undefined ? await flowService.flowSpecs.get(checkUuid(id, 'flow spec id')) : await flowService.flowSpecs.findOneByName(name);
        if (!spec) throw new NotFoundError({ status: 404, title: `no flow spec named ${name}` });
        ctx.out.result(spec, () =>
          formatFields(
            [
              ['Id', spec.id],
              ['Name', spec.name],
              ['Version', spec.version],
              ['Sources', `${spec.sourceConnectionSpecIds?.length ?? 0} connection specs`],
              ...(spec.sourceConnectionSpecIds ?? [])
                .map((s) => specLabel(s))
                .filter((label) => label !== undefined && !/^[0-9a-f-]{36}$/.test(label))
                .map((label) => ['', label] as const),
              ['Targets', (spec.targetConnectionSpecIds ?? []).map(specLabel).join(', ')],
            ],
            ctx.out.style.dim,
          ),
        );
      }),
    );

  flowspec
    .command('list')
    .description('List flow specs')
    .option('--limit <n>', LIMIT_HELP)
    .option('--all', ALL_HELP)
    .addHelpText('after', example('flowctl flowspec list'))
    .action(
      run(
        listAction({
          query: (_flags, maxItems) => (client) => client.flowService.flowSpecs.list({ maxItems }),
          columns: [
            { header: 'id', value: (s) => s.id },
            { header: 'name', value: (s) => s.name },
            { header: 'version', value: (s) => s.version },
            { header: 'sources', value: (s) => s.sourceConnectionSpecIds?.length },
          ],
        }),
      ),
    );
}
