import { z } from 'zod';
import { SerialPort } from 'serialport';

/** USB-serial bridge chips a console cable is built on, by USB vendor id (and product id where the vendor also makes other things). */
const CONSOLE_CHIPS: Array<{ vendorId: string; productIds?: string[]; chip: string }> = [
  { vendorId: '0403', chip: 'FTDI' },
  { vendorId: '067b', chip: 'Prolific PL2303' },
  { vendorId: '10c4', productIds: ['ea60', 'ea70', 'ea71'], chip: 'Silicon Labs CP210x' },
  { vendorId: '1a86', chip: 'WCH CH340/CH341' },
];

export const SerialPortEntry = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  serialNumber: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  /** The bridge chip when the port looks like a USB-serial console adapter. */
  likelyConsole: z.string().nullable(),
});
export type SerialPortEntry = z.infer<typeof SerialPortEntry>;

export interface RawPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export function consoleChip(vendorId?: string, productId?: string): string | null {
  const vid = vendorId?.toLowerCase();
  const pid = productId?.toLowerCase();
  const found = CONSOLE_CHIPS.find((c) => c.vendorId === vid && (!c.productIds || (pid !== undefined && c.productIds.includes(pid))));
  return found?.chip ?? null;
}

export function describePorts(ports: readonly RawPortInfo[]): SerialPortEntry[] {
  return ports
    .map((p) => ({
      path: p.path,
      manufacturer: p.manufacturer,
      serialNumber: p.serialNumber,
      vendorId: p.vendorId?.toLowerCase(),
      productId: p.productId?.toLowerCase(),
      likelyConsole: consoleChip(p.vendorId, p.productId),
    }))
    .sort((a, b) => Number(b.likelyConsole !== null) - Number(a.likelyConsole !== null) || a.path.localeCompare(b.path));
}

/** Serial ports of this machine, console adapters first. (Pseudo-terminals are never listed: open them by path.) */
export async function listSerialPorts(list: () => Promise<RawPortInfo[]> = () => SerialPort.list()): Promise<SerialPortEntry[]> {
  return describePorts(await list());
}
