import { describe, expect, it } from 'vitest';
import { InvalidInputError, PreconditionFailedError } from '../../src/platform/errors.js';
import { applyFlowPatch, flowPatch, sayChange } from '../../src/platform/flow-patch.js';
import type { FlowService } from '../../src/platform/flow-service.js';
import type { Flow, PatchOperation } from '../../src/platform/models/flow-service.js';

const MAPPING = 'b2c3d4e5f60718293a4b5c6d7e8f9012';

function flowOf(overrides: Partial<Flow> = {}): Flow {
  return {
    id: 'f1',
    name: 'orders',
    etag: '"1a00-0000"',
    state: 'enabled',
    scheduleParams: { startTime: 1_800_000_000, frequency: 'minute', interval: 15 },
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } },
      { name: 'Mapping', params: { mappingId: MAPPING, mappingVersion: '0' } },
    ],
    ...overrides,
  };
}

const words = (flow: Flow, wish: Parameters<typeof flowPatch>[1]) => flowPatch(flow, wish).words.map((w) => sayChange(w));

describe('flowPatch', () => {
  it('asks for nothing when the flow is already as wished (values as the Platform echoes them)', () => {
    const patch = flowPatch(flowOf({ options: { partialIngestionPercent: '5' } }), {
      name: 'orders',
      schedule: { frequency: 'minute', interval: 15 },
      // Mapping ids are hex: the case does not matter; versions are compared as text.
      mapping: { id: MAPPING.toUpperCase(), version: 0 },
      options: { partialIngestionPercent: 5, errorDiagnosticsEnabled: false },
      enabled: true,
    });
    expect(patch).toEqual({ ops: [], changes: [], words: [] });
  });

  it('changes only the schedule keys that differ, and says so in words', () => {
    const patch = flowPatch(flowOf(), { schedule: { frequency: 'hour', interval: 2 } });
    expect(patch.ops).toEqual([
      { op: 'replace', path: '/scheduleParams/frequency', value: 'hour' },
      { op: 'replace', path: '/scheduleParams/interval', value: 2 },
    ]);
    expect(patch.words.map((w) => sayChange(w))).toEqual(['schedule every 15 minutes → every 2 hours']);
    expect(patch.changes).toEqual([
      { field: 'frequency', from: 'minute', to: 'hour' },
      { field: 'interval', from: 15, to: 2 },
    ]);
  });

  it('removes a schedule key wished undefined, and adds one the flow lacks', () => {
    const patch = flowPatch(flowOf(), { schedule: { interval: undefined, backfill: false } });
    expect(patch.ops).toEqual([
      { op: 'remove', path: '/scheduleParams/interval' },
      { op: 'add', path: '/scheduleParams/backfill', value: false },
    ]);
    expect(patch.words.map((w) => sayChange(w))).toEqual(['schedule every 15 minutes → every 1 minute', 'backfill on → off']);
  });

  it('replaces the Mapping transformation in place for a new version, and adds one to a flow without it', () => {
    const newer = flowPatch(flowOf(), { mapping: { id: MAPPING, version: 3 } });
    expect(newer.ops).toEqual([{ op: 'replace', path: '/transformations/1', value: { name: 'Mapping', params: { mappingId: MAPPING, mappingVersion: '3' } } }]);
    expect(newer.words.map((w) => sayChange(w))).toEqual(['mapping version 0 → 3']);

    const bare = flowPatch(flowOf({ transformations: [{ name: 'Copy', params: {} }] }), { mapping: { id: MAPPING, version: '1' } });
    expect(bare.ops).toEqual([{ op: 'add', path: '/transformations/-', value: { name: 'Mapping', params: { mappingId: MAPPING, mappingVersion: '1' } } }]);
    expect(bare.words.map((w) => sayChange(w))).toEqual([`mapping (none) → ${MAPPING}@1`]);
  });

  it('merges options, or with exactOptions replaces them whole; diagnostics off equals absent', () => {
    const flow = flowOf({ options: { partialIngestionPercent: 5, errorDiagnosticsEnabled: true } });
    expect(flowPatch(flow, { options: { partialIngestionPercent: 10 } }).ops).toEqual([
      { op: 'replace', path: '/options', value: { partialIngestionPercent: 10, errorDiagnosticsEnabled: true } },
    ]);
    expect(words(flow, { options: { partialIngestionPercent: 10 } })).toEqual(['partial ingestion 5 % → 10 %']);
    const exact = flowPatch(flow, { options: { errorDiagnosticsEnabled: false }, exactOptions: true });
    expect(exact.ops).toEqual([{ op: 'replace', path: '/options', value: {} }]);
    expect(exact.words.map((w) => sayChange(w))).toEqual(['partial ingestion 5 % → (none)', 'error diagnostics on → off']);
    expect(flowPatch(flowOf(), { options: { errorDiagnosticsEnabled: false } }).ops).toEqual([]);
  });

  it('turns a state change into an action, not a patch operation', () => {
    const patch = flowPatch(flowOf(), { enabled: false });
    expect(patch.ops).toEqual([]);
    expect(patch.action).toBe('disable');
    expect(patch.words.map((w) => sayChange(w))).toEqual(['state enabled → disabled']);
    // A flow whose state the Platform did not say is left alone.
    expect(flowPatch(flowOf({ state: undefined }), { enabled: false }).action).toBeUndefined();
  });

  it('adds a description the flow lacks and replaces a name, quoting both', () => {
    const patch = flowPatch(flowOf(), { name: 'orders v2', description: 'Nightly' });
    expect(patch.ops).toEqual([
      { op: 'replace', path: '/name', value: 'orders v2' },
      { op: 'add', path: '/description', value: 'Nightly' },
    ]);
    expect(patch.words.map((w) => sayChange(w))).toEqual(['name "orders" → "orders v2"', 'description (none) → "Nightly"']);
  });
});

