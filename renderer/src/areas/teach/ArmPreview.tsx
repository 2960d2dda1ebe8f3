/** The arm in a side view (its vertical plane) and a top view, drawn in SVG from the profile's kinematics; plays the program. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { TeachArmProfile, TeachProgram } from '../../api/contract';
import { useLanguage, useT } from '../../i18n/i18n';
import { chain, lerpJoints, programTimeline, type Joints } from './arm-geometry';

const SCALE = 520; // px per metre
const W = 280;
const H = 240;

/** One captioned view of the arm; the caption also names the drawing for assistive tech. */
function PreviewFigure({
  label,
  testId,
  children,
}: {
  label: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <figure className="teach-view">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid={testId}>
        {children}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

function SideView({
  profile,
  q,
  ghosts,
  gripper,
}: {
  profile: TeachArmProfile;
  q: Joints;
  ghosts: Joints[];
  gripper: number;
}) {
  const t = useT();
  const toSvg = (r: number, z: number) => `${40 + r * SCALE},${H - 24 - z * SCALE}`;
  const planar = (joints: Joints) =>
    chain(profile, joints).map((p) => ({
      r: Math.hypot(p.x, p.y) * (p.x < -1e-9 ? -1 : 1),
      z: p.z,
    }));
  const pts = planar(q);
  const tip = pts.at(-1) ?? { r: 0, z: 0 };
  const open = 4 + gripper * 10;
  return (
    <PreviewFigure label={t('teach.preview.side')} testId="preview-side">
      <line x1={0} y1={H - 24} x2={W} y2={H - 24} className="teach-view__table" />
      {ghosts.map((g, i) => (
        <polyline
          key={i}
          points={planar(g)
            .map((p) => toSvg(p.r, p.z))
            .join(' ')}
          className="teach-view__ghost"
        />
      ))}
      <polyline points={pts.map((p) => toSvg(p.r, p.z)).join(' ')} className="teach-view__arm" />
      {pts.map((p, i) => {
        const [x, y] = toSvg(p.r, p.z).split(',').map(Number);
        return <circle key={i} cx={x} cy={y} r={i === 0 ? 8 : 5} className="teach-view__joint" />;
      })}
      {(() => {
        const [x, y] = toSvg(tip.r, tip.z).split(',').map(Number);
        return (
          <g className="teach-view__gripper">
            <line
              x1={(x ?? 0) - open / 2}
              y1={(y ?? 0) + 2}
              x2={(x ?? 0) - open / 2}
              y2={(y ?? 0) + 14}
            />
            <line
              x1={(x ?? 0) + open / 2}
              y1={(y ?? 0) + 2}
              x2={(x ?? 0) + open / 2}
              y2={(y ?? 0) + 14}
            />
          </g>
        );
      })()}
    </PreviewFigure>
  );
}

function TopView({
  profile,
  q,
  ghosts,
}: {
  profile: TeachArmProfile;
  q: Joints;
  ghosts: Joints[];
}) {
  const t = useT();
  const cx = W / 2;
  const cy = H - 30;
  const toSvg = (x: number, y: number) => `${cx - y * SCALE * 0.6},${cy - x * SCALE * 0.6}`;
  const pts = chain(profile, q).slice(1);
  return (
    <PreviewFigure label={t('teach.preview.top')} testId="preview-top">
      <circle cx={cx} cy={cy} r={0.38 * SCALE * 0.6} className="teach-view__reach" />
      {ghosts.map((g, i) => {
        const tip = chain(profile, g).at(-1) ?? { x: 0, y: 0 };
        const [x, y] = toSvg(tip.x, tip.y).split(',').map(Number);
        return <circle key={i} cx={x} cy={y} r={4} className="teach-view__waypoint" />;
      })}
      <polyline points={pts.map((p) => toSvg(p.x, p.y)).join(' ')} className="teach-view__arm" />
      <circle cx={cx} cy={cy} r={9} className="teach-view__joint" />
    </PreviewFigure>
  );
}

export function ArmPreview({
  profile,
  program,
  current,
  selected,
}: {
  profile: TeachArmProfile;
  program: TeachProgram | null;
  current: Joints;
  selected: number | null;
}) {
  const t = useT();
  const language = useLanguage();
  const [playing, setPlaying] = useState(false);
  const [frame, setFrame] = useState<{ q: Joints; gripper: number; step: number } | null>(null);
  const raf = useRef<number | null>(null);
  // The pose the preview starts from is taken when it starts (live updates must not restart it).
  const [startPose, setStartPose] = useState<Joints | null>(null);

  useEffect(() => {
    if (!playing || !startPose || !program || program.steps.length === 0) return;
    const start = startPose;
    const { frames, durations } = programTimeline(profile, program, start);
    const total = durations.reduce((a, b) => a + b, 0);
    const began = performance.now();
    const tick = () => {
      const elapsed = (performance.now() - began) / 1000;
      let acc = 0;
      let i = 0;
      while (i < durations.length - 1 && acc + (durations[i] ?? 0) < elapsed)
        acc += durations[i++] ?? 0;
      const from =
        i === 0 ? { joints: start, gripper: 1 } : (frames[i - 1] ?? { joints: start, gripper: 1 });
      const to = frames[i] ?? from;
      const u = Math.min(1, (elapsed - acc) / Math.max(1e-3, durations[i] ?? 1));
      setFrame({
        q: lerpJoints(from.joints, to.joints, u),
        gripper: from.gripper + (to.gripper - from.gripper) * u,
        step: i,
      });
      if (elapsed < total) raf.current = requestAnimationFrame(tick);
      else setPlaying(false);
    };
    raf.current = requestAnimationFrame(tick);
    return () => {
      if (raf.current !== null) cancelAnimationFrame(raf.current);
    };
  }, [playing, program, profile, startPose]);

  const waypoints = program
    ? program.steps.flatMap((s) => (s.kind === 'move' ? [{ ...current, ...s.joints }] : []))
    : [];
  const selectedStep = selected !== null ? program?.steps[selected] : undefined;
  const shown =
    frame && playing
      ? frame.q
      : selectedStep?.kind === 'move'
        ? { ...current, ...selectedStep.joints }
        : current;
  const stepNow = frame && playing ? program?.steps[frame.step] : undefined;
  return (
    <div className="teach-preview">
      <div className="teach-preview__views">
        <SideView
          profile={profile}
          q={shown}
          ghosts={waypoints}
          gripper={frame && playing ? frame.gripper : 1}
        />
        <TopView profile={profile} q={shown} ghosts={waypoints} />
      </div>
      <div className="teach-preview__bar">
        <button
          type="button"
          className="button"
          disabled={!program || program.steps.length === 0}
          onClick={() => {
            setFrame(null);
            setStartPose(current);
            setPlaying((p) => !p);
          }}
          data-testid="preview-play"
        >
          {playing ? t('teach.preview.stop') : t('teach.preview.play')}
        </button>
        <p aria-live="polite" data-testid="preview-step">
          {stepNow && frame
            ? t('teach.preview.at', {
                n: frame.step + 1,
                total: program?.steps.length ?? 0,
                name: stepNow.name[language],
              })
            : ''}
        </p>
      </div>
    </div>
  );
}
