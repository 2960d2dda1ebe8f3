/**
 * RTU inter-character and inter-frame times (MODBUS over Serial Line V1.02, §2.5.1.1). The spec
 * counts 11 bits a character; above 19200 baud it fixes t1.5 = 750 µs and t3.5 = 1.75 ms so fast
 * links are not held to timer resolutions no UART driver can honour.
 */
const BITS_PER_RTU_CHARACTER = 11;

export function characterTimeMs(baudRate: number): number {
  return (BITS_PER_RTU_CHARACTER * 1000) / baudRate;
}

/** Longest gap allowed inside a frame. */
export function t15Ms(baudRate: number): number {
  return baudRate > 19200 ? 0.75 : 1.5 * characterTimeMs(baudRate);
}

/** Shortest silence that separates two frames. */
export function t35Ms(baudRate: number): number {
  return baudRate > 19200 ? 1.75 : 3.5 * characterTimeMs(baudRate);
}
