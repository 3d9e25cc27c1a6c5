import type { DeviceState, InstanceState, SectionState } from '../../common/domain/device-state';
import { activeWakelocks, FSW_STATUS, MEMORY_DIR, memoryStateCommand, parseFswStatus, parseMemoryBlockNames, parseMemoryStates, parseWakelocks, PROC_WAKELOCKS, type BlockState } from './control-files';
import { controlReadError, type ShellResult } from './shell-command';

export type RunCommand = (command: string) => Promise<ShellResult>;

const SECTION_SHIFT = 24;

/** What the running kernel says about itself, for the instance list. */
export interface RunningKernel {
  kernelRelease: string;
  androidRelease: string | null;
}

/**
 * Builds the DeviceState from the control files (DESIGN §4). A phone only
 * shows the running instance's view, so what was seen of the others (their
 * kernel, which blocks they had online) is remembered from when they ran.
 */
export class DeviceStateReader {
  private readonly seen = new Map<number, RunningKernel>();
  private readonly blocksOf = new Map<number, Map<number, BlockState>>();
  private blocks: number[] | null = null;

  constructor(
    private readonly model: string,
    private readonly names: Record<number, string>,
  ) {}

  async currentInstance(run: RunCommand): Promise<number | null> {
    const result = await run(`cat ${FSW_STATUS}`);
    if (result.code !== 0) throw controlReadError(FSW_STATUS, result);
    const status = parseFswStatus(result.output);
    return status.enabled ? status.currentInstance : null;
  }

  async read(run: RunCommand, kernel: RunningKernel): Promise<DeviceState> {
    const running = await this.currentInstance(run);
    if (running !== null) this.seen.set(running, kernel);

    if (!this.blocks) {
      const listing = await run(`ls ${MEMORY_DIR}`);
      this.blocks = listing.code === 0 ? parseMemoryBlockNames(listing.output) : [];
    }
    if (this.blocks.length > 0 && running !== null) {
      const states = await run(memoryStateCommand(this.blocks));
      this.blocksOf.set(running, parseMemoryStates(this.blocks, states.output));
    }

    const locks = await run(`cat ${PROC_WAKELOCKS}`);
    const wakelocks = locks.code === 0 ? activeWakelocks(parseWakelocks(locks.output)) : undefined;

    return {
      model: this.model,
      runningInstance: running,
      instances: this.instances(running),
      sections: this.sections(),
      ...(wakelocks ? { wakelocks } : {}),
    };
  }

  private instances(running: number | null): InstanceState[] {
    const ids = new Set([...Object.keys(this.names).map(Number), ...this.seen.keys()]);
    return [...ids]
      .sort((a, b) => a - b)
      .map((id) => {
        const kernel = this.seen.get(id);
        return {
          id,
          name: this.names[id] ?? `instance ${id}`,
          kernel: kernel?.kernelRelease ?? '',
          android: kernel?.androidRelease ?? null,
          // An instance never seen running may exist (booted before the workbench connected): the phone cannot tell.
          status: id === running ? 'running' : kernel ? 'sleeping' : 'absent',
        };
      });
  }

  private sections(): SectionState[] {
    return (this.blocks ?? []).map((index) => ({
      index,
      start: index << SECTION_SHIFT >>> 0,
      size: 1 << SECTION_SHIFT,
      owner: null,
      onlineIn: [...this.blocksOf].filter(([, states]) => states.get(index) === 'online').map(([id]) => id),
      zone: 'normal' as const,
    }));
  }
}
