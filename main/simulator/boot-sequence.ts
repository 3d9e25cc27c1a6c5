import type { GroundTruthRecord } from './ground-truth';
import type { Instance } from './instance';
import { KERN, type LogLevel } from './kernel-log';
import { hex8, ptr } from './log-formats';
import { masterAtags, systemRamBytes } from './phone-facts';
import type { PhoneModel } from './phone-model';

/** Offset of omap4_cpu_resume in the kernel image, for the resume address the board code records. */
const CPU_RESUME_OFFSET = 0x4c9a0;

/**
 * A kernel boots from `[    0.000000]`: the decompressed kernel's early
 * lines, Fastswitch's fsw_init, the drivers, then Android's init until
 * sys.boot_completed. A child takes as long as a normal boot (N:notes.md L240).
 */
export function runBoot(model: PhoneModel, inst: Instance, record: GroundTruthRecord | null): void {
  const now = model.now();
  const profile = model.profile;
  for (const other of model.instances.values()) if (other !== inst && other.status === 'running') other.status = 'sleeping';
  inst.resetForBoot(now);
  inst.status = 'booting';
  inst.log.clock.start(now);
  model.current = inst;
  model.phase = 'booting';
  model.page.resetOnBoot();
  const child = !inst.isMaster;
  const mem = inst.memory(profile.ram.base, profile.ram.size);
  let collisions: number[] = [];
  if (child) {
    const r = model.memory.bootChild(inst.id, mem.start, mem.size, inst.kernelcoreBytes());
    collisions = [...r.collisions];
    model.page.currentInstance = inst.id;
  } else {
    model.page.currentInstance = 1;
  }
  const physBase = child ? mem.start : profile.ram.base;
  const resumePhys = physBase + CPU_RESUME_OFFSET;
  const resumeVirt = 0xc0000000 + CPU_RESUME_OFFSET;
  model.changed();

  const rng = model.rng;
  const tl = model.timeline(inst);
  if (record) tl.do((at) => model.truth.mark(record, 'wake', { atMs: at, instance: inst.id, printk: 0, line: 'Initializing cgroup subsys cpu' }));
  const L = (level: LogLevel, text: string, gapMs = 0) => {
    tl.wait(gapMs);
    tl.line(level, text);
  };
  const cmdline = child ? inst.profile.cmdline : `${inst.profile.cmdline} androidboot.serialno=0149C7D80F01A00A androidboot.bootloader=PRIMELA03`;
  const systemRamMb = Math.round(systemRamBytes(model, inst) / (1024 * 1024));
  L(KERN.NOTICE, 'Initializing cgroup subsys cpu');
  L(KERN.NOTICE, inst.profile.kernelVersionLine);
  L(KERN.DEFAULT, 'CPU: ARMv7 Processor [412fc09a] revision 10 (ARMv7), cr=10c5387d');
  L(KERN.DEFAULT, 'CPU: VIPT nonaliasing data cache, VIPT aliasing instruction cache');
  L(KERN.DEFAULT, 'Machine: Tuna');
  L(KERN.INFO, `Reserving 0x${(0x300000).toString(16)} bytes SDRAM for SMC at 0xbfd00000`);
  if (child) L(KERN.INFO, 'Fastswitch: page removed from memory (0xac000000)');
  L(KERN.DEBUG, `On node 0 totalpages: ${(systemRamMb * 256) | 0}`);
  L(KERN.NOTICE, `Kernel command line: ${cmdline}`);
  L(KERN.INFO, 'PID hash table entries: 2048 (order: 1, 8192 bytes)');
  L(KERN.INFO, `Memory: ${systemRamMb}MB = ${systemRamMb}MB total`);
  L(KERN.NOTICE, `Memory: ${systemRamMb * 1024 - 21000}k/${systemRamMb * 1024 - 21000}k available, 21000k reserved, 0K highmem`);
  L(KERN.INFO, 'SLUB: Genslabs=13, HWalign=32, Order=0-3, MinObjects=0, CPUs=2, Nodes=1');
  L(KERN.INFO, 'Preemptible hierarchical RCU implementation.');
  L(KERN.INFO, 'NR_IRQS:410');
  L(KERN.INFO, 'OMAP clockevent source: GPTIMER1 at 32768 Hz');
  L(KERN.INFO, 'sched_clock: 32 bits at 32kHz, resolution 30517ns, wraps every 131071999ms');
  L(KERN.INFO, 'Console: colour dummy device 80x30', 0.4);
  L(KERN.DEFAULT, 'Calibrating delay loop... 1194.24 BogoMIPS (lpj=4665344)', 0.5);
  L(KERN.INFO, 'pid_max: default: 32768 minimum: 301', 78);
  L(KERN.INFO, 'Mount-cache hash table entries: 512', 0.4);
  L(KERN.INFO, 'CPU: Testing write buffer coherency: ok', 0.6);
  L(KERN.DEFAULT, 'CPU1: Booted secondary processor', 61);
  L(KERN.INFO, 'Brought up 2 CPUs', 78);
  L(KERN.INFO, 'SMP: Total of 2 processors activated (2388.48 BogoMIPS).');
  L(KERN.INFO, 'NET: Registered protocol family 16', 7);
  // fsw_init (K:fast_switch.c L451-499): who am I, then the resume address the board code records
  tl.wait(rng.spread([60, 80, 110]));
  tl.do(() => {
    model.page.resetOnBoot();
    const page = model.page.pages[inst.id]!;
    page.jumpAddress[0] = resumePhys;
    page.jumpAddress[1] = resumePhys;
    if (!child) model.page.bootParams = masterAtags(model);
  });
  L(KERN.INFO, child ? `Fastswitch: current instance is child (${inst.id})` : 'Fastswitch: current instance is master (1)');
  L(KERN.INFO, `Fastswitch: resume address at 0x${ptr(resumeVirt)} [${hex8(resumePhys)}] (core0)`);
  L(KERN.INFO, 'omap_device: omap_uart.2: new worst case activate latency 0: 30517', rng.spread([40, 60, 90]));
  L(KERN.INFO, 'tuna: Revision 9 (maguro), board rev 9', 12);
  L(KERN.INFO, 'bio: create slab <bio-0> at 0', 30);
  L(KERN.INFO, 'pvrsrvkm: SGX540 found', rng.spread([150, 220, 300]));
  L(KERN.INFO, 'omapdss DSI: s6e8aa0 panel detected', rng.spread([200, 300, 450]));
  L(KERN.INFO, 'mmc0: new high speed MMC card at address 0001', rng.spread([300, 400, 600]));
  L(KERN.INFO, 'EXT4-fs (mmcblk0p10): mounted filesystem with ordered data mode', rng.spread([200, 300, 500]));
  L(KERN.INFO, 'Freeing init memory: 196K', rng.spread([400, 600, 900]));
  for (const other of collisions) {
    const victim = model.instance(other);
    if (victim) model.fsw.corrupt(victim, `booting ${inst.name} took memory still online in ${victim.name}`);
    model.fsw.corrupt(inst, `memory shared with ${victim?.name ?? other}`);
  }
  const boot = rng.spread(inst.profile.bootMs);
  const kernelDone = tl.t - now;
  const android = Math.max(boot - kernelDone, 1000);
  L(KERN.INFO, 'init: cannot find \'/system/etc/install-recovery.sh\', disabling \'flash_recovery\'', android * 0.05);
  tl.wait(android * 0.35);
  tl.do(() => {
    inst.adbdUp = true;
    model.changed();
  });
  L(KERN.INFO, 'adb_open', 0);
  L(KERN.INFO, 'warning: `zygote\' uses 32-bit capabilities (legacy support in use)', android * 0.1);
  tl.wait(android * 0.45);
  tl.do((at) => {
    // PowerManagerService turns the screen on: the last boot line a log shows, so the boot is visible here.
    if (record) model.truth.mark(record, 'visible', { atMs: at, instance: inst.id, printk: inst.log.clock.seconds(at), line: 'request_suspend_state: wakeup' });
    model.power.requestSuspendState(inst, 0);
  });
  tl.wait(android * 0.05);
  tl.do(() => {
    inst.androidUp = true;
    inst.status = 'running';
    model.phase = 'awake';
    if (record) {
      model.truth.close(record, 'ok');
      model.inFlight = null;
    }
    model.booted(inst);
  });
}
