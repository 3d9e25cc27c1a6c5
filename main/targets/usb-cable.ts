import { activeWakelocks, parseWakelocks } from './control-files';

/**
 * Before a benchmark: on these kernels the USB cable's `vbus` wakelock is
 * held while the cable carries power, so the phone never suspends and a
 * requested switch never happens. This says so, and lists the ways out.
 */

/** Lock names the USB gadget and charger drivers take while the cable is in (tuna: `vbus`; others `usb`, `…_usb`). */
const CABLE_LOCK = /vbus|usb/i;

export interface WayOut {
  kind: 'adb-over-wifi' | 'detached-run';
  title: string;
  steps: string[];
  /** What the choice does to the measurement, recorded in the session. */
  caveat: string;
}

export interface UsbCableCheck {
  /** True when a cable lock is held: a switch requested now waits for ever. */
  blocksSwitches: boolean;
  cableLocks: string[];
  /** Every active lock, for the session notes. */
  activeLocks: string[];
  message: string;
  waysOut: WayOut[];
}

export function waysOutOfTheCable(adbWifiPort = 5555): WayOut[] {
  return [
    {
      kind: 'adb-over-wifi',
      title: 'adb over Wi-Fi',
      steps: [`adb tcpip ${adbWifiPort} (the phone's adbd listens on TCP)`, `adb connect PHONE_ADDRESS:${adbWifiPort}`, 'pull the USB cable', 'connect the workbench to PHONE_ADDRESS:' + adbWifiPort],
      caveat: 'Wi-Fi holds its own wakelocks (type 1, with timeouts): the wakelock wait measured then includes them, and the session notes say so.',
    },
    {
      kind: 'detached-run',
      title: 'detached run',
      steps: [
        "the script's control writes are pushed to the phone as a shell script and started with nohup",
        'pull the USB cable: timing comes over the UART console',
        'plug the cable back: the workbench pulls /proc/last_kmsg, dmesg and the run log',
      ],
      caveat: 'Only the UART sees the switches live; adb is back only after the run.',
    },
  ];
}

/** Reads /proc/wakelocks text and says whether the USB cable keeps the phone awake. */
export function checkUsbCable(procWakelocks: string, adbWifiPort = 5555): UsbCableCheck {
  const activeLocks = activeWakelocks(parseWakelocks(procWakelocks));
  const cableLocks = activeLocks.filter((name) => CABLE_LOCK.test(name));
  const blocksSwitches = cableLocks.length > 0;
  const message = blocksSwitches
    ? `The USB cable keeps the phone awake (wakelock ${cableLocks.map((n) => `'${n}'`).join(', ')} held): a switch will never happen while it is plugged in. Use adb over Wi-Fi, or a detached run timed over the UART.`
    : 'No USB cable wakelock is held: switches can happen.';
  return { blocksSwitches, cableLocks, activeLocks, message, waysOut: blocksSwitches ? waysOutOfTheCable(adbWifiPort) : [] };
}
