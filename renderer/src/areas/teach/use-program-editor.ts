/**
 * The program being edited: its steps, the problems found in it, whether it was checked, the
 * selected step and the library task it came from. Any edit clears the last check.
 */
import { useCallback, useState } from 'react';
import type { TeachIssue, TeachProgram } from '../../api/contract';

export type CheckState = 'none' | 'ok' | 'problems';
export type TaskRef = { id: string; version: number };

export function useProgramEditor() {
  const [program, setProgram] = useState<TeachProgram | null>(null);
  const [issues, setIssues] = useState<TeachIssue[]>([]);
  const [checked, setChecked] = useState<CheckState>('none');
  const [selected, setSelected] = useState<number | null>(null);
  const [task, setTask] = useState<TaskRef | null>(null);

  const change = (next: TeachProgram, focus?: number) => {
    setProgram(next);
    setChecked('none');
    setIssues([]);
    if (focus !== undefined) {
      setSelected(focus);
      requestAnimationFrame(() =>
        document.querySelectorAll<HTMLElement>('[data-testid="teach-step"]')[focus]?.focus(),
      );
    }
  };

  /** A program fresh from a demonstration or the library, with what is already known about it. */
  const load = (next: TeachProgram, from: TaskRef | null, found: TeachIssue[]) => {
    setProgram(next);
    setTask(from);
    setIssues(found);
    setChecked('none');
  };

  const showCheck = useCallback((found: TeachIssue[], ok: boolean) => {
    setIssues(found);
    setChecked(ok ? 'ok' : 'problems');
  }, []);

  return {
    program,
    issues,
    checked,
    selected,
    task,
    setSelected,
    setTask,
    change,
    load,
    showCheck,
  };
}

export type ProgramEditor = ReturnType<typeof useProgramEditor>;
