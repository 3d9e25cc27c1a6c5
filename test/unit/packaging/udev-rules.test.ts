import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignedValue, matchValue, parseUdevRules, type UdevRule } from '../../support/udev-rules';

const RULES_PATH = resolve(__dirname, '../../../resources/linux/51-fastswitch-workbench.rules');
const { rules, errors } = parseUdevRules(readFileSync(RULES_PATH, 'utf8'));

/** The USB id a rule is about: ATTR on the usb device, ATTRS from a tty up to its adapter. */
function usbId(rule: UdevRule): { vendor?: string; product?: string } {
  const vendor = matchValue(rule, 'ATTR', 'idVendor') ?? matchValue(rule, 'ATTRS', 'idVendor');
  const product = matchValue(rule, 'ATTR', 'idProduct') ?? matchValue(rule, 'ATTRS', 'idProduct');
  return { ...(vendor === undefined ? {} : { vendor }), ...(product === undefined ? {} : { product }) };
}

function ruleFor(subsystem: string, vendor: string, product?: string): UdevRule | undefined {
  return rules.find((r) => {
    const id = usbId(r);
    return matchValue(r, 'SUBSYSTEM') === subsystem && id.vendor === vendor && id.product === product;
  });
}

describe('the udev rules file', () => {
  it('is well formed: every rule a list of KEY{attr}OP"value" pairs with known keys', () => {
    expect(errors).toEqual([]);
    expect(rules.length).toBeGreaterThan(10);
  });

  it('gives every rule something to match and something to set', () => {
    const incomplete = rules.filter((r) => !r.pairs.some((p) => p.operator === '==') || !r.pairs.some((p) => p.operator === '=' || p.operator === '+='));
    expect(incomplete.map((r) => r.line)).toEqual([]);
  });

  it('writes USB ids as four lower-case hex digits, as sysfs prints them', () => {
    const bad = rules.flatMap((r) => Object.values(usbId(r)).filter((id) => !/^[0-9a-f]{4}$/.test(id)).map((id) => `line ${r.line}: ${id}`));
    expect(bad).toEqual([]);
  });

  it('never opens a device to everyone: mode 0660 with a group, plus the seat tag', () => {
    const loose = rules.filter((r) => assignedValue(r, 'MODE') !== '0660' || assignedValue(r, 'GROUP') === undefined || assignedValue(r, 'TAG') !== 'uaccess');
    expect(loose.map((r) => r.line)).toEqual([]);
  });

  it.each([
    ['normal boot (MTP)', '04e8', '685c'],
    ['normal boot with adb (MTP + adb)', '04e8', '6860'],
    ['boot loader (fastboot)', '18d1', '4e30'],
    ['recovery with adb', '18d1', 'd001'],
    ['OMAP4460 USB boot ROM', '0451', 'd010'],
  ])('lets plugdev reach the Galaxy Nexus in %s (%s:%s)', (_mode, vendor, product) => {
    const rule = ruleFor('usb', vendor, product);
    expect(rule, `no rule for ${vendor}:${product}`).toBeDefined();
    expect(assignedValue(rule!, 'GROUP')).toBe('plugdev');
  });

  it.each(['18d1', '04e8'])('covers any %s device that exposes an adb or fastboot interface', (vendor) => {
    const rule = ruleFor('usb', vendor);
    expect(rule).toBeDefined();
    expect(matchValue(rule!, 'ENV', 'ID_USB_INTERFACES')).toBe('*:ff420?:*');
    expect(matchValue(rule!, 'ENV', 'DEVTYPE')).toBe('usb_device');
  });

  it.each([
    ['FTDI FT232R', '0403', '6001'],
    ['FTDI FT2232', '0403', '6010'],
    ['FTDI FT232H', '0403', '6014'],
    ['FTDI FT-X', '0403', '6015'],
    ['Prolific PL2303', '067b', '2303'],
    ['Silicon Labs CP210x', '10c4', 'ea60'],
    ['WCH CH340', '1a86', '7523'],
  ])('gives dialout the tty of a %s adapter (%s:%s)', (_name, vendor, product) => {
    const rule = ruleFor('tty', vendor, product);
    expect(rule, `no rule for ${vendor}:${product}`).toBeDefined();
    expect(assignedValue(rule!, 'GROUP')).toBe('dialout');
  });

  it('does not hand out a whole vendor without an interface check (Samsung also makes disks)', () => {
    const vendorWide = rules.filter((r) => usbId(r).vendor !== undefined && usbId(r).product === undefined && matchValue(r, 'ENV', 'ID_USB_INTERFACES') === undefined);
    expect(vendorWide.map((r) => r.line)).toEqual([]);
  });
});

// systemd 254 and later can check a rules file itself (Debian 12 has 252: skipped there).
const udevadmVerify = spawnSync('udevadm', ['verify', '--help']).status === 0;

describe('udevadm', () => {
  it.skipIf(!udevadmVerify)('verifies the rules file', () => {
    const run = spawnSync('udevadm', ['verify', RULES_PATH], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });
});

describe('the udev rules parser', () => {
  it('reports a misspelt key, a missing quote and a match key used as an assignment', () => {
    const { errors: found } = parseUdevRules(['SUBSYTEM=="usb", MODE="0660"', 'SUBSYSTEM=="usb", MODE="0660', 'SUBSYSTEM="usb", MODE="0660"'].join('\n'));
    expect(found.map((e) => e.line)).toEqual([1, 2, 3]);
  });

  it('joins continued lines and keeps commas inside values', () => {
    const { rules: parsed, errors: found } = parseUdevRules('SUBSYSTEM=="usb", \\\n  ENV{ID_USB_INTERFACES}=="*:ff4201:*,x", GROUP="plugdev"');
    expect(found).toEqual([]);
    expect(parsed).toHaveLength(1);
    expect(matchValue(parsed[0]!, 'ENV', 'ID_USB_INTERFACES')).toBe('*:ff4201:*,x');
  });
});
