/**
 * What a scan reports as a device's model. Dynamixel servos answer Ping with their model number
 * (ROBOTIS e-Manual, "Model Number" of each product's control table); Modbus devices have no
 * such thing, so the scanner identifies what it can by a register read that only they answer.
 */

/** Dynamixel Protocol 2.0 model numbers → product names. */
export const DYNAMIXEL_MODEL_NAMES: Readonly<Record<number, string>> = {
  // X series
  1000: 'XH430-W350',
  1010: 'XH430-W210',
  1040: 'XH430-V350',
  1050: 'XH430-V210',
  1020: 'XM430-W350',
  1030: 'XM430-W210',
  1060: 'XL430-W250',
  1070: 'XC430-W150',
  1080: 'XC430-W240',
  1090: '2XL430-W250',
  1100: 'XH540-W270',
  1110: 'XH540-W150',
  1120: 'XM540-W270',
  1130: 'XM540-W150',
  1140: 'XH540-V270',
  1150: 'XH540-V150',
  1160: '2XC430-W250',
  1170: 'XW540-T260',
  1180: 'XW540-T140',
  1190: 'XL330-M077',
  1200: 'XL330-M288',
  1210: 'XC330-T181',
  1220: 'XC330-T288',
  1230: 'XC330-M181',
  1240: 'XC330-M288',
  1270: 'XW430-T333',
  1280: 'XW430-T200',
  // MX series with Protocol 2.0 firmware, and the XL-320
  30: 'MX-28(2.0)',
  311: 'MX-64(2.0)',
  321: 'MX-106(2.0)',
  350: 'XL-320',
};

export function dynamixelModelName(modelNumber: number): string {
  return DYNAMIXEL_MODEL_NAMES[modelNumber] ?? `Dynamixel model ${modelNumber}`;
}

/** A Robotiq 2F answers a read of its status input registers at 2000 (0x07D0); 2F-140 alike. */
export const ROBOTIQ_2F_MODEL = 'Robotiq 2F-85/140';
/** Any other Modbus reply (including an exception) still proves a device holds that id. */
export const GENERIC_MODBUS_MODEL = 'Modbus device';
