/**
 * The CNXN payload of Android 4.0/4.1's adbd: `device::` then the three
 * connect properties as `key=value;`, NUL-terminated (adbd counted the NUL).
 * The adb host turns them into `product:… model:… device:…` of `devices -l`.
 */
const connectProperties = ['ro.product.name', 'ro.product.model', 'ro.product.device'] as const;

export function deviceBanner(properties: Record<string, string>): Buffer {
  const props = connectProperties.map((key) => `${key}=${properties[key] ?? ''};`).join('');
  return Buffer.from(`device::${props}\0`, 'utf8');
}