/** A stand-in for `flowService.flows`: hands out the flows given, in turn, and records what was sent. */
function fakeFlows(reads: Flow[], patchFailures: number) {
  const sent: { patches: { ops: PatchOperation[]; etag: string }[]; actions: string[]; reads: number } = { patches: [], actions: [], reads: 0 };
  let failures = patchFailures;
  const flows = {
    get: async () => reads[Math.min(sent.reads++, reads.length - 1)] as Flow,
    patch: async (_id: string, ops: PatchOperation[], etag: string) => {
      sent.patches.push({ ops, etag });
      if (failures-- > 0) throw new PreconditionFailedError({ status: 412, title: 'Precondition Failed' });
      return { id: 'f1', etag: '"1a00-0002"' };
    },
    act: async (_id: string, action: string) => {
      sent.actions.push(action);
      return { id: 'f1' };
    },
  };
  return { service: { flows } as unknown as Pick<FlowService, 'flows'>, sent };
}

describe('applyFlowPatch', () => {
  it('sends the patch with the etag verbatim, without reading a flow it was given', async () => {
    const { service, sent } = fakeFlows([], 0);
    const applied = await applyFlowPatch(service, 'f1', { schedule: { interval: 30 } }, { flow: flowOf() });
    expect(sent.reads).toBe(0);
    expect(sent.patches).toEqual([{ ops: [{ op: 'replace', path: '/scheduleParams/interval', value: 30 }], etag: '"1a00-0000"' }]);
    expect(applied.result).toEqual({ id: 'f1', etag: '"1a00-0002"' });
  });

  it('on 412 reads the flow again and sends the patch worked out against it, once', async () => {
    const changed = flowOf({ etag: '"1a00-0001"', scheduleParams: { frequency: 'minute', interval: 30 } });
    const { service, sent } = fakeFlows([flowOf(), changed], 1);
    const retried: string[] = [];
    const applied = await applyFlowPatch(service, 'f1', { schedule: { interval: 30 }, name: 'renamed' }, { onRetry: () => retried.push('412') });
    expect(retried).toEqual(['412']);
    expect(sent.reads).toBe(2);
    // The second patch is recomputed: the interval someone else set already matches, only the name remains.
    expect(sent.patches).toEqual([
      { ops: [{ op: 'replace', path: '/name', value: 'renamed' }, { op: 'replace', path: '/scheduleParams/interval', value: 30 }], etag: '"1a00-0000"' },
      { ops: [{ op: 'replace', path: '/name', value: 'renamed' }], etag: '"1a00-0001"' },
    ]);
    expect(applied.flow).toBe(changed);
  });

  it('gives up on a second 412', async () => {
    const { service, sent } = fakeFlows([flowOf(), flowOf({ etag: '"1a00-0001"' })], 2);
    await expect(applyFlowPatch(service, 'f1', { schedule: { interval: 30 } })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(sent.patches).toHaveLength(2);
  });

  it('does not patch a flow without an etag (someone else’s change could be overwritten)', async () => {
    const { service, sent } = fakeFlows([flowOf({ etag: undefined })], 0);
    await expect(applyFlowPatch(service, 'f1', { schedule: { interval: 30 } })).rejects.toBeInstanceOf(InvalidInputError);
    expect(sent.patches).toEqual([]);
  });

  it('only enables or disables when that is all that differs; a wish can depend on the flow read', async () => {
    const { service, sent } = fakeFlows([flowOf()], 0);
    const applied = await applyFlowPatch(service, 'f1', (flow) => ({ enabled: flow.state !== 'enabled' }));
    expect(sent.patches).toEqual([]);
    expect(sent.actions).toEqual(['disable']);
    expect(applied.result).toBeUndefined();
  });
});
