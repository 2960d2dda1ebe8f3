/** USB serial adapters seen on robot buses, by VID:PID (lower-case hex), with a readable name. */
export const KNOWN_ADAPTERS: Readonly<Record<string, { name: string; typicalFor: string }>> = {
  '0403:6014': { name: 'ROBOTIS U2D2 (FTDI FT232H)', typicalFor: 'Dynamixel' },
  '0483:5740': { name: 'ROBOTIS OpenCR (STM32 virtual COM)', typicalFor: 'Dynamixel' },
  '0403:6001': { name: 'FTDI FT232R USB–serial', typicalFor: 'RS-485 / Modbus' },
  '0403:6010': { name: 'FTDI FT2232 dual USB–serial', typicalFor: 'RS-485 / Modbus' },
  '0403:6015': { name: 'FTDI FT-X USB–serial', typicalFor: 'RS-485 / Modbus' },
  '10c4:ea60': { name: 'Silicon Labs CP210x USB–serial', typicalFor: 'RS-485 / Modbus' },
  '1a86:7523': { name: 'WCH CH340 USB–serial', typicalFor: 'RS-485 / Modbus' },
  '1a86:55d4': { name: 'WCH CH9102 USB–serial', typicalFor: 'RS-485 / Modbus' },
  '067b:2303': { name: 'Prolific PL2303 USB–serial', typicalFor: 'RS-232' },
  '16d0:06a7': { name: 'ROBOTIS U2D2 Power Hub', typicalFor: 'Dynamixel' },
};

export function adapterName(vendorId?: string, productId?: string): string | null {
  if (!vendorId || !productId) return null;
  const key = `${vendorId.toLowerCase().padStart(4, '0')}:${productId.toLowerCase().padStart(4, '0')}`;
  return KNOWN_ADAPTERS[key]?.name ?? null;
}
