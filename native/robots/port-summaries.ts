/**
 * The port list people pick from: serial ports (with adapter names and which robot uses each)
 * followed by the demo robots' ports; and whether a known robot adapter is among them.
 */
import type { SerialPortSummary } from '../domain';
import type { DemoRobot } from '../demo/demo-facility';
import type { SerialPortInfo } from '../discovery/serial-port-info';
import { loadRobotProfiles } from './robot-profile';

export function portSummaries(
  ports: readonly SerialPortInfo[],
  demoRobots: readonly DemoRobot[],
  /** Robot name by the port path it is connected on. */
  inUse: ReadonlyMap<string, string>,
): SerialPortSummary[] {
  const summaries: SerialPortSummary[] = ports.map((port) => {
    const summary: SerialPortSummary = {
      path: port.path,
      identity: port.identity,
      source: port.source,
    };
    if (port.adapterName) summary.adapterName = port.adapterName;
    if (port.vendorId) summary.vendorId = port.vendorId;
    if (port.productId) summary.productId = port.productId;
    if (port.serialNumber) summary.serialNumber = port.serialNumber;
    if (port.byIdPath) summary.byIdPath = port.byIdPath;
    const user = inUse.get(port.path);
    if (user) summary.inUseBy = user;
    return summary;
  });
  const profiles = demoRobots.length ? loadRobotProfiles() : undefined;
  for (const robot of demoRobots) {
    const user = inUse.get(robot.port);
    const profile = profiles?.get(robot.profileId);
    summaries.push({
      path: robot.port,
      identity: robot.identity,
      adapterName: `Simulated ${robot.profileId}`,
      ...(profile ? { simulates: profile.name } : {}),
      source: 'demo',
      ...(user ? { inUseBy: user } : {}),
    });
  }
  return summaries;
}

/** A known robot adapter (a profile lists its VID:PID) is among the ports. */
export function hasKnownAdapter(ports: readonly SerialPortInfo[]): boolean {
  const adapters = new Set([...loadRobotProfiles().values()].flatMap((p) => p.adapters));
  return ports.some(
    (port) => port.vendorId && port.productId && adapters.has(`${port.vendorId}:${port.productId}`),
  );
}
