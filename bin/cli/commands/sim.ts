import { getRobotProfile, loadRobotProfiles } from '../../../native/robots/robot-profile';
import {
  attachSimulatedRobot,
  parseFaultArgument,
  validateFault,
  type SimFaultRequest,
  type SimulatedRobot,
} from '../../../native/robots/sim/simulated-robot';
import { createOpenManipulatorXServos } from '../../../native/robots/sim/open-manipulator-x';
import { SerialPortTransport } from '../../../native/transport/serial-port-transport';
import { CliError } from '../cli-error';
import { parseOptions } from '../parse-options';

/**
 * `genba sim --port <path> --robot <profile> [--fault <name[:id[:magnitude]]>…] [--seed N]
 * [--baud <rate>]` —
 * a simulated robot on an existing serial port (e.g. one end of a socat PTY pair). It runs until
 * SIGTERM/SIGINT. When the port goes away (socat killed) it waits for the same path to come back
 * and attaches again, like a powered robot whose cable is replugged; the arm keeps its state.
 */
export async function simCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions('sim', argv, {
    port: { type: 'string' },
    robot: { type: 'string' },
    fault: { type: 'string', multiple: true },
    seed: { type: 'string' },
    baud: { type: 'string' },
  });
  if (!values.port) throw new CliError('genba sim: --port <serial path> is required.');
  if (!values.robot) {
    throw new CliError(
      `genba sim: --robot <profile> is required (${[...loadRobotProfiles().keys()].join(', ')}).`,
    );
  }
  let profile;
  try {
    profile = getRobotProfile(values.robot);
  } catch (error) {
    throw new CliError(`genba sim: ${(error as Error).message}`);
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) {
    throw new CliError(`genba sim: --seed must be a whole number, not "${values.seed}".`);
  }
  // A PTY carries no baud rate; this sets the rate the simulator times its replies by.
  const baud = values.baud === undefined ? profile.baudRate : Number(values.baud);
  if (!Number.isInteger(baud) || baud < 1200 || baud > 10_500_000) {
    throw new CliError(
      `genba sim: --baud must be a whole number from 1200 to 10500000, not "${values.baud}".`,
    );
  }
  let faults: SimFaultRequest[];
  try {
    faults = (values.fault ?? []).map(parseFaultArgument);
    for (const fault of faults) validateFault(profile.id, fault);
  } catch (error) {
    throw new CliError(`genba sim: ${(error as Error).message}`);
  }

  const path = values.port;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const servos = profile.kind === 'arm' ? createOpenManipulatorXServos() : undefined;
  let stopping = false;
  let current: { transport: SerialPortTransport; robot: SimulatedRobot } | undefined;

  const attach = async (): Promise<void> => {
    const transport = await SerialPortTransport.open(path, baud);
    const robot = attachSimulatedRobot(profile.id, transport, {
      seed,
      faults,
      ...(servos ? { servos } : {}),
    });
    current = { transport, robot };
    transport.onClose(() => {
      robot.close();
      current = undefined;
      if (stopping) return;
      log(`genba sim: ${path} went away; waiting for it to come back…`);
      void reattach();
    });
  };
  const reattach = async (): Promise<void> => {
    let delayMs = 100;
    while (!stopping) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (stopping) return;
      try {
        await attach();
        log(`genba sim: attached again to ${path}.`);
        return;
      } catch {
        delayMs = Math.min(1000, delayMs * 2);
      }
    }
  };

  try {
    await attach();
  } catch (error) {
    throw new CliError(`genba sim: ${(error as Error).message}`, 1);
  }
  const what =
    profile.kind === 'arm'
      ? `ids ${profile.joints.map((j) => j.servoId).join(', ')}`
      : `Modbus slave ${profile.slaveId}`;
  log(
    `genba sim: simulating ${profile.name.en} on ${path} (${baud} baud, ${what})` +
      `${faults.length ? `, faults: ${faults.map((f) => f.name).join(', ')}` : ''}. Stop with Ctrl+C.`,
  );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  stopping = true;
  if (current) {
    current.robot.close();
    await current.transport.close();
  }
  return 0;
}
