import type { RobotSummary } from '../domain';

/** Something the fleet can show and shut down: a robot session, real or simulated. */
export interface FleetMember {
  readonly id: string;
  summary(): RobotSummary;
  /** Called with the member's new summary whenever its state or health changes. */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Every robot the app is connected to (or trying to reach), and change notification for the UI. */
export class RobotFleet {
  private members = new Map<string, { member: FleetMember; unsubscribe: () => void }>();
  private listeners = new Set<(robots: RobotSummary[]) => void>();

  add(member: FleetMember): void {
    this.members.get(member.id)?.unsubscribe();
    const unsubscribe = member.onChange(() => this.notify());
    this.members.set(member.id, { member, unsubscribe });
    this.notify();
  }

  async remove(id: string): Promise<void> {
    const entry = this.members.get(id);
    if (!entry) return;
    entry.unsubscribe();
    this.members.delete(id);
    await entry.member.close();
    this.notify();
  }

  get(id: string): FleetMember | undefined {
    return this.members.get(id)?.member;
  }

  list(): RobotSummary[] {
    return [...this.members.values()].map(({ member }) => member.summary());
  }

  onChange(listener: (robots: RobotSummary[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes every session (ports released) in parallel; one failure does not block the rest. */
  async closeAll(): Promise<void> {
    const entries = [...this.members.values()];
    this.members.clear();
    for (const entry of entries) entry.unsubscribe();
    await Promise.allSettled(entries.map((entry) => entry.member.close()));
    this.notify();
  }

  private notify(): void {
    const robots = this.list();
    for (const listener of this.listeners) listener(robots);
  }
}
