/** Data hooks of the robots area: the live robot list, one robot's detail, throttled telemetry. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RobotDetail, RobotSummary } from '../../api/contract';
import { useApp } from '../../app-context';
import { useErrorText } from '../../i18n/use-error-text';
import { telemetryHub } from './telemetry-hub';
import { answerUntilCleanup } from '../../api/answer-until-cleanup';

/** Every robot, live from `robots.changed`; null until the first answer. */
export function useRobotList(): RobotSummary[] | null {
  const { api, connection, reportError } = useApp();
  const [robots, setRobots] = useState<RobotSummary[] | null>(null);

  useEffect(() => api.subscribe('robots.changed', setRobots), [api]);

  useEffect(() => {
    if (connection.generation === 0) return;
    return answerUntilCleanup(api.invoke('robots.list', {}), setRobots, reportError);
  }, [api, connection.generation, reportError]);

  return robots;
}

export interface DetailState {
  detail: RobotDetail | null;
  /** Why the last read failed (e.g. the robot was removed); null when it worked. */
  error: string | null;
  refresh: () => void;
}

/** One robot's detail (mount with `key={robotId}`): read now, every `everyMs`, whenever the robot list changes, and on demand. */
export function useRobotDetail(robotId: string, everyMs = 1000): DetailState {
  const describeError = useErrorText();
  const { api, connection } = useApp();
  const [detail, setDetail] = useState<RobotDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);

  // One read at a time; a request made meanwhile runs once the current read is back.
  const refresh = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    const once = () => {
      inFlight.current = true;
      api
        .invoke('robots.get', { robotId })
        .then(
          (value) => {
            setDetail(value);
            setError(null);
          },
          (failure: unknown) => setError(describeError(failure)),
        )
        .finally(() => {
          inFlight.current = false;
          if (again.current) {
            again.current = false;
            once();
          }
        });
    };
    once();
  }, [api, robotId, describeError]);

  useEffect(() => {
    if (connection.generation === 0) return;
    refresh();
    const timer = setInterval(refresh, everyMs);
    const off = api.subscribe('robots.changed', (robots) => {
      if (robots.some((robot) => robot.id === robotId)) refresh();
    });
    return () => {
      clearInterval(timer);
      off();
    };
  }, [api, connection.generation, everyMs, refresh, robotId]);

  return { detail, error, refresh };
}

/**
 * A counter that moves when new telemetry for `robotId` arrived — at most once per animation
 * frame and no more often than every `minMs`, so numbers stay readable and React stays idle.
 */
export function useTelemetryTick(robotId: string, minMs = 125): number {
  const { api } = useApp();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = telemetryHub(api).listen((id) => {
      if (id !== robotId || timer !== null) return;
      const wait = Math.max(0, last + minMs - performance.now());
      timer = setTimeout(() => {
        timer = null;
        last = performance.now();
        setTick((value) => value + 1);
      }, wait);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [api, robotId, minMs]);
  return tick;
}
